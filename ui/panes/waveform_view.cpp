// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panes/waveform_view.hpp"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace phaselab::ui {

WaveformView::WaveformView(QWidget* parent) : PlotWidget(parent)
{
    setTitle(QStringLiteral("Waveform"));
    setMinimumHeight(120); // a waveform under ~80 px of plot is a smear; the other panes give way first
    xAxis->setLabel(QStringLiteral("Time (s)"));
    yAxis->setLabel(QStringLiteral("Amplitude"));
    const QColor colour(31, 119, 180);
    upper_ = addGraph();
    lower_ = addGraph();
    for (QCPGraph* graph : {upper_, lower_}) {
        graph->setPen(QPen(colour, 1));
        graph->setAdaptiveSampling(false);
    }
    upper_->setBrush(QBrush(colour));
    upper_->setChannelFillGraph(lower_);
    samples_ = addGraph();
    samples_->setPen(QPen(colour, 1.2));
    samples_->setAdaptiveSampling(false);
    setDataExtent(QCPRange(0.0, 1.0), QCPRange(-1.05, 1.05));
    yAxis->setRange(-1.05, 1.05);
    xAxis->setRange(0.0, 1.0);
    setPlaceholder(QStringLiteral("Open an audio file (Ctrl+O) or the demo (Ctrl+D)"), true);
    connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this]() {
        if (rebuildQueued_ || !analysis_)
            return;
        rebuildQueued_ = true;
        QTimer::singleShot(0, this, [this]() { rebuild(); });
    });
}

void WaveformView::setAnalysis(std::shared_ptr<const Analysis> analysis, bool keepRange)
{
    analysis_ = std::move(analysis);
    const bool hasSignal = analysis_ && analysis_->signal;
    setTitle(analysis_ && analysis_->imported ? QStringLiteral("Waveform (inverse STFT of the imported spectrogram)")
                                              : QStringLiteral("Waveform"));
    setReconstructionShown(reconstructionShown_);
    if (!hasSignal) {
        upper_->data()->clear();
        lower_->data()->clear();
        samples_->data()->clear();
    }
    xAxis->setLabel(analysis_ && analysis_->sampleRate() <= 0 ? QStringLiteral("Time (samples)") : QStringLiteral("Time (s)"));
    const double duration = analysis_ ? analysis_->durationSeconds() : 1.0;
    const double limit = amplitudeLimit();
    if (hasSignal && limit < 1.0) {
        // A quiet signal would be a flat line on the full-scale axis: scale to its peak and say so.
        const double peakDbfs = 20.0 * std::log10(std::max(limit / kQuietHeadroom, 1e-12));
        setTitle(title() + QStringLiteral(" · peak %1 dBFS, scaled to fit").arg(peakDbfs, 0, 'f', 1).replace(QLatin1Char('-'), QChar(0x2212)));
    }
    setDataExtent(QCPRange(0.0, duration > 0 ? duration : 1.0), QCPRange(-limit, limit));
    if (!keepRange)
        fit();
    rebuild();
}

void WaveformView::setReconstructionShown(bool shown)
{
    reconstructionShown_ = shown;
    setPlaceholder(QStringLiteral("No waveform: this spectrogram has no phase (or its window and hop cannot be "
                                  "inverted); reconstruct it to hear it"),
                   analysis_ && !analysis_->signal && !shown);
}

double WaveformView::amplitudeLimit() const
{
    if (!analysis_ || !analysis_->signal || !analysis_->waveform)
        return kFullScale;
    float peak = 0.0f;
    for (float value : analysis_->waveform->maximum)
        peak = std::max(peak, std::abs(value));
    for (float value : analysis_->waveform->minimum)
        peak = std::max(peak, std::abs(value));
    if (peak > kQuietBelow)
        return kFullScale;
    return std::max(static_cast<double>(peak), 1e-9) * kQuietHeadroom;
}

float WaveformView::sampleAt(double seconds) const
{
    if (!analysis_ || !analysis_->signal)
        return 0.0f;
    const auto index = static_cast<std::int64_t>(std::llround(seconds * analysis_->displayRate()));
    if (index < 0 || index >= analysis_->signal->length())
        return 0.0f;
    return analysis_->signal->samples[static_cast<std::size_t>(index)];
}

void WaveformView::resizeEvent(QResizeEvent* event)
{
    PlotWidget::resizeEvent(event);
    if (analysis_)
        rebuild();
}

void WaveformView::rebuild()
{
    rebuildQueued_ = false;
    if (!analysis_ || !analysis_->signal) {
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const Signal& signal = *analysis_->signal;
    const double rate = analysis_->displayRate();
    const QCPRange range = xAxis->range();
    const std::int64_t begin = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(range.lower * rate)) - 1, 0, signal.length());
    const std::int64_t end = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(range.upper * rate)) + 2, begin, signal.length());
    const int columns = std::max(16, axisRect()->width());
    QVector<double> keys;
    if (end - begin <= 2 * columns) {
        drawsSamples_ = true;
        QVector<double> values;
        keys.reserve(end - begin);
        values.reserve(end - begin);
        for (std::int64_t i = begin; i < end; ++i) {
            keys.append(i / rate);
            values.append(signal.samples[static_cast<std::size_t>(i)]);
        }
        samples_->setData(keys, values, true);
        upper_->data()->clear();
        lower_->data()->clear();
    } else {
        drawsSamples_ = false;
        std::vector<float> minimum, maximum;
        waveformEnvelope(signal, *analysis_->waveform, begin, end, columns, minimum, maximum);
        QVector<double> upper(columns), lower(columns);
        keys.resize(columns);
        const double perColumn = static_cast<double>(end - begin) / columns;
        for (int c = 0; c < columns; ++c) {
            keys[c] = (begin + (c + 0.5) * perColumn) / rate;
            upper[c] = maximum[static_cast<std::size_t>(c)];
            lower[c] = minimum[static_cast<std::size_t>(c)];
        }
        upper_->setData(keys, upper, true);
        lower_->setData(keys, lower, true);
        samples_->data()->clear();
    }
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace phaselab::ui
