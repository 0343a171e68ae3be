// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/magnitude_scale.hpp"

#include "core/guess/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace phaselab {

double logSpread(const ComplexMatrix& stored)
{
    const int bins = stored.bins;
    if (bins < 24 || stored.frames < 1)
        return 0.0;
    double peak = 0.0;
    for (const auto& v : stored.values)
        peak = std::max(peak, static_cast<double>(std::abs(v.real())));
    if (peak <= 0.0)
        return 0.0;
    const double floor = peak * 1e-9;
    std::vector<double> deviations;
    const int step = std::max(1, stored.frames / 300);
    std::vector<double> logs(static_cast<std::size_t>(bins));
    std::vector<double> window;
    for (int t = 0; t < stored.frames; t += step) {
        const auto* frame = stored.frame(t);
        double frameMax = 0.0;
        for (int k = 0; k < bins; ++k) {
            const double v = std::abs(frame[k].real());
            frameMax = std::max(frameMax, v);
            logs[static_cast<std::size_t>(k)] = v > floor ? std::log(v) : std::nan("");
        }
        if (frameMax < peak * 1e-4)
            continue; // near-silent frames are mostly quantisation noise
        for (int k = bins / 2; k < bins - 4; ++k) {
            if (std::isnan(logs[static_cast<std::size_t>(k)]))
                continue;
            window.clear();
            for (int j = k - 4; j <= k + 4; ++j)
                if (!std::isnan(logs[static_cast<std::size_t>(j)]))
                    window.push_back(logs[static_cast<std::size_t>(j)]);
            if (window.size() < 7)
                continue;
            std::nth_element(window.begin(), window.begin() + static_cast<std::ptrdiff_t>(window.size() / 2), window.end());
            deviations.push_back(logs[static_cast<std::size_t>(k)] - window[window.size() / 2]);
        }
    }
    if (deviations.size() < 200)
        return 0.0;
    std::sort(deviations.begin(), deviations.end());
    const double low = deviations[deviations.size() / 20];
    const double high = deviations[deviations.size() * 19 / 20];
    return high - low;
}

std::vector<MagnitudeScaleGuess> guessMagnitudeScale(const ComplexMatrix& stored, bool decibelValues, bool integerValues)
{
    std::vector<MagnitudeScaleGuess> guesses;
    if (decibelValues && integerValues) {
        // The span between the 0.1% and 99.9% values, in dB for each usual step: a spectrogram in
        // dB spans some 40 to 200 dB (floors and quiet passages included).
        std::vector<double> values;
        values.reserve(stored.values.size());
        for (const auto& v : stored.values)
            if (std::isfinite(v.real()))
                values.push_back(v.real());
        if (values.size() >= 16) {
            std::sort(values.begin(), values.end());
            const double low = values[values.size() / 1000], high = values[values.size() - 1 - values.size() / 1000];
            const double minimum = values.front();
            const std::size_t atMinimum = static_cast<std::size_t>(
                std::upper_bound(values.begin(), values.end(), minimum) - values.begin());
            const double fraction = static_cast<double>(atMinimum) / static_cast<double>(values.size());
            struct Step {
                double dbPerUnit;
                double prior;
                const char* name;
            };
            for (const Step& step : {Step{1.0, 0.2, "whole dB"}, Step{1.0 / 10, 0.15, "tenths of a dB"},
                                     Step{1.0 / 100, 0.2, "hundredths of a dB"}, Step{1.0 / 128, 0.1, "Q7 dB (dB x 128)"},
                                     Step{1.0 / 256, 0.35, "Q8 dB (dB x 256)"}}) {
                const double span = (high - low) * step.dbPerUnit;
                if (span < 10.0 || span > 400.0)
                    continue;
                MagnitudeScaleGuess guess;
                guess.scale = MagnitudeScale::Db;
                guess.dbPerUnit = step.dbPerUnit;
                const double z = std::log(span / 100.0) / 0.6;
                guess.logScore = std::log(step.prior) - 0.5 * z * z;
                if (atMinimum >= 4 && fraction >= 0.0005)
                    guess.dbFloor = minimum;
                guess.evidence = "integer values from " + fixedText(low, 0) + " to " + fixedText(high, 0) +
                                 " (0.1-99.9%), negative ones included: " + step.name + " gives a span of " +
                                 fixedText(span, 0) + " dB";
                guesses.push_back(guess);
            }
            if (!guesses.empty()) {
                std::stable_sort(guesses.begin(), guesses.end(),
                                 [](const MagnitudeScaleGuess& a, const MagnitudeScaleGuess& b) { return a.logScore > b.logScore; });
                return guesses;
            }
        }
    }
    if (decibelValues) {
        // The floor: the minimum, when it repeats (clipped values).
        double minimum = 1e300;
        for (const auto& v : stored.values)
            if (std::isfinite(v.real()))
                minimum = std::min(minimum, static_cast<double>(v.real()));
        std::size_t atMinimum = 0;
        for (const auto& v : stored.values)
            atMinimum += v.real() == minimum;
        MagnitudeScaleGuess guess;
        guess.scale = MagnitudeScale::Db;
        guess.logScore = 0.0;
        const double fraction = static_cast<double>(atMinimum) / static_cast<double>(std::max<std::size_t>(1, stored.values.size()));
        if (atMinimum >= 4 && fraction >= 0.0005) {
            guess.dbFloor = minimum;
            guess.evidence = "negative values down to " + fixedText(minimum, 1) + ", which " + percentText(fraction) +
                             " of the values share: dB with a floor at " + fixedText(minimum, 1) + " dB";
        } else {
            guess.evidence = "negative values (minimum " + fixedText(minimum, 1) + "): dB (20 log10 |X|)";
        }
        guesses.push_back(guess);
        return guesses;
    }
    const double spread = logSpread(stored);
    MagnitudeScaleGuess linear, power;
    linear.scale = MagnitudeScale::Linear;
    power.scale = MagnitudeScale::Power;
    if (spread <= 0.0) {
        linear.logScore = std::log(0.6);
        power.logScore = std::log(0.4);
        linear.evidence = "too few noise-like values to tell linear from power: linear assumed";
        power.evidence = "too few noise-like values to tell linear from power";
    } else {
        // Gaussian likelihoods around the Rayleigh (linear) and exponential (power) spreads.
        const auto gauss = [](double x, double mean, double sigma) {
            const double z = (x - mean) / sigma;
            return -0.5 * z * z - std::log(sigma);
        };
        linear.logScore = gauss(spread, 1.95, 0.3);
        power.logScore = gauss(spread, 3.8, 0.55);
        const std::string measured = "log values spread " + fixedText(spread, 2) +
                                     " (5-95%, detrended; about 2 for |X|, 4 for |X|^2)";
        linear.evidence = measured + ": linear magnitude";
        power.evidence = measured + ": power";
    }
    guesses.push_back(linear);
    guesses.push_back(power);
    std::stable_sort(guesses.begin(), guesses.end(),
                     [](const MagnitudeScaleGuess& a, const MagnitudeScaleGuess& b) { return a.logScore > b.logScore; });
    return guesses;
}

std::vector<float> toLinearMagnitude(const ComplexMatrix& stored, MagnitudeScale scale, double dbFloor, double dbPerUnit)
{
    std::vector<float> result(stored.values.size());
    for (std::size_t i = 0; i < stored.values.size(); ++i) {
        const double v = stored.values[i].real();
        double magnitude = 0.0;
        if (!std::isfinite(v))
            magnitude = 0.0;
        else if (scale == MagnitudeScale::Db)
            magnitude = v <= dbFloor ? 0.0 : std::pow(10.0, v * dbPerUnit / 20.0);
        else if (scale == MagnitudeScale::Power)
            magnitude = std::sqrt(std::max(0.0, v));
        else
            magnitude = std::abs(v);
        result[i] = static_cast<float>(std::min(magnitude, 3.0e38));
    }
    return result;
}

} // namespace phaselab
