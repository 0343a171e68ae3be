// SPDX-License-Identifier: GPL-3.0-or-later
// `reconstruct --auto`: the guesser's best candidate (core/guess) turned into reconstruct's input,
// so a magnitude/phase dump of unknown making can be inverted in one command.
#pragma once

#include "core/guess/guess.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft.hpp"

#include <string>

namespace phaselab::cli {

struct AutoInput {
    Spectrogram spectrogram; ///< PhaseLab's conventions (one-sided, unscaled DFT, frame-start phase)
    bool hasPhase = false;
    std::string summary;     ///< the chosen candidate in one line, with its score
};

/// Runs the guesser on the file(s) and loads its rank-1 candidate. sampleRate may be 0 (unknown);
/// signalLength 0 when unknown. Throws InputError when the guesser finds nothing usable.
AutoInput loadAutoInput(const std::string& magnitudePath, const std::string& phasePath, double sampleRate,
                        std::int64_t signalLength, int threads);
/// The same from a guess already made (its rank-1 candidate; InputError when it has none).
AutoInput autoInputFrom(const GuessInput& input, const GuessResult& result);

} // namespace phaselab::cli
