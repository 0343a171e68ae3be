// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/fft_size.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

double fftSizeLogPrior(int nFft, double sampleRate)
{
    if (nFft < 16)
        return -15.0;
    if ((nFft & (nFft - 1)) == 0)
        return nFft >= 64 && nFft <= 16384 ? 0.0 : -4.0;
    if (sampleRate > 0.0)
        for (double ms : {10.0, 16.0, 20.0, 25.0, 30.0, 32.0, 40.0, 46.0, 50.0, 64.0, 100.0})
            if (std::abs(nFft - sampleRate * ms / 1000.0) < 0.51)
                return -1.5;
    int rest = nFft;
    for (int factor : {2, 3, 5})
        while (rest % factor == 0)
            rest /= factor;
    if (rest == 1 && nFft % 2 == 0)
        return nFft >= 128 && nFft <= 4096 ? -2.5 : -5.0;
    return nFft % 2 == 0 ? -6.0 : -8.0;
}

std::vector<FftSizeOption> fftSizesForBins(int bins, double sampleRate)
{
    std::vector<FftSizeOption> options;
    if (bins < 2)
        return options;
    auto add = [&](int nFft, BinLayout layout, double layoutPrior) {
        if (nFft >= 2)
            options.push_back({nFft, layout, std::log(layoutPrior) + fftSizeLogPrior(nFft, sampleRate)});
    };
    add(2 * (bins - 1), BinLayout::OneSided, 0.85);
    add(2 * bins - 1, BinLayout::OneSided, 0.01);
    add(2 * bins, BinLayout::NyquistDropped, 0.06);
    add(bins, BinLayout::TwoSided, 0.08);
    std::stable_sort(options.begin(), options.end(),
                     [](const FftSizeOption& a, const FftSizeOption& b) { return a.logPrior > b.logPrior; });
    return options;
}

bool smoothFftSize(int nFft)
{
    if (nFft < 2)
        return false;
    for (int factor : {2, 3, 5, 7})
        while (nFft % factor == 0)
            nFft /= factor;
    return nFft == 1;
}

double binCountLogPrior(int bins, double sampleRate)
{
    const auto options = fftSizesForBins(bins, sampleRate);
    return options.empty() ? -20.0 : options.front().logPrior;
}

double hermitianMismatch(const ComplexMatrix& twoSided, bool magnitudesOnly)
{
    const int n = twoSided.bins;
    double error = 0.0, energy = 0.0;
    for (int t = 0; t < twoSided.frames; ++t) {
        const auto* frame = twoSided.frame(t);
        for (int k = 1; k < (n + 1) / 2; ++k) {
            const std::complex<double> a(frame[k]);
            const std::complex<double> b(frame[n - k]);
            if (magnitudesOnly) {
                const double d = std::abs(a) - std::abs(b);
                error += d * d;
            } else {
                error += std::norm(b - std::conj(a));
            }
            energy += std::norm(a);
        }
    }
    return energy > 0.0 ? error / energy : 1.0;
}

std::string binLayoutName(BinLayout layout)
{
    switch (layout) {
    case BinLayout::OneSided: return "one-sided";
    case BinLayout::NyquistDropped: return "one-sided without the Nyquist bin";
    case BinLayout::TwoSided: return "two-sided";
    }
    return "one-sided";
}

} // namespace phaselab
