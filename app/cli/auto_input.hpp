// `reconstruct --auto`: the guesser's best candidate (core/guess) turned into reconstruct's input,
// so a magnitude/phase dump of unknown making can be inverted in one command.
#pragma once

#include "core/stft.hpp"

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

} // namespace phaselab::cli
