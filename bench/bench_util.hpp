// Small timing helpers shared by the benchmarks: medians of repeated wall-clock runs.
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
