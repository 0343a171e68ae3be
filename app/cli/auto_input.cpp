// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/auto_input.hpp"

#include "core/base/error.hpp"
#include "core/guess/guess.hpp"

#include <cstdio>

namespace phaselab::cli {

AutoInput loadAutoInput(const std::string& magnitudePath, const std::string& phasePath, double sampleRate,
                        std::int64_t signalLength, int threads)
{
    GuessInput input;
    input.magnitudePath = magnitudePath;
    input.phasePath = phasePath;
    input.sampleRate = sampleRate;
    input.signalLength = signalLength;
    GuessOptions options;
    options.top = 1;
    options.threads = threads;
    return autoInputFrom(input, guess(input, options));
}

AutoInput autoInputFrom(const GuessInput& input, const GuessResult& result)
{
    const std::string& magnitudePath = input.magnitudePath;
    if (!result.looksLikeSpectrogram)
        throw InputError("--auto: " + result.verdict);
    if (result.candidates.empty())
        throw InputError("--auto: the guesser found no way to read '" + magnitudePath +
                         "' as a spectrogram; give the storage and STFT options instead");
    const Candidate& best = result.candidates.front();
    LoadedCandidate loaded = loadCandidate(input, best);
    AutoInput autoInput;
    autoInput.spectrogram = std::move(loaded.spectrogram);
    autoInput.hasPhase = loaded.hasPhase;
    char score[32];
    std::snprintf(score, sizeof score, "%.2f", best.score);
    autoInput.summary = "auto: " + best.summary() + " (score " + score + ")";
    return autoInput;
}

} // namespace phaselab::cli
