// SPDX-License-Identifier: GPL-3.0-or-later
// The workers' one job pattern. A JobRunner (a worker's member, made on the GUI thread) runs jobs
// on a thread pool of its own, off the GUI thread, the newest one mattering: starting a job sets
// the cancel flag of the ones before it (the engine reads it between steps). Each job's outcome
// comes back on the GUI thread with the job's ticket, for the worker to pass on or drop
// (isLatest()); reports made while a job runs go through post(), which drops those of a job that
// is no longer the newest. Destroying the runner cancels every job, waits for it, and drops what
// had not come back yet. The engine's heavy work called from ui/ runs in such jobs
// (scripts/gui_engine_calls checks the call sites).
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

namespace phaselab::ui {

/// A job as its work sees it: its number and its cancel flag (set when a newer job starts, on
/// cancel(), or when the runner goes).
struct JobTicket {
    quint64 id = 0;
    std::shared_ptr<std::atomic<bool>> cancelFlag;
    bool cancelled() const { return cancelFlag->load(); }
};

class JobRunner {
public:
    /// Outcomes and reports come back on the thread that makes the runner.
    explicit JobRunner(int threads = 1) : latest_(std::make_shared<std::atomic<quint64>>(0))
    {
        threads_.setMaxThreadCount(threads);
    }
    ~JobRunner()
    {
        cancel();
        latest_->store(~quint64(0)); // nothing posted any more
        threads_.waitForDone();
    }
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    /// Cancels the jobs before it and runs `work(ticket)` on the pool; `done(ticket id, outcome)`
    /// follows on the runner's thread, for every job (superseded ones too).
    template <class Work, class Done>
    quint64 start(Work work, Done done)
    {
        using Outcome = decltype(work(std::declval<const JobTicket&>()));
        cancel();
        JobTicket ticket{latest_->load() + 1, std::make_shared<std::atomic<bool>>(false)};
        latest_->store(ticket.id);
        current_ = ticket.cancelFlag;
        QFuture<Outcome> future = QtConcurrent::run(&threads_, [work = std::move(work), ticket]() mutable { return work(ticket); });
        auto* watcher = new QFutureWatcher<Outcome>(&context_);
        QObject::connect(watcher, &QFutureWatcher<Outcome>::finished, &context_,
                         [this, watcher, id = ticket.id, done = std::move(done)]() {
                             const Outcome outcome = watcher->result();
                             watcher->deleteLater();
                             --running_; // busy() is false in `done` when it was the last job
                             done(id, outcome);
                             if (running_ == 0 && busyChanged_)
                                 busyChanged_(false);
                         });
        if (running_++ == 0 && busyChanged_)
            busyChanged_(true);
        watcher->setFuture(future);
        return ticket.id;
    }

    /// Runs `report` on the runner's thread, unless job `ticket` is no longer the newest by then
    /// (or the runner is gone). Callable from the job's thread.
    template <class Report>
    void post(const JobTicket& ticket, Report report) const
    {
        auto latest = latest_;
        QMetaObject::invokeMethod(
            const_cast<QObject*>(&context_), [latest, id = ticket.id, report = std::move(report)]() {
                if (latest->load() == id)
                    report();
            },
            Qt::QueuedConnection);
    }

    /// Sets the running jobs' cancel flags (their outcomes still come back).
    void cancel()
    {
        if (current_)
            current_->store(true);
    }
    void waitForDone() { threads_.waitForDone(); }
    bool isLatest(quint64 ticket) const { return ticket == latest_->load(); }
    bool busy() const { return running_ > 0; }
    /// Called with true when the first job starts and false when the last one has come back.
    void onBusyChanged(std::function<void(bool)> changed) { busyChanged_ = std::move(changed); }

private:
    QObject context_; ///< parent and context of the watchers: what has not come back goes with it
    QThreadPool threads_;
    std::shared_ptr<std::atomic<quint64>> latest_;
    std::shared_ptr<std::atomic<bool>> current_; ///< the newest job's flag: older ones were set when it started
    int running_ = 0;
    std::function<void(bool)> busyChanged_;
};

} // namespace phaselab::ui
