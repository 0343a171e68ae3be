// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/display_settings.hpp"

#include "ui/render/colormaps.hpp"

#include <QSettings>

#include <algorithm>

namespace phaselab::ui {

void DisplaySettings::load(const QSettings& settings)
{
    const DisplaySettings defaults;
    colormap = settings.value(QStringLiteral("display/colormap"), defaults.colormap).toString();
    if (!magnitudeColormapNames().contains(colormap))
        colormap = defaults.colormap;
    gainDb = std::clamp(settings.value(QStringLiteral("display/gainDb"), defaults.gainDb).toDouble(), -100.0, 100.0);
    rangeDb = std::clamp(settings.value(QStringLiteral("display/rangeDb"), defaults.rangeDb).toDouble(), 10.0, 200.0);
    frequencyScale = parseFrequencyScale(settings.value(QStringLiteral("display/frequencyScale")).toString());
    const QString scale = settings.value(QStringLiteral("display/magnitudeScale"), QStringLiteral("db")).toString();
    magnitudeScale = scale == QLatin1String("linear") ? MagnitudeScale::Linear
                     : scale == QLatin1String("power") ? MagnitudeScale::Power
                                                       : MagnitudeScale::Db;
    phaseUnit = settings.value(QStringLiteral("display/phaseUnit")).toString() == QLatin1String("deg") ? PhaseUnit::Degrees
                                                                                                      : PhaseUnit::Radians;
    secondPane = parseQuantity(settings.value(QStringLiteral("display/secondPane"), QStringLiteral("phase")).toString());
    if (secondPane == SpectrogramQuantity::Magnitude)
        secondPane = SpectrogramQuantity::Phase;
}

void DisplaySettings::save(QSettings& settings) const
{
    settings.setValue(QStringLiteral("display/colormap"), colormap);
    settings.setValue(QStringLiteral("display/gainDb"), gainDb);
    settings.setValue(QStringLiteral("display/rangeDb"), rangeDb);
    settings.setValue(QStringLiteral("display/frequencyScale"), frequencyScaleName(frequencyScale));
    settings.setValue(QStringLiteral("display/magnitudeScale"), QString::fromStdString(magnitudeScaleName(magnitudeScale)));
    settings.setValue(QStringLiteral("display/phaseUnit"), QString::fromStdString(phaseUnitName(phaseUnit)));
    settings.setValue(QStringLiteral("display/secondPane"), quantityName(secondPane));
}

} // namespace phaselab::ui
