// SPDX-License-Identifier: GPL-3.0-or-later
// Linear magnitude, power or dB, from the values alone. dB files have negative values (and often
// a floor: one minimum value repeated where the producer clipped); integer dB files are often
// fixed point (Q8: dB x 256), told apart by the span of dB they would give. Between linear and power the
// local spread of log values decides: where a spectrum is noise-like, |X| is Rayleigh distributed
// and |X|^2 exponential, so ln|X|^2 spreads twice as wide as ln|X| (5-95% range about 2 vs 4
// after removing the local trend over 9 bins). Measured on the upper half of the bins.
// Input: stored values (real parts), frame-major, bins as stored.
#pragma once

#include "core/io/storage_spec.hpp"
#include "core/base/signal.hpp"

#include <string>
#include <vector>

namespace phaselab {

struct MagnitudeScaleGuess {
    MagnitudeScale scale = MagnitudeScale::Linear;
    double dbFloor = -1e300; ///< dB: stored values at or below it are clipped (magnitude 0); -1e300: none seen
    double dbPerUnit = 1.0;  ///< dB: stored value x dbPerUnit = dB (fixed point: 1/256 for Q8 dB, 1/100, ...)
    double logScore = 0.0;
    std::string evidence;
};

/// The detrended 5-95% spread of ln(values) (values read as linear magnitudes).
double logSpread(const ComplexMatrix& stored);

/// Every scale that fits, best first. decibelValues: the storage guess saw negative values.
/// integerValues: an integer file, whose dB may be fixed point (Q8 dB = dB x 256, centi-dB, deci-dB):
/// each step whose span of values makes a plausible dB range is offered; with a phase,
/// consistency picks among them.
std::vector<MagnitudeScaleGuess> guessMagnitudeScale(const ComplexMatrix& stored, bool decibelValues,
                                                     bool integerValues = false);

/// Linear magnitudes from stored values in a scale (dB at or below the floor -> 0; the floor in
/// stored units, dB values times dbPerUnit).
std::vector<float> toLinearMagnitude(const ComplexMatrix& stored, MagnitudeScale scale, double dbFloor, double dbPerUnit = 1.0);

} // namespace phaselab
