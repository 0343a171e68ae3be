// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/waveform_summary.hpp"

#include <algorithm>
#include <limits>

namespace phaselab::ui {

WaveformSummary summariseWaveform(const Signal& signal)
{
    WaveformSummary summary;
    const std::int64_t length = signal.length();
    const std::int64_t blocks = (length + WaveformSummary::kBlock - 1) / WaveformSummary::kBlock;
    summary.minimum.resize(static_cast<std::size_t>(blocks));
    summary.maximum.resize(static_cast<std::size_t>(blocks));
    for (std::int64_t block = 0; block < blocks; ++block) {
        const std::int64_t begin = block * WaveformSummary::kBlock;
        const std::int64_t end = std::min(begin + WaveformSummary::kBlock, length);
        const auto [low, high] = std::minmax_element(signal.samples.begin() + begin, signal.samples.begin() + end);
        summary.minimum[static_cast<std::size_t>(block)] = *low;
        summary.maximum[static_cast<std::size_t>(block)] = *high;
    }
    return summary;
}

void waveformEnvelope(const Signal& signal, const WaveformSummary& summary, std::int64_t begin, std::int64_t end,
                      int columns, std::vector<float>& minimum, std::vector<float>& maximum)
{
    columns = std::max(columns, 0);
    minimum.assign(static_cast<std::size_t>(columns), 0.0f);
    maximum.assign(static_cast<std::size_t>(columns), 0.0f);
    begin = std::clamp<std::int64_t>(begin, 0, signal.length());
    end = std::clamp<std::int64_t>(end, begin, signal.length());
    if (columns == 0 || end <= begin)
        return;
    const double perColumn = static_cast<double>(end - begin) / columns;
    const std::int64_t block = WaveformSummary::kBlock;
    for (int column = 0; column < columns; ++column) {
        std::int64_t from = begin + static_cast<std::int64_t>(column * perColumn);
        const std::int64_t to = std::max(from + 1, std::min(end, begin + static_cast<std::int64_t>((column + 1) * perColumn)));
        float low = std::numeric_limits<float>::infinity();
        float high = -std::numeric_limits<float>::infinity();
        while (from < to) {
            if (from % block == 0 && from + block <= to) {
                const std::size_t index = static_cast<std::size_t>(from / block);
                low = std::min(low, summary.minimum[index]);
                high = std::max(high, summary.maximum[index]);
                from += block;
            } else {
                const float sample = signal.samples[static_cast<std::size_t>(from)];
                low = std::min(low, sample);
                high = std::max(high, sample);
                ++from;
            }
        }
        minimum[static_cast<std::size_t>(column)] = low;
        maximum[static_cast<std::size_t>(column)] = high;
    }
}

} // namespace phaselab::ui
