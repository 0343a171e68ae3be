// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/phase_evidence.hpp"

#include "core/guess/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace phaselab {

RealBinTest realBinFraction(std::span<const double> phases, std::span<const double> magnitudes, double limit,
                            std::size_t first, std::size_t stride, std::size_t count, double magnitudeFloor)
{
    RealBinTest test;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t index = first + i * stride;
        if (index >= phases.size())
            break;
        if (!magnitudes.empty() && (index >= magnitudes.size() || !(std::abs(magnitudes[index]) > magnitudeFloor)))
            continue;
        const double v = std::abs(phases[index]);
        ++test.tested;
        if (v <= 1e-4 * limit || std::abs(v - limit) <= 1e-4 * limit)
            ++hits;
    }
    test.fraction = test.tested ? static_cast<double>(hits) / static_cast<double>(test.tested) : 0.0;
    return test;
}

RealBinTest realComplexFraction(std::span<const std::complex<double>> values, std::size_t first, std::size_t stride,
                                std::size_t count)
{
    RealBinTest test;
    double peak = 0.0;
    for (const auto& z : values)
        if (std::isfinite(z.real()) && std::isfinite(z.imag()))
            peak = std::max(peak, std::abs(z));
    std::size_t hits = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t index = first + i * stride;
        if (index >= values.size())
            break;
        const auto z = values[index];
        if (!(std::abs(z) > 1e-9 * peak))
            continue;
        ++test.tested;
        if (std::abs(z.imag()) <= 1e-5 * std::abs(z))
            ++hits;
    }
    test.fraction = test.tested ? static_cast<double>(hits) / static_cast<double>(test.tested) : 0.0;
    return test;
}

PhaseUnitGuess guessPhaseUnit(double maxAbs, DType dtype)
{
    PhaseUnitGuess guess;
    const double pi = std::numbers::pi;
    if (isInteger(dtype)) {
        // The integer that stands for pi: the largest value, snapped to the usual codes.
        double code = std::max(1.0, std::round(maxAbs));
        bool degrees = false;
        double closest = 0.002; // relative distance to the nearest usual code
        for (double usual : {32767.0, 32768.0, 2147483647.0, 2147483648.0, 31416.0, 314159.0, 3141.0, 31415.0, 180.0,
                             1800.0, 18000.0, 180000.0}) {
            const double distance = std::abs(maxAbs - usual) / usual;
            if (distance <= closest) {
                closest = distance;
                code = usual;
                degrees = usual == 180.0 || usual == 1800.0 || usual == 18000.0 || usual == 180000.0;
            }
        }
        guess.limit = code;
        guess.unit = degrees ? PhaseUnit::Degrees : PhaseUnit::Radians;
        guess.scale = degrees ? 180.0 / code : pi / code;
        guess.logScore = 0.0;
        guess.evidence = "integer phases reach +-" + groupedInteger(static_cast<std::int64_t>(maxAbs)) + ": " +
                         groupedInteger(static_cast<std::int64_t>(code)) + " stands for " +
                         (degrees ? "180 degrees" : "pi") + " (scale " + (degrees ? "180" : "pi") + "/" +
                         groupedInteger(static_cast<std::int64_t>(code)) + ")";
        return guess;
    }
    if (maxAbs <= pi * (1.0 + 1e-5)) {
        guess.unit = PhaseUnit::Radians;
        guess.limit = pi;
        guess.logScore = maxAbs > 3.0 ? 3.0 : (maxAbs > 1.0 ? 0.0 : -3.0);
        guess.evidence = "phases stay within +-" + fixedText(maxAbs, 4) + ": radians";
    } else if (maxAbs <= 180.0 * (1.0 + 1e-5)) {
        guess.unit = PhaseUnit::Degrees;
        guess.limit = 180.0;
        guess.logScore = maxAbs > 170.0 ? 3.0 : 0.0;
        guess.evidence = "phases reach +-" + fixedText(maxAbs, 2) + ", beyond pi and within 180: degrees";
    } else {
        guess.unit = PhaseUnit::Radians;
        guess.limit = maxAbs;
        guess.scale = pi / maxAbs;
        guess.logScore = -6.0;
        guess.evidence = "phases reach +-" + fixedText(maxAbs, 2) + ", beyond 180: taken as a scaled code for pi";
    }
    return guess;
}

} // namespace phaselab
