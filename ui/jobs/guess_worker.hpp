// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the parameter guesser (core/guess/guess.hpp) off the GUI thread for the import dialog's
// "Suggest": progress and results come back by signal on the GUI thread; cancel() sets the
// guesser's cancellation flag; the destructor cancels and waits.
#pragma once

#include "core/guess/guess.hpp"

#include "ui/jobs/job_runner.hpp"

#include <QObject>
#include <QString>

#include <memory>

namespace phaselab::ui {

class GuessWorker : public QObject {
    Q_OBJECT
public:
    explicit GuessWorker(QObject* parent = nullptr);
    ~GuessWorker() override;

    /// Starts a guess (a running one is cancelled first).
    void start(const GuessInput& input, int top = 5);
    void cancel();
    bool busy() const { return jobs_.busy(); }

signals:
    void progress(double fraction, const QString& stage);
    void finished(const std::shared_ptr<const phaselab::GuessResult>& result);
    void failed(const QString& message);

private:
    JobRunner jobs_;
};

} // namespace phaselab::ui
