// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/guess_worker.hpp"
#include "ui/user_message.hpp"

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const GuessResult> result;
    QString error;
    bool cancelled = false;
};

} // namespace

GuessWorker::GuessWorker(QObject* parent) : QObject(parent) {}

GuessWorker::~GuessWorker() = default;

void GuessWorker::cancel()
{
    jobs_.cancel();
}

void GuessWorker::start(const GuessInput& input, int top)
{
    JobRunner* jobs = &jobs_;
    jobs_.start(
        [this, jobs, input, top](const JobTicket& ticket) {
            Outcome outcome;
            JobControl control;
            control.cancel = ticket.cancelFlag.get();
            control.progress = [this, jobs, ticket](double fraction, const std::string& stage) {
                if (ticket.cancelled())
                    return;
                jobs->post(ticket, [this, fraction, text = QString::fromStdString(stage)]() { emit progress(fraction, text); });
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
        },
        [this](quint64 ticket, const Outcome& outcome) {
            if (!jobs_.isLatest(ticket) || outcome.cancelled)
                return;
            if (outcome.result)
                emit finished(outcome.result);
            else
                emit failed(outcome.error);
        });
}

} // namespace phaselab::ui
