// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/time_selection.hpp"

#include "ui/panes/plot_widget.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab::ui {

TimeSelection::TimeSelection(QObject* parent) : QObject(parent) {}

void TimeSelection::addPane(PlotWidget* pane)
{
    Pane entry;
    entry.plot = pane;
    entry.layer = pane->overlayLayer(QStringLiteral("timeSelection"));
    entry.shade = new QCPItemRect(pane);
    entry.shade->setLayer(entry.layer);
    // Blue, as in Audacity and Sonic Visualiser: it shows on the white waveform and on dark
    // spectrograms alike.
    entry.shade->setPen(QPen(QColor(40, 120, 255, 230), 1.5));
    entry.shade->setBrush(QColor(110, 165, 255, 90));
    entry.shade->setSelectable(false);
    entry.shade->setClipToAxisRect(true);
    for (QCPItemPosition* corner : {entry.shade->topLeft, entry.shade->bottomRight}) {
        corner->setTypeX(QCPItemPosition::ptPlotCoords);
        corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    entry.shade->setVisible(false);
    pane->setSelectionTool(selectionTool_);
    panes_.append(entry);
    connect(pane, &PlotWidget::regionDragged, this, [this](double from, double to, bool) { set(from, to); });
    connect(pane, &PlotWidget::clicked, this, [this](double key) { emit seekRequested(clamp(key)); });
    redraw();
}

void TimeSelection::setLimit(double seconds)
{
    limit_ = seconds;
    if (!isEmpty())
        set(begin_, end_);
}

double TimeSelection::clamp(double seconds) const
{
    seconds = std::max(0.0, seconds);
    return limit_ > 0.0 ? std::min(seconds, limit_) : seconds;
}

void TimeSelection::set(double a, double b)
{
    if (!std::isfinite(a) || !std::isfinite(b))
        return;
    double begin = clamp(std::min(a, b));
    double end = clamp(std::max(a, b));
    if (!(end > begin))
        begin = end = 0.0;
    if (begin == begin_ && end == end_)
        return;
    begin_ = begin;
    end_ = end;
    redraw();
    emit changed();
}

void TimeSelection::clear()
{
    set(0.0, 0.0);
}

void TimeSelection::setSelectionTool(bool enabled)
{
    selectionTool_ = enabled;
    for (const Pane& pane : panes_)
        if (pane.plot)
            pane.plot->setSelectionTool(enabled);
}

void TimeSelection::redraw()
{
    const bool show = !isEmpty();
    for (const Pane& pane : panes_) {
        if (!pane.plot)
            continue;
        if (!show && !pane.shade->visible())
            continue;
        pane.shade->topLeft->setCoords(begin_, 0.0);
        pane.shade->bottomRight->setCoords(end_, 1.0);
        pane.shade->setVisible(show);
        pane.layer->replot();
    }
}

QString formatSeconds(double seconds)
{
    if (seconds < 60.0)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 3);
    const int minutes = static_cast<int>(seconds / 60.0);
    return QStringLiteral("%1:%2").arg(minutes).arg(seconds - 60.0 * minutes, 6, 'f', 3, QLatin1Char('0'));
}

} // namespace phaselab::ui
