// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/frequency_scale.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace phaselab::ui {

QString frequencyScaleName(FrequencyScale scale)
{
    switch (scale) {
    case FrequencyScale::Logarithmic: return QStringLiteral("log");
    case FrequencyScale::Mel: return QStringLiteral("mel");
    case FrequencyScale::Linear: break;
    }
    return QStringLiteral("linear");
}

FrequencyScale parseFrequencyScale(const QString& name)
{
    if (name == QLatin1String("log"))
        return FrequencyScale::Logarithmic;
    if (name == QLatin1String("mel"))
        return FrequencyScale::Mel;
    return FrequencyScale::Linear;
}

const QStringList& frequencyScaleNames()
{
    static const QStringList names{QStringLiteral("linear"), QStringLiteral("log"), QStringLiteral("mel")};
    return names;
}

double warpFrequency(FrequencyScale scale, double hz)
{
    switch (scale) {
    case FrequencyScale::Logarithmic: return std::log10(std::max(hz, 1e-3));
    case FrequencyScale::Mel: return 2595.0 * std::log10(1.0 + std::max(hz, 0.0) / 700.0);
    case FrequencyScale::Linear: break;
    }
    return hz;
}

double unwarpFrequency(FrequencyScale scale, double coordinate)
{
    switch (scale) {
    case FrequencyScale::Logarithmic: return std::pow(10.0, coordinate);
    case FrequencyScale::Mel: return 700.0 * (std::pow(10.0, coordinate / 2595.0) - 1.0);
    case FrequencyScale::Linear: break;
    }
    return coordinate;
}

double lowestDisplayedFrequency(FrequencyScale scale, double sampleRate, int nFft)
{
    if (scale == FrequencyScale::Logarithmic && nFft > 0)
        return sampleRate / nFft;
    return 0.0;
}

QString FrequencyTicker::formatHz(double hz)
{
    if (std::abs(hz) < 1000.0)
        return QString::number(hz, 'g', 4);
    return QString::number(hz / 1000.0, 'g', 4) + QLatin1Char('k');
}

QVector<double> FrequencyTicker::createTickVector(double, const QCPRange& range)
{
    if (scale_ == FrequencyScale::Linear) {
        // Plain linear ticks: let the base class pick its step for this range.
        return QCPAxisTicker::createTickVector(getTickStep(range), range);
    }
    const double lowHz = std::max(unwarpFrequency(scale_, range.lower), 0.0);
    const double highHz = unwarpFrequency(scale_, range.upper);
    if (!(highHz > lowHz))
        return {};
    // Candidates by rank: 10^k, then 2 and 5 x 10^k, then the other digits, then half steps.
    const double minSpacing = (range.upper - range.lower) / std::max(2, tickCount() + 1);
    std::vector<double> chosen;
    auto tryAdd = [&](double hz) {
        if (hz < lowHz || hz > highHz)
            return;
        const double coordinate = warpFrequency(scale_, hz);
        for (double other : chosen)
            if (std::abs(warpFrequency(scale_, other) - coordinate) < minSpacing)
                return;
        chosen.push_back(hz);
    };
    const int firstDecade = static_cast<int>(std::floor(std::log10(std::max(lowHz, 1.0)))) - 1;
    const int lastDecade = static_cast<int>(std::ceil(std::log10(std::max(highHz, 1.0))));
    if (lowHz <= 0.0)
        tryAdd(0.0);
    const std::vector<std::vector<double>> ranks{{1.0}, {2.0, 5.0}, {3.0, 4.0, 6.0, 7.0, 8.0, 9.0}, {1.5, 2.5, 3.5, 4.5}};
    for (const auto& digits : ranks)
        for (int decade = firstDecade; decade <= lastDecade; ++decade)
            for (double digit : digits)
                tryAdd(digit * std::pow(10.0, decade));
    std::sort(chosen.begin(), chosen.end());
    QVector<double> ticks;
    for (double hz : chosen)
        ticks.append(warpFrequency(scale_, hz));
    return ticks;
}

QVector<double> FrequencyTicker::createSubTickVector(int subTickCount, const QVector<double>& ticks)
{
    if (scale_ == FrequencyScale::Linear)
        return QCPAxisTicker::createSubTickVector(subTickCount, ticks);
    return {};
}

QString FrequencyTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision)
{
    Q_UNUSED(locale) Q_UNUSED(formatChar) Q_UNUSED(precision)
    return formatHz(std::round(unwarpFrequency(scale_, tick) * 100.0) / 100.0);
}

} // namespace phaselab::ui
