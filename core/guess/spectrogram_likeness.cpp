// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/spectrogram_likeness.hpp"

#include "core/guess/number_text.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {
namespace {

struct Pearson {
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    void add(double x, double y)
    {
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
    }
    double value() const
    {
        if (n < 3)
            return 0.0;
        const double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        return vx > 0 && vy > 0 ? cov / std::sqrt(vx * vy) : 0.0;
    }
};

} // namespace

SpectrogramLikeness judgeSpectrogramLikeness(const RealMatrix& magnitude)
{
    SpectrogramLikeness result;
    double peak = 0.0;
    for (float v : magnitude.values)
        if (std::isfinite(v))
            peak = std::max(peak, static_cast<double>(std::abs(v)));
    if (!(peak > 0.0)) {
        result.reason = "every value is zero or not a number";
        return result;
    }
    // A floor 120 dB under the peak: digital silence would otherwise dominate the logarithms.
    const double floor = peak * 1e-6;
    auto level = [&](int t, int k) {
        const double v = magnitude.at(t, k);
        return std::log(std::max(std::isfinite(v) ? std::abs(v) : 0.0, floor));
    };
    Pearson frames, bins;
    for (int t = 0; t < magnitude.frames; ++t)
        for (int k = 0; k < magnitude.bins; ++k) {
            if (t + 1 < magnitude.frames)
                frames.add(level(t, k), level(t + 1, k));
            if (k + 1 < magnitude.bins)
                bins.add(level(t, k), level(t, k + 1));
        }
    result.frameCorrelation = frames.value();
    result.binCorrelation = bins.value();
    result.looksLikeSpectrogram = std::max(result.frameCorrelation, result.binCorrelation) >= kSpectrogramCorrelationFloor;
    result.reason = "log magnitudes of neighbouring frames correlate at r = " + fixedText(result.frameCorrelation, 2) +
                    ", of neighbouring bins at r = " + fixedText(result.binCorrelation, 2) +
                    (result.looksLikeSpectrogram ? "" : " (a spectrogram's are above " + fixedText(kSpectrogramCorrelationFloor, 1) + ")");
    return result;
}

} // namespace phaselab
