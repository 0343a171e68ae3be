// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lessons/lesson_signals.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace phaselab {

Signal synthesiseToneBursts(const std::vector<ToneBurst>& bursts, double sampleRate, double durationSeconds)
{
    if (!(sampleRate > 0.0) || !(durationSeconds > 0.0) || !std::isfinite(sampleRate * durationSeconds))
        throw InputError("tone bursts need a positive sample rate and duration");
    const double count = std::ceil(sampleRate * durationSeconds);
    if (count > 600.0 * 192000.0)
        throw InputError("tone bursts: more than 10 minutes at 192 kHz requested");
    Signal signal;
    signal.sampleRate = sampleRate;
    signal.samples.assign(static_cast<std::size_t>(count), 0.0f);
    constexpr double twoPi = 2.0 * std::numbers::pi;
    for (const auto& burst : bursts) {
        if (!(burst.durationSeconds > 0.0))
            continue;
        const auto first = static_cast<std::int64_t>(std::max(0.0, std::ceil(burst.startSeconds * sampleRate)));
        const auto end = std::min<std::int64_t>(
            signal.length(), static_cast<std::int64_t>(std::floor((burst.startSeconds + burst.durationSeconds) * sampleRate)) + 1);
        for (std::int64_t n = first; n < end; ++n) {
            const double t = static_cast<double>(n) / sampleRate - burst.startSeconds;
            const double envelope = 0.5 - 0.5 * std::cos(twoPi * t / burst.durationSeconds);
            signal.samples[static_cast<std::size_t>(n)] +=
                static_cast<float>(burst.amplitude * envelope * std::sin(twoPi * burst.frequencyHz * t));
        }
    }
    return signal;
}

ComponentPair componentPair(ComponentSeparation separation)
{
    ComponentPair pair;
    if (separation == ComponentSeparation::Time) {
        pair.first = {440.0, 0.1, 0.7, 0.5};
        pair.second = {660.0, 1.2, 0.7, 0.5};
    } else {
        pair.first = {350.0, 0.1, 1.8, 0.4};
        pair.second = {3100.0, 0.1, 1.8, 0.4};
    }
    return pair;
}

Signal componentSignal(const ComponentPair& pair, bool flipSecond)
{
    ToneBurst second = pair.second;
    if (flipSecond)
        second.amplitude = -second.amplitude;
    return synthesiseToneBursts({pair.first, second}, pair.sampleRate, pair.durationSeconds);
}

Signal negated(const Signal& signal)
{
    Signal out = signal;
    for (float& sample : out.samples)
        sample = -sample;
    return out;
}

Signal excerpt(const Signal& signal, double beginSeconds, double endSeconds)
{
    if (!(signal.sampleRate > 0.0))
        throw InputError("an excerpt needs the signal's sample rate");
    const auto clampIndex = [&](double seconds) {
        const double index = std::round(seconds * signal.sampleRate);
        return static_cast<std::int64_t>(std::clamp(index, 0.0, static_cast<double>(signal.length())));
    };
    const std::int64_t begin = clampIndex(beginSeconds);
    const std::int64_t end = clampIndex(endSeconds);
    if (end <= begin)
        throw InputError("the excerpt from " + std::to_string(beginSeconds) + " s to " + std::to_string(endSeconds) +
                         " s holds no samples of a " + std::to_string(signal.durationSeconds()) + " s signal");
    Signal out;
    out.sampleRate = signal.sampleRate;
    out.samples.assign(signal.samples.begin() + begin, signal.samples.begin() + end);
    return out;
}

} // namespace phaselab
