// SPDX-License-Identifier: GPL-3.0-or-later
// GLA: Griffin & Lim, "Signal estimation from modified short-time Fourier transform", IEEE TASSP
// 32(2), 1984. c <- P_C1(P_C2(c)): magnitude projection P_C2(c) = S c/|c|, consistency projection
// P_C1 = STFT(ISTFT(.)). Each iteration is one ISTFT + one STFT; the distance || |STFT(x)| - S ||
// (the spectral convergence) never increases. Output: ISTFT of the last projected coefficients.
#pragma once

#include "core/algorithms/projection_loop.hpp"

namespace phaselab {

/// coefficients: S e^{i phi0} (bins x frames of the plan), consumed as the iterate's storage.
/// Returns the magnitude-true coefficients the next pass would synthesise, to hand to another method.
ComplexMatrix griffinLim(ComplexMatrix coefficients, const LoopContext& context, int iterations, ReconstructionResult& result);

} // namespace phaselab
