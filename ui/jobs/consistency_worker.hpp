// SPDX-License-Identifier: GPL-3.0-or-later
// Interactive guessing, off the GUI thread: the consistency (dB, core/guess/consistency.hpp) of
// an imported complex spectrogram with one framing hypothesis, the same for random phases (the
// reference a right hypothesis falls far below), and a sweep over hops for the same window so
// the minimum is visible. Scores use the loudest block of frames, as the guesser does. Only the
// latest request is reported.
#pragma once

#include "core/base/parallel.hpp"
#include "core/dsp/stft_params.hpp"
#include "ui/model/analysis.hpp"

#include "ui/jobs/job_runner.hpp"

#include <QObject>

#include <memory>
#include <vector>

namespace phaselab::ui {

struct ConsistencyReport {
    StftParams params;              ///< the hypothesis (resolved)
    double consistencyDb = 0.0;     ///< of the hypothesis
    double randomPhaseDb = 0.0;     ///< the same window and hop on the magnitudes with random phases
    std::vector<int> hops;          ///< the sweep, ascending
    std::vector<double> sweepDb;    ///< consistency at each hop
};

/// Synchronous (tests, the worker). Throws phaselab::Error for parameters that do not fit.
ConsistencyReport measureConsistency(const ComplexMatrix& coefficients, const StftParams& params, WorkerPool& pool);

/// Hops the sweep tries for a window of `winLength` samples (fractions of it, plus `current`).
std::vector<int> sweepHops(int winLength, int current);

class ConsistencyWorker : public QObject {
    Q_OBJECT
public:
    explicit ConsistencyWorker(QObject* parent = nullptr);
    ~ConsistencyWorker() override;

    void submit(std::shared_ptr<const Analysis> analysis, const StftParams& params);
    bool busy() const { return jobs_.busy(); }

signals:
    void finished(const std::shared_ptr<const phaselab::ui::ConsistencyReport>& report);
    void failed(const QString& message);

private:
    std::unique_ptr<WorkerPool> pool_; ///< before jobs_: the jobs use it until jobs_ has waited for them
    JobRunner jobs_;
};

} // namespace phaselab::ui
