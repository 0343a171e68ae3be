// SPDX-License-Identifier: GPL-3.0-or-later
// Short phase-retrieval runs as evidence where there is no phase. Fast Griffin-Lim (Perraudin,
// Balazs and Sondergaard 2013, momentum 0.99, zero initial phase) on a block of loud frames under a
// framing hypothesis reaches a lower spectral convergence when the hypothesis is how the
// magnitudes were made. Fewer constraints (a larger hop) make any data easier to fit, so the
// same run on the block with its frames shuffled (no framing fits those) is the reference: the
// gain over it is the evidence.
// Input: one-sided linear magnitudes (n_fft/2+1 bins), frame-major.
#pragma once

#include "core/guess/framing.hpp"
#include "core/base/job_control.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

namespace phaselab {

/// Spectral convergence 20 log10(|| |STFT(x)| - A || / ||A||) in dB after `iterations`.
/// Returns 0 when the framing cannot be inverted, or when control's flag stops it (checked every
/// iteration; the caller throws Cancelled).
double fastGriffinLimConvergenceDb(const RealMatrix& magnitudes, const Framing& framing, int iterations, WorkerPool& pool,
                                   const JobControl& control = {});

/// A copy of frames [first, first + count) of `magnitudes`, optionally in a fixed shuffled order.
RealMatrix magnitudeBlock(const RealMatrix& magnitudes, int first, int count, bool shuffled);

} // namespace phaselab
