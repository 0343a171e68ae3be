// SPDX-License-Identifier: GPL-3.0-or-later
// Does a reading look like a spectrogram at all? Sound changes slowly against the frame rate and
// a window smears every component over neighbouring bins, so the log magnitudes of neighbouring
// frames and of neighbouring bins correlate (r well above 0.3 in every real dump seen); the bytes
// of an unrelated or random file read as numbers do not (r near 0). With a phase, consistency far
// better than random phases, or the mirror symmetry of a two-sided layout, is proof enough.
#pragma once

#include "core/base/signal.hpp"

#include <string>

namespace phaselab {

struct SpectrogramLikeness {
    double frameCorrelation = 0.0; ///< log magnitudes of frame t and t+1, same bin
    double binCorrelation = 0.0;   ///< log magnitudes of bin k and k+1, same frame
    bool looksLikeSpectrogram = false;
    std::string reason; ///< one sentence with the figures, for or against
};

/// Correlations below this in both directions: the reading shows no structure of sound.
inline constexpr double kSpectrogramCorrelationFloor = 0.2;

/// magnitude: linear magnitudes as the reading gives them (any scale; signs ignored).
SpectrogramLikeness judgeSpectrogramLikeness(const RealMatrix& magnitude);

} // namespace phaselab
