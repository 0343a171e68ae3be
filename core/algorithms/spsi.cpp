// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/spsi.hpp"

#include "core/algorithms/phase_convention.hpp"
#include "core/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace phaselab {

RealMatrix spsiPhase(const RealMatrix& magnitude, const StftParams& params)
{
    const StftParams p = params.resolved();
    const int bins = magnitude.bins;
    if (bins != p.bins())
        throw InputError("SPSI: the magnitude has " + std::to_string(bins) + " bins, n_fft " + std::to_string(p.nFft) +
                         " gives " + std::to_string(p.bins()));
    const int nFft = p.nFft;
    const double hop = p.hop;
    const double centre = windowCentre(p);
    constexpr double twoPi = 2.0 * std::numbers::pi;

    RealMatrix phase(bins, magnitude.frames);
    std::vector<double> previous(static_cast<std::size_t>(bins), 0.0); // centre convention
    std::vector<double> current(static_cast<std::size_t>(bins));
    for (int k = 0; k < magnitude.frames; ++k) {
        const float* s = magnitude.frame(k);
        // Bins no peak claims advance at their own centre frequency.
        for (int m = 0; m < bins; ++m)
            current[static_cast<std::size_t>(m)] = previous[static_cast<std::size_t>(m)] + hop * twoPi * m / nFft;
        for (int m = 1; m + 1 < bins; ++m) {
            if (!(s[m] > s[m - 1] && s[m] >= s[m + 1]))
                continue;
            const double a = std::log(std::max(static_cast<double>(s[m - 1]), 1e-30));
            const double b = std::log(static_cast<double>(s[m]));
            const double c = std::log(std::max(static_cast<double>(s[m + 1]), 1e-30));
            const double denominator = a - 2.0 * b + c;
            const double offset = denominator < 0 ? std::clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0.0;
            const double frequency = twoPi * (m + offset) / nFft; // rad/sample
            const double peakPhase = wrapPhase(previous[static_cast<std::size_t>(m)] + hop * frequency);
            current[static_cast<std::size_t>(m)] = peakPhase;
            for (int j = m - 1; j >= 0 && s[j] < s[j + 1]; --j)
                current[static_cast<std::size_t>(j)] = peakPhase;
            for (int j = m + 1; j < bins && s[j] < s[j - 1]; ++j)
                current[static_cast<std::size_t>(j)] = peakPhase;
        }
        float* out = phase.frame(k);
        for (int m = 0; m < bins; ++m) {
            current[static_cast<std::size_t>(m)] = wrapPhase(current[static_cast<std::size_t>(m)]);
            out[m] = static_cast<float>(wrapPhase(current[static_cast<std::size_t>(m)] + centreToFrameStart(m, nFft, centre)));
        }
        previous.swap(current);
    }
    return phase;
}

} // namespace phaselab
