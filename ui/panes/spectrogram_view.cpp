// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panes/spectrogram_view.hpp"

#include "ui/render/colormaps.hpp"
#include "ui/render/frequency_scale.hpp"
#include "ui/jobs/grid_worker.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace phaselab::ui {

SpectrogramView::SpectrogramView(SpectrogramQuantity quantity, QWidget* parent)
    : PlotWidget(parent), quantity_(quantity), worker_(new GridWorker(this))
{
    xAxis->setLabel(QStringLiteral("Time (s)"));
    yAxis->setLabel(QStringLiteral("Frequency (Hz)"));
    ticker_ = QSharedPointer<FrequencyTicker>::create(FrequencyScale::Linear);
    ticker_->setTickCount(6);
    yAxis->setTicker(ticker_);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    setBackground(QBrush(QColor(255, 255, 255)));
    axisRect()->setBackground(QBrush(QColor(40, 40, 40)));

    colorScale_ = new QCPColorScale(this);
    colorScale_->setType(QCPAxis::atRight);
    colorScale_->setBarWidth(14);
    colorScale_->setRangeDrag(false);
    colorScale_->setRangeZoom(false);
    colorScale_->axis()->setTickLabelFont(xAxis->tickLabelFont());
    colorScale_->axis()->setLabelFont(xAxis->labelFont());
    colorScale_->axis()->setLabelPadding(4);
    colorScale_->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
    colorScale_->axis()->ticker()->setTickCount(5);
    setRightColumn(colorScale_);
    auto* margins = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    colorScale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    colorMap_ = new QCPColorMap(xAxis, yAxis);
    colorMap_->setInterpolate(false);
    colorMap_->setTightBoundary(false);
    colorMap_->setColorScale(colorScale_);
    colorMap_->setVisible(false);

    scheduleTimer_.setSingleShot(true);
    scheduleTimer_.setInterval(40);
    connect(&scheduleTimer_, &QTimer::timeout, this, &SpectrogramView::requestGrid);
    connect(worker_, &GridWorker::finished, this,
            [this](quint64, std::shared_ptr<const DisplayGrid> grid) { applyGrid(std::move(grid)); });
    connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this]() { scheduleGrid(false); });
    connect(this, &QCustomPlot::afterReplot, this, [this]() {
        if (waitingForReplot_) {
            waitingForReplot_ = false;
            if (!pending())
                emit settled();
        }
    });
    setQuantity(quantity);
    setPlaceholder(QStringLiteral("No spectrogram yet"), true);
}

void SpectrogramView::setQuantity(SpectrogramQuantity quantity)
{
    quantity_ = quantity;
    setTitle(quantity == SpectrogramQuantity::Magnitude ? QStringLiteral("Magnitude spectrogram")
                                                        : quantityLabel(quantity));
    updateColourScale();
    scheduleGrid(true);
}

void SpectrogramView::setAnalysis(std::shared_ptr<const Analysis> analysis, bool keepRange)
{
    analysis_ = std::move(analysis);
    setPlaceholder(QString(), false);
    const double duration = analysis_ ? analysis_->durationSeconds() : 0.0;
    setDataExtent(QCPRange(0.0, duration > 0 ? duration : 1.0), valueExtent());
    if (!keepRange)
        fitKeys();
    updateFrequencyAxis(!keepRange);
    updateColourScale();
    scheduleGrid(true);
}

void SpectrogramView::setDisplay(const DisplaySettings& display)
{
    const DisplaySettings previous = display_;
    display_ = display;
    const bool axisChanged = previous.frequencyScale != display.frequencyScale;
    if (axisChanged)
        updateFrequencyAxis(true);
    updateColourScale();
    const bool magnitude = quantity_ == SpectrogramQuantity::Magnitude;
    const bool rebuild = axisChanged || (magnitude && previous.magnitudeScale != display.magnitudeScale) ||
                         (!magnitude && (previous.phaseUnit != display.phaseUnit || previous.gainDb != display.gainDb ||
                                         previous.rangeDb != display.rangeDb));
    if (rebuild)
        scheduleGrid(true);
    else
        replot(QCustomPlot::rpQueuedReplot);
}

bool SpectrogramView::pending() const
{
    return scheduleTimer_.isActive() || waitingForGrid_ || waitingForReplot_;
}

double SpectrogramView::frequencyAt(double coordinate) const
{
    return unwarpFrequency(display_.frequencyScale, coordinate);
}

double SpectrogramView::coordinateOf(double hz) const
{
    return warpFrequency(display_.frequencyScale, hz);
}

QCPRange SpectrogramView::colourRange() const
{
    const double peakPower = analysis_ ? std::max<double>(analysis_->peakPower, 1e-20) : 1.0;
    const double peakDb = 10.0 * std::log10(peakPower);
    switch (quantity_) {
    case SpectrogramQuantity::Magnitude:
        switch (display_.magnitudeScale) {
        case MagnitudeScale::Linear: return QCPRange(0.0, std::sqrt(peakPower) * std::pow(10.0, -display_.gainDb / 20.0));
        case MagnitudeScale::Power: return QCPRange(0.0, peakPower * std::pow(10.0, -display_.gainDb / 10.0));
        case MagnitudeScale::Db: break;
        }
        return QCPRange(peakDb - display_.gainDb - display_.rangeDb, peakDb - display_.gainDb);
    case SpectrogramQuantity::Phase:
        return display_.phaseUnit == PhaseUnit::Degrees ? QCPRange(-180.0, 180.0)
                                                        : QCPRange(-std::numbers::pi, std::numbers::pi);
    case SpectrogramQuantity::InstantaneousFrequency: {
        const double limit = analysis_ ? effectiveSampleRate(analysis_->spectrogram) / (2.0 * analysis_->spectrogram.params.hop) : 1.0;
        return QCPRange(-limit, limit);
    }
    case SpectrogramQuantity::GroupDelay: {
        const double limit =
            analysis_ ? 0.5 * analysis_->spectrogram.params.nFft * groupDelayUnitsPerSample(analysis_->spectrogram) : 1.0;
        return QCPRange(-limit, limit);
    }
    }
    return QCPRange(0.0, 1.0);
}

void SpectrogramView::resizeEvent(QResizeEvent* event)
{
    PlotWidget::resizeEvent(event);
    scheduleGrid(false);
}

void SpectrogramView::scheduleGrid(bool force)
{
    if (!analysis_)
        return;
    if (quantity_ != SpectrogramQuantity::Magnitude && !analysis_->hasPhase()) {
        // Zeros would draw as a uniform phase and look like data.
        scheduleTimer_.stop();
        colorMap_->setVisible(false);
        colorScale_->setVisible(false);
        setPlaceholder(QStringLiteral("No phase: this spectrogram was imported without a phase file"), true);
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    colorScale_->setVisible(true);
    setPlaceholder(QString(), false);
    forceRebuild_ = forceRebuild_ || force;
    if (!forceRebuild_ && gridCoversView())
        return;
    scheduleTimer_.start();
}

int SpectrogramView::plotColumns() const
{
    return std::max(64, axisRect()->width());
}

bool SpectrogramView::gridCoversView() const
{
    if (!grid_ || !analysis_)
        return false;
    const DisplayGrid& grid = *grid_;
    const QCPRange view = xAxis->range();
    const double halfColumn = 0.5 * grid.secondsPerColumn();
    const bool coversAllFrames = grid.firstFrame == 0 && grid.frameEnd >= analysis_->spectrogram.frames();
    const bool covers = coversAllFrames ||
                        (view.lower >= grid.firstKey - halfColumn && view.upper <= grid.lastKey + halfColumn);
    if (!covers)
        return false;
    if (grid.framesPerColumn == 1)
        return true;
    // Enough detail: at least one column per two pixels of the current view.
    const double columnsInView = view.size() / std::max(grid.secondsPerColumn(), 1e-12);
    return columnsInView >= 0.5 * plotColumns();
}

void SpectrogramView::requestGrid()
{
    if (!analysis_)
        return;
    forceRebuild_ = false;
    GridRequest request;
    request.quantity = quantity_;
    request.magnitudeScale = display_.magnitudeScale;
    request.phaseUnit = display_.phaseUnit;
    request.frequencyScale = display_.frequencyScale;
    // Half a view of margin each side, at about two columns per pixel of the view.
    const QCPRange view = xAxis->range();
    request.timeBegin = view.lower - 0.5 * view.size();
    request.timeEnd = view.upper + 0.5 * view.size();
    request.maxColumns = std::min(8192, 4 * plotColumns());
    request.maxRows = 2049;
    if (quantity_ != SpectrogramQuantity::Magnitude) {
        const double peakDb = 10.0 * std::log10(std::max<double>(analysis_->peakPower, 1e-20));
        request.maskBelowDb = peakDb - display_.gainDb - display_.rangeDb;
    }
    waitingForGrid_ = true;
    worker_->submit(analysis_, request);
}

void SpectrogramView::applyGrid(std::shared_ptr<const DisplayGrid> grid)
{
    waitingForGrid_ = false;
    if (grid && grid->columns > 0 && grid->rows > 0) {
        grid_ = grid;
        // One column or row cannot span a range: QCustomPlot needs two cells to size them.
        const int columns = std::max(grid->columns, 2);
        const int rows = std::max(grid->rows, 2);
        QCPColorMapData* data = colorMap_->data();
        data->setSize(columns, rows);
        const double keyStep = grid->columns > 1 ? grid->secondsPerColumn() : 1e-3;
        const double valueStep = grid->rows > 1 ? (grid->lastValue - grid->firstValue) / (grid->rows - 1) : 1.0;
        data->setRange(QCPRange(grid->firstKey, grid->firstKey + (columns - 1) * keyStep),
                       QCPRange(grid->firstValue, grid->firstValue + (rows - 1) * valueStep));
        for (int row = 0; row < rows; ++row) {
            const int sourceRow = std::min(row, grid->rows - 1);
            for (int column = 0; column < columns; ++column)
                data->setCell(column, row, grid->value(std::min(column, grid->columns - 1), sourceRow));
        }
        colorMap_->setVisible(true);
        updateColourScale();
    }
    waitingForReplot_ = true;
    replot(QCustomPlot::rpQueuedReplot);
}

void SpectrogramView::updateFrequencyAxis(bool fit)
{
    ticker_->setScale(display_.frequencyScale);
    if (!analysis_)
        return;
    const Spectrogram& spectrogram = analysis_->spectrogram;
    const double rate = effectiveSampleRate(spectrogram);
    const double low = warpFrequency(display_.frequencyScale,
                                     lowestDisplayedFrequency(display_.frequencyScale, rate, spectrogram.params.nFft));
    const double high = warpFrequency(display_.frequencyScale, rate / 2.0);
    setDataExtent(keyExtent(), QCPRange(low, high));
    setAxisLabelsFor(spectrogram);
    if (fit)
        fitValues();
}

void SpectrogramView::setAxisLabelsFor(const Spectrogram& like)
{
    yAxis->setLabel(like.sampleRate > 0 ? QStringLiteral("Frequency (Hz)") : QStringLiteral("Frequency (f/fs)")); // cycles per sample
    xAxis->setLabel(like.sampleRate > 0 ? QStringLiteral("Time (s)") : QStringLiteral("Time (samples)"));
}

void SpectrogramView::updateColourScale()
{
    switch (quantity_) {
    case SpectrogramQuantity::Magnitude: colorMap_->setGradient(magnitudeGradient(display_.colormap)); break;
    case SpectrogramQuantity::Phase: colorMap_->setGradient(cyclicGradient()); break;
    case SpectrogramQuantity::InstantaneousFrequency:
    case SpectrogramQuantity::GroupDelay: colorMap_->setGradient(divergingGradient()); break;
    }
    colorScale_->axis()->setLabel(
        quantityAxisLabel(quantity_, display_.magnitudeScale, display_.phaseUnit, !analysis_ || analysis_->sampleRate() > 0));
    colorMap_->setDataRange(colourRange());
}

} // namespace phaselab::ui
