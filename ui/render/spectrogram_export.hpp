// SPDX-License-Identifier: GPL-3.0-or-later
// Exports the numbers of the visible part of a spectrogram: every frame whose centre lies in the
// visible time range and every bin in the visible frequency range, at full resolution (not the
// screen's level of detail), in the pane's magnitude scale (dB = 20 log10 |X|, floor -200 dB).
// CSV: one line per frame, bins in ascending frequency (CLI.md's frames_by_bins CSV layout).
// npy: float32, shape (bins, frames) as librosa and torch (bins_by_frames), via core/io/npy.
// Files are written atomically. Throws phaselab::Error with a user-facing message.
#pragma once

#include "core/io/storage_spec.hpp"
#include "core/dsp/stft.hpp"

#include <QString>

namespace phaselab::ui {

struct SpectrogramRegion {
    int frameBegin = 0;
    int frameEnd = 0; ///< exclusive
    int binBegin = 0;
    int binEnd = 0;   ///< exclusive

    int frames() const { return frameEnd - frameBegin; }
    int bins() const { return binEnd - binBegin; }
};

/// Frames whose centre time is in [timeBegin, timeEnd] s and bins in [lowHz, highHz] (at least
/// one of each, clamped to the spectrogram).
SpectrogramRegion visibleRegion(const Spectrogram& spectrogram, double timeBegin, double timeEnd, double lowHz,
                                double highHz);

void writeRegionCsv(const QString& path, const Spectrogram& spectrogram, const SpectrogramRegion& region,
                    MagnitudeScale scale);
void writeRegionNpy(const QString& path, const Spectrogram& spectrogram, const SpectrogramRegion& region,
                    MagnitudeScale scale);

} // namespace phaselab::ui
