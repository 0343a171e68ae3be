// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/spectrogram_import.hpp"

#include "core/base/error.hpp"

#include <QFileInfo>

#include <algorithm>

#include <string>

namespace phaselab::ui {

QString ImportRequest::name() const
{
    const QString magnitude = QFileInfo(QString::fromStdString(files.magnitudePath)).fileName();
    if (files.phasePath.empty() || files.phasePath == files.magnitudePath)
        return magnitude;
    return magnitude + QStringLiteral(" + ") + QFileInfo(QString::fromStdString(files.phasePath)).fileName();
}

StftParams importParams(const StftParams& requested, int bins)
{
    StftParams params = requested;
    if (params.nFft <= 0) {
        params.nFft = 2 * (bins - 1);
        if (params.winLength > params.nFft)
            params.winLength = 0;
    }
    if (params.nFft / 2 + 1 != bins)
        throw InputError("the spectrogram has " + std::to_string(bins) + " bins but n_fft " + std::to_string(params.nFft) +
                         " gives " + std::to_string(params.nFft / 2 + 1) + ": use n_fft " + std::to_string(2 * (bins - 1)) +
                         " (or let Suggest read two-sided or Nyquist-dropped dumps)");
    params.validate();
    return params.resolved();
}

ImportedSpectrogram loadImport(const ImportRequest& request, const JobControl& control)
{
    ImportedSpectrogram result;
    std::optional<Candidate> candidate = request.candidate;
    GuessInput input;
    input.magnitudePath = request.files.magnitudePath;
    input.phasePath = request.files.phasePath;
    input.sampleRate = request.sampleRate;
    result.request = request;
    if (!candidate && request.autoGuess) {
        GuessOptions options;
        options.top = std::max(1, request.guessRank);
        GuessResult guessed = guess(input, options, control);
        if (guessed.candidates.empty())
            throw InputError("the guesser found no way to read " + request.files.magnitudePath + ": set the storage by hand");
        if (static_cast<int>(guessed.candidates.size()) < options.top)
            throw InputError("the guesser now finds " + std::to_string(guessed.candidates.size()) + " ways to read " +
                             request.files.magnitudePath + ", not the candidate " + std::to_string(options.top) +
                             " this was read with: set the storage by hand");
        candidate = guessed.candidates[static_cast<std::size_t>(options.top - 1)];
    }
    if (candidate) {
        LoadedCandidate loaded = loadCandidate(input, *candidate);
        result.spectrogram = std::move(loaded.spectrogram);
        if (request.sampleRate > 0 || !candidate->mel) // a mel candidate's filterbank assumed a rate
            result.spectrogram.sampleRate = request.sampleRate;
        result.hasPhase = loaded.hasPhase;
        result.melTarget = std::move(loaded.melTarget);
        result.description = QString::fromStdString(candidate->summary());
        result.candidate = candidate;
        return result;
    }
    LoadedSpectrogram loaded = loadSpectrogram(request.files);
    result.spectrogram.params = importParams(request.params, loaded.coefficients.bins);
    result.spectrogram.coefficients = std::move(loaded.coefficients);
    result.spectrogram.sampleRate = request.sampleRate;
    result.spectrogram.signalLength = result.spectrogram.params.defaultSignalLength(result.spectrogram.frames());
    result.hasPhase = loaded.hasPhase;
    result.description = QString::fromStdString(loaded.storage.describe() + " | " + result.spectrogram.params.describe());
    return result;
}

} // namespace phaselab::ui
