// SPDX-License-Identifier: GPL-3.0-or-later
// The play cursor: a vertical line at the playback position over every time-aligned pane, drawn on
// a buffered layer of its own so moving it redraws only that layer (not the spectrograms).
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

#include <cmath>

class QCPItemStraightLine;
class QCPLayer;

namespace phaselab::ui {

class PlotWidget;

class PlayCursor : public QObject {
    Q_OBJECT
public:
    explicit PlayCursor(QObject* parent = nullptr);

    /// Adds a pane whose key axis is time in seconds.
    void addPane(PlotWidget* pane);
    /// Moves the line to `seconds` (NaN hides it).
    void setPosition(double seconds);
    double position() const { return position_; }

private:
    struct Pane {
        QPointer<PlotWidget> plot;
        QCPLayer* layer = nullptr;
        QCPItemStraightLine* line = nullptr;
    };
    QList<Pane> panes_;
    double position_ = std::nan("");
};

} // namespace phaselab::ui
