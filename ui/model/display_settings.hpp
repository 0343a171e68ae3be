// SPDX-License-Identifier: GPL-3.0-or-later
// How the spectrogram panes look (not what they compute): colour map, gain and dynamic range
// (dB), frequency axis, magnitude scale, phase unit and the second pane's quantity. Saved in
// QSettings under "display/".
#pragma once

#include "core/io/storage_spec.hpp"
#include "ui/render/frequency_scale.hpp"
#include "ui/render/spectrogram_grid.hpp"

#include <QString>

class QSettings;

namespace phaselab::ui {

struct DisplaySettings {
    QString colormap = QStringLiteral("viridis");
    /// Brightens the magnitude panes: the top of the colour scale sits gainDb below the peak.
    double gainDb = 0.0;
    /// Span of the dB colour scale; quieter cells take the lowest colour (and the phase-like
    /// panes hide them).
    double rangeDb = 80.0;
    FrequencyScale frequencyScale = FrequencyScale::Linear;
    MagnitudeScale magnitudeScale = MagnitudeScale::Db;
    PhaseUnit phaseUnit = PhaseUnit::Radians;
    SpectrogramQuantity secondPane = SpectrogramQuantity::Phase;

    void load(const QSettings& settings);
    void save(QSettings& settings) const;
    bool operator==(const DisplaySettings&) const = default;
};

} // namespace phaselab::ui
