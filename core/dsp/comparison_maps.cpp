// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/comparison_maps.hpp"

#include "core/base/error.hpp"

#include <cmath>
#include <complex>
#include <numbers>
#include <string>

namespace phaselab {
namespace {

constexpr double kPi = std::numbers::pi;

void requireSameShape(int bins, int frames, int otherBins, int otherFrames)
{
    if (bins != otherBins || frames != otherFrames)
        throw InputError("the reconstruction's STFT (" + std::to_string(bins) + " bins x " + std::to_string(frames) +
                         " frames) does not match the reference's (" + std::to_string(otherBins) + " x " +
                         std::to_string(otherFrames) + ")");
}

/// Wrapped difference in (-pi, pi]; NaN where the estimate is 0 (its phase is undefined).
double difference(std::complex<float> estimate, float referencePhase)
{
    if (estimate == std::complex<float>(0.0f, 0.0f))
        return std::nan("");
    double d = std::arg(estimate) - static_cast<double>(referencePhase);
    d = std::remainder(d, 2.0 * kPi);
    return d <= -kPi ? d + 2.0 * kPi : d;
}

double flip(double d)
{
    return d > 0.0 ? d - kPi : d + kPi;
}

} // namespace

PhaseOffsets bestPhaseOffsets(const ComplexMatrix& estimate, const PhaseReference& reference)
{
    requireSameShape(estimate.bins, estimate.frames, reference.bins(), reference.frames());
    const auto regions = static_cast<std::size_t>(reference.components());
    std::vector<double> error(regions, 0.0), flipped(regions, 0.0);
    double totalError = 0.0, totalFlipped = 0.0;
    const auto& labels = reference.labels();
    for (std::size_t i = 0; i < estimate.values.size(); ++i) {
        const double d = difference(estimate.values[i], reference.phase().values[i]);
        if (std::isnan(d))
            continue;
        const double weight = static_cast<double>(reference.magnitude().values[i]) * reference.magnitude().values[i];
        const double e = weight * d * d;
        const double f = weight * (kPi - std::abs(d)) * (kPi - std::abs(d));
        totalError += e;
        totalFlipped += f;
        if (labels[i] >= 0) {
            error[static_cast<std::size_t>(labels[i])] += e;
            flipped[static_cast<std::size_t>(labels[i])] += f;
        }
    }
    PhaseOffsets offsets;
    offsets.globalFlip = totalFlipped < totalError;
    offsets.regionFlipped.resize(regions);
    for (std::size_t region = 0; region < regions; ++region)
        offsets.regionFlipped[region] = flipped[region] < error[region] ? 1 : 0;
    return offsets;
}

RealMatrix phaseErrorMap(const ComplexMatrix& estimate, const PhaseReference& reference, PhaseCorrection correction)
{
    requireSameShape(estimate.bins, estimate.frames, reference.bins(), reference.frames());
    PhaseOffsets offsets;
    if (correction != PhaseCorrection::None)
        offsets = bestPhaseOffsets(estimate, reference);
    RealMatrix map(estimate.bins, estimate.frames);
    const auto& labels = reference.labels();
    for (std::size_t i = 0; i < estimate.values.size(); ++i) {
        double d = difference(estimate.values[i], reference.phase().values[i]);
        bool flipHere = false;
        if (correction == PhaseCorrection::Sign)
            flipHere = offsets.globalFlip;
        else if (correction == PhaseCorrection::Component && labels[i] >= 0)
            flipHere = offsets.regionFlipped[static_cast<std::size_t>(labels[i])] != 0;
        if (flipHere && !std::isnan(d))
            d = flip(d);
        if (reference.magnitude().values[i] == 0.0f)
            d = std::nan("");
        map.values[i] = static_cast<float>(d);
    }
    return map;
}

RealMatrix magnitudeErrorMap(const ComplexMatrix& estimate, const RealMatrix& referenceMagnitude)
{
    requireSameShape(estimate.bins, estimate.frames, referenceMagnitude.bins, referenceMagnitude.frames);
    RealMatrix map(estimate.bins, estimate.frames);
    for (std::size_t i = 0; i < estimate.values.size(); ++i)
        map.values[i] = std::abs(std::abs(estimate.values[i]) - referenceMagnitude.values[i]);
    return map;
}

} // namespace phaselab
