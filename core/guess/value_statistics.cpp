// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/value_statistics.hpp"

#include "core/io/value_codec.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace phaselab {
namespace {

double median(std::vector<double>& values)
{
    if (values.empty())
        return 0.0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

bool wildValue(double value)
{
    const double a = std::abs(value);
    return a > 1e20 || (a > 0.0 && a < 1e-35);
}

} // namespace

ValueStatistics describeValues(std::span<const double> values)
{
    ValueStatistics s;
    s.count = values.size();
    if (values.empty())
        return s;
    std::size_t nonFinite = 0, wild = 0, negative = 0, zero = 0, pi = 0, deg = 0;
    std::vector<double> steps;
    steps.reserve(values.size());
    double previous = 0.0;
    bool havePrevious = false;
    s.minValue = std::numeric_limits<double>::infinity();
    for (double v : values) {
        if (!std::isfinite(v)) {
            ++nonFinite;
            havePrevious = false;
            continue;
        }
        wild += wildValue(v);
        negative += v < 0.0;
        zero += v == 0.0;
        pi += std::abs(v) <= std::numbers::pi * (1.0 + 1e-6);
        deg += std::abs(v) <= 180.0 * (1.0 + 1e-6);
        s.maxAbs = std::max(s.maxAbs, std::abs(v));
        s.minValue = std::min(s.minValue, v);
        if (v != 0.0) {
            const double logValue = std::log(std::abs(v));
            if (havePrevious)
                steps.push_back(std::abs(logValue - previous));
            previous = logValue;
            havePrevious = true;
        } else {
            havePrevious = false;
        }
    }
    const double n = static_cast<double>(values.size());
    s.nonFinite = nonFinite / n;
    s.wild = wild / n;
    s.negative = negative / n;
    s.zero = zero / n;
    s.withinPi = pi / n;
    s.within180 = deg / n;
    s.roughness = steps.size() >= 8 ? median(steps) : 0.0;
    std::vector<double> magnitudes;
    magnitudes.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v) && v != 0.0)
            magnitudes.push_back(std::abs(v));
    if (!magnitudes.empty() && s.maxAbs > 0.0) {
        const auto tenth = magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() / 10);
        std::nth_element(magnitudes.begin(), tenth, magnitudes.end());
        s.lowQuantileRatio = *tenth / s.maxAbs;
    }
    if (!std::isfinite(s.minValue))
        s.minValue = 0.0;
    return s;
}

ValueStatistics describeComplexValues(std::span<const std::complex<double>> values)
{
    std::vector<double> magnitudes, parts;
    magnitudes.reserve(values.size());
    parts.reserve(2 * values.size());
    for (const auto& z : values) {
        magnitudes.push_back(std::isfinite(z.real()) && std::isfinite(z.imag()) ? std::abs(z)
                                                                                : std::numeric_limits<double>::quiet_NaN());
        parts.push_back(z.real());
        parts.push_back(z.imag());
    }
    ValueStatistics s = describeValues(magnitudes);
    const ValueStatistics p = describeValues(parts);
    s.negative = p.negative;
    s.wild = p.wild;
    s.nonFinite = std::max(s.nonFinite, p.nonFinite);
    return s;
}

ValueStatistics sampleStatistics(std::span<const unsigned char> data, DType dtype, ByteOrder order, int chunks,
                                 std::size_t chunkValues)
{
    const std::size_t valueBytes = static_cast<std::size_t>(bytesPerValue(dtype));
    const std::size_t available = data.size() / valueBytes;
    chunks = std::max(1, chunks);
    const std::size_t run = std::min(chunkValues, available / static_cast<std::size_t>(chunks));
    std::vector<double> real;
    std::vector<std::complex<double>> complex;
    for (int c = 0; c < chunks && run > 0; ++c) {
        const std::size_t start = (available - run) * static_cast<std::size_t>(c) / static_cast<std::size_t>(std::max(1, chunks - 1));
        const unsigned char* bytes = data.data() + start * valueBytes;
        if (isComplex(dtype)) {
            const std::size_t offset = complex.size();
            complex.resize(offset + run);
            decodeComplexValues(bytes, run, dtype, order, complex.data() + offset);
        } else {
            const std::size_t offset = real.size();
            real.resize(offset + run);
            decodeRealValues(bytes, run, dtype, order, real.data() + offset);
        }
    }
    return isComplex(dtype) ? describeComplexValues(complex) : describeValues(real);
}

double magnitudeReadingLogScore(const ValueStatistics& s, bool complexValues)
{
    if (s.count == 0)
        return -1e3;
    double score = -40.0 * s.nonFinite - 15.0 * s.wild - 1.5 * std::min(s.roughness, 30.0);
    if (complexValues) {
        // Real and imaginary parts of a spectrum take both signs about equally often.
        if (s.negative < 0.3 || s.negative > 0.7)
            score -= 10.0;
    } else if (s.negative > 0.001) {
        // Negative values: only dB can have them, and dB values stay within a few hundred.
        if (s.maxAbs > 1000.0)
            score -= 10.0;
    } else if (s.lowQuantileRatio > 0.3) {
        score -= 8.0; // bunched near the maximum: float bit patterns read as integers
    }
    if (s.zero > 0.999)
        score -= 5.0; // nothing to judge by
    return score;
}

double phaseReadingLogScore(const ValueStatistics& s, DType dtype)
{
    if (s.count == 0)
        return -1e3;
    double score = -40.0 * s.nonFinite - 15.0 * s.wild;
    if (!isInteger(dtype)) {
        // Phases stay inside +-pi (radians) or +-180 (degrees).
        const double inside = std::max(s.withinPi, s.within180);
        score -= 30.0 * (1.0 - inside);
        if (s.maxAbs > 0.0 && s.maxAbs < 1e-3)
            score -= 10.0;
    }
    return score;
}

} // namespace phaselab
