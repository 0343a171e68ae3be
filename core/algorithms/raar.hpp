// SPDX-License-Identifier: GPL-3.0-or-later
// RAAR, relaxed averaged alternating reflections (D. R. Luke, "Relaxed averaged alternating
// reflections for diffraction imaging", Inverse Problems 21, 2005), applied to STFT phase retrieval
// as in Peer, Welker & Gerkmann, "Beyond Griffin-Lim: Improved iterative phase retrieval for
// speech", IWAENC 2022 (arXiv:2205.05496), with their hybrid idea: the last iterations switch to
// a Griffin-Lim step to settle on a consistent point. Here that tail is FGLA (momentum alpha;
// alpha = 0 gives their GLA), which measured better on speech (docs/quality.md). With A = magnitude set (P_A c = S c/|c|), C = consistent set
// (P_C = STFT(ISTFT(.))) and reflections R = 2P - I:
//   x <- beta/2 (R_C R_A + I) x + (1 - beta) P_A x = beta x + beta P_C(2 P_A x - x) + (1 - 2 beta) P_A x.
// P_C is linear and P_C(x_new) = P_C(P_A x_old), so one ISTFT + STFT of P_A x per iteration gives
// both the update and the estimate: the output (and each record) is ISTFT(P_A x), the
// magnitude-true iterate. Memory: x and P_C(x), as FGLA's two buffers.
#pragma once

#include "core/algorithms/projection_loop.hpp"

namespace phaselab {

/// coefficients: S e^{i phi0}, consumed as storage. beta in (0, 1]; the last tailIterations of
/// the iterations run as FGLA with momentum tailMomentum (GLA when 0).
/// Returns the magnitude-true coefficients the next pass would synthesise (P_A x), to hand to another method.
ComplexMatrix relaxedAveragedAlternatingReflections(ComplexMatrix coefficients, double beta, int tailIterations,
                                           double tailMomentum, const LoopContext& context, int iterations,
                                           ReconstructionResult& result);

} // namespace phaselab
