// SPDX-License-Identifier: GPL-3.0-or-later
// The framing search when phase is known: candidate hops from the phase itself (GCC-PHAT,
// hop_from_phase.hpp), window placement and shape shortlisted from the frame energy envelope
// (window_fit.hpp), then every shortlisted window x hop scored by consistency on a block of loud
// frames (consistency.hpp), the best refined (length, offset, Kaiser/Gauss parameter), and the
// padding read from the first frames (padding_evidence.hpp).
// Input: one-sided frames (n_fft/2+1 bins) of the complex STFT, frame-major, any scale.
#pragma once

#include "core/base/job_control.hpp"
#include "core/guess/scored_framing.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <vector>

namespace phaselab {

/// Hypotheses for one n_fft, best first (logScore descending), each with evidence sentences.
std::vector<ScoredFraming> searchFramingWithPhase(const ComplexMatrix& onesided, int nFft, const FramingHints& hints,
                                                  WorkerPool& pool, const JobControl& control);

/// Turns the consistency difference to the best hypothesis into a log score: equal within the
/// data's precision, then falling 1 nat per 2 dB.
double consistencyLogScore(double consistencyDb, double bestDb);

/// Log prior of a window length / offset / hop for this n_fft: whole-frame windows, offsets 0 or
/// centred, and hops that divide the window simply are the common choices.
double framingLogPrior(const Framing& framing, const FramingHints& hints);

} // namespace phaselab
