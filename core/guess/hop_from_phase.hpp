// SPDX-License-Identifier: GPL-3.0-or-later
// The hop read from the phase: consecutive frames see the same signal shifted by the hop, so the
// generalised cross-correlation with phase transform (GCC-PHAT) of frame t+1 with frame t,
// summed over frames, peaks at a circular lag of n_fft - hop (phases measured from the frame
// start, as every common tool stores them). One inverse DFT of the summed, magnitude-normalised
// cross-spectrum gives every hop at once.
// Input: one-sided frames (n_fft/2+1 bins), frame-major.
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <vector>

namespace phaselab {

struct HopPeak {
    int hop = 0;
    double strength = 0.0; ///< correlation at that lag relative to the strongest peak (1 for the best)
};

/// The correlation for every hop 1 .. n_fft (index = hop; index 0 unused), divided by its
/// largest value, so the best hop reads 1. Empty when there are fewer than two frames.
std::vector<double> hopCorrelation(const ComplexMatrix& onesided, int nFft, WorkerPool& pool);

/// Up to `count` local maxima of a hopCorrelation, strongest first.
std::vector<HopPeak> hopPeaks(const std::vector<double>& correlation, int count);

/// Up to `count` local maxima of the correlation, strongest first; empty when there are fewer
/// than two frames. Hops range over 1 .. n_fft.
std::vector<HopPeak> hopsFromPhase(const ComplexMatrix& onesided, int nFft, int count, WorkerPool& pool);

} // namespace phaselab
