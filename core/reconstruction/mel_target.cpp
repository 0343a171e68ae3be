// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/reconstruction/mel_target.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace phaselab {

MelTarget::MelTarget(RealMatrix melValues, MelFilterbank bank) : mel(std::move(melValues)), filterbank(std::move(bank))
{
    if (mel.bins != filterbank.melCount())
        throw InputError("the mel spectrogram has " + std::to_string(mel.bins) + " channels but n_mels is "
                         + std::to_string(filterbank.melCount()));
}

void requireMatchingMagnitude(const MelTarget& target, int bins, int frames)
{
    if (target.mel.frames != frames || target.filterbank.binCount() != bins)
        throw InputError("the mel spectrogram (" + std::to_string(target.mel.frames) + " frames, filters for `n_fft` "
                         + std::to_string(2 * (target.filterbank.binCount() - 1)) + ") does not match the magnitude ("
                         + std::to_string(frames) + " frames, " + std::to_string(bins) + " bins)");
}

double frameMelDifference(const MelFilterbank& filterbank, const float* magnitude, const float* mel, float* scratch)
{
    const int bins = filterbank.binCount();
    const int mels = filterbank.melCount();
    float* powered = scratch;
    float* estimate = scratch + bins;
    const bool squared = filterbank.spec().power == 2.0;
    for (int k = 0; k < bins; ++k)
        powered[k] = squared ? magnitude[k] * magnitude[k] : magnitude[k];
    filterbank.apply(powered, estimate);
    double sum = 0.0;
    for (int m = 0; m < mels; ++m) {
        const double d = static_cast<double>(estimate[m]) - mel[m];
        sum += d * d;
    }
    return sum;
}

double melConvergenceDb(double difference, double energy)
{
    if (!(energy > 0))
        return 0.0;
    return 10.0 * std::log10(std::max(difference, 1e-30 * energy) / energy);
}

double melSpectralConvergenceDb(const RealMatrix& mel, const MelFilterbank& filterbank, const RealMatrix& magnitude,
                                WorkerPool& pool)
{
    if (mel.bins != filterbank.melCount() || magnitude.bins != filterbank.binCount() || magnitude.frames != mel.frames)
        throw InputError("the mel spectrograms to compare differ in shape: " + std::to_string(mel.bins) + " x "
                         + std::to_string(mel.frames) + " against a magnitude of " + std::to_string(magnitude.bins)
                         + " x " + std::to_string(magnitude.frames) + " through " + std::to_string(filterbank.melCount())
                         + " x " + std::to_string(filterbank.binCount()) + " filters");
    std::vector<double> differences(static_cast<std::size_t>(mel.frames), 0.0);
    pool.forEachBlock(static_cast<std::size_t>(mel.frames), [&](int, std::size_t begin, std::size_t end) {
        std::vector<float> scratch(static_cast<std::size_t>(filterbank.binCount() + filterbank.melCount()));
        for (std::size_t t = begin; t < end; ++t)
            differences[t] = frameMelDifference(filterbank, magnitude.frame(static_cast<int>(t)),
                                                mel.frame(static_cast<int>(t)), scratch.data());
    });
    // Summed in frame order: the figure does not depend on the thread count.
    double difference = 0.0, energy = 0.0;
    for (double d : differences)
        difference += d;
    for (float v : mel.values)
        energy += static_cast<double>(v) * v;
    return melConvergenceDb(difference, energy);
}

} // namespace phaselab
