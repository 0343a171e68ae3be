// SPDX-License-Identifier: GPL-3.0-or-later
// Builds a spectrogram pane's DisplayGrid (ui/render/spectrogram_grid.hpp) off the GUI thread. A newer
// request cancels the one running; results come back by signal on the GUI thread, only for the
// latest request.
#pragma once

#include "ui/model/analysis.hpp"
#include "ui/render/spectrogram_grid.hpp"

#include "ui/jobs/job_runner.hpp"

#include <QObject>

#include <memory>

namespace phaselab::ui {

class GridWorker : public QObject {
    Q_OBJECT
public:
    explicit GridWorker(QObject* parent = nullptr);
    ~GridWorker() override;

    quint64 submit(std::shared_ptr<const Analysis> analysis, const GridRequest& request);
    bool busy() const { return jobs_.busy(); }

signals:
    void finished(quint64 ticket, std::shared_ptr<const phaselab::ui::DisplayGrid> grid);

private:
    JobRunner jobs_;
};

} // namespace phaselab::ui
