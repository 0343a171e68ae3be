// SPDX-License-Identifier: GPL-3.0-or-later
// The workers' shared hand-back: a job started with QtConcurrent::run is counted in `running`
// while it runs, and `done(outcome)` is called on `owner`'s (the GUI) thread when it finishes.
// Stale or cancelled outcomes are for `done` to drop (each worker knows its own ticket).
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

namespace phaselab::ui {

template <class Outcome, class Done>
void watchJob(QObject* owner, const QFuture<Outcome>& future, int& running, Done done)
{
    auto* watcher = new QFutureWatcher<Outcome>(owner); // a child of owner: `running` outlives it
    QObject::connect(watcher, &QFutureWatcher<Outcome>::finished, owner, [watcher, &running, done]() {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        --running;
        done(outcome);
    });
    ++running;
    watcher->setFuture(future);
}

} // namespace phaselab::ui
