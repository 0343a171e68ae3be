// SPDX-License-Identifier: GPL-3.0-or-later
// A framing hypothesis with how well it explains the data: the consistency score where phase is
// known, a natural-log plausibility used to rank and to turn into [0, 1] scores, and the evidence
// sentences behind it.
#pragma once

#include "core/guess/framing.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace phaselab {

struct ScoredFraming {
    Framing framing;
    double consistencyDb = std::numeric_limits<double>::quiet_NaN(); ///< interior block; NaN when not measured
    /// consistencyDb minus the same hypothesis's consistency for random phases (consistency.hpp):
    /// the evidence, comparable across hops and windows. NaN when not measured.
    double consistencyGainDb = std::numeric_limits<double>::quiet_NaN();
    double logScore = 0.0; ///< natural log of the relative plausibility (higher is better)
    std::vector<std::string> evidence;
};

/// Hints from outside the data: header integers, --sample-rate, --signal-length.
struct FramingHints {
    std::vector<int> hops;       ///< hop candidates (header values, 10 ms at the sample rate, ...)
    std::vector<int> winLengths; ///< window-length candidates
    double sampleRate = 0.0;     ///< Hz, 0 unknown
    std::int64_t signalLength = 0; ///< samples, 0 unknown
    int comparedBins = 0; ///< > 0: consistency compares only bins below it (a dropped Nyquist bin)
};

} // namespace phaselab
