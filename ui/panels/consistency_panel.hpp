// SPDX-License-Identifier: GPL-3.0-or-later
// Interactive guessing beside the parameters: for an imported spectrogram with phase, the live
// consistency score (dB) of the current window, n_fft, hop and centring (lower is better: the
// right framing scores near the storage precision, a wrong one -5 to -30 dB), the score of random
// phases for reference, and a small plot of consistency against hop for the current window, so the
// minimum is visible. Without phase it shows the guesser's magnitude-only evidence (when the import
// came from a candidate). Recomputed off the GUI thread on every parameter change.
#pragma once

#include "core/dsp/stft_params.hpp"
#include "ui/model/analysis.hpp"

#include <QWidget>

#include <memory>

class QLabel;
class QCustomPlot;
class QCPGraph;

namespace phaselab::ui {

class ConsistencyWorker;
struct ConsistencyReport;

class ConsistencyPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConsistencyPanel(QWidget* parent = nullptr);
    ~ConsistencyPanel() override;

    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    /// The hypothesis to score (the parameter panel's fields).
    void setParams(const StftParams& params);

    bool pending() const;
    const std::shared_ptr<const ConsistencyReport>& report() const { return report_; }
    QString scoreText() const;
    QCustomPlot* plot() const { return plot_; }

signals:
    void updated();

private:
    void request();
    void show(const std::shared_ptr<const ConsistencyReport>& report);

    std::shared_ptr<const Analysis> analysis_;
    StftParams params_;
    std::shared_ptr<const ConsistencyReport> report_;
    ConsistencyWorker* worker_ = nullptr;
    QLabel* score_ = nullptr;
    QLabel* note_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* sweep_ = nullptr;
    QCPGraph* current_ = nullptr;
    bool waiting_ = false;
};

} // namespace phaselab::ui
