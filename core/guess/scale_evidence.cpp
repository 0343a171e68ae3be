// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/scale_evidence.hpp"

#include "core/dsp/window.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace phaselab {

double amplitudeLogPrior(double amplitude)
{
    if (!(amplitude > 0.0) || !std::isfinite(amplitude))
        return -50.0;
    const auto logNormal = [&](double median, double sigma) {
        const double z = (std::log(amplitude) - std::log(median)) / sigma;
        return std::exp(-0.5 * z * z) / (sigma * std::sqrt(2.0 * std::numbers::pi));
    };
    return std::log(0.85 * logNormal(0.2, 1.5) + 0.15 * logNormal(6000.0, 1.5) + 1e-30);
}

std::vector<FftScaleGuess> fftScaleOptions(double peakMagnitude, const Framing& framing)
{
    std::vector<FftScaleGuess> options;
    if (!(peakMagnitude > 0.0) || framing.winLength < 1 || framing.nFft < 1)
        return options;
    const auto window = makeWindow(framing.window, framing.winLength);
    double sum = 0.0, sumSquares = 0.0;
    for (float w : window) {
        sum += w;
        sumSquares += static_cast<double>(w) * w;
    }
    if (!(sum > 0.0) || !(sumSquares > 0.0))
        return options;
    auto add = [&](double scale, const std::string& name) {
        FftScaleGuess guess;
        guess.fftScale = scale;
        guess.convention = name;
        guess.amplitude = 2.0 * peakMagnitude / (sum * scale);
        guess.logScore = amplitudeLogPrior(guess.amplitude);
        options.push_back(guess);
    };
    add(1.0, "unscaled");
    const bool scipyLike = framing.pad == framing.winLength / 2 && framing.padMode == PadMode::Constant && framing.winOffset == 0;
    if (scipyLike)
        add(1.0 / sum, "scipy 'spectrum' (1/sum(w))");
    if (framing.pad != framing.winLength / 2 || framing.pad == framing.nFft / 2 || framing.padMode == PadMode::Reflect) {
        add(1.0 / std::sqrt(static_cast<double>(framing.nFft)), "torch normalized (1/sqrt(n_fft))");
        add(1.0 / std::sqrt(sumSquares), "torchaudio normalized (1/sqrt(sum(w^2)))");
    }
    std::stable_sort(options.begin(), options.end(),
                     [](const FftScaleGuess& a, const FftScaleGuess& b) { return a.logScore > b.logScore; });
    return options;
}

} // namespace phaselab
