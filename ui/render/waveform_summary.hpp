// SPDX-License-Identifier: GPL-3.0-or-later
// Level of detail for waveforms: the minimum and maximum of every block of kBlock samples, so a
// view of any length is drawn from at most a few thousand values per pixel column, however long
// the file (a 10-minute 44.1 kHz file has 26.5 M samples, 103 k blocks).
#pragma once

#include "core/base/signal.hpp"

#include <cstdint>
#include <vector>

namespace phaselab::ui {

struct WaveformSummary {
    static constexpr int kBlock = 256;
    std::vector<float> minimum; ///< per block
    std::vector<float> maximum; ///< per block
};

WaveformSummary summariseWaveform(const Signal& signal);

/// Min/max envelope of samples [begin, end) split into `columns` equal parts; uses the summary
/// where a part spans whole blocks. Output vectors are resized to `columns`.
void waveformEnvelope(const Signal& signal, const WaveformSummary& summary, std::int64_t begin, std::int64_t end,
                      int columns, std::vector<float>& minimum, std::vector<float>& maximum);

} // namespace phaselab::ui
