// SPDX-License-Identifier: GPL-3.0-or-later
// The QCustomPlot every pane is made of, with the workbench's conventions: one axis rect plus a
// fixed-width right column (a colour scale, or a blank of the same width) and a fixed left margin,
// so panes stacked in a column line their time axes up; drag pans, wheel zooms time (Ctrl+wheel:
// the vertical axis, Shift+wheel: pans time), Shift+drag (or the rubber-band tool) zooms to a
// rectangle, double-click fits; a plain click (no drag) reports its time (seek), and Ctrl+drag
// (or any drag with the selection tool on) reports a time region instead of panning; a crosshair
// on its own buffered layer (cheap to move); a title in the top-left corner and an optional
// centred placeholder text for empty panes. An axis label longer than its axis (a low pane in a
// small window) is shortened before it is drawn, from "Frequency (Hz)" to "Freq. (Hz)" to "Hz",
// rather than clipped.
#pragma once

#include <qcustomplot.h>

#include <QHash>
#include <QString>
#include <QStringList>

#include <cmath>

namespace phaselab::ui {

class PlotWidget : public QCustomPlot {
    Q_OBJECT
public:
    static constexpr int kLeftMargin = 78;    ///< px for the value axis' ticks and label
    static constexpr int kRightColumn = 104;  ///< px for a colour scale and its label

    explicit PlotWidget(QWidget* parent = nullptr);

    QCPAxisRect* rect() const { return axisRect(); }
    /// Puts `element` (e.g. a QCPColorScale) at the left of the fixed-width right-hand column.
    void setRightColumn(QCPLayoutElement* element);

    void setTitle(const QString& title);
    QString title() const;
    /// Centred text shown while `visible` (e.g. "Run a reconstruction to see it converge").
    void setPlaceholder(const QString& text, bool visible);
    bool placeholderVisible() const;

    /// Plain drag draws a zoom rectangle instead of panning.
    void setRubberBandTool(bool enabled) { rubberBandTool_ = enabled; }
    bool rubberBandTool() const { return rubberBandTool_; }
    /// Plain drag selects a time region instead of panning (Ctrl+drag always does).
    void setSelectionTool(bool enabled) { selectionTool_ = enabled; }
    bool selectionTool() const { return selectionTool_; }

    /// A buffered layer of this name above the data (made on first use), for marks that move
    /// often without redrawing the data: the play cursor, the time selection.
    QCPLayer* overlayLayer(const QString& name);

    /// Crosshair lines at a key (vertical) and/or value (horizontal); NaN hides a line.
    void setCrosshair(double key, double value = std::nan(""));
    void hideCrosshair() { setCrosshair(std::nan(""), std::nan("")); }
    bool crosshairVisible() const;

    /// The full extent of the data, for "fit"; empty ranges mean "nothing to fit".
    void setDataExtent(const QCPRange& keys, const QCPRange& values);
    QCPRange keyExtent() const { return keyExtent_; }
    QCPRange valueExtent() const { return valueExtent_; }
    /// Zooms both axes out to the data extent.
    virtual void fit();
    void fitKeys();
    void fitValues();
    /// Keeps an axis range inside the extent (plus a small margin), shifting before shrinking.
    static QCPRange clampToExtent(const QCPRange& range, const QCPRange& extent);

    /// The shorter forms of an axis label, longest first, ending with its unit alone.
    static QStringList shorterLabels(const QString& label);

    /// Writes the plot as PNG or PDF (by extension); returns false with `error` set on failure.
    bool exportTo(const QString& path, QString* error = nullptr);

signals:
    /// The mouse is over the axis rect at these coordinates.
    void hovered(double key, double value);
    /// The mouse left the axis rect.
    void left();
    /// The user asked for an export from the context menu ("png" or "pdf").
    void exportRequested(const QString& format);
    void fitRequested();
    /// A left click that did not drag, pan, zoom or select, at this key (time).
    void clicked(double key);
    /// A region-selecting drag from `from` to `to` (keys, in drag order); `finished` on release.
    void regionDragged(double from, double to, bool finished);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void clampRanges();
    /// After each layout: every axis label that does not fit its axis gets its longest shorter form.
    void fitAxisLabels();

    struct AxisLabel {
        QString full;  ///< as the code set it
        QString shown; ///< what fits
    };
    QHash<const QCPAxis*, AxisLabel> axisLabels_;

    QCPLayer* crosshairLayer_ = nullptr;
    QCPItemStraightLine* keyLine_ = nullptr;
    QCPItemStraightLine* valueLine_ = nullptr;
    QCPItemText* title_ = nullptr;
    QCPItemText* placeholder_ = nullptr;
    QCPLayoutGrid* rightColumn_ = nullptr;
    QCPRange keyExtent_{0.0, 0.0};
    QCPRange valueExtent_{0.0, 0.0};
    bool rubberBandTool_ = false;
    bool selectionTool_ = false;
    bool selecting_ = false;    ///< a region-selecting drag is under way
    bool mayBeClick_ = false;   ///< the left button went down without a band or selection
    double selectFrom_ = 0.0;
    QPointF pressPosition_;
    bool clamping_ = false;
};

} // namespace phaselab::ui
