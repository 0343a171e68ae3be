// SPDX-License-Identifier: GPL-3.0-or-later
// The waveform pane: amplitude against time (s). Long signals are drawn as a min/max envelope per
// pixel column (ui/render/waveform_summary.hpp), rebuilt whenever the time range changes (cheap: at most
// a few hundred thousand values, so it runs on the GUI thread); zoomed in far enough, the samples
// themselves are drawn as a line. The amplitude axis is full scale (±1), or fitted to the peak of
// a quiet signal (below −6 dBFS), which the title then states. waveform_overlay draws a
// reconstruction over it.
#pragma once

#include "ui/model/analysis.hpp"
#include "ui/panes/plot_widget.hpp"

#include <memory>

namespace phaselab::ui {

class WaveformView : public PlotWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget* parent = nullptr);

    /// Shows the analysis' signal; keepRange: keep the current time range (a recompute of the
    /// same signal), else fit.
    void setAnalysis(std::shared_ptr<const Analysis> analysis, bool keepRange);
    const std::shared_ptr<const Analysis>& analysis() const { return analysis_; }

    /// A reconstruction is drawn over the pane (waveform_overlay): with no signal of its own the
    /// pane's "no waveform" note then gives way to it.
    void setReconstructionShown(bool shown);
    /// Value of the sample nearest to `seconds` (0 outside the signal).
    float sampleAt(double seconds) const;
    /// Half the amplitude axis' span: 1.05 (full scale with headroom), or the peak of a quiet signal plus headroom.
    double amplitudeLimit() const;
    /// True while the pane draws the samples as a line rather than an envelope.
    bool drawsSamples() const { return drawsSamples_; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    static constexpr double kFullScale = 1.05;
    static constexpr double kQuietBelow = 0.5;      ///< peaks under −6 dBFS get a fitted axis
    static constexpr double kQuietHeadroom = 1.15;

    void rebuild();

    std::shared_ptr<const Analysis> analysis_;
    QCPGraph* upper_ = nullptr;
    QCPGraph* lower_ = nullptr;
    QCPGraph* samples_ = nullptr;
    bool drawsSamples_ = false;
    bool reconstructionShown_ = false;
    bool rebuildQueued_ = false;
};

} // namespace phaselab::ui
