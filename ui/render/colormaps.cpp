// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/colormaps.hpp"

#include <QColor>
#include <QMap>

#include <initializer_list>

namespace phaselab::ui {
namespace {

QCPColorGradient evenStops(std::initializer_list<const char*> colours)
{
    QCPColorGradient gradient;
    QMap<double, QColor> stops;
    const int count = static_cast<int>(colours.size());
    int index = 0;
    for (const char* colour : colours)
        stops.insert(static_cast<double>(index++) / (count - 1), QColor(QString::fromLatin1(colour)));
    gradient.setColorStops(stops);
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(256);
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor(40, 40, 40));
    return gradient;
}

} // namespace

const QStringList& magnitudeColormapNames()
{
    static const QStringList names{QStringLiteral("viridis"), QStringLiteral("magma"), QStringLiteral("inferno"),
                                   QStringLiteral("grey"), QStringLiteral("green")};
    return names;
}

QString colormapLabel(const QString& name)
{
    if (name == QLatin1String("green"))
        return QStringLiteral("Classic green");
    if (name == QLatin1String("grey"))
        return QStringLiteral("Grey");
    if (name.isEmpty())
        return name;
    return name.at(0).toUpper() + name.mid(1);
}

QCPColorGradient magnitudeGradient(const QString& name)
{
    if (name == QLatin1String("magma"))
        return evenStops({"#000004", "#140e36", "#3b0f70", "#641a80", "#8c2981", "#b73779", "#de4968", "#f7705c",
                          "#fe9f6d", "#fecf92", "#fcfdbf"});
    if (name == QLatin1String("inferno"))
        return evenStops({"#000004", "#160b39", "#420a68", "#6a176e", "#932667", "#bc3754", "#dd513a", "#f37819",
                          "#fca50a", "#f6d746", "#fcffa4"});
    if (name == QLatin1String("grey"))
        return evenStops({"#000000", "#ffffff"});
    if (name == QLatin1String("green"))
        return evenStops({"#000000", "#001a00", "#003d05", "#00660a", "#008f10", "#14b81e", "#3fdc3a", "#8af57a",
                          "#d8ffcf"});
    return evenStops({"#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70",
                      "#7ad151", "#bddf26", "#fde725"});
}

QCPColorGradient cyclicGradient()
{
    // matplotlib's "twilight" sampled at 0, 0.1, ..., 1: light at +-pi, dark at 0, blue and red between.
    QCPColorGradient gradient = evenStops({"#e2d9e2", "#a6b9d0", "#6f8ac2", "#5b53b1", "#46256e", "#2f1436",
                                           "#5e1d4a", "#9c3b4a", "#c07257", "#d2ad98", "#e2d9e2"});
    gradient.setPeriodic(true);
    return gradient;
}

QCPColorGradient divergingGradient()
{
    return evenStops({"#3b4cc0", "#6f92f3", "#aac7fd", "#dddddd", "#f7b89c", "#e7745b", "#b40426"});
}

} // namespace phaselab::ui
