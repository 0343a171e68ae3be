// SPDX-License-Identifier: GPL-3.0-or-later
// The framing search without phase, where the evidence is weak: hops from the usual fractions
// of n_fft and the hints, each scored by the gain of a short fast Griffin-Lim run over the same
// frames shuffled (phase_retrieval_probe.hpp), then the windows compared at the best hops by the
// convergence they reach. Priors (torch's hop n_fft/4, scipy's n_fft/2, Hann) carry much of the
// ranking; the evidence sentences say so.
// Input: one-sided linear magnitudes (n_fft/2+1 bins), frame-major.
#pragma once

#include "core/base/job_control.hpp"
#include "core/guess/scored_framing.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <vector>

namespace phaselab {

/// Hypotheses for one n_fft, best first. Padding is left at the most common choice for the
/// window (centred, n_fft/2 reflected), with that stated in the evidence.
std::vector<ScoredFraming> searchFramingMagnitudeOnly(const RealMatrix& magnitudes, int nFft, const FramingHints& hints,
                                                      WorkerPool& pool, const JobControl& control);

} // namespace phaselab
