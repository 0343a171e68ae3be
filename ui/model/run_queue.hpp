// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's reconstruction runs without any widget: the list of runs, the queue of those
// waiting (one runs at a time), the ReconstructionWorker that runs them, the stored snapshots of
// their iterations, the inputs a run of the open analysis uses (built in a job when a run first
// needs them) and the reference audio loaded for them. Views follow its signals (index = position in the list, id = the run's own number).
// A new source clears the runs; new parameters of the same source keep them.
#pragma once

#include "ui/jobs/job_runner.hpp"
#include "ui/jobs/reconstruction_worker.hpp"
#include "ui/jobs/reference_loader.hpp"
#include "ui/model/analysis.hpp"
#include "ui/model/reconstruction_run.hpp"
#include "ui/model/snapshot_store.hpp"

#include <QColor>
#include <QObject>
#include <QString>

#include <deque>
#include <memory>
#include <vector>

namespace phaselab::ui {

class RunQueue : public QObject {
    Q_OBJECT
public:
    explicit RunQueue(QObject* parent = nullptr);
    ~RunQueue() override;

    ReconstructionWorker* worker() const { return worker_; }
    ReconstructionWorker::State state() const { return worker_->state(); }
    /// The id of the run the worker has (-1: none).
    int currentRun() const { return worker_->currentRun(); }

    /// The source on screen; true when it is another source (the runs and the reference went).
    /// A quick preview is ignored (its real analysis follows).
    bool setAnalysis(std::shared_ptr<const Analysis> analysis);
    std::shared_ptr<const Analysis> analysis() const { return analysis_; }
    /// The inputs a run of the current analysis uses, built now on the calling thread when not
    /// built yet (null: nothing open; throws phaselab::Error). add() without inputs builds them
    /// in a job instead.
    std::shared_ptr<const RunInputs> currentInputs();

    /// Reads `path` as the reference of the phase errors and the SNR, off the GUI thread, with the
    /// open spectrogram's parameters and frame count. False with `error` set when nothing is open.
    bool loadReference(const QString& path, QString* error = nullptr);
    QString referencePath() const { return referencePath_; }
    bool hasReference() const { return reference_ != nullptr; }

    /// Queues a run of `inputs` (numbered when the name is taken); returns its id. Null inputs:
    /// those of the open analysis, built off the GUI thread before the run starts (a failure
    /// ends the run "failed").
    int add(const QString& name, const ReconstructionOptions& options, std::shared_ptr<const RunInputs> inputs,
            bool startPaused = false);
    /// A run read from a session: listed with its records, and computed again when its inputs
    /// match the open analysis.
    void addRestored(const SessionRun& stored);
    void pauseOrResume();
    /// One iteration of the paused or running run.
    void step();
    /// Drops the queued runs, cancels the reference and stops the running run.
    void stop();
    /// Stops everything and waits for the worker.
    void shutdown();
    /// Removes a run (not the running one).
    void remove(int index);
    /// Removes every run but the running one.
    void clear();

    /// Running, stopping, queued, or reading the reference (not: paused).
    bool busy() const;
    bool hasQueued() const { return !queue_.empty(); }

    int runCount() const { return static_cast<int>(runs_.size()); }
    const ReconstructionRun& runAt(int index) const { return runs_[static_cast<std::size_t>(index)]; }
    int indexOfRun(int id) const;
    /// The colour views draw a run in.
    void setColour(int index, const QColor& colour);

    SnapshotStore& snapshots() { return snapshots_; }
    const SnapshotStore& snapshots() const { return snapshots_; }
    /// Computes run `index` at `iteration` again (snapshotReady or snapshotFailed follows);
    /// false when that run cannot be recomputed.
    bool requestSnapshot(int index, int iteration);

signals:
    void runAdded(int index);
    void started(int id);
    void recorded(int id, const phaselab::IterationRecord& record);
    /// Finished, stopped or failed (failed comes first, with why).
    void ended(int id);
    void failed(int id, const QString& message);
    /// Before run `index` goes, then after.
    void removing(int index);
    void removed(int index, int id);
    /// The worker ran, paused, stepped or went idle.
    void stateChanged();
    void snapshotReady(int id, int iteration, std::shared_ptr<const phaselab::ui::Analysis> analysis);
    void snapshotFailed(const QString& message);
    void referenceProgress(double fraction, const QString& stage);
    void referenceLoaded(const QString& path);
    /// Failed (message) or cancelled (empty message); what was loaded before stays.
    void referenceFailed(const QString& path, const QString& message);

private:
    void startNext();
    /// Starts the job that builds the open analysis's inputs (unless built or building).
    void prepareInputs();
    /// The inputs are gone (new analysis or reference): a job building them is dropped.
    void forgetInputs();
    void failWaitingRuns(const QString& message);
    void onRecorded(int id, const IterationRecord& record);
    void onFinished(int id, std::shared_ptr<const RunOutcome> outcome);
    void onFailed(int id, const QString& message);
    void onStateChanged();
    void onReferenceLoaded(std::shared_ptr<const LoadedReference> loaded);
    ReconstructionRun* runById(int id);

    ReconstructionWorker* worker_ = nullptr;
    ReferenceLoader* referenceLoader_ = nullptr;
    std::shared_ptr<const Analysis> analysis_;
    std::shared_ptr<const RunInputs> inputs_;
    JobRunner inputsJob_;
    bool preparingInputs_ = false;
    quint64 inputsGeneration_ = 0; ///< what the inputs were built for: a job of an older one is dropped
    std::shared_ptr<const LoadedReference> reference_;
    QString referencePath_;
    std::vector<ReconstructionRun> runs_;
    std::deque<RunRequest> queue_;
    SnapshotStore snapshots_;
    int nextId_ = 1;
};

} // namespace phaselab::ui
