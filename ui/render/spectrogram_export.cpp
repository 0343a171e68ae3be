// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/spectrogram_export.hpp"

#include "core/io/atomic_file.hpp"
#include "core/io/npy.hpp"
#include "ui/render/spectrogram_grid.hpp"

#include <QFile>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace phaselab::ui {

SpectrogramRegion visibleRegion(const Spectrogram& spectrogram, double timeBegin, double timeEnd, double lowHz,
                                double highHz)
{
    SpectrogramRegion region;
    const int frames = spectrogram.frames();
    const int bins = spectrogram.bins();
    region.frameBegin = frames;
    for (int frame = 0; frame < frames; ++frame) {
        const double time = frameCentreSeconds(spectrogram, frame);
        if (time >= timeBegin && time <= timeEnd) {
            region.frameBegin = std::min(region.frameBegin, frame);
            region.frameEnd = frame + 1;
        }
    }
    if (region.frameEnd <= region.frameBegin) {
        region.frameBegin = nearestFrame(spectrogram, 0.5 * (timeBegin + timeEnd));
        region.frameEnd = region.frameBegin + 1;
    }
    const double binHz = binFrequency(spectrogram, 1.0);
    region.binBegin = std::clamp(static_cast<int>(std::ceil(lowHz / binHz - 1e-9)), 0, bins - 1);
    region.binEnd = std::clamp(static_cast<int>(std::floor(highHz / binHz + 1e-9)) + 1, region.binBegin + 1, bins);
    return region;
}

void writeRegionCsv(const QString& path, const Spectrogram& spectrogram, const SpectrogramRegion& region,
                    MagnitudeScale scale)
{
    AtomicFile file(QFile::encodeName(path).toStdString());
    std::string line;
    char number[32];
    for (int frame = region.frameBegin; frame < region.frameEnd; ++frame) {
        line.clear();
        for (int bin = region.binBegin; bin < region.binEnd; ++bin) {
            const float value = cellValue(spectrogram, SpectrogramQuantity::Magnitude, scale, PhaseUnit::Radians, frame, bin);
            const int length = std::snprintf(number, sizeof number, "%.9g", static_cast<double>(value));
            if (bin > region.binBegin)
                line += ',';
            line.append(number, static_cast<std::size_t>(length));
        }
        line += '\n';
        file.write(line.data(), line.size());
    }
    file.commit();
}

void writeRegionNpy(const QString& path, const Spectrogram& spectrogram, const SpectrogramRegion& region,
                    MagnitudeScale scale)
{
    std::vector<float> values(static_cast<std::size_t>(region.bins()) * region.frames());
    for (int bin = region.binBegin; bin < region.binEnd; ++bin)
        for (int frame = region.frameBegin; frame < region.frameEnd; ++frame)
            values[static_cast<std::size_t>(bin - region.binBegin) * region.frames() + (frame - region.frameBegin)] =
                cellValue(spectrogram, SpectrogramQuantity::Magnitude, scale, PhaseUnit::Radians, frame, bin);
    writeNpy(QFile::encodeName(path).toStdString(), std::span<const float>(values),
             {static_cast<std::int64_t>(region.bins()), static_cast<std::int64_t>(region.frames())});
}

} // namespace phaselab::ui
