// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/frame_envelope.hpp"

#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

std::vector<double> frameEnergyEnvelope(const ComplexMatrix& onesided, int nFft, WorkerPool& pool)
{
    const std::size_t n = static_cast<std::size_t>(nFft);
    std::vector<double> envelope(n, 0.0);
    if (nFft < 2 || onesided.bins != nFft / 2 + 1 || onesided.frames < 1)
        return envelope;
    std::vector<double> frameEnergy(static_cast<std::size_t>(onesided.frames), 0.0);
    double loudest = 0.0;
    for (int t = 0; t < onesided.frames; ++t) {
        double sum = 0.0;
        const auto* frame = onesided.frame(t);
        for (int k = 0; k < onesided.bins; ++k)
            sum += std::norm(std::complex<double>(frame[k]));
        frameEnergy[static_cast<std::size_t>(t)] = sum;
        loudest = std::max(loudest, sum);
    }
    if (loudest <= 0.0)
        return envelope;
    const int blocks = pool.threadCount();
    std::vector<std::vector<double>> partial(static_cast<std::size_t>(blocks), std::vector<double>(n, 0.0));
    pool.forEachBlock(static_cast<std::size_t>(onesided.frames), [&](int block, std::size_t begin, std::size_t end) {
        if (begin == end)
            return;
        RealFft& fft = threadLocalRealFft(nFft);
        std::vector<float> samples(n);
        auto& sum = partial[static_cast<std::size_t>(block)];
        for (std::size_t t = begin; t < end; ++t) {
            if (frameEnergy[t] < 1e-6 * loudest)
                continue;
            fft.inverse(onesided.frame(static_cast<int>(t)), samples.data());
            for (std::size_t m = 0; m < n; ++m)
                sum[m] += static_cast<double>(samples[m]) * samples[m];
        }
    });
    for (const auto& sum : partial)
        for (std::size_t m = 0; m < n; ++m)
            envelope[m] += sum[m];
    const double peak = *std::max_element(envelope.begin(), envelope.end());
    if (peak > 0.0)
        for (double& value : envelope)
            value /= peak;
    return envelope;
}

EnvelopeSupport envelopeSupport(const std::vector<double>& envelope)
{
    EnvelopeSupport support;
    const int n = static_cast<int>(envelope.size());
    if (n == 0)
        return support;
    std::vector<double> sorted(envelope);
    const std::size_t quantile = sorted.size() / 50; // 2nd percentile: the floor, if any
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(quantile), sorted.end());
    support.floor = std::max(sorted[quantile], 1e-30);
    const double threshold = std::max(support.floor * 10.0, 1e-13);
    int first = -1, last = -1;
    for (int m = 0; m < n; ++m)
        if (envelope[static_cast<std::size_t>(m)] > threshold) {
            if (first < 0)
                first = m;
            last = m;
        }
    if (first < 0) {
        support.length = n;
        return support;
    }
    support.begin = first;
    support.length = last - first + 1;
    return support;
}

} // namespace phaselab
