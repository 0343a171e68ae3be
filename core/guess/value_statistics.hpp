// SPDX-License-Identifier: GPL-3.0-or-later
// Plausibility of a reading of bytes as numbers: a spectrogram read with the right dtype and byte
// order gives finite values of sane size that change smoothly from one value to the next; the
// wrong ones give NaN/Inf, absurd exponents (1e-40, 1e30) and large jumps. Measured on a sample.
// "Roughness" is the median |ln|v[i+1]| - ln|v[i]|| over neighbouring non-zero values.
#pragma once

#include "core/io/storage_spec.hpp"

#include <complex>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace phaselab {

struct ValueStatistics {
    std::size_t count = 0;
    double nonFinite = 0.0; ///< fractions of the sample
    double wild = 0.0;      ///< |v| > 1e20 or 0 < |v| < 1e-35 (float exponents gone wrong)
    double negative = 0.0;  ///< of the values (real) or of the real and imaginary parts (complex)
    double zero = 0.0;
    double roughness = 0.0;
    double maxAbs = 0.0;    ///< largest finite |v|
    double minValue = 0.0;  ///< smallest finite value (real data)
    double withinPi = 0.0;  ///< fraction with |v| <= pi (+ float rounding)
    double within180 = 0.0; ///< fraction with |v| <= 180
    /// 10th percentile of the non-zero |v| over the largest: near 1 when values bunch just below the
    /// maximum, as float bit patterns read as integers do (real spectra span decades).
    double lowQuantileRatio = 0.0;
};

ValueStatistics describeValues(std::span<const double> values);
ValueStatistics describeComplexValues(std::span<const std::complex<double>> values);

/// Decodes up to `chunks` runs of `chunkValues` values spread evenly over data (which starts at
/// a value boundary) and describes them. complex dtypes are described by describeComplexValues.
ValueStatistics sampleStatistics(std::span<const unsigned char> data, DType dtype, ByteOrder order, int chunks = 4,
                                 std::size_t chunkValues = 4096);

/// Log plausibility of a magnitude reading (linear, power or dB values) and of a phase reading.
double magnitudeReadingLogScore(const ValueStatistics& statistics, bool complexValues);
double phaseReadingLogScore(const ValueStatistics& statistics, DType dtype);

} // namespace phaselab
