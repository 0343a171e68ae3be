// SPDX-License-Identifier: GPL-3.0-or-later
// Fitting window shapes to the frame energy envelope (frame_envelope.hpp): for each candidate
// window, the win_length and win_offset whose squared window, scaled, best matches the envelope,
// compared in dB above the envelope's noise floor. A quick, approximate ranking (the envelope
// wobbles by a dB or two with the signal) that shortlists hypotheses for the consistency score.
#pragma once

#include "core/dsp/window.hpp"

#include <vector>

namespace phaselab {

struct WindowShapeFit {
    WindowSpec window;
    int winLength = 0;
    int winOffset = 0;
    double errorDb = 0.0; ///< root mean square difference in dB over the frame
};

/// One fit per candidate window (Kaiser and Gaussian parameters picked from a coarse grid),
/// best first. lengthHints: extra window lengths to try (e.g. from a header or the sample rate).
std::vector<WindowShapeFit> fitWindowShapes(const std::vector<double>& envelope, const std::vector<WindowSpec>& windows,
                                            const std::vector<int>& lengthHints);

} // namespace phaselab
