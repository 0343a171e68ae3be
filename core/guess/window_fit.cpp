// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/window_fit.hpp"

#include "core/guess/frame_envelope.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace phaselab {
namespace {

struct Trial {
    int length;
    int offset;
};

double fitError(const std::vector<double>& envelopeDb, const std::vector<double>& envelope, double floor,
                const std::vector<float>& window, int offset)
{
    const int n = static_cast<int>(envelope.size());
    const int length = static_cast<int>(window.size());
    // Scale: the median ratio over the window's central part, where the envelope is far above noise.
    std::vector<double> ratios;
    ratios.reserve(window.size());
    double peak = 0.0;
    for (float w : window)
        peak = std::max(peak, static_cast<double>(w) * w);
    for (int m = 0; m < length; ++m) {
        const double w2 = static_cast<double>(window[static_cast<std::size_t>(m)]) * window[static_cast<std::size_t>(m)];
        if (w2 > 0.25 * peak)
            ratios.push_back(std::log(std::max(envelope[static_cast<std::size_t>(offset + m)], 1e-300) / w2));
    }
    if (ratios.empty())
        return 1e9;
    std::nth_element(ratios.begin(), ratios.begin() + static_cast<std::ptrdiff_t>(ratios.size() / 2), ratios.end());
    const double scale = std::exp(ratios[ratios.size() / 2]);
    double sum = 0.0;
    for (int m = 0; m < n; ++m) {
        double w2 = 0.0;
        if (m >= offset && m < offset + length) {
            const double w = window[static_cast<std::size_t>(m - offset)];
            w2 = w * w;
        }
        const double model = 10.0 * std::log10(scale * w2 + floor);
        const double difference = std::min(std::abs(envelopeDb[static_cast<std::size_t>(m)] - model), 30.0);
        sum += difference * difference;
    }
    return std::sqrt(sum / n);
}

std::vector<WindowSpec> expandParameters(const WindowSpec& window)
{
    std::vector<WindowSpec> result;
    if (window.type == WindowType::Kaiser) {
        for (double beta : {2.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0, 14.0}) {
            WindowSpec variant = window;
            variant.parameter = beta;
            result.push_back(variant);
        }
    } else if (window.type == WindowType::Gauss) {
        for (double sigma : {0.08, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4}) {
            WindowSpec variant = window;
            variant.parameter = sigma;
            result.push_back(variant);
        }
    } else {
        result.push_back(window);
    }
    return result;
}

} // namespace

std::vector<WindowShapeFit> fitWindowShapes(const std::vector<double>& envelope, const std::vector<WindowSpec>& windows,
                                            const std::vector<int>& lengthHints)
{
    std::vector<WindowShapeFit> fits;
    const int n = static_cast<int>(envelope.size());
    if (n < 2)
        return fits;
    const EnvelopeSupport support = envelopeSupport(envelope);
    const double floor = support.floor;
    std::vector<double> envelopeDb(envelope.size());
    for (std::size_t m = 0; m < envelope.size(); ++m)
        envelopeDb[m] = 10.0 * std::log10(envelope[m] + floor);

    // Lengths: the visible support and a little more (window tails sink into the noise floor),
    // the whole frame, and the hints.
    std::set<int> lengths;
    for (int extra = 0; extra <= 8; ++extra)
        lengths.insert(std::min(n, support.length + extra));
    lengths.insert(n);
    for (int hint : lengthHints)
        if (hint >= 1 && hint <= n)
            lengths.insert(hint);
    const int supportCentre2 = 2 * support.begin + support.length; // twice the centre

    for (const WindowSpec& base : windows) {
        for (const WindowSpec& window : expandParameters(base)) {
            WindowShapeFit best;
            best.errorDb = 1e18;
            for (int length : lengths) {
                const auto values = makeWindow(window, length);
                std::set<int> offsets = {0, (n - length) / 2};
                const int centred = (supportCentre2 - length) / 2;
                for (int delta = -2; delta <= 2; ++delta)
                    offsets.insert(centred + delta);
                for (int offset : offsets) {
                    if (offset < 0 || offset + length > n)
                        continue;
                    const double error = fitError(envelopeDb, envelope, floor, values, offset);
                    if (error < best.errorDb - 1e-9) {
                        best.window = window;
                        best.winLength = length;
                        best.winOffset = offset;
                        best.errorDb = error;
                    }
                }
            }
            if (best.winLength > 0) {
                // Keep one entry per family and form: the best parameter.
                auto same = std::find_if(fits.begin(), fits.end(), [&](const WindowShapeFit& fit) {
                    return fit.window.type == best.window.type && fit.window.periodic == best.window.periodic;
                });
                if (same == fits.end())
                    fits.push_back(best);
                else if (best.errorDb < same->errorDb)
                    *same = best;
            }
        }
    }
    std::stable_sort(fits.begin(), fits.end(),
                     [](const WindowShapeFit& a, const WindowShapeFit& b) { return a.errorDb < b.errorDb; });
    return fits;
}

} // namespace phaselab
