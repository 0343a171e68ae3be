// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/grid_worker.hpp"

namespace phaselab::ui {

GridWorker::GridWorker(QObject* parent) : QObject(parent) {}

GridWorker::~GridWorker() = default;

quint64 GridWorker::submit(std::shared_ptr<const Analysis> analysis, const GridRequest& request)
{
    using Result = std::shared_ptr<const DisplayGrid>;
    return jobs_.start(
        [analysis = std::move(analysis), request](const JobTicket& ticket) -> Result {
            if (ticket.cancelled())
                return nullptr;
            auto grid = std::make_shared<DisplayGrid>(buildDisplayGrid(analysis->spectrogram, request, ticket.cancelFlag.get()));
            if (ticket.cancelled() || grid->columns == 0)
                return nullptr;
            return grid;
        },
        [this](quint64 ticket, const Result& grid) {
            if (jobs_.isLatest(ticket))
                emit finished(ticket, grid);
        });
}

} // namespace phaselab::ui
