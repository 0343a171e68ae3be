// SPDX-License-Identifier: GPL-3.0-or-later
// A second trace in a waveform pane: the reconstruction drawn over the original, in its own colour
// and half transparent, so both stay visible (a sign flip shows as a mirror image). Like the pane's
// own trace, a min/max envelope per pixel column (ui/render/waveform_summary.hpp) or, zoomed in, the
// samples; rebuilt whenever the pane's time range or size changes. A small legend names both.
#pragma once

#include "ui/model/analysis.hpp"

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QCPGraph;

namespace phaselab::ui {

class PlotWidget;

class WaveformOverlay : public QObject {
    Q_OBJECT
public:
    /// `pane`'s key axis is time (s); `originalColour` is the pane's own trace colour (for the legend).
    WaveformOverlay(PlotWidget* pane, const QColor& originalColour, QObject* parent = nullptr);

    /// Shows `analysis`'s signal as the overlay, named `name` in the legend; null hides it.
    void setAnalysis(std::shared_ptr<const Analysis> analysis, const QString& name);
    const std::shared_ptr<const Analysis>& analysis() const { return analysis_; }
    QString name() const { return name_; }
    PlotWidget* pane() const { return pane_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void scheduleRebuild();
    void rebuild();

    QPointer<PlotWidget> pane_;
    const QObject* paneObject_ = nullptr; ///< identity only, never dereferenced
    std::shared_ptr<const Analysis> analysis_;
    QString name_;
    QCPGraph* upper_ = nullptr;
    QCPGraph* lower_ = nullptr;
    QCPGraph* samples_ = nullptr;
    QCPGraph* originalKey_ = nullptr; ///< data-less: the legend entry of the pane's own trace
    QCPGraph* overlayKey_ = nullptr;
    bool queued_ = false;
};

} // namespace phaselab::ui
