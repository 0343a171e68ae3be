#include "core/guess/frame_origin.hpp"

#include "core/fft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

PaddingMismatch paddingMismatch(const ComplexMatrix& onesided, const Framing& framing)
{
    PaddingMismatch result;
    const int nFft = framing.nFft, pad = framing.pad, hop = framing.hop;
    if (pad <= 0 || hop < 1 || nFft < 4 || onesided.bins != nFft / 2 + 1 || onesided.frames < 1)
        return result;
    std::vector<float> window;
    try {
        window = frameWindow(framing.blockParams());
    } catch (...) {
        return result;
    }
    float peak = 0.0f;
    for (float w : window)
        peak = std::max(peak, std::abs(w));
    if (!(peak > 0.0f))
        return result;
    // Dividing by the window is only trusted where it is not small: the data's own rounding is
    // magnified there.
    const float usable = 0.2f * peak;
    RealFft& fft = threadLocalRealFft(nFft);
    std::vector<float> samples(static_cast<std::size_t>(nFft));
    double against = 0.0, total = 0.0;
    for (int t = 0; t < onesided.frames && static_cast<long long>(t) * hop < pad; ++t) {
        fft.inverse(onesided.frame(t), samples.data());
        const int origin = pad - t * hop; // first signal sample inside this frame
        if (framing.padMode == PadMode::Constant) {
            for (int m = 0; m < nFft; ++m) {
                const double v = samples[static_cast<std::size_t>(m)];
                total += v * v;
                if (m < origin)
                    against += v * v;
            }
        } else {
            for (int j = 1; origin - j >= 0 && origin + j < nFft; ++j) {
                const float wl = window[static_cast<std::size_t>(origin - j)];
                const float wr = window[static_cast<std::size_t>(origin + j)];
                if (std::abs(wl) < usable || std::abs(wr) < usable)
                    continue;
                const double left = samples[static_cast<std::size_t>(origin - j)] / wl;
                const double right = samples[static_cast<std::size_t>(origin + j)] / wr;
                // Weighted by the smaller window value: where the window is small the ratio is noisy.
                const double weight = std::min(std::abs(wl), std::abs(wr)) / peak;
                against += weight * weight * (left - right) * (left - right);
                total += weight * weight * (left * left + right * right);
            }
        }
    }
    if (!(total > 0.0) || !std::isfinite(total))
        return result;
    result.measurable = true;
    result.mismatchDb = 10.0 * std::log10(std::max(against / total, 1e-30));
    return result;
}

} // namespace phaselab
