// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/frame_joins.hpp"

#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

FrameJoins testFrameJoins(const ComplexMatrix& onesided, int nFft)
{
    FrameJoins result;
    if (nFft < 8 || onesided.bins != nFft / 2 + 1 || onesided.frames < 2)
        return result;
    RealFft& fft = threadLocalRealFft(nFft);
    std::vector<float> previous(static_cast<std::size_t>(nFft)), current(previous.size());
    double joinSteps = 0.0, insideSteps = 0.0, edges = 0.0, energy = 0.0;
    long long insideCount = 0;
    for (int t = 0; t < onesided.frames; ++t) {
        fft.inverse(onesided.frame(t), current.data());
        for (int m = 0; m < nFft; ++m) {
            const double v = current[static_cast<std::size_t>(m)];
            energy += v * v;
            if (m + 1 < nFft) {
                const double step = current[static_cast<std::size_t>(m) + 1] - v;
                insideSteps += step * step;
                ++insideCount;
            }
        }
        edges += 0.5 * (static_cast<double>(current.front()) * current.front() + static_cast<double>(current.back()) * current.back());
        if (t > 0) {
            const double step = static_cast<double>(current.front()) - previous.back();
            joinSteps += step * step;
            ++result.joins;
        }
        std::swap(previous, current);
    }
    if (!(insideSteps > 0.0) || !(energy > 0.0) || result.joins == 0)
        return result;
    result.joinStepDb = 10.0 * std::log10(std::max(joinSteps / result.joins / (insideSteps / static_cast<double>(insideCount)), 1e-30));
    result.edgeLevelDb = 10.0 * std::log10(std::max(edges / onesided.frames / (energy / (static_cast<double>(onesided.frames) * nFft)), 1e-30));
    // A few joins give a noisy figure: 6 dB of room over the inside steps; edges within 10 dB.
    result.contiguous = result.joinStepDb <= 6.0 && result.edgeLevelDb >= -10.0;
    return result;
}

} // namespace phaselab
