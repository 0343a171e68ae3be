// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/window_candidates.hpp"

#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {
namespace {

WindowSpec spec(WindowType type, bool periodic, double parameter = 0.0)
{
    WindowSpec window;
    window.type = type;
    window.periodic = periodic;
    window.parameter = parameter;
    return window;
}

} // namespace

const std::vector<WindowCandidate>& windowCandidates()
{
    static const std::vector<WindowCandidate> list = [] {
        std::vector<WindowCandidate> result = {
            {spec(WindowType::Hann, true), 0.28},
            {spec(WindowType::Hann, false), 0.12},
            {spec(WindowType::Hamming, true), 0.09},
            {spec(WindowType::Hamming, false), 0.09},
            {spec(WindowType::Blackman, true), 0.05},
            {spec(WindowType::Blackman, false), 0.04},
            {spec(WindowType::BlackmanHarris, true), 0.02},
            {spec(WindowType::BlackmanHarris, false), 0.01},
            {spec(WindowType::Rect, true), 0.06},
            {spec(WindowType::SqrtHann, true), 0.04},
            {spec(WindowType::SqrtHann, false), 0.01},
            {spec(WindowType::Sine, true), 0.03},
            {spec(WindowType::Bartlett, true), 0.01},
            {spec(WindowType::Bartlett, false), 0.02},
            {spec(WindowType::Kaiser, true, 8.0), 0.06},
            {spec(WindowType::Kaiser, false, 8.0), 0.03},
            {spec(WindowType::Gauss, true, 0.125), 0.02},
            {spec(WindowType::Gauss, false, 0.125), 0.02},
        };
        double total = 0.0;
        for (const auto& entry : result)
            total += entry.prior;
        for (auto& entry : result)
            entry.prior /= total;
        return result;
    }();
    return list;
}

double windowPrior(const WindowSpec& window)
{
    for (const auto& entry : windowCandidates()) {
        const bool sameForm = entry.window.periodic == window.periodic || window.type == WindowType::Rect ||
                              window.type == WindowType::Sine;
        if (entry.window.type == window.type && sameForm)
            return entry.prior;
    }
    return 0.005;
}

WindowLobes windowLobes(const WindowSpec& window)
{
    // The window's spectrum, 64 times oversampled, from its own 256-sample version.
    constexpr int length = 256, oversampling = 64, n = length * oversampling;
    const auto values = makeWindow(window, length);
    std::vector<float> padded(static_cast<std::size_t>(n), 0.0f);
    std::copy(values.begin(), values.end(), padded.begin());
    std::vector<std::complex<float>> spectrum(static_cast<std::size_t>(n / 2 + 1));
    RealFft& fft = threadLocalRealFft(n);
    fft.forward(padded.data(), spectrum.data());
    std::vector<double> magnitude(spectrum.size());
    for (std::size_t k = 0; k < spectrum.size(); ++k)
        magnitude[k] = std::abs(spectrum[k]);
    const double peak = std::max(magnitude[0], 1e-30);
    std::size_t edge = 1;
    while (edge + 1 < magnitude.size() && magnitude[edge + 1] < magnitude[edge])
        ++edge;
    WindowLobes lobes;
    lobes.mainLobeBins = 2.0 * static_cast<double>(edge) / oversampling;
    double side = 0.0;
    for (std::size_t k = edge; k < magnitude.size(); ++k)
        side = std::max(side, magnitude[k]);
    lobes.sideLobeDb = 20.0 * std::log10(std::max(side / peak, 1e-15));
    return lobes;
}

} // namespace phaselab
