// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/pghi.hpp"

#include "core/algorithms/phase_convention.hpp"
#include "core/base/error.hpp"
#include "core/dsp/window.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <queue>
#include <utility>
#include <vector>

namespace phaselab {

namespace {

/// Least-squares fit of exp(-pi t^2 / (C W^2)) to the peak-normalised window; returns C.
double fittedGaussianConstant(const WindowSpec& spec)
{
    constexpr int length = 2048;
    WindowSpec periodic = spec;
    periodic.periodic = true;
    const std::vector<float> window = makeWindow(periodic, length);
    const float peak = *std::max_element(window.begin(), window.end());
    auto misfit = [&](double c) {
        double sum = 0.0;
        for (int n = 0; n < length; ++n) {
            const double t = n - length / 2.0;
            const double difference = window[static_cast<std::size_t>(n)] / peak -
                                      std::exp(-std::numbers::pi * t * t / (c * length * length));
            sum += difference * difference;
        }
        return sum;
    };
    // Golden-section search on [0.01, 2].
    double a = 0.01, b = 2.0;
    const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
    double c = b - ratio * (b - a), d = a + ratio * (b - a);
    double fc = misfit(c), fd = misfit(d);
    for (int step = 0; step < 80; ++step) {
        if (fc < fd) {
            b = d; d = c; fd = fc;
            c = b - ratio * (b - a); fc = misfit(c);
        } else {
            a = c; c = d; fc = fd;
            d = a + ratio * (b - a); fd = misfit(d);
        }
    }
    return (a + b) / 2.0;
}

} // namespace

double pghiLambda(const StftParams& params)
{
    const StftParams p = params.resolved();
    const double w = p.winLength;
    switch (p.window.type) {
    case WindowType::Hann: return 0.25645 * w * w;
    case WindowType::Hamming: return 0.29794 * w * w;
    case WindowType::Blackman: return 0.17954 * w * w;
    case WindowType::Sine:
    case WindowType::SqrtHann: return 0.41532 * w * w;
    case WindowType::Bartlett: return 0.27561 * w * w;
    case WindowType::Gauss: {
        // exp(-t^2 / (2 sigma^2)) = exp(-pi t^2 / lambda)  =>  lambda = 2 pi sigma^2
        const double sigma = p.window.parameter * w;
        return 2.0 * std::numbers::pi * sigma * sigma;
    }
    default: return fittedGaussianConstant(p.window) * w * w;
    }
}

namespace {

/// Log-magnitudes, floored far below the tolerance so the logs stay finite.
std::vector<float> flooredLogs(const RealMatrix& magnitude, float peak, double tolerance)
{
    const double floorLog = std::log(static_cast<double>(peak)) + std::log(std::max(tolerance, 1e-30)) - 10.0;
    std::vector<float> logs(magnitude.values.size());
    for (std::size_t i = 0; i < logs.size(); ++i)
        logs[i] = static_cast<float>(std::max(floorLog, std::log(std::max(static_cast<double>(magnitude.values[i]), 1e-300))));
    return logs;
}

/// Phase derivatives (centre convention): time = dphi/dx (rad/sample), frequency = dphi/domega
/// (rad per cycle/sample), from the log-magnitude's derivatives and the window's lambda.
struct PhaseGradients {
    std::vector<float> time;
    std::vector<float> frequency;
};

PhaseGradients phaseGradients(const std::vector<float>& logs, int bins, int frames, int nFft, double hop, double lambda)
{
    PhaseGradients gradients{std::vector<float>(logs.size()), std::vector<float>(logs.size())};
    const int top = bins - 1;
    const bool evenN = nFft % 2 == 0;
    for (int k = 0; k < frames; ++k) {
        const float* s = logs.data() + static_cast<std::size_t>(k) * bins;
        const float* before = logs.data() + static_cast<std::size_t>(std::max(k - 1, 0)) * bins;
        const float* after = logs.data() + static_cast<std::size_t>(std::min(k + 1, frames - 1)) * bins;
        const double timeSpan = hop * ((k + 1 < frames ? k + 1 : k) - (k > 0 ? k - 1 : k));
        for (int m = 0; m < bins; ++m) {
            // Conjugate symmetry of a real signal's spectrum mirrors |X| about DC and Nyquist.
            const float below = m > 0 ? s[m - 1] : s[std::min(1, top)];
            const float above = m < top ? s[m + 1] : (evenN ? s[std::max(top - 1, 0)] : s[m]);
            const double dsdOmega = (above - below) * nFft / 2.0;
            const double dsdx = timeSpan > 0 ? (after[m] - before[m]) / timeSpan : 0.0;
            const std::size_t i = static_cast<std::size_t>(k) * bins + m;
            gradients.time[i] = static_cast<float>(2.0 * std::numbers::pi * m / nFft + dsdOmega / lambda);
            gradients.frequency[i] = static_cast<float>(-lambda * dsdx);
        }
    }
    return gradients;
}

/// The phase integrated along the gradients from the loudest bins outwards (a heap ordered by
/// level), one pass per tolerance; `done` marks the bins reached.
struct IntegratedPhase {
    std::vector<double> centrePhase;
    std::vector<unsigned char> done;
};

IntegratedPhase integrateFromPeaks(const std::vector<float>& logs, const PhaseGradients& gradients, int bins, int frames,
                                   int nFft, double hop, float peak, const PghiOptions& options,
                                   const std::atomic<bool>* cancel)
{
    const std::size_t count = logs.size();
    IntegratedPhase result{std::vector<double>(count, 0.0), std::vector<unsigned char>(count, 0)};
    std::vector<double>& centrePhase = result.centrePhase;
    std::vector<unsigned char>& done = result.done;
    using Entry = std::pair<float, std::int64_t>;
    std::priority_queue<Entry> heap;
    std::vector<std::int64_t> order(count);
    for (std::size_t i = 0; i < count; ++i)
        order[i] = static_cast<std::int64_t>(i);
    std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        return logs[static_cast<std::size_t>(a)] > logs[static_cast<std::size_t>(b)] ||
               (logs[static_cast<std::size_t>(a)] == logs[static_cast<std::size_t>(b)] && a < b);
    });

    std::vector<double> tolerances;
    if (options.twoPass && options.tolerance < 1e-1)
        tolerances.push_back(1e-1);
    tolerances.push_back(options.tolerance);
    std::size_t work = 0;
    const double inverseN = 1.0 / nFft;
    const std::vector<float>& timeGradient = gradients.time;
    const std::vector<float>& frequencyGradient = gradients.frequency;
    for (double tolerance : tolerances) {
        const float threshold = static_cast<float>(std::log(static_cast<double>(peak)) + std::log(tolerance));
        // Bins integrated by an earlier pass seed this one.
        for (std::size_t i = 0; i < count; ++i)
            if (done[i])
                heap.push({logs[i], static_cast<std::int64_t>(i)});
        std::size_t next = 0;
        for (;;) {
            while (!heap.empty()) {
                const std::int64_t index = heap.top().second;
                heap.pop();
                if ((++work & 4095) == 0 && cancel && cancel->load(std::memory_order_relaxed))
                    throw Cancelled();
                const int k = static_cast<int>(index / bins);
                const int m = static_cast<int>(index % bins);
                const std::size_t i = static_cast<std::size_t>(index);
                auto visit = [&](int kk, int mm, double increment) {
                    const std::size_t j = static_cast<std::size_t>(kk) * bins + mm;
                    if (done[j] || logs[j] < threshold)
                        return;
                    centrePhase[j] = centrePhase[i] + increment;
                    done[j] = 1;
                    heap.push({logs[j], static_cast<std::int64_t>(j)});
                };
                if (k + 1 < frames)
                    visit(k + 1, m, hop * 0.5 * (timeGradient[i] + timeGradient[i + bins]));
                if (k > 0)
                    visit(k - 1, m, -hop * 0.5 * (timeGradient[i] + timeGradient[i - bins]));
                if (m + 1 < bins)
                    visit(k, m + 1, inverseN * 0.5 * (frequencyGradient[i] + frequencyGradient[i + 1]));
                if (m > 0)
                    visit(k, m - 1, -inverseN * 0.5 * (frequencyGradient[i] + frequencyGradient[i - 1]));
            }
            // Start a new island at the largest bin not reached yet.
            while (next < count && done[static_cast<std::size_t>(order[next])])
                ++next;
            if (next == count || logs[static_cast<std::size_t>(order[next])] < threshold)
                break;
            const std::size_t start = static_cast<std::size_t>(order[next]);
            done[start] = 1;
            centrePhase[start] = 0.0;
            heap.push({logs[start], order[next]});
        }
    }
    return result;
}

} // namespace

RealMatrix pghiPhase(const RealMatrix& magnitude, const StftParams& params, const PghiOptions& options,
                     const std::atomic<bool>* cancel)
{
    const StftParams p = params.resolved();
    const int bins = magnitude.bins;
    const int frames = magnitude.frames;
    if (bins != p.bins())
        throw InputError("PGHI: the magnitude has " + std::to_string(bins) + " bins, n_fft " + std::to_string(p.nFft) +
                         " gives " + std::to_string(p.bins()));
    const int nFft = p.nFft;
    const double hop = p.hop;
    const double lambda = options.lambda > 0 ? options.lambda : pghiLambda(p);

    float peak = 0.0f;
    for (float value : magnitude.values)
        peak = std::max(peak, value);
    RealMatrix phase(bins, frames);
    if (!(peak > 0.0f))
        return phase;
    const std::vector<float> logs = flooredLogs(magnitude, peak, options.tolerance);
    const PhaseGradients gradients = phaseGradients(logs, bins, frames, nFft, hop, lambda);
    const IntegratedPhase integrated = integrateFromPeaks(logs, gradients, bins, frames, nFft, hop, peak, options, cancel);

    const double centre = windowCentre(p);
    for (int k = 0; k < frames; ++k) {
        for (int m = 0; m < bins; ++m) {
            const std::size_t i = static_cast<std::size_t>(k) * bins + m;
            const double value = integrated.done[i] ? integrated.centrePhase[i] + centreToFrameStart(m, nFft, centre)
                                                    : uniformPhase(options.seed, i);
            phase.values[i] = static_cast<float>(wrapPhase(value));
        }
    }
    return phase;
}

} // namespace phaselab
