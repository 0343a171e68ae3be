// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/frame_origin.hpp"

#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>
#include <complex>

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
    } catch (const InputError&) {
        return result; // a window the framing cannot make: nothing to test
    }
    float peak = 0.0f;
    for (float w : window)
        peak = std::max(peak, std::abs(w));
    if (!(peak > 0.0f))
        return result;
    // Dividing by the window is only trusted where it is not small: the data's own rounding is
    // magnified there.
    const float usable = 0.2f * peak;
    // Frames of digital silence carry only rounding noise: they are left out, judged against the
    // loudest frame of the file.
    double loudest = 0.0;
    std::vector<double> frameEnergy(static_cast<std::size_t>(onesided.frames), 0.0);
    for (int t = 0; t < onesided.frames; ++t) {
        const auto* frame = onesided.frame(t);
        double energy = 0.0;
        for (int k = 0; k < onesided.bins; ++k)
            energy += std::norm(std::complex<double>(frame[k]));
        frameEnergy[static_cast<std::size_t>(t)] = energy;
        loudest = std::max(loudest, energy);
    }
    // Zeros: the signal must be audible just after the origin, else silence straddles it and
    // zero padding cannot be told from a silent start.
    const int step = std::max(2, std::min(8, nFft / 32));
    RealFft& fft = threadLocalRealFft(nFft);
    std::vector<float> samples(static_cast<std::size_t>(nFft));
    double against = 0.0, total = 0.0, before = 0.0, after = 0.0, frameMean = 0.0;
    long long beforeCount = 0, afterCount = 0;
    for (int t = 0; t < onesided.frames && static_cast<long long>(t) * hop < pad; ++t) {
        if (!(frameEnergy[static_cast<std::size_t>(t)] > 1e-10 * loudest))
            continue;
        fft.inverse(onesided.frame(t), samples.data());
        const int origin = pad - t * hop; // first signal sample inside this frame
        double energy = 0.0;
        for (float v : samples)
            energy += static_cast<double>(v) * v;
        frameMean += energy / nFft;
        if (framing.padMode == PadMode::Constant) {
            for (int m = 0; m < std::min(nFft, origin + step); ++m) {
                const double v = samples[static_cast<std::size_t>(m)];
                if (m < origin) {
                    before += v * v;
                    ++beforeCount;
                } else {
                    after += v * v;
                    ++afterCount;
                }
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
                ++afterCount;
            }
        }
    }
    if (framing.padMode == PadMode::Constant) {
        if (beforeCount == 0 || afterCount == 0 || !(after / afterCount > 1e-8 * frameMean))
            return result;
        against = before / static_cast<double>(beforeCount);
        total = after / static_cast<double>(afterCount);
    } else if (afterCount == 0 || !(total / static_cast<double>(afterCount) > 1e-8 * frameMean)) {
        return result;
    }
    if (!(total > 0.0) || !std::isfinite(total))
        return result;
    result.measurable = true;
    result.mismatchDb = 10.0 * std::log10(std::max(against / total, 1e-30));
    return result;
}

} // namespace phaselab
