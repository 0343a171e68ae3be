// SPDX-License-Identifier: GPL-3.0-or-later
// What the phase values say on their own. For a real signal the DC bin (and the Nyquist bin of
// an even n_fft) is real: its phase is 0 or pi (0 or 180 degrees, 0 or the integer that stands
// for pi) in every frame with energy, whatever the window and hop. That pins the bin axis and
// tells one-sided storage with its Nyquist bin from one without. The unit comes from the range:
// radians stay within +-pi, degrees within +-180; integers span +-(the code for pi).
#pragma once

#include "core/io/storage_spec.hpp"

#include <complex>
#include <cstddef>
#include <span>
#include <string>

namespace phaselab {

/// Fraction of the tested values that are 0 or +-limit (within a relative 1e-4 of limit).
/// Values whose magnitude is <= 1e-9 of the largest magnitude are skipped (silence: angle 0).
/// tested: how many values were tested.
struct RealBinTest {
    std::size_t tested = 0;
    double fraction = 0.0;
};
/// phases[first + i * stride], magnitudes likewise (may be empty: then all are tested).
RealBinTest realBinFraction(std::span<const double> phases, std::span<const double> magnitudes, double limit,
                            std::size_t first, std::size_t stride, std::size_t count, double magnitudeFloor);

/// For one complex file: the fraction of frames whose DC value has imaginary part 0.
RealBinTest realComplexFraction(std::span<const std::complex<double>> values, std::size_t first, std::size_t stride,
                                std::size_t count);

struct PhaseUnitGuess {
    PhaseUnit unit = PhaseUnit::Radians;
    double scale = 1.0;    ///< stored value x scale = phase in `unit` (integers: e.g. pi/32767)
    double limit = 0.0;    ///< the stored value that stands for pi (pi, 180, 32767, ...)
    double logScore = 0.0; ///< how clearly the range says so
    std::string evidence;
};

/// From the largest |value| of the phase file and its dtype.
PhaseUnitGuess guessPhaseUnit(double maxAbs, DType dtype);

} // namespace phaselab
