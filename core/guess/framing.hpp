// SPDX-License-Identifier: GPL-3.0-or-later
// How a producer cut a signal into frames, in the producer's own terms: n_fft, a win_length
// window placed at win_offset inside the n_fft frame (0 as scipy/numpy/Octave, centred as torch),
// hop, and `pad` samples of padding before the first frame (0 = not centred; torch pads n_fft/2,
// scipy win_length/2), reflected or zeros. Phases are measured from the frame start (sample 0 of
// the n_fft frame), as every common tool does.
// PhaseLab's own STFT (core/dsp/stft.hpp) pads exactly n_fft/2 or nothing; any other pad is the same
// framing with the window moved inside the frame, which multiplies bin k by a linear phase
// exp(-2 pi i k shift / n_fft): phaselabParams() and phaseShift() give that equivalent.
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"
#include "core/dsp/window.hpp"

#include <string>

namespace phaselab {

struct Framing {
    int nFft = 0;
    int winLength = 0;
    int winOffset = 0; ///< first window sample inside the n_fft frame
    int hop = 0;
    WindowSpec window;
    int pad = 0;       ///< samples of padding before the first frame; 0 = not centred
    PadMode padMode = PadMode::Constant;

    bool centered() const { return pad > 0; }
    /// The same window placement without padding, for scoring a block of interior frames.
    StftParams blockParams() const;
    /// True when phaselabParams() can express it (the window stays inside the frame).
    bool representable() const;
    /// PhaseLab parameters that frame the same samples: centred (pad n_fft/2) or not centred.
    StftParams phaselabParams() const;
    /// Samples the window moves inside the frame going to phaselabParams(): multiply bin k by
    /// exp(-2 pi i k shift / n_fft) to get PhaseLab's coefficients.
    int phaseShift() const;
    /// e.g. "hann 512/400/160 offset 56, pad 256 reflect"
    std::string describe() const;

    bool operator==(const Framing&) const = default;
};

/// Multiplies bin k of every frame by exp(-2 pi i k shift / nFft) (a circular shift of the frame
/// content by `shift` samples). matrix holds bins 0 .. bins-1 of nFft-point frames.
void applyFramePhaseShift(ComplexMatrix& matrix, int nFft, int shift);

} // namespace phaselab
