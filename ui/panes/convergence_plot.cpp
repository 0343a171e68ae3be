// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panes/convergence_plot.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab::ui {
namespace {

constexpr int kRightAxisMargin = 58;
constexpr double kLogFloor = 1e-6; // rad^2: errors below this sit on the floor of a log axis

// QCustomPlot reads a maximum width of QWIDGETSIZE_MAX (and one that reaches it with the margins
// added) as "unset" and takes the grid's own hint instead, which for an empty legend is its
// margins: the whole column, axes included, would shrink to that until the first run fills the
// legend. A large finite bound is honoured.
constexpr int kUnboundedLegendWidth = 1 << 20;
const QString kPlaceholder = QStringLiteral("Run a reconstruction to see its convergence here");

Qt::PenStyle measureStyle(ConvergencePlot::Measure measure)
{
    switch (measure) {
    case ConvergencePlot::Measure::SpectralConvergence: return Qt::SolidLine;
    case ConvergencePlot::Measure::PhaseError: return Qt::DashLine;
    case ConvergencePlot::Measure::SignCorrected: return Qt::DashDotLine;
    case ConvergencePlot::Measure::Unweighted: return Qt::DotLine;
    case ConvergencePlot::Measure::ComponentCorrected: return Qt::DashDotDotLine;
    case ConvergencePlot::Measure::MelSpectralConvergence: return Qt::CustomDashLine;
    }
    return Qt::SolidLine;
}

/// The mel curve's colour: the run's own, darker, so it pairs with the run's spectral convergence
/// yet stands apart from it (with its long dashes, which no phase error uses).
QColor melColour(const QColor& runColour)
{
    return runColour.darker(170);
}

QString leftAxisLabel(bool mel)
{
    return mel ? QStringLiteral("SC, mel SC (dB)") : QStringLiteral("SC (dB)");
}

double measureValue(const IterationRecord& record, ConvergencePlot::Measure measure)
{
    using M = ConvergencePlot::Measure;
    if (measure == M::SpectralConvergence)
        return std::isfinite(record.spectralConvergenceDb) ? record.spectralConvergenceDb : std::nan("");
    if (measure == M::MelSpectralConvergence)
        return record.melSpectralConvergenceDb && std::isfinite(*record.melSpectralConvergenceDb)
                   ? *record.melSpectralConvergenceDb
                   : std::nan("");
    if (!record.phase)
        return std::nan("");
    switch (measure) {
    case M::PhaseError: return record.phase->raw;
    case M::SignCorrected: return record.phase->signCorrected;
    case M::Unweighted: return record.phase->unweighted;
    case M::ComponentCorrected: return record.phase->componentCorrected;
    case M::SpectralConvergence:
    case M::MelSpectralConvergence: break;
    }
    return std::nan("");
}

} // namespace

ConvergencePlot::ConvergencePlot(QWidget* parent) : PlotWidget(parent)
{
    setTitle(QStringLiteral("Convergence"));
    xAxis->setLabel(QStringLiteral("Iteration"));
    yAxis->setLabel(leftAxisLabel(false));
    yAxis2->setLabel(QStringLiteral("Phase err. (rad²)"));
    yAxis2->setTickLabelFont(yAxis->tickLabelFont());
    yAxis2->setLabelFont(yAxis->labelFont());
    yAxis2->setLabelPadding(3);
    yAxis2->setTickLabelPadding(3);
    axisRect()->setMargins(QMargins(kLeftMargin, 6, kRightAxisMargin, 0));
    axisRect()->setMinimumMargins(QMargins(kLeftMargin, 6, kRightAxisMargin, 0));
    xAxis->setRange(0, 100);
    yAxis->setRange(-60, 0);
    yAxis2->setRange(0, 10);
    setDataExtent(QCPRange(0, 100), QCPRange(-60, 0));
    axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    legend->setVisible(false);
    legend->setFont(QFont(font().family(), 8));
    legend->setIconSize(26, 9);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(6);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
    // The legend gets a row of its own above the axes: several runs and the five line styles
    // would hide the curves inside a short pane.
    axisRect()->insetLayout()->take(legend);
    axisRect()->insetLayout()->simplify();
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, legend);
    plotLayout()->setRowStretchFactor(0, 0.001);
    plotLayout()->setRowSpacing(0);
    legend->setMargins(QMargins(kLeftMargin - 30, 2, 4, 0));
    legend->setMaximumSize(kUnboundedLegendWidth, 0);

    for (int m = 0; m < kMeasures; ++m) {
        const auto measure = static_cast<Measure>(m);
        QCPGraph* key = addGraph(xAxis, onLeftAxis(measure) ? yAxis : yAxis2);
        key->setName(measureLabel(measure));
        applyPen(key, QColor(90, 90, 90), measure);
        key->removeFromLegend();
        keyGraphs_[static_cast<std::size_t>(m)] = key;
    }

    markerLine_ = new QCPItemStraightLine(this);
    markerLine_->setPen(QPen(QColor(200, 30, 30, 170), 1.2));
    markerLine_->setVisible(false);
    markerLine_->setSelectable(false);

    replotTimer_.setSingleShot(true);
    replotTimer_.setInterval(40);
    connect(&replotTimer_, &QTimer::timeout, this, [this]() { flush(); });
    updateExtent();
    setPlaceholder(kPlaceholder, true);
}

QString ConvergencePlot::measureLabel(Measure measure)
{
    switch (measure) {
    case Measure::SpectralConvergence: return QStringLiteral("SC (dB, left)");
    case Measure::PhaseError: return QStringLiteral("phase error");
    case Measure::SignCorrected: return QStringLiteral("sign-corrected");
    case Measure::Unweighted: return QStringLiteral("unweighted");
    case Measure::ComponentCorrected: return QStringLiteral("comp.-corrected");
    case Measure::MelSpectralConvergence: return QStringLiteral("mel SC (dB, left)");
    }
    return QString();
}

QColor ConvergencePlot::runColour(int index)
{
    static const QColor colours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                     QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75),
                                     QColor(227, 119, 194), QColor(23, 190, 207)};
    return colours[index % 8];
}

void ConvergencePlot::applyPen(QCPGraph* graph, const QColor& colour, Measure measure) const
{
    const bool mel = measure == Measure::MelSpectralConvergence;
    QPen pen(mel ? melColour(colour) : colour, onLeftAxis(measure) ? 1.8 : 1.4, measureStyle(measure));
    if (mel)
        pen.setDashPattern({6.0, 2.0});
    graph->setPen(pen);
}

int ConvergencePlot::addRun(const QString& name)
{
    return addRun(name, runColour(nextColour_));
}

int ConvergencePlot::addRun(const QString& name, const QColor& colour)
{
    ++nextColour_;
    Run run;
    run.name = name;
    run.colour = colour;
    for (int m = 0; m < kMeasures; ++m) {
        const auto measure = static_cast<Measure>(m);
        QCPGraph* graph = addGraph(xAxis, onLeftAxis(measure) ? yAxis : yAxis2);
        graph->setName(name);
        applyPen(graph, colour, measure);
        graph->setVisible(visible_[static_cast<std::size_t>(m)]);
        graph->removeFromLegend();
        run.graphs[static_cast<std::size_t>(m)] = graph;
    }
    runs_.push_back(run);
    setPlaceholder(QString(), false);
    rebuildLegend();
    scheduleReplot();
    return runCount() - 1;
}

void ConvergencePlot::addRecord(int run, const IterationRecord& record)
{
    if (run < 0 || run >= runCount())
        return;
    const bool hadPhase = anyPhaseData();
    const bool hadMel = anyMelData();
    for (int m = 0; m < kMeasures; ++m) {
        const auto measure = static_cast<Measure>(m);
        QCPGraph* graph = runs_[static_cast<std::size_t>(run)].graphs[static_cast<std::size_t>(m)];
        const double value = measureValue(record, measure);
        if (measure != Measure::SpectralConvergence && std::isnan(value))
            continue; // no reference: no phase curves at all; no mel target: no mel curve
        graph->addData(record.iteration, value);
        // A one-pass method has a single record: show it as a dot.
        graph->setScatterStyle(graph->dataCount() <= 1 ? QCPScatterStyle(QCPScatterStyle::ssDisc, 6)
                                                       : QCPScatterStyle(QCPScatterStyle::ssNone));
    }
    if ((record.phase && !hadPhase) || (record.melSpectralConvergenceDb && !hadMel))
        rebuildLegend(); // the first phase errors or mel figure: show their axis and line-style key
    scheduleReplot();
}

void ConvergencePlot::addPoint(int run, int iteration, double spectralConvergenceDb)
{
    IterationRecord record;
    record.iteration = iteration;
    record.spectralConvergenceDb = spectralConvergenceDb;
    addRecord(run, record);
}

void ConvergencePlot::removeRun(int run)
{
    if (run < 0 || run >= runCount())
        return;
    for (QCPGraph* graph : runs_[static_cast<std::size_t>(run)].graphs)
        removeGraph(graph);
    runs_.erase(runs_.begin() + run);
    if (runs_.empty())
        setPlaceholder(kPlaceholder, true);
    rebuildLegend();
    scheduleReplot();
}

void ConvergencePlot::clearRecords(int run)
{
    if (run < 0 || run >= runCount())
        return;
    for (QCPGraph* graph : runs_[static_cast<std::size_t>(run)].graphs)
        graph->data()->clear();
    scheduleReplot();
}

void ConvergencePlot::clearRuns()
{
    while (!runs_.empty())
        removeRun(runCount() - 1);
    nextColour_ = 0;
    setMarker(std::nan(""));
}

QString ConvergencePlot::runName(int run) const
{
    return run >= 0 && run < runCount() ? runs_[static_cast<std::size_t>(run)].name : QString();
}

QColor ConvergencePlot::runColourOf(int run) const
{
    return run >= 0 && run < runCount() ? runs_[static_cast<std::size_t>(run)].colour : QColor();
}

QCPGraph* ConvergencePlot::measureGraph(int run, Measure measure) const
{
    if (run < 0 || run >= runCount())
        return nullptr;
    return runs_[static_cast<std::size_t>(run)].graphs[static_cast<std::size_t>(measure)];
}

std::vector<double> ConvergencePlot::values(int run, Measure measure) const
{
    std::vector<double> out;
    if (QCPGraph* graph = measureGraph(run, measure))
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
            out.push_back(it->value);
    return out;
}

std::vector<double> ConvergencePlot::iterations(int run, Measure measure) const
{
    std::vector<double> out;
    if (QCPGraph* graph = measureGraph(run, measure))
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
            out.push_back(it->key);
    return out;
}

void ConvergencePlot::setMeasureVisible(Measure measure, bool visible)
{
    visible_[static_cast<std::size_t>(measure)] = visible;
    for (const Run& run : runs_)
        run.graphs[static_cast<std::size_t>(measure)]->setVisible(visible);
    rebuildLegend();
    scheduleReplot();
}

void ConvergencePlot::setLogScale(bool log)
{
    if (logScale_ == log)
        return;
    logScale_ = log;
    yAxis2->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    yAxis2->setTicker(log ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    yAxis2->setNumberFormat(QStringLiteral("gb"));
    yAxis2->setNumberPrecision(3);
    yAxis2->setLabel(log ? QStringLiteral("Phase err. (rad², log)") : QStringLiteral("Phase err. (rad²)"));
    scheduleReplot();
}

void ConvergencePlot::setMarker(double iteration)
{
    marker_ = iteration;
    const bool show = std::isfinite(iteration);
    if (show) {
        markerLine_->point1->setCoords(iteration, 0.0);
        markerLine_->point2->setCoords(iteration, 1.0);
    }
    markerLine_->setVisible(show);
    scheduleReplot();
}

bool ConvergencePlot::anyPhaseData() const
{
    for (const Run& run : runs_)
        for (int m = 0; m < kMeasures; ++m)
            if (!onLeftAxis(static_cast<Measure>(m)) && !run.graphs[static_cast<std::size_t>(m)]->data()->isEmpty())
                return true;
    return false;
}

bool ConvergencePlot::anyMelData() const
{
    for (const Run& run : runs_)
        if (!run.graphs[static_cast<std::size_t>(Measure::MelSpectralConvergence)]->data()->isEmpty())
            return true;
    return false;
}

void ConvergencePlot::rebuildLegend()
{
    legend->clearItems();
    for (const Run& run : runs_)
        legend->addItem(new QCPPlottableLegendItem(legend, run.graphs[0]));
    const bool phase = anyPhaseData();
    const bool mel = anyMelData();
    yAxis->setLabel(leftAxisLabel(mel));
    yAxis2->setTicks(phase);
    yAxis2->setTickLabels(phase);
    yAxis2->setLabel(phase ? (logScale_ ? QStringLiteral("Phase err. (rad², log)") : QStringLiteral("Phase err. (rad²)"))
                           : QString());
    if (!runs_.empty()) {
        // The line-style key, where a run draws more than one curve: spectral convergence first,
        // the mel figure next to it, then the phase errors.
        const Measure keys[] = {Measure::SpectralConvergence, Measure::MelSpectralConvergence, Measure::PhaseError,
                                Measure::SignCorrected,       Measure::Unweighted,             Measure::ComponentCorrected};
        for (Measure measure : keys) {
            const bool shown = measure == Measure::SpectralConvergence ? (phase || mel)
                               : measure == Measure::MelSpectralConvergence ? mel
                                                                             : phase;
            if (!visible_[static_cast<std::size_t>(measure)] || !shown)
                continue;
            legend->addItem(new QCPPlottableLegendItem(legend, keyGraphs_[static_cast<std::size_t>(measure)]));
        }
    }
    legend->setVisible(!runs_.empty());
    fitLegend();
}

void ConvergencePlot::fitLegend()
{
    // As many columns as fit the width: one or two rows in most panes.
    const int available = std::max(100, width() - kRightColumn - 8);
    int wrap = std::max(1, legend->itemCount());
    for (; wrap > 1; --wrap) {
        legend->setWrap(wrap);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        if (legend->minimumOuterSizeHint().width() <= available)
            break;
    }
    legend->setWrap(wrap);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    legend->setMaximumSize(kUnboundedLegendWidth, legend->visible() ? legend->minimumOuterSizeHint().height() : 0);
}

void ConvergencePlot::resizeEvent(QResizeEvent* event)
{
    PlotWidget::resizeEvent(event);
    fitLegend();
    updateExtent(); // the title's headroom is in pixels
}

void ConvergencePlot::scheduleReplot()
{
    if (!replotTimer_.isActive())
        replotTimer_.start();
}

void ConvergencePlot::flush()
{
    replotTimer_.stop();
    updateExtent();
    fit();
    replot(QCustomPlot::rpQueuedReplot);
}

void ConvergencePlot::updateExtent()
{
    double maxKey = 1.0;
    double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
    double phaseLow = std::numeric_limits<double>::infinity(), phaseHigh = 0.0;
    for (const Run& run : runs_) {
        for (int m = 0; m < kMeasures; ++m) {
            QCPGraph* graph = run.graphs[static_cast<std::size_t>(m)];
            if (!graph->visible())
                continue;
            for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
                if (!std::isfinite(it->value))
                    continue;
                maxKey = std::max(maxKey, it->key);
                if (onLeftAxis(static_cast<Measure>(m))) {
                    low = std::min(low, it->value);
                    high = std::max(high, it->value);
                } else {
                    phaseLow = std::min(phaseLow, std::max(it->value, kLogFloor));
                    phaseHigh = std::max(phaseHigh, it->value);
                }
            }
        }
    }
    if (!std::isfinite(low)) {
        low = -60.0;
        high = 0.0;
    }
    // Headroom keeps the top curves below the title box (the sign lesson's phase error sits flat
    // at pi^2, its maximum): as many pixels as the title is tall, whatever the pane's height.
    const double titlePixels = QFontMetrics(QFont(font().family(), 9, QFont::Bold)).height() + 8.0;
    const double height = std::max(40.0, static_cast<double>(axisRect()->height()));
    const double top = std::clamp(titlePixels / height, 0.08, 0.45); // share of the height kept free
    const double headroom = top / (1.0 - top);                      // as a share of the data's span
    const double span = std::max(1.0, high - low);
    const double bottom = low - 0.06 * span;
    setDataExtent(QCPRange(0.0, maxKey), QCPRange(bottom, high + headroom * (high - bottom)));
    if (logScale_) {
        if (!std::isfinite(phaseLow) || phaseHigh <= 0.0)
            yAxis2->setRange(kLogFloor, 10.0);
        else
            yAxis2->setRange(phaseLow / 2.0, phaseHigh * std::pow(phaseHigh / (phaseLow / 2.0), headroom));
    } else {
        yAxis2->setRange(0.0, phaseHigh > 0.0 ? phaseHigh * (1.0 + headroom) : 10.0);
    }
}

void ConvergencePlot::fit()
{
    updateExtent();
    PlotWidget::fit();
}

} // namespace phaselab::ui
