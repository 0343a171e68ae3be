// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/hop_from_phase.hpp"

#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

std::vector<double> hopCorrelation(const ComplexMatrix& onesided, int nFft, WorkerPool& pool)
{
    std::vector<double> byHop;
    if (nFft < 2 || onesided.bins != nFft / 2 + 1 || onesided.frames < 2)
        return byHop;
    const int bins = onesided.bins;
    const int pairs = onesided.frames - 1;
    const int blocks = pool.threadCount();
    std::vector<std::vector<std::complex<double>>> partial(static_cast<std::size_t>(blocks),
                                                           std::vector<std::complex<double>>(static_cast<std::size_t>(bins)));
    pool.forEachBlock(static_cast<std::size_t>(pairs), [&](int block, std::size_t begin, std::size_t end) {
        auto& sum = partial[static_cast<std::size_t>(block)];
        for (std::size_t t = begin; t < end; ++t) {
            const auto* a = onesided.frame(static_cast<int>(t));
            const auto* b = onesided.frame(static_cast<int>(t) + 1);
            for (int k = 0; k < bins; ++k) {
                const std::complex<double> cross = std::complex<double>(b[k]) * std::conj(std::complex<double>(a[k]));
                const double magnitude = std::abs(cross);
                if (magnitude > 0.0)
                    sum[static_cast<std::size_t>(k)] += cross / magnitude;
            }
        }
    });
    std::vector<std::complex<float>> spectrum(static_cast<std::size_t>(bins));
    for (int k = 0; k < bins; ++k) {
        std::complex<double> total;
        for (const auto& sum : partial)
            total += sum[static_cast<std::size_t>(k)];
        spectrum[static_cast<std::size_t>(k)] = std::complex<float>(total / static_cast<double>(pairs));
    }
    std::vector<float> correlation(static_cast<std::size_t>(nFft));
    RealFft& fft = threadLocalRealFft(nFft);
    fft.inverse(spectrum.data(), correlation.data());
    // Lag l = n_fft - hop (mod n_fft).
    byHop.assign(static_cast<std::size_t>(nFft) + 1, 0.0);
    double peak = 0.0;
    for (int hop = 1; hop <= nFft; ++hop) {
        byHop[static_cast<std::size_t>(hop)] = correlation[static_cast<std::size_t>((nFft - hop) % nFft)];
        peak = std::max(peak, byHop[static_cast<std::size_t>(hop)]);
    }
    if (peak > 0.0)
        for (double& value : byHop)
            value /= peak;
    return byHop;
}

std::vector<HopPeak> hopPeaks(const std::vector<double>& correlation, int count)
{
    std::vector<HopPeak> peaks;
    const int nFft = static_cast<int>(correlation.size()) - 1;
    if (nFft < 2)
        return peaks;
    auto at = [&](int hop) { return correlation[static_cast<std::size_t>(hop)]; };
    for (int hop = 1; hop <= nFft; ++hop) {
        const double value = at(hop);
        const double before = at(hop == 1 ? nFft : hop - 1);
        const double after = at(hop == nFft ? 1 : hop + 1);
        if (value > 0.0 && value >= before && value > after)
            peaks.push_back({hop, value});
    }
    std::stable_sort(peaks.begin(), peaks.end(), [](const HopPeak& a, const HopPeak& b) { return a.strength > b.strength; });
    if (static_cast<int>(peaks.size()) > count)
        peaks.resize(static_cast<std::size_t>(count));
    return peaks;
}

std::vector<HopPeak> hopsFromPhase(const ComplexMatrix& onesided, int nFft, int count, WorkerPool& pool)
{
    return hopPeaks(hopCorrelation(onesided, nFft, pool), count);
}

} // namespace phaselab
