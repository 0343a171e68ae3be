// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/consistency_panel.hpp"

#include "ui/jobs/consistency_worker.hpp"

#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace phaselab::ui {

ConsistencyPanel::ConsistencyPanel(QWidget* parent) : QWidget(parent), worker_(new ConsistencyWorker(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    score_ = new QLabel(this);
    score_->setObjectName(QStringLiteral("consistencyScore"));
    score_->setTextFormat(Qt::RichText);
    score_->setWordWrap(true);
    layout->addWidget(score_);
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("consistencyPlot"));
    plot_->setMinimumHeight(170);
    const QFont small(font().family(), 8);
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setTickLabelFont(small);
        axis->setLabelFont(small);
        axis->setLabelPadding(2);
    }
    plot_->xAxis->setLabel(QStringLiteral("Hop (samples)"));
    plot_->yAxis->setLabel(QStringLiteral("Consistency (dB)"));
    sweep_ = plot_->addGraph();
    sweep_->setPen(QPen(QColor(31, 119, 180), 1.5));
    sweep_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    current_ = plot_->addGraph();
    current_->setLineStyle(QCPGraph::lsNone);
    current_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(214, 39, 40), 8));
    plot_->setVisible(false);
    layout->addWidget(plot_);
    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("consistencyNote"));
    note_->setWordWrap(true);
    note_->setTextFormat(Qt::PlainText);
    layout->addWidget(note_);
    connect(worker_, &ConsistencyWorker::finished, this, &ConsistencyPanel::show);
    connect(worker_, &ConsistencyWorker::failed, this, [this](const QString& message) {
        waiting_ = false;
        report_.reset();
        score_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped()));
        emit updated();
    });
    setAnalysis(nullptr);
}

ConsistencyPanel::~ConsistencyPanel() = default;

void ConsistencyPanel::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    analysis_ = std::move(analysis);
    report_.reset();
    const bool measurable = analysis_ && analysis_->imported && analysis_->imported->hasPhase;
    plot_->setVisible(measurable);
    if (measurable) {
        note_->setText(QStringLiteral("Change the window, n_fft or hop (keys W, N, H): the right framing scores "
                                      "far below random phases."));
        params_ = analysis_->spectrogram.params;
        request();
        return;
    }
    score_->clear();
    if (!analysis_ || !analysis_->imported) {
        note_->setText(QStringLiteral("Import a spectrogram with its phase (File → Import Spectrogram) to score "
                                      "framing hypotheses here; an audio file's own STFT is consistent by construction."));
    } else if (analysis_->imported->candidate && !analysis_->imported->candidate->evidence.empty()) {
        QStringList lines{QStringLiteral("No phase: the guesser's magnitude-only evidence:")};
        for (const std::string& line : analysis_->imported->candidate->evidence)
            lines << QStringLiteral("• ") + QString::fromStdString(line);
        note_->setText(lines.join(QLatin1Char('\n')));
    } else {
        note_->setText(QStringLiteral("No phase file: consistency needs phase. Use Suggest in the import dialog for "
                                      "the guesser's magnitude-only evidence."));
    }
    emit updated();
}

void ConsistencyPanel::setParams(const StftParams& params)
{
    params_ = params;
    if (analysis_ && analysis_->imported && analysis_->imported->hasPhase)
        request();
}

bool ConsistencyPanel::pending() const
{
    return waiting_;
}

QString ConsistencyPanel::scoreText() const
{
    return score_->text();
}

void ConsistencyPanel::request()
{
    waiting_ = true;
    worker_->submit(analysis_, params_);
}

void ConsistencyPanel::show(const std::shared_ptr<const ConsistencyReport>& report)
{
    waiting_ = false;
    report_ = report;
    score_->setText(QStringLiteral("<b>Consistency %1 dB</b> for %2<br>random phases: %3 dB")
                        .arg(report->consistencyDb, 0, 'f', 1)
                        .arg(QString::fromStdString(report->params.describe()).toHtmlEscaped())
                        .arg(report->randomPhaseDb, 0, 'f', 1));
    QVector<double> hops, scores;
    double low = report->consistencyDb, high = report->randomPhaseDb;
    for (std::size_t i = 0; i < report->hops.size(); ++i) {
        hops << report->hops[i];
        scores << report->sweepDb[i];
        low = std::min(low, report->sweepDb[i]);
        high = std::max(high, report->sweepDb[i]);
    }
    sweep_->setData(hops, scores, true);
    current_->setData({static_cast<double>(report->params.hop)}, {report->consistencyDb}, true);
    plot_->xAxis->setRange(0.0, report->params.winLength * 1.05);
    const double pad = std::max(2.0, 0.08 * (high - low));
    plot_->yAxis->setRange(low - pad, high + pad);
    plot_->replot();
    emit updated();
}

} // namespace phaselab::ui
