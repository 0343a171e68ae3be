// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/guess_worker.hpp"
#include "ui/user_message.hpp"

#include "ui/jobs/watch_job.hpp"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const GuessResult> result;
    QString error;
    bool cancelled = false;
};

} // namespace

GuessWorker::GuessWorker(QObject* parent) : QObject(parent), cancel_(std::make_shared<std::atomic<bool>>(false))
{
    threads_.setMaxThreadCount(1);
}

GuessWorker::~GuessWorker()
{
    cancel_->store(true);
    threads_.waitForDone();
}

void GuessWorker::cancel()
{
    cancel_->store(true);
}

void GuessWorker::start(const GuessInput& input, int top)
{
    cancel_->store(true);
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    const quint64 ticket = ++latest_;
    auto cancel = cancel_;
    QPointer<GuessWorker> self(this);
    QFuture<Outcome> future = QtConcurrent::run(&threads_, [input, top, cancel, self, ticket]() {
        Outcome outcome;
        JobControl control;
        control.cancel = cancel.get();
        control.progress = [self, ticket, cancel](double fraction, const std::string& stage) {
            if (cancel->load())
                return;
            const QString text = QString::fromStdString(stage);
            QMetaObject::invokeMethod(
                self.data(), [self, ticket, fraction, text]() {
                    if (self && self->latest_ == ticket)
                        emit self->progress(fraction, text);
                },
                Qt::QueuedConnection);
        };
        try {
            GuessOptions options;
            options.top = top;
            outcome.result = std::make_shared<const GuessResult>(guess(input, options, control));
        } catch (const Cancelled&) {
            outcome.cancelled = true;
        } catch (const std::bad_alloc&) {
            outcome.error = QStringLiteral("not enough memory to guess this file");
        } catch (const std::exception& error) {
            outcome.error = userMessage(error);
        }
        return outcome;
    });
    watchJob(this, future, running_, [this, ticket](const Outcome& outcome) {
        if (ticket != latest_ || outcome.cancelled)
            return;
        if (outcome.result)
            emit finished(outcome.result);
        else
            emit failed(outcome.error);
    });
}

} // namespace phaselab::ui
