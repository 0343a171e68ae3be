// SPDX-License-Identifier: GPL-3.0-or-later
// SPSI, single pass spectrogram inversion: Beauregard, Harish & Wyse, "Single pass spectrogram
// inversion", IEEE DSP 2015. Frame by frame: peaks of the magnitude (local maxima), their
// frequency refined by quadratic interpolation of the log-magnitude, each peak's phase advanced by
// hop x its instantaneous frequency from the previous frame's phase at that bin, and every bin of
// the peak's region (down to the troughs on either side) locked to the peak's phase. The locking
// is done with phase measured from the window centre, where all bins of a sinusoid's main lobe
// share one phase (the paper's alternating pi offsets are the frame-start view of the same thing),
// then converted to PhaseLab's frame-start convention (phase_convention.hpp).
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

namespace phaselab {

/// Phase (frame-major, radians, frame-start convention) for the magnitude.
RealMatrix spsiPhase(const RealMatrix& magnitude, const StftParams& params);

} // namespace phaselab
