// SPDX-License-Identifier: GPL-3.0-or-later
// The energy envelope of the time-domain frames: with phase, the inverse DFT of each frame is the
// windowed signal w[m] x[t hop + m], so the mean over many frames of its square, per sample m of
// the n_fft frame, is proportional to w[m]^2. It shows where the window sits inside the frame
// (win_offset, win_length) and its shape; noise (quantisation, float rounding) sets its floor.
// Each frame is normalised to unit energy first so a few loud frames do not dominate.
// Input: one-sided frames (n_fft/2+1 bins), frame-major. Output: n_fft values, maximum 1.
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <vector>

namespace phaselab {

std::vector<double> frameEnergyEnvelope(const ComplexMatrix& onesided, int nFft, WorkerPool& pool);

/// Where the envelope rises clearly (10 dB) above its noise floor: [begin, begin + length).
/// floor is the noise level relative to the maximum (e.g. 1e-8 for -80 dB).
struct EnvelopeSupport {
    int begin = 0;
    int length = 0;
    double floor = 0.0;
};
EnvelopeSupport envelopeSupport(const std::vector<double>& envelope);

} // namespace phaselab
