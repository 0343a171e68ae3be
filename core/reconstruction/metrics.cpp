// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/reconstruction/metrics.hpp"

#include "core/algorithms/projection_kernels.hpp"
#include "core/base/error.hpp"
#include "core/dsp/polar_parts.hpp"
#include "core/reconstruction/mel_target.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace phaselab {

namespace {

constexpr double kPi = std::numbers::pi;

/// Labels the 4- or 8-connected regions of `mask` (frame-major, bins per frame) with 0, 1, ...;
/// -1 outside the mask. Returns the number of regions. Iterative flood fill: no recursion depth.
int labelRegions(const std::vector<unsigned char>& mask, int bins, int frames, bool eightConnected,
                 std::vector<std::int32_t>& labels)
{
    labels.assign(mask.size(), -1);
    std::vector<std::int64_t> stack;
    int count = 0;
    for (std::size_t seed = 0; seed < mask.size(); ++seed) {
        if (!mask[seed] || labels[seed] >= 0)
            continue;
        labels[seed] = count;
        stack.push_back(static_cast<std::int64_t>(seed));
        while (!stack.empty()) {
            const std::int64_t index = stack.back();
            stack.pop_back();
            const int frame = static_cast<int>(index / bins);
            const int bin = static_cast<int>(index % bins);
            for (int df = -1; df <= 1; ++df) {
                for (int db = -1; db <= 1; ++db) {
                    if ((df == 0 && db == 0) || (!eightConnected && df != 0 && db != 0))
                        continue;
                    const int f = frame + df;
                    const int b = bin + db;
                    if (f < 0 || f >= frames || b < 0 || b >= bins)
                        continue;
                    const std::size_t neighbour = static_cast<std::size_t>(f) * bins + b;
                    if (mask[neighbour] && labels[neighbour] < 0) {
                        labels[neighbour] = count;
                        stack.push_back(static_cast<std::int64_t>(neighbour));
                    }
                }
            }
        }
        ++count;
    }
    return count;
}

/// Wrapped phase difference in (-pi, pi].
inline double wrappedDifference(const std::complex<float>& estimate, float referencePhase)
{
    double d = std::atan2(static_cast<double>(estimate.imag()), static_cast<double>(estimate.real())) -
               static_cast<double>(referencePhase);
    if (d > kPi)
        d -= 2.0 * kPi;
    else if (d <= -kPi)
        d += 2.0 * kPi;
    return d;
}

} // namespace

PhaseReference::PhaseReference(const ComplexMatrix& reference, const ComponentOptions& options)
    : magnitude_(magnitudeOf(reference)), phase_(phaseOf(reference)), options_(options)
{
    float peak = 0.0f;
    for (float magnitude : magnitude_.values)
        peak = std::max(peak, magnitude);
    for (int frame = 0; frame < magnitude_.frames; ++frame) {
        double frameSum = 0.0;
        const float* row = magnitude_.frame(frame);
        for (int bin = 0; bin < magnitude_.bins; ++bin)
            frameSum += static_cast<double>(row[bin]) * row[bin];
        weightSum_ += frameSum;
    }
    const double threshold = peak * std::pow(10.0, options.thresholdDb / 20.0);
    std::vector<unsigned char> mask(magnitude_.values.size());
    for (std::size_t i = 0; i < mask.size(); ++i)
        mask[i] = peak > 0.0f && magnitude_.values[i] >= threshold ? 1 : 0;
    components_ = labelRegions(mask, magnitude_.bins, magnitude_.frames, options.eightConnected, labels_);
}

FrameMetrics::FrameMetrics(const RealMatrix& target, const PhaseReference* reference, int blocks, const MelTarget* mel)
    : target_(target), reference_(reference), spectralDifference_(static_cast<std::size_t>(target.frames), 0.0), mel_(mel)
{
    for (int frame = 0; frame < target.frames; ++frame) {
        double frameSum = 0.0;
        const float* row = target.frame(frame);
        for (int bin = 0; bin < target.bins; ++bin)
            frameSum += static_cast<double>(row[bin]) * row[bin];
        targetEnergy_ += frameSum;
    }
    if (reference) {
        if (reference->bins() != target.bins || reference->frames() != target.frames)
            throw InputError("the reference spectrogram (" + std::to_string(reference->bins()) + " x " +
                             std::to_string(reference->frames()) + ") does not match the magnitude (" +
                             std::to_string(target.bins) + " x " + std::to_string(target.frames) +
                             "): use the same STFT options and length");
        weighted_.assign(static_cast<std::size_t>(target.frames), 0.0);
        flipped_.assign(static_cast<std::size_t>(target.frames), 0.0);
        unweighted_.assign(static_cast<std::size_t>(target.frames), 0.0);
        regionError_.assign(static_cast<std::size_t>(std::max(1, blocks)),
                            std::vector<double>(static_cast<std::size_t>(reference->components()), 0.0));
        regionFlippedError_ = regionError_;
    }
    if (mel) {
        requireMatchingMagnitude(*mel, target.bins, target.frames);
        for (float v : mel->mel.values)
            melEnergy_ += static_cast<double>(v) * v;
        melDifference_.assign(static_cast<std::size_t>(target.frames), 0.0);
        melScratch_.assign(static_cast<std::size_t>(std::max(1, blocks)),
                           std::vector<float>(static_cast<std::size_t>(2 * target.bins + mel->mel.bins)));
    }
}

void FrameMetrics::reset()
{
    for (auto& block : regionError_)
        std::fill(block.begin(), block.end(), 0.0);
    for (auto& block : regionFlippedError_)
        std::fill(block.begin(), block.end(), 0.0);
}

void FrameMetrics::addFrame(int block, int frame, const std::complex<float>* estimate)
{
    setSpectralDifference(frame, frameSpectralDifference(estimate, target_.frame(frame), target_.bins));
    addPhase(block, frame, estimate);
}

void FrameMetrics::addPhase(int block, int frame, const std::complex<float>* estimate)
{
    if (!reference_)
        return;
    const float* weightRoot = reference_->magnitude().frame(frame);
    const float* referencePhase = reference_->phase().frame(frame);
    const std::int32_t* labels = reference_->labels().data() + static_cast<std::size_t>(frame) * reference_->bins();
    std::vector<double>& regionError = regionError_[static_cast<std::size_t>(block)];
    std::vector<double>& regionFlipped = regionFlippedError_[static_cast<std::size_t>(block)];
    double weighted = 0.0, flipped = 0.0, unweighted = 0.0;
    for (int bin = 0; bin < reference_->bins(); ++bin) {
        const double d = wrappedDifference(estimate[bin], referencePhase[bin]);
        const double weight = static_cast<double>(weightRoot[bin]) * weightRoot[bin];
        const double flippedD = kPi - std::abs(d);
        const double error = weight * d * d;
        const double flippedError = weight * flippedD * flippedD;
        weighted += error;
        flipped += flippedError;
        unweighted += d * d;
        const std::int32_t label = labels[bin];
        if (label >= 0) {
            regionError[static_cast<std::size_t>(label)] += error;
            regionFlipped[static_cast<std::size_t>(label)] += flippedError;
        }
    }
    weighted_[static_cast<std::size_t>(frame)] = weighted;
    flipped_[static_cast<std::size_t>(frame)] = flipped;
    unweighted_[static_cast<std::size_t>(frame)] = unweighted;
}

void FrameMetrics::addMel(int block, int frame, const std::complex<float>* estimate)
{
    if (!mel_)
        return;
    std::vector<float>& scratch = melScratch_[static_cast<std::size_t>(block)];
    float* magnitude = scratch.data();
    kernels::magnitudes(estimate, magnitude, target_.bins); // std::abs (hypot) would double the measure's cost
    melDifference_[static_cast<std::size_t>(frame)] =
        frameMelDifference(mel_->filterbank, magnitude, mel_->mel.frame(frame), magnitude + target_.bins);
}

std::optional<double> FrameMetrics::melSpectralConvergenceDb() const
{
    if (!mel_)
        return std::nullopt;
    double difference = 0.0;
    for (double value : melDifference_)
        difference += value;
    return melConvergenceDb(difference, melEnergy_);
}

double FrameMetrics::spectralConvergenceDb() const
{
    double difference = 0.0;
    for (double value : spectralDifference_)
        difference += value;
    return 10.0 * std::log10(difference / targetEnergy_);
}

std::optional<PhaseErrors> FrameMetrics::phaseErrors() const
{
    if (!reference_)
        return std::nullopt;
    double weighted = 0.0, flipped = 0.0, unweighted = 0.0;
    for (std::size_t frame = 0; frame < weighted_.size(); ++frame) {
        weighted += weighted_[frame];
        flipped += flipped_[frame];
        unweighted += unweighted_[frame];
    }
    PhaseErrors errors;
    const double weightSum = reference_->weightSum();
    const double binCount = static_cast<double>(reference_->bins()) * reference_->frames();
    errors.raw = weighted / weightSum;
    errors.signCorrected = std::min(weighted, flipped) / weightSum;
    errors.unweighted = unweighted / binCount;
    errors.components = reference_->components();
    // Start from the whole weighted error and replace each region's part by its better offset.
    double corrected = weighted;
    for (std::size_t region = 0; region < static_cast<std::size_t>(reference_->components()); ++region) {
        double error = 0.0, flippedError = 0.0;
        for (std::size_t block = 0; block < regionError_.size(); ++block) {
            error += regionError_[block][region];
            flippedError += regionFlippedError_[block][region];
        }
        if (flippedError < error) {
            corrected += flippedError - error;
            ++errors.componentsFlipped;
        }
    }
    errors.componentCorrected = std::max(0.0, corrected) / weightSum;
    return errors;
}

double frameSpectralDifference(const std::complex<float>* estimate, const float* target, int bins)
{
    double sum = 0.0;
    for (int bin = 0; bin < bins; ++bin) {
        const double difference = static_cast<double>(std::abs(estimate[bin])) - target[bin];
        sum += difference * difference;
    }
    return sum;
}

double spectralConvergenceDb(const ComplexMatrix& estimate, const RealMatrix& target)
{
    if (estimate.bins != target.bins || estimate.frames != target.frames)
        throw InputError("spectral convergence needs equal sizes: estimate " + std::to_string(estimate.bins) + " x " +
                         std::to_string(estimate.frames) + ", target " + std::to_string(target.bins) + " x " +
                         std::to_string(target.frames));
    FrameMetrics metrics(target, nullptr, 1);
    for (int frame = 0; frame < target.frames; ++frame)
        metrics.addFrame(0, frame, estimate.frame(frame));
    return metrics.spectralConvergenceDb();
}

PhaseErrors phaseErrors(const ComplexMatrix& estimate, const PhaseReference& reference)
{
    if (estimate.bins != reference.bins() || estimate.frames != reference.frames())
        throw InputError("phase errors need equal sizes: estimate " + std::to_string(estimate.bins) + " x " +
                         std::to_string(estimate.frames) + ", reference " + std::to_string(reference.bins()) + " x " +
                         std::to_string(reference.frames()));
    FrameMetrics metrics(reference.magnitude(), &reference, 1);
    for (int frame = 0; frame < estimate.frames; ++frame)
        metrics.addPhase(0, frame, estimate.frame(frame));
    return *metrics.phaseErrors();
}

SnrFigures signalToNoise(const float* reference, std::int64_t referenceLength, const float* estimate,
                         std::int64_t estimateLength)
{
    double energy = 0.0, error = 0.0, flippedError = 0.0;
    for (std::int64_t n = 0; n < referenceLength; ++n) {
        const double r = reference[n];
        const double x = n < estimateLength ? static_cast<double>(estimate[n]) : 0.0;
        energy += r * r;
        error += (r - x) * (r - x);
        flippedError += (r + x) * (r + x);
    }
    SnrFigures figures;
    figures.snrDb = 10.0 * std::log10(energy / error);
    figures.snrSignCorrectedDb = 10.0 * std::log10(energy / std::min(error, flippedError));
    return figures;
}

} // namespace phaselab
