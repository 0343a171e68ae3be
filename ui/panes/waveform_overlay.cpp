// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panes/waveform_overlay.hpp"

#include "ui/panes/plot_widget.hpp"
#include "ui/panes/waveform_view.hpp"
#include "ui/render/waveform_summary.hpp"

#include <QEvent>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace phaselab::ui {
namespace {

const QColor kOverlayColour(230, 110, 20);

} // namespace

WaveformOverlay::WaveformOverlay(PlotWidget* pane, const QColor& originalColour, QObject* parent)
    : QObject(parent), pane_(pane), paneObject_(pane)
{
    QColor fill = kOverlayColour;
    fill.setAlpha(140);
    upper_ = pane->addGraph();
    lower_ = pane->addGraph();
    for (QCPGraph* graph : {upper_, lower_}) {
        graph->setPen(QPen(fill, 1));
        graph->setAdaptiveSampling(false);
        graph->removeFromLegend();
    }
    upper_->setBrush(QBrush(fill));
    upper_->setChannelFillGraph(lower_);
    samples_ = pane->addGraph();
    samples_->setPen(QPen(kOverlayColour, 1.2));
    samples_->setAdaptiveSampling(false);
    samples_->removeFromLegend();

    originalKey_ = pane->addGraph();
    originalKey_->setPen(QPen(originalColour, 4));
    originalKey_->setName(QStringLiteral("original"));
    overlayKey_ = pane->addGraph();
    overlayKey_->setPen(QPen(kOverlayColour, 4));
    pane->legend->clearItems();
    pane->legend->addItem(new QCPPlottableLegendItem(pane->legend, originalKey_));
    pane->legend->addItem(new QCPPlottableLegendItem(pane->legend, overlayKey_));
    pane->legend->setFont(QFont(pane->font().family(), 8));
    pane->legend->setIconSize(14, 8);
    pane->legend->setRowSpacing(-3);
    pane->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    pane->legend->setWrap(2); // one row: the pane is short
    pane->legend->setBrush(QColor(255, 255, 255, 215));
    pane->legend->setBorderPen(QPen(QColor(180, 180, 180)));
    pane->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    pane->legend->setVisible(false);

    connect(pane->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &WaveformOverlay::scheduleRebuild);
    pane->installEventFilter(this);
}

void WaveformOverlay::setAnalysis(std::shared_ptr<const Analysis> analysis, const QString& name)
{
    analysis_ = std::move(analysis);
    name_ = name;
    if (!pane_)
        return;
    // The legend sits inside a short pane: a long run name is elided to a third of its width
    // (the full name is in the run list and the pane's caption).
    const QFontMetrics metrics(pane_->legend->font());
    overlayKey_->setName(metrics.elidedText(name, Qt::ElideMiddle, std::max(80, pane_->width() / 3)));
    // A spectrogram imported without phase has no original to draw: the legend names only what is there.
    auto* view = qobject_cast<WaveformView*>(pane_.data());
    const bool original = !view || (view->analysis() && view->analysis()->signal);
    pane_->legend->clearItems();
    if (original)
        pane_->legend->addItem(new QCPPlottableLegendItem(pane_->legend, originalKey_));
    pane_->legend->addItem(new QCPPlottableLegendItem(pane_->legend, overlayKey_));
    if (view)
        view->setReconstructionShown(analysis_ != nullptr);
    pane_->legend->setVisible(analysis_ != nullptr);
    rebuild();
}

bool WaveformOverlay::eventFilter(QObject* watched, QEvent* event)
{
    // Compared as a plain QObject*: during the pane's destruction QPointer<PlotWidget>::data() would
    // downcast an object that is no longer a PlotWidget (UBSan's vptr check).
    if (event->type() == QEvent::Resize && watched == paneObject_)
        scheduleRebuild();
    return QObject::eventFilter(watched, event);
}

void WaveformOverlay::scheduleRebuild()
{
    if (queued_)
        return;
    queued_ = true;
    QTimer::singleShot(0, this, [this]() { rebuild(); });
}

void WaveformOverlay::rebuild()
{
    queued_ = false;
    if (!pane_)
        return;
    if (!analysis_ || !analysis_->signal || !analysis_->waveform || !(analysis_->sampleRate() > 0.0)) {
        for (QCPGraph* graph : {upper_, lower_, samples_})
            graph->data()->clear();
        pane_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const Signal& signal = *analysis_->signal;
    const double rate = analysis_->sampleRate();
    const QCPRange range = pane_->xAxis->range();
    const std::int64_t begin = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(range.lower * rate)) - 1, 0, signal.length());
    const std::int64_t end =
        std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(range.upper * rate)) + 2, begin, signal.length());
    const int columns = std::max(16, pane_->axisRect()->width());
    QVector<double> keys;
    if (end - begin <= 2 * columns) {
        QVector<double> values;
        for (std::int64_t i = begin; i < end; ++i) {
            keys.append(static_cast<double>(i) / rate);
            values.append(signal.samples[static_cast<std::size_t>(i)]);
        }
        samples_->setData(keys, values, true);
        upper_->data()->clear();
        lower_->data()->clear();
    } else if (end > begin) {
        std::vector<float> minimum, maximum;
        waveformEnvelope(signal, *analysis_->waveform, begin, end, columns, minimum, maximum);
        QVector<double> upper(columns), lower(columns);
        keys.resize(columns);
        const double perColumn = static_cast<double>(end - begin) / columns;
        for (int c = 0; c < columns; ++c) {
            keys[c] = (static_cast<double>(begin) + (c + 0.5) * perColumn) / rate;
            upper[c] = maximum[static_cast<std::size_t>(c)];
            lower[c] = minimum[static_cast<std::size_t>(c)];
        }
        upper_->setData(keys, upper, true);
        lower_->setData(keys, lower, true);
        samples_->data()->clear();
    }
    pane_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace phaselab::ui
