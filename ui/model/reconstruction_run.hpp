// SPDX-License-Identifier: GPL-3.0-or-later
// One reconstruction run as the workbench keeps it: the options and inputs that made it, the
// records that came in live, and once it ended the analysed reconstruction and its final figures.
// Converts to the session model (core/io/session.hpp), whose JSON is the CLI's metrics JSON.
#pragma once

#include "core/io/session.hpp"
#include "ui/model/analysis.hpp"
#include "ui/jobs/reconstruction_worker.hpp"

#include <QColor>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace phaselab::ui {

struct ReconstructionRun {
    enum class Status { Queued, Running, Paused, Finished, Stopped, Failed };

    int id = 0;
    QString name;
    QColor colour;
    ReconstructionOptions options;
    std::shared_ptr<const RunInputs> inputs;
    std::vector<IterationRecord> records;
    Status status = Status::Queued;
    QString error;
    std::shared_ptr<const Analysis> analysis; ///< the final reconstruction (null until it ends)
    std::optional<SnrFigures> snr;
    int iterationsDone = 0;
    double secondsTotal = 0.0;
    double secondsPerIteration = 0.0;
    int threads = 1;
    bool restored = false; ///< read from a session: records only, until re-run
    int storedFrames = 0;  ///< frames of a restored run (its inputs hold no magnitude)

    bool ended() const { return status == Status::Finished || status == Status::Stopped || status == Status::Failed; }
    int lastIteration() const { return records.empty() ? 0 : records.back().iteration; }
    RunRequest request() const { return RunRequest{id, options, inputs, false}; }
};

/// "fgla, init random" for the iterative methods, else the bare name ("spsi").
QString defaultRunName(const ReconstructionOptions& options);
QString statusName(ReconstructionRun::Status status);

/// The run in the session model (records, figures, options, parameters).
SessionRun toSessionRun(const ReconstructionRun& run);
/// A run read from a session: records and figures only (no inputs, no audio) until re-run.
ReconstructionRun fromSessionRun(const SessionRun& stored, int id);

} // namespace phaselab::ui
