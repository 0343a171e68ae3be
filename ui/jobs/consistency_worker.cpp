// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/consistency_worker.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/guess/consistency.hpp"
#include "core/guess/framing.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const ConsistencyReport> report;
    QString error;
    bool skipped = false;
};

Framing framingOf(const StftParams& input)
{
    const StftParams params = input.resolved();
    Framing framing;
    framing.nFft = params.nFft;
    framing.winLength = params.winLength;
    framing.winOffset = params.winOffset;
    framing.hop = params.hop;
    framing.window = params.window;
    framing.pad = params.padding();
    framing.padMode = params.padMode;
    return framing;
}

double consistencyAt(const ComplexMatrix& coefficients, Framing framing, WorkerPool& pool, bool randomPhase)
{
    const int block = consistencyBlockFrames(framing.nFft, framing.hop, coefficients.frames);
    const int first = loudestBlock(coefficients, block);
    return randomPhase ? randomPhaseConsistencyDb(coefficients, first, block, framing, pool)
                       : consistencyDb(coefficients, first, block, framing, pool);
}

} // namespace

std::vector<int> sweepHops(int winLength, int current)
{
    std::set<int> hops;
    for (double fraction : {1.0 / 16, 1.0 / 12, 1.0 / 10, 1.0 / 8, 1.0 / 6, 1.0 / 5, 1.0 / 4, 1.0 / 3, 3.0 / 8, 1.0 / 2,
                            5.0 / 8, 2.0 / 3, 3.0 / 4, 7.0 / 8, 1.0})
        hops.insert(std::max(1, static_cast<int>(std::lround(winLength * fraction))));
    if (current >= 1 && current <= winLength)
        hops.insert(current);
    return {hops.begin(), hops.end()};
}

ConsistencyReport measureConsistency(const ComplexMatrix& coefficients, const StftParams& input, WorkerPool& pool)
{
    const StftParams params = input.resolved();
    params.validate();
    if (params.bins() != coefficients.bins)
        throw InputError("n_fft " + std::to_string(params.nFft) + " does not fit the spectrogram's " +
                         std::to_string(coefficients.bins) + " bins");
    ConsistencyReport report;
    report.params = params;
    const Framing framing = framingOf(params);
    report.consistencyDb = consistencyAt(coefficients, framing, pool, false);
    report.randomPhaseDb = consistencyAt(coefficients, framing, pool, true);
    report.hops = sweepHops(params.winLength, params.hop);
    for (int hop : report.hops) {
        Framing trial = framing;
        trial.hop = hop;
        report.sweepDb.push_back(hop == params.hop ? report.consistencyDb : consistencyAt(coefficients, trial, pool, false));
    }
    return report;
}

ConsistencyWorker::ConsistencyWorker(QObject* parent) : QObject(parent), pool_(std::make_unique<WorkerPool>(0)) {}

ConsistencyWorker::~ConsistencyWorker() = default;

void ConsistencyWorker::submit(std::shared_ptr<const Analysis> analysis, const StftParams& params)
{
    WorkerPool* pool = pool_.get();
    jobs_.start(
        [analysis = std::move(analysis), params, pool](const JobTicket& ticket) {
            Outcome outcome;
            if (ticket.cancelled()) {
                outcome.skipped = true;
                return outcome;
            }
            try {
                outcome.report = std::make_shared<const ConsistencyReport>(
                    measureConsistency(analysis->spectrogram.coefficients, params, *pool));
            } catch (const std::exception& error) {
                outcome.error = userMessage(error);
            }
            return outcome;
        },
        [this](quint64 ticket, const Outcome& outcome) {
            if (outcome.skipped || !jobs_.isLatest(ticket))
                return;
            if (outcome.report)
                emit finished(outcome.report);
            else
                emit failed(outcome.error);
        });
}

} // namespace phaselab::ui
