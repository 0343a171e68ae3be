// SPDX-License-Identifier: GPL-3.0-or-later
// A selected time region shared by every time pane, as in Audacity and Sonic Visualiser: drawn
// shaded over each pane, made by Ctrl+drag (or a plain drag with the selection tool on), cleared
// on request. Plain clicks on a pane are passed on as seek requests. Times are in seconds; an
// empty selection has begin() == end().
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QCPItemRect;
class QCPLayer;

namespace phaselab::ui {

class PlotWidget;

class TimeSelection : public QObject {
    Q_OBJECT
public:
    explicit TimeSelection(QObject* parent = nullptr);

    /// Adds a pane whose key axis is time in seconds: it shows the region, and its drags and
    /// clicks select and seek.
    void addPane(PlotWidget* pane);
    /// Times outside [0, limit] are clamped (limit <= 0: no upper bound), e.g. the signal's length.
    void setLimit(double seconds);

    /// Selects [min(a, b), max(a, b)] after clamping; an empty or reversed-to-empty range clears.
    void set(double a, double b);
    void clear();
    bool isEmpty() const { return !(end_ > begin_); }
    double begin() const { return begin_; }
    double end() const { return end_; }
    double length() const { return end_ - begin_; }

    /// Plain drag selects on every pane (instead of panning).
    void setSelectionTool(bool enabled);
    bool selectionTool() const { return selectionTool_; }

signals:
    void changed();
    /// A plain click on a pane, clamped to the limit.
    void seekRequested(double seconds);

private:
    double clamp(double seconds) const;
    void redraw();

    struct Pane {
        QPointer<PlotWidget> plot;
        QCPLayer* layer = nullptr;
        QCPItemRect* shade = nullptr;
    };
    QList<Pane> panes_;
    double begin_ = 0.0;
    double end_ = 0.0;
    double limit_ = 0.0;
    bool selectionTool_ = false;
};

/// "1.234 s" below a minute, "m:ss.sss" above: how the status bar and menus show times.
QString formatSeconds(double seconds);

} // namespace phaselab::ui
