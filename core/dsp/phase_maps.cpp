// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/phase_maps.hpp"

#include "core/base/error.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace phaselab {
namespace {

constexpr float kUndefined = std::numeric_limits<float>::quiet_NaN();

double angleOf(std::complex<float> value)
{
    return std::atan2(static_cast<double>(value.imag()), static_cast<double>(value.real()));
}

bool isZero(std::complex<float> value)
{
    return value.real() == 0.0f && value.imag() == 0.0f;
}

} // namespace

double wrapPhase(double radians)
{
    const double twoPi = 2.0 * std::numbers::pi;
    double wrapped = std::fmod(radians + std::numbers::pi, twoPi);
    if (wrapped <= 0.0)
        wrapped += twoPi;
    return wrapped - std::numbers::pi;
}

RealMatrix phaseMap(const ComplexMatrix& coefficients)
{
    RealMatrix map(coefficients.bins, coefficients.frames);
    for (std::size_t i = 0; i < coefficients.values.size(); ++i)
        map.values[i] = isZero(coefficients.values[i]) ? kUndefined : static_cast<float>(angleOf(coefficients.values[i]));
    return map;
}

RealMatrix instantaneousFrequencyMap(const ComplexMatrix& coefficients, const StftParams& params, double sampleRate)
{
    const StftParams p = params.resolved();
    RealMatrix map(coefficients.bins, coefficients.frames, kUndefined);
    if (coefficients.frames < 2)
        return map;
    const double twoPi = 2.0 * std::numbers::pi;
    for (int frame = 0; frame < coefficients.frames; ++frame) {
        const int previous = frame == 0 ? 0 : frame - 1;
        const int current = frame == 0 ? 1 : frame;
        for (int bin = 0; bin < coefficients.bins; ++bin) {
            const auto a = coefficients.at(previous, bin);
            const auto b = coefficients.at(current, bin);
            if (isZero(a) || isZero(b))
                continue;
            const double expectedAdvance = twoPi * bin * p.hop / p.nFft;
            const double deviation = wrapPhase(angleOf(b) - angleOf(a) - expectedAdvance);
            map.at(frame, bin) = static_cast<float>((bin / static_cast<double>(p.nFft) + deviation / (twoPi * p.hop)) * sampleRate);
        }
    }
    return map;
}

RealMatrix groupDelayMap(const ComplexMatrix& coefficients, const StftParams& params, double sampleRate)
{
    const StftParams p = params.resolved();
    RealMatrix map(coefficients.bins, coefficients.frames, kUndefined);
    if (coefficients.bins < 2)
        return map;
    const double samplesPerRadianStep = p.nFft / (2.0 * std::numbers::pi);
    // Measure the slope relative to the window centre c: a component at c has phase step
    // -2 pi c / N per bin; removing it first keeps the wrap unambiguous for |delay| < N / 2.
    const double windowCentre = p.winOffset + p.winLength / 2.0;
    const double centreStep = windowCentre / samplesPerRadianStep;
    auto stepDeviation = [&](int frame, int bin) -> double { // wrapped step from bin to bin + 1
        const auto a = coefficients.at(frame, bin);
        const auto b = coefficients.at(frame, bin + 1);
        if (isZero(a) || isZero(b))
            return std::numeric_limits<double>::quiet_NaN();
        return wrapPhase(angleOf(b) - angleOf(a) + centreStep);
    };
    for (int frame = 0; frame < coefficients.frames; ++frame) {
        for (int bin = 0; bin < coefficients.bins; ++bin) {
            double slope;
            if (bin == 0)
                slope = stepDeviation(frame, 0);
            else if (bin == coefficients.bins - 1)
                slope = stepDeviation(frame, bin - 1);
            else
                slope = 0.5 * (stepDeviation(frame, bin - 1) + stepDeviation(frame, bin));
            if (std::isnan(slope))
                continue;
            map.at(frame, bin) = static_cast<float>(-slope * samplesPerRadianStep / sampleRate);
        }
    }
    return map;
}

RealMatrix phaseDifferenceMap(const ComplexMatrix& estimate, const ComplexMatrix& reference, bool flipSign)
{
    if (estimate.bins != reference.bins || estimate.frames != reference.frames)
        throw InputError("the estimate (" + std::to_string(estimate.bins) + " x " + std::to_string(estimate.frames) +
                         ") and the reference (" + std::to_string(reference.bins) + " x " +
                         std::to_string(reference.frames) + ") have different shapes");
    RealMatrix map(reference.bins, reference.frames);
    const double offset = flipSign ? std::numbers::pi : 0.0;
    for (std::size_t i = 0; i < reference.values.size(); ++i) {
        const auto x = estimate.values[i];
        const auto r = reference.values[i];
        map.values[i] = isZero(x) || isZero(r) ? kUndefined : static_cast<float>(wrapPhase(angleOf(x) - angleOf(r) + offset));
    }
    return map;
}

void maskQuietBins(RealMatrix& map, const ComplexMatrix& reference, double belowPeakDb)
{
    if (map.bins != reference.bins || map.frames != reference.frames)
        throw InputError("the map and the reference spectrogram have different shapes");
    double peak = 0.0;
    for (const auto& value : reference.values)
        peak = std::max(peak, static_cast<double>(std::abs(value)));
    const double threshold = peak * std::pow(10.0, -belowPeakDb / 20.0);
    for (std::size_t i = 0; i < reference.values.size(); ++i)
        if (!(std::abs(reference.values[i]) > threshold))
            map.values[i] = kUndefined;
}

} // namespace phaselab
