// SPDX-License-Identifier: GPL-3.0-or-later
// Frames without overlap (hop = n_fft, rectangular window, as np.fft.fft(x.reshape(-1, n))):
// every phase is consistent then, so consistency cannot find them; continuity can. The last sample
// of frame k runs on into the first sample of frame k+1, so the step across a join is as small as
// the steps between neighbouring samples inside a frame; and a rectangular frame carries sound up
// to its edges, where a tapered window fades to nothing.
// Input: one-sided frames (n_fft/2+1 bins), frame-major, phases measured from the frame start.
#pragma once

#include "core/base/signal.hpp"

namespace phaselab {

struct FrameJoins {
    /// Mean squared step across joins / mean squared step inside frames, in dB: near 0 for
    /// contiguous frames, well above for frames cut from elsewhere.
    double joinStepDb = 0.0;
    /// Mean energy of the first and last sample of each frame / the frames' mean energy, in dB:
    /// near 0 for a rectangular window, far below for a tapered one.
    double edgeLevelDb = -300.0;
    int joins = 0;
    bool contiguous = false; ///< both tests pass
};

FrameJoins testFrameJoins(const ComplexMatrix& onesided, int nFft);

} // namespace phaselab
