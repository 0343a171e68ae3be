// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/playback/play_cursor.hpp"

#include "ui/panes/plot_widget.hpp"

namespace phaselab::ui {

PlayCursor::PlayCursor(QObject* parent) : QObject(parent) {}

void PlayCursor::addPane(PlotWidget* pane)
{
    Pane entry;
    entry.plot = pane;
    entry.layer = pane->overlayLayer(QStringLiteral("playCursor"));
    entry.line = new QCPItemStraightLine(pane);
    entry.line->setLayer(entry.layer);
    entry.line->setPen(QPen(QColor(255, 60, 40, 230), 1.5));
    entry.line->setSelectable(false);
    entry.line->setClipToAxisRect(true);
    entry.line->setVisible(false);
    panes_.append(entry);
}

void PlayCursor::setPosition(double seconds)
{
    position_ = seconds;
    const bool show = std::isfinite(seconds);
    for (const Pane& pane : panes_) {
        if (!pane.plot)
            continue;
        if (!show && !pane.line->visible())
            continue;
        if (show) {
            pane.line->point1->setCoords(seconds, 0.0);
            pane.line->point2->setCoords(seconds, 1.0);
        }
        pane.line->setVisible(show);
        pane.layer->replot();
    }
}

} // namespace phaselab::ui
