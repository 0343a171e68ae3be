// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/reconstruction_run.hpp"

namespace phaselab::ui {

QString defaultRunName(const ReconstructionOptions& options)
{
    const QString algorithm = QString::fromStdString(algorithmName(options.algorithm));
    if (!isIterative(options.algorithm))
        return algorithm;
    // auto picks its own start for the budget: only a given phase replaces it.
    if (options.algorithm == Algorithm::Auto && options.init != InitialPhase::Given)
        return algorithm;
    return QStringLiteral("%1, init %2").arg(algorithm, QString::fromStdString(initialPhaseName(options.init)));
}

QString statusName(ReconstructionRun::Status status)
{
    switch (status) {
    case ReconstructionRun::Status::Queued: return QStringLiteral("queued");
    case ReconstructionRun::Status::Running: return QStringLiteral("running");
    case ReconstructionRun::Status::Paused: return QStringLiteral("paused");
    case ReconstructionRun::Status::Finished: return QStringLiteral("done");
    case ReconstructionRun::Status::Stopped: return QStringLiteral("stopped");
    case ReconstructionRun::Status::Failed: return QStringLiteral("failed");
    }
    return QString();
}

SessionRun toSessionRun(const ReconstructionRun& run)
{
    SessionRun out;
    out.name = run.name.toStdString();
    out.options = run.options;
    if (run.inputs) {
        out.params = run.inputs->params;
        out.sampleRate = run.inputs->sampleRate;
        out.frames = run.inputs->magnitude ? run.inputs->frames() : run.storedFrames;
    }
    out.threads = run.threads;
    out.iterations = run.records;
    out.snr = run.snr;
    out.iterationsDone = run.iterationsDone;
    out.secondsTotal = run.secondsTotal;
    out.secondsPerIteration = run.secondsPerIteration;
    out.cancelled = run.status == ReconstructionRun::Status::Stopped;
    return out;
}

ReconstructionRun fromSessionRun(const SessionRun& stored, int id)
{
    ReconstructionRun run;
    run.id = id;
    run.name = QString::fromStdString(stored.name);
    if (run.name.isEmpty())
        run.name = defaultRunName(stored.options);
    run.options = stored.options;
    run.records = stored.iterations;
    run.snr = stored.snr;
    run.iterationsDone = stored.iterationsDone;
    run.secondsTotal = stored.secondsTotal;
    run.secondsPerIteration = stored.secondsPerIteration;
    run.threads = stored.threads;
    run.status = stored.cancelled ? ReconstructionRun::Status::Stopped : ReconstructionRun::Status::Finished;
    run.restored = true;
    run.storedFrames = stored.frames;
    auto inputs = std::make_shared<RunInputs>();
    inputs->params = stored.params;
    inputs->sampleRate = stored.sampleRate;
    run.inputs = inputs; // parameters only: no magnitude until the source is loaded again
    return run;
}

} // namespace phaselab::ui
