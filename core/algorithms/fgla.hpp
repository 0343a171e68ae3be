// SPDX-License-Identifier: GPL-3.0-or-later
// FGLA: Perraudin, Balazs & Søndergaard, "A fast Griffin-Lim algorithm", IEEE WASPAA 2013.
//   t_n = P_C1(P_C2(c_{n-1})),   c_n = t_n + alpha (t_n - t_{n-1}),   t_0 = 0
// (alpha = 0 is GLA). Since only the phase of c_n enters the next magnitude projection, this is
// torchaudio's GriffinLim(momentum = alpha) step for step. The output signal is synthesised from
// P_C2(c_n), the magnitude-projected momentum sequence: the signal whose STFT t_{n+1} the last
// record measured.
#pragma once

#include "core/algorithms/projection_loop.hpp"

namespace phaselab {

/// coefficients: S e^{i phi0}, consumed as storage. alpha in [0, 1).
/// Returns the magnitude-true coefficients the next pass would synthesise, to hand to another method.
ComplexMatrix fastGriffinLim(ComplexMatrix coefficients, double alpha, const LoopContext& context, int iterations,
                    ReconstructionResult& result);

} // namespace phaselab
