// SPDX-License-Identifier: GPL-3.0-or-later
// Importing a spectrogram dump (magnitude file, optional phase file) into the workbench: what to
// read (the files and their storage, or a guesser candidate, or "let the guesser decide"), how it
// was made (STFT parameters: they place frames in time and bins in frequency), and the loaded
// result in PhaseLab's conventions (core/io/spectrogram_io, core/guess/guess: one-sided
// n_fft/2+1 bins, linear magnitude, phase in radians from the frame start). A mel dump comes in as
// the non-negative least-squares |X| beneath it, and keeps its mel as the runs' mel target.
// Manual storage needs bins == n_fft/2 + 1 (n_fft defaults to 2 (bins - 1)); dumps stored
// two-sided or without the Nyquist bin go through a guesser candidate, which folds them.
#pragma once

#include "core/guess/candidate.hpp"
#include "core/guess/guess.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"

#include <QString>

#include <memory>
#include <optional>

namespace phaselab::ui {

struct ImportRequest {
    SpectrogramFiles files;            ///< paths; storage and values used unless a candidate is given
    StftParams params;                 ///< how it was made; nFft 0 = from the bin count
    double sampleRate = 0.0;           ///< Hz; 0 unknown (axes in frames and cycles/sample)
    bool autoGuess = false;            ///< run the guesser and take its candidate of rank guessRank
    int guessRank = 1;                 ///< with autoGuess: 1 = the best candidate
    std::optional<Candidate> candidate; ///< read as this candidate describes

    QString name() const; ///< file name of the magnitude file (and phase file)
};

struct ImportedSpectrogram {
    Spectrogram spectrogram;  ///< params resolved; sampleRate as given (0 unknown)
    bool hasPhase = false;
    QString description;      ///< how it was read, one line (storage, framing)
    std::optional<Candidate> candidate; ///< the candidate used, if any
    /// A mel dump: its decoded mel and filterbank, which the magnitude was solved from; runs
    /// measure their mel spectral convergence against it.
    std::shared_ptr<const MelTarget> melTarget;
    ImportRequest request;    ///< what was read (a session stores it to read it again)
};

/// Reads the files. Throws phaselab::Error (InputError with what to change).
ImportedSpectrogram loadImport(const ImportRequest& request, const JobControl& control = {});

/// Parameters for a spectrogram of `bins` bins: `requested` with nFft = 2 (bins - 1) when 0, and
/// InputError when requested.nFft / 2 + 1 != bins. Window length and hop defaults follow n_fft.
StftParams importParams(const StftParams& requested, int bins);

} // namespace phaselab::ui
