// SPDX-License-Identifier: GPL-3.0-or-later
// A spectrogram pane: a QCPColorMap of one quantity (magnitude, phase, instantaneous frequency or
// group delay) against time (s) and frequency (Hz, on a linear, log or mel axis), with a colour
// scale legend in the quantity's unit. The cells come from a DisplayGrid built off the GUI thread
// (workers/grid_worker) for the visible time range at the screen's level of detail, and are
// rebuilt when a zoom needs more detail; until then the previous image is stretched. Gain and
// dynamic range only move the colour scale (no rebuild).
#pragma once

#include "ui/model/analysis.hpp"
#include "ui/model/display_settings.hpp"
#include "ui/panes/plot_widget.hpp"
#include "ui/render/spectrogram_grid.hpp"

#include <QTimer>

#include <memory>

namespace phaselab::ui {

class FrequencyTicker;
class GridWorker;

class SpectrogramView : public PlotWidget {
    Q_OBJECT
public:
    explicit SpectrogramView(SpectrogramQuantity quantity, QWidget* parent = nullptr);

    void setQuantity(SpectrogramQuantity quantity);
    SpectrogramQuantity quantity() const { return quantity_; }
    /// keepRange: keep the current time and frequency ranges (a recompute), else fit.
    void setAnalysis(std::shared_ptr<const Analysis> analysis, bool keepRange);
    const std::shared_ptr<const Analysis>& analysis() const { return analysis_; }
    void setDisplay(const DisplaySettings& display);
    /// Axis labels for a spectrogram like `like` (s and Hz, or samples and f/fs without a sample
    /// rate) while the pane shows nothing yet.
    void setAxisLabelsFor(const Spectrogram& like);
    const DisplaySettings& display() const { return display_; }

    /// True while a grid is scheduled, being built, or applied but not drawn yet.
    bool pending() const;

    QCPColorMap* colorMap() const { return colorMap_; }
    QCPColorScale* colorScale() const { return colorScale_; }
    /// The grid on screen (null before the first one).
    const std::shared_ptr<const DisplayGrid>& grid() const { return grid_; }

    /// Frequency (Hz) at a value-axis coordinate, and back.
    double frequencyAt(double coordinate) const;
    double coordinateOf(double hz) const;
    /// The colour scale's range (in the quantity's unit) for the current analysis and display.
    QCPRange colourRange() const;

signals:
    /// A grid has been applied and drawn; pending() is false.
    void settled();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void scheduleGrid(bool force);
    void requestGrid();
    void applyGrid(std::shared_ptr<const DisplayGrid> grid);
    bool gridCoversView() const;
    void updateFrequencyAxis(bool fit);
    void updateColourScale();
    int plotColumns() const;

    SpectrogramQuantity quantity_;
    std::shared_ptr<const Analysis> analysis_;
    std::shared_ptr<const DisplayGrid> grid_;
    DisplaySettings display_;
    QCPColorMap* colorMap_ = nullptr;
    QCPColorScale* colorScale_ = nullptr;
    QSharedPointer<FrequencyTicker> ticker_;
    GridWorker* worker_ = nullptr;
    QTimer scheduleTimer_;
    bool forceRebuild_ = false;
    bool waitingForGrid_ = false;
    bool waitingForReplot_ = false;
};

} // namespace phaselab::ui
