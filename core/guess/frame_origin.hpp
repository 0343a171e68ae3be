// SPDX-License-Identifier: GPL-3.0-or-later
// Where the signal starts inside the first frames, read from their time-domain content (needs the
// phase). A frame that reads padding shows it exactly: reflect padding of `pad` samples makes the
// frame's samples divided by its window mirror-symmetric about sample pad - t*hop, zero padding
// makes them exactly zero before it (and sound starts there), and an uncentred frame shows
// neither. Both tests compare energies within the same frames, so they do not depend on the
// signal's level: a quiet start decides as well as a loud one; only digital silence at the origin
// does not.
// Input: one-sided frames (n_fft/2+1 bins), frame-major, phases measured from the frame start.
#pragma once

#include "core/guess/framing.hpp"
#include "core/base/signal.hpp"

namespace phaselab {

struct PaddingMismatch {
    /// Energy against the padding hypothesis relative to the energy it is compared with, in dB:
    /// zeros: mean energy before the origin / mean energy of the first samples after it (a step
    /// from exact zero to sound); reflect: the asymmetric part / the whole, over the mirrored pairs.
    /// Far below 0 dB (about -40 or lower) means it fits.
    double mismatchDb = 0.0;
    /// False when silence straddles the origin (or the frames are digital silence): then the
    /// first frames cannot tell this padding from a silent start.
    bool measurable = false;
};

/// The frames that read padding (t * hop < pad) tested against framing.pad and framing.padMode.
PaddingMismatch paddingMismatch(const ComplexMatrix& onesided, const Framing& framing);

/// At or below this the padding fits; an uncentred frame stays above it unless its first samples
/// are nearly silent or nearly mirror images, which real signals are not.
inline constexpr double kPaddingFitDb = -35.0;

} // namespace phaselab
