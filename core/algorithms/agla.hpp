// SPDX-License-Identifier: GPL-3.0-or-later
// AGLA, the accelerated Griffin-Lim of Nenov, Nguyen, Balazs & Boţ, "Faster than fast: accelerating
// the Griffin-Lim algorithm", ICASSP 2023 (arXiv 2306.12504). With P_A the magnitude projection
// S c/|c| and P_C the consistency projection STFT(ISTFT(.)):
//   t_n = (1 - gamma) d_{n-1} + gamma P_C(P_A(c_{n-1}))
//   c_n = t_n + alpha (t_n - t_{n-1}),   d_n = t_n + beta (t_n - t_{n-1}),   c_0 = d_0 = t_0 = S e^{i phi0}
// (gamma = 1 gives FGLA with momentum alpha, projections in the other order). The paper's starting
// values alpha 0.99, beta 1.1, gamma 0.2 converged slower than GLA on our speech clips (1024/256);
// the defaults below are the best of a grid there (docs/quality.md). Each pass
// synthesises P_A(c_n), so the record measures that signal's STFT, as for GLA and FGLA.
#pragma once

#include "core/algorithms/projection_loop.hpp"

namespace phaselab {

struct AglaParameters {
    double alpha = 0.99; ///< momentum of the iterate c
    double beta = 1.1;   ///< momentum of the anchor d
    double gamma = 1.1;  ///< weight of the new projection against the anchor, in (0, 2)
};

/// coefficients: S e^{i phi0}, consumed as storage.
/// Returns the magnitude-true coefficients the next pass would synthesise, to hand to another method.
ComplexMatrix acceleratedGriffinLim(ComplexMatrix coefficients, const AglaParameters& parameters, const LoopContext& context,
                           int iterations, ReconstructionResult& result);

} // namespace phaselab
