// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/grid_worker.hpp"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace phaselab::ui {

GridWorker::GridWorker(QObject* parent) : QObject(parent), cancel_(std::make_shared<std::atomic<bool>>(false))
{
    threads_.setMaxThreadCount(1);
}

GridWorker::~GridWorker()
{
    cancel_->store(true);
    threads_.waitForDone();
}

quint64 GridWorker::submit(std::shared_ptr<const Analysis> analysis, const GridRequest& request)
{
    cancel_->store(true);
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    const quint64 ticket = ++latest_;
    auto cancel = cancel_;
    using Result = std::shared_ptr<const DisplayGrid>;
    QFuture<Result> future = QtConcurrent::run(&threads_, [analysis = std::move(analysis), request, cancel]() -> Result {
        if (cancel->load())
            return nullptr;
        auto grid = std::make_shared<DisplayGrid>(buildDisplayGrid(analysis->spectrogram, request, cancel.get()));
        if (cancel->load() || grid->columns == 0)
            return nullptr;
        return grid;
    });
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, ticket]() {
        Result grid = watcher->result();
        watcher->deleteLater();
        --running_;
        if (ticket == latest_ && grid)
            emit finished(ticket, grid);
        else if (ticket == latest_)
            emit finished(ticket, nullptr);
    });
    ++running_;
    watcher->setFuture(future);
    return ticket;
}

} // namespace phaselab::ui
