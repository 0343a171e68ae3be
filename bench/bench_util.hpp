// SPDX-License-Identifier: GPL-3.0-or-later
// Small timing helpers shared by the benchmarks: medians of repeated wall-clock runs. Candidates
// compared in a ratio are timed interleaved (one of each per round), so that a slow spell of a
// shared machine hits all of them alike; the ratio reported is the median of per-round ratios.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

namespace phaselab::bench {

/// Median wall time in seconds of `repeats` calls of body (after one warm-up call).
inline double medianSeconds(int repeats, const std::function<void()>& body)
{
    body();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// Seconds of each body, round by round: result[b][round]. Every body runs once first as a
/// warm-up. A body returns the figure to record (e.g. seconds per iteration it measured itself),
/// or a negative number to have its wall time recorded.
inline std::vector<std::vector<double>> interleavedSeconds(int rounds, const std::vector<std::function<double()>>& bodies)
{
    for (const auto& body : bodies)
        body();
    std::vector<std::vector<double>> times(bodies.size());
    for (int round = 0; round < rounds; ++round)
        for (std::size_t b = 0; b < bodies.size(); ++b) {
            const auto start = std::chrono::steady_clock::now();
            const double own = bodies[b]();
            times[b].push_back(own >= 0.0 ? own
                                          : std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    return times;
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

/// Median over rounds of numerator[round] / denominator[round].
inline double medianRatio(const std::vector<double>& numerator, const std::vector<double>& denominator)
{
    std::vector<double> ratios;
    for (std::size_t i = 0; i < numerator.size() && i < denominator.size(); ++i)
        ratios.push_back(numerator[i] / denominator[i]);
    return median(ratios);
}

/// Deterministic test audio: tones plus a little noise, 44.1 kHz.
inline std::vector<float> benchSignal(double seconds, double sampleRate = 44100.0)
{
    std::vector<float> samples(static_cast<std::size_t>(seconds * sampleRate));
    unsigned state = 12345;
    for (std::size_t n = 0; n < samples.size(); ++n) {
        state = state * 1664525u + 1013904223u;
        const double noise = (static_cast<double>(state >> 8) / 16777216.0 - 0.5) * 0.05;
        samples[n] = static_cast<float>(0.3 * std::sin(0.0627 * n) + 0.2 * std::sin(0.31 * n + 0.5) + noise);
    }
    return samples;
}

} // namespace phaselab::bench
