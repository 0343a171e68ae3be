#include "core/guess/consistency.hpp"

#include "core/error.hpp"
#include "core/stft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

double consistencyDb(const ComplexMatrix& onesided, int firstFrame, int frameCount, const Framing& framing,
                     WorkerPool& pool)
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
    for (std::size_t i = 0; i < block.values.size(); ++i) {
        const std::complex<double> x(block.values[i]);
        const std::complex<double> y(again.values[i]);
        error += std::norm(y - x);
        energy += std::norm(x);
    }
    if (energy <= 0.0)
        return -300.0;
    return 10.0 * std::log10(std::max(error / energy, 1e-30));
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
