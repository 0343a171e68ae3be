// SPDX-License-Identifier: GPL-3.0-or-later
// Which FFT length and bin layout (one-sided, two-sided, Nyquist bin dropped) a stored bin count
// stands for, sharpened by what the values show: mirrored bins prove a two-sided layout, a real
// last bin a Nyquist bin. Log scores as core/guess/scoring_constants.hpp; evidence sentences for
// the candidates.
#pragma once

#include "core/base/signal.hpp"
#include "core/guess/fft_size.hpp"

#include <string>
#include <vector>

namespace phaselab {

struct BinLayoutOption {
    FftSizeOption size;
    double logScore = 0.0;
    std::string evidence; ///< empty when the values said nothing about this layout
};

/// The layouts `values` (stored bins x frames, magnitudes with their phase when withPhase) can
/// have, best first. sampleRate 0 when unknown.
std::vector<BinLayoutOption> rankBinLayouts(const ComplexMatrix& values, bool withPhase, double sampleRate);

} // namespace phaselab
