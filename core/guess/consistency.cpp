// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/consistency.hpp"

#include "core/base/error.hpp"
#include "core/dsp/stft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace phaselab {

double consistencyDb(const ComplexMatrix& onesided, int firstFrame, int frameCount, const Framing& framing,
                     WorkerPool& pool, int comparedBins)
{
    const int nFft = framing.nFft;
    if (nFft < 2 || onesided.bins != nFft / 2 + 1 || frameCount < 2 || firstFrame < 0 ||
        firstFrame + frameCount > onesided.frames)
        return kInconsistentDb;
    if (framing.hop < 1 || framing.winLength < 1 || framing.winLength > nFft || framing.hop > framing.winLength ||
        framing.winOffset < 0 || framing.winOffset + framing.winLength > nFft)
        return kInconsistentDb;
    const StftParams params = framing.blockParams();
    if (!satisfiesNola(params))
        return kInconsistentDb;
    const std::int64_t length = static_cast<std::int64_t>(frameCount - 1) * framing.hop + nFft;
    StftPlan plan(params, length, frameCount);

    ComplexMatrix block(onesided.bins, frameCount);
    std::copy(onesided.frame(firstFrame), onesided.frame(firstFrame) + block.size(), block.values.begin());
    std::vector<float> signal(static_cast<std::size_t>(length));
    plan.inverse(block, signal.data(), pool);
    ComplexMatrix again;
    plan.forward(signal.data(), again, pool);

    double error = 0.0, energy = 0.0;
    const int compared = comparedBins > 0 ? std::min(comparedBins, block.bins) : block.bins;
    for (int t = 0; t < frameCount; ++t)
        for (int k = 0; k < compared; ++k) {
            const std::complex<double> x(block.at(t, k));
            const std::complex<double> y(again.at(t, k));
            error += std::norm(y - x);
            energy += std::norm(x);
        }
    if (energy <= 0.0)
        return -300.0;
    return 10.0 * std::log10(std::max(error / energy, 1e-30));
}

double randomPhaseConsistencyDb(const ComplexMatrix& onesided, int firstFrame, int frameCount, const Framing& framing,
                                WorkerPool& pool, int comparedBins)
{
    if (frameCount < 2 || firstFrame < 0 || firstFrame + frameCount > onesided.frames)
        return kInconsistentDb;
    ComplexMatrix block(onesided.bins, frameCount);
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    for (int t = 0; t < frameCount; ++t)
        for (int k = 0; k < onesided.bins; ++k) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            const double angle = 2.0 * 3.14159265358979323846 * static_cast<double>(state >> 11) / 9007199254740992.0;
            // DC and Nyquist of a real frame are real: a random sign there, not a random angle.
            const bool real = k == 0 || (framing.nFft % 2 == 0 && k == framing.nFft / 2);
            const float phase = real ? (angle < 3.14159265358979323846 ? 0.0f : 3.14159265f) : static_cast<float>(angle);
            block.at(t, k) = std::polar(std::abs(onesided.at(firstFrame + t, k)), phase);
        }
    return consistencyDb(block, 0, frameCount, framing, pool, comparedBins);
}

int loudestBlock(const ComplexMatrix& matrix, int frameCount)
{
    if (frameCount >= matrix.frames)
        return 0;
    std::vector<double> energy(static_cast<std::size_t>(matrix.frames), 0.0);
    for (int t = 0; t < matrix.frames; ++t) {
        double sum = 0.0;
        const auto* frame = matrix.frame(t);
        for (int k = 0; k < matrix.bins; ++k)
            sum += std::norm(std::complex<double>(frame[k]));
        energy[static_cast<std::size_t>(t)] = sum;
    }
    double window = 0.0;
    for (int t = 0; t < frameCount; ++t)
        window += energy[static_cast<std::size_t>(t)];
    double best = window;
    int bestStart = 0;
    for (int start = 1; start + frameCount <= matrix.frames; ++start) {
        window += energy[static_cast<std::size_t>(start + frameCount - 1)] - energy[static_cast<std::size_t>(start - 1)];
        if (window > best * (1.0 + 1e-12)) {
            best = window;
            bestStart = start;
        }
    }
    return bestStart;
}

int consistencyBlockFrames(int nFft, int hop, int available)
{
    const int overlap = (nFft + std::max(1, hop) - 1) / std::max(1, hop);
    return std::min(available, std::clamp(6 * overlap, 24, 160));
}

} // namespace phaselab
