// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/phase_retrieval_probe.hpp"

#include "core/algorithms/projection_kernels.hpp"
#include "core/dsp/stft.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>

namespace phaselab {

RealMatrix magnitudeBlock(const RealMatrix& magnitudes, int first, int count, bool shuffled)
{
    RealMatrix block(magnitudes.bins, count);
    std::vector<int> order(static_cast<std::size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    if (shuffled) {
        // A fixed permutation (deterministic, no RNG state): a multiplicative step coprime with count.
        int step = std::max(1, count / 2 + 1);
        while (std::gcd(step, count) != 1)
            ++step;
        for (int i = 0; i < count; ++i)
            order[static_cast<std::size_t>(i)] = static_cast<int>((static_cast<long long>(i) * step + count / 3) % count);
    }
    for (int i = 0; i < count; ++i)
        std::copy(magnitudes.frame(first + order[static_cast<std::size_t>(i)]),
                  magnitudes.frame(first + order[static_cast<std::size_t>(i)]) + magnitudes.bins, block.frame(i));
    return block;
}

double fastGriffinLimConvergenceDb(const RealMatrix& magnitudes, const Framing& framing, int iterations, WorkerPool& pool,
                                   const JobControl& control)
{
    const int nFft = framing.nFft;
    if (magnitudes.bins != nFft / 2 + 1 || magnitudes.frames < 2 || framing.hop < 1 || framing.hop > framing.winLength)
        return 0.0;
    const StftParams params = framing.blockParams();
    if (!satisfiesNola(params))
        return 0.0;
    const std::int64_t length = static_cast<std::int64_t>(magnitudes.frames - 1) * framing.hop + nFft;
    StftPlan plan(params, length, magnitudes.frames);
    const std::size_t n = magnitudes.values.size();
    ComplexMatrix estimate(magnitudes.bins, magnitudes.frames), previous;
    for (std::size_t i = 0; i < n; ++i)
        estimate.values[i] = magnitudes.values[i];
    previous = estimate;
    std::vector<float> signal(static_cast<std::size_t>(length));
    const float momentum = 0.99f;
    const int bins = magnitudes.bins;
    // Each frame's projection and momentum step touch only that frame, so they run inside the
    // fused synthesis and analysis, while the frame is in cache.
    const auto produce = [&](int frame, std::complex<float>* out) {
        std::copy_n(estimate.frame(frame), bins, out);
    };
    const auto step = [&](int, int frame, std::complex<float>* analysed) {
        const float* target = magnitudes.frame(frame);
        std::complex<float>* next = estimate.frame(frame);
        std::complex<float>* last = previous.frame(frame);
        kernels::projectOnly(analysed, target, next, bins); // the SIMD projection: std::abs's hypot costs twice as much
        for (int k = 0; k < bins; ++k) {
            const std::complex<float> projected = next[k];
            next[k] = projected + momentum * (projected - last[k]);
            last[k] = projected;
        }
    };
    for (int iteration = 0; iteration < iterations; ++iteration) {
        if (control.cancelled())
            return 0.0;
        plan.synthesiseAndAnalyse(produce, step, signal.data(), pool);
    }
    ComplexMatrix analysis;
    plan.inverse(previous, signal.data(), pool);
    plan.forward(signal.data(), analysis, pool);
    double error = 0.0, energy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(std::abs(analysis.values[i])) - magnitudes.values[i];
        error += d * d;
        energy += static_cast<double>(magnitudes.values[i]) * magnitudes.values[i];
    }
    if (energy <= 0.0)
        return 0.0;
    return 10.0 * std::log10(std::max(error / energy, 1e-30));
}

} // namespace phaselab
