// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/rtisi_la.hpp"

#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <string>

namespace phaselab {

int rtisiLookahead(const StftParams& params, const RtisiLaOptions& options)
{
    const StftParams p = params.resolved();
    if (options.lookahead >= 0)
        return options.lookahead;
    return std::max(0, (p.winLength + p.hop - 1) / p.hop - 1);
}

std::vector<float> rtisiLa(const RealMatrix& magnitude, const StftParams& params, std::int64_t signalLength,
                           const RtisiLaOptions& options, const std::atomic<bool>* cancel, bool* cancelled)
{
    const StftParams p = params.resolved();
    p.validate();
    if (magnitude.bins != p.bins())
        throw InputError("RTISI-LA: the magnitude has " + std::to_string(magnitude.bins) + " bins, n_fft " +
                         std::to_string(p.nFft) + " gives " + std::to_string(p.bins()));
    if (options.iterations < 0)
        throw InputError("RTISI-LA: the iterations per frame must not be negative");
    const int frames = magnitude.frames;
    const int nFft = p.nFft;
    const int hop = p.hop;
    const int bins = magnitude.bins;
    const int lookahead = rtisiLookahead(p, options);
    const std::vector<float> window = frameWindow(p);
    const std::size_t paddedLength = static_cast<std::size_t>(frames - 1) * hop + nFft;

    std::vector<double> numerator(paddedLength, 0.0); // sum of w y over the frames so far
    std::vector<double> envelope(paddedLength, 0.0);  // sum of w^2 over the frames so far
    std::vector<float> estimates(static_cast<std::size_t>(lookahead + 1) * nFft, 0.0f); // ring of y_j
    std::vector<float> segment(static_cast<std::size_t>(nFft));
    std::vector<float> updated(static_cast<std::size_t>(nFft));
    std::vector<std::complex<float>> spectrum(static_cast<std::size_t>(bins));
    RealFft fft(nFft);
    const float inverseN = 1.0f / static_cast<float>(nFft);
    double peakEnvelope = 0.0;
    for (float w : window)
        peakEnvelope = std::max(peakEnvelope, static_cast<double>(w) * w);
    const double envelopeFloor = 1e-10 * peakEnvelope;

    auto reestimate = [&](int frame) {
        const std::size_t start = static_cast<std::size_t>(frame) * hop;
        float* estimate = estimates.data() + static_cast<std::size_t>(frame % (lookahead + 1)) * nFft;
        for (int n = 0; n < nFft; ++n) {
            const double e = envelope[start + n];
            segment[static_cast<std::size_t>(n)] =
                e > envelopeFloor ? static_cast<float>(numerator[start + n] / e) * window[static_cast<std::size_t>(n)] : 0.0f;
        }
        fft.forward(segment.data(), spectrum.data());
        const float* target = magnitude.frame(frame);
        for (int m = 0; m < bins; ++m) {
            const float size = std::abs(spectrum[static_cast<std::size_t>(m)]);
            spectrum[static_cast<std::size_t>(m)] =
                size > 0.0f ? spectrum[static_cast<std::size_t>(m)] * (target[m] / size) : std::complex<float>(target[m], 0.0f);
        }
        fft.inverse(spectrum.data(), updated.data());
        for (int n = 0; n < nFft; ++n) {
            const float y = updated[static_cast<std::size_t>(n)] * inverseN;
            numerator[start + n] += static_cast<double>(window[static_cast<std::size_t>(n)]) *
                                    (y - estimate[static_cast<std::size_t>(n)]);
            estimate[static_cast<std::size_t>(n)] = y;
        }
    };

    bool stopped = false;
    for (int arriving = 0; arriving < frames + lookahead; ++arriving) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            stopped = true;
            break;
        }
        if (arriving < frames) {
            const std::size_t start = static_cast<std::size_t>(arriving) * hop;
            for (int n = 0; n < nFft; ++n)
                envelope[start + n] += static_cast<double>(window[static_cast<std::size_t>(n)]) * window[static_cast<std::size_t>(n)];
            std::fill_n(estimates.begin() + static_cast<std::ptrdiff_t>(arriving % (lookahead + 1)) * nFft, nFft, 0.0f);
            reestimate(arriving); // RTISI's initial estimate from the overlap so far
        }
        const int oldest = std::max(0, arriving - lookahead);
        const int newest = std::min(arriving, frames - 1);
        for (int iteration = 0; iteration < options.iterations; ++iteration)
            for (int frame = oldest; frame <= newest; ++frame)
                reestimate(frame);
        // Frame `oldest` is now committed (when arriving >= lookahead): it is never re-estimated.
    }
    if (cancelled)
        *cancelled = stopped;

    std::vector<float> signal(static_cast<std::size_t>(std::max<std::int64_t>(signalLength, 0)), 0.0f);
    const std::int64_t padding = p.padding();
    for (std::int64_t n = 0; n < signalLength; ++n) {
        const std::int64_t u = n + padding;
        if (u < 0 || u >= static_cast<std::int64_t>(paddedLength))
            continue;
        const double e = envelope[static_cast<std::size_t>(u)];
        signal[static_cast<std::size_t>(n)] = e > envelopeFloor ? static_cast<float>(numerator[static_cast<std::size_t>(u)] / e) : 0.0f;
    }
    return signal;
}

} // namespace phaselab
