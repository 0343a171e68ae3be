// SPDX-License-Identifier: GPL-3.0-or-later
// The convergence pane: per iteration, the spectral convergence (dB, 20 log10 of the relative
// Frobenius error of the magnitudes, CLI.md's metric; left axis), for a run on a mel dump its mel
// spectral convergence (dB against the dump's own mel, left axis, core/reconstruction/mel_target.hpp)
// and, when a reference is known,
// the phase errors of the metrics JSON (rad^2, right axis, linear or log): raw, sign-corrected,
// unweighted and component-corrected. Several runs overlay: one colour per run (named by
// algorithm and init), one line style per measure, with a legend that names both. Points arrive
// live (addRecord); redrawing is throttled to about 25 frames per second.
#pragma once

#include "core/reconstruction/reconstruction.hpp"
#include "ui/panes/plot_widget.hpp"

#include <QColor>
#include <QString>
#include <QTimer>

#include <array>
#include <vector>

namespace phaselab::ui {

class ConvergencePlot : public PlotWidget {
    Q_OBJECT
public:
    /// New measures go last: lessons and the panel's check boxes number them.
    enum class Measure { SpectralConvergence, PhaseError, SignCorrected, Unweighted, ComponentCorrected, MelSpectralConvergence };
    static constexpr int kMeasures = 6;
    /// The dB measures of the left axis (the others are phase errors, right axis).
    static bool onLeftAxis(Measure measure)
    {
        return measure == Measure::SpectralConvergence || measure == Measure::MelSpectralConvergence;
    }

    explicit ConvergencePlot(QWidget* parent = nullptr);

    /// Adds a run (e.g. "fgla, init random") and returns its index; colours cycle per run.
    int addRun(const QString& name);
    int addRun(const QString& name, const QColor& colour);
    /// The colour the next run would get.
    static QColor runColour(int index);
    /// Appends one record (every measure it carries) to a run.
    void addRecord(int run, const IterationRecord& record);
    /// Appends one point of spectral convergence only.
    void addPoint(int run, int iteration, double spectralConvergenceDb);
    void removeRun(int run);
    /// Empties a run's curves (a run from a session being computed again).
    void clearRecords(int run);
    /// Removes every run.
    void clearRuns();

    int runCount() const { return static_cast<int>(runs_.size()); }
    QString runName(int run) const;
    QColor runColourOf(int run) const;
    /// The graph of one measure of one run (null for a bad index); the spectral-convergence graph
    /// is also runGraph(run).
    QCPGraph* measureGraph(int run, Measure measure) const;
    QCPGraph* runGraph(int run) const { return measureGraph(run, Measure::SpectralConvergence); }
    /// The values of one measure, in iteration order (what the graph holds).
    std::vector<double> values(int run, Measure measure) const;
    std::vector<double> iterations(int run, Measure measure) const;

    void setMeasureVisible(Measure measure, bool visible);
    bool measureVisible(Measure measure) const { return visible_[static_cast<std::size_t>(measure)]; }
    /// Phase errors on a log axis (else linear from 0).
    void setLogScale(bool log);
    bool logScale() const { return logScale_; }
    /// A vertical marker at an iteration (the scrub slider's position); NaN hides it.
    void setMarker(double iteration);
    double marker() const { return marker_; }

    static QString measureLabel(Measure measure);
    void fit() override;
    /// Redraws now instead of at the next throttled tick.
    void flush();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitLegend();

    struct Run {
        QString name;
        QColor colour;
        std::array<QCPGraph*, kMeasures> graphs{};
    };

    void scheduleReplot();
    void updateExtent();
    void rebuildLegend();
    void applyPen(QCPGraph* graph, const QColor& colour, Measure measure) const;
    /// Whether any run has points of a measure of the right axis (phase) or of the mel measure.
    bool anyPhaseData() const;
    bool anyMelData() const;

    std::vector<Run> runs_;
    std::array<bool, kMeasures> visible_{true, true, true, true, true, true};
    std::array<QCPGraph*, kMeasures> keyGraphs_{}; ///< data-less graphs that label the line styles
    bool logScale_ = false;
    double marker_ = std::nan("");
    QCPItemStraightLine* markerLine_ = nullptr;
    QTimer replotTimer_;
    int nextColour_ = 0;
};

} // namespace phaselab::ui
