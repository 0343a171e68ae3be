// SPDX-License-Identifier: GPL-3.0-or-later
// The polar parts of a complex spectrogram: |X| and arg X, each a matrix of X's shape and
// frame-major layout (core/base/signal.hpp); phases in radians in (-pi, pi].
#pragma once

#include "core/base/signal.hpp"

namespace phaselab {

RealMatrix magnitudeOf(const ComplexMatrix& spectrum); ///< |X|
RealMatrix phaseOf(const ComplexMatrix& spectrum);     ///< arg X

} // namespace phaselab
