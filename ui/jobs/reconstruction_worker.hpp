// SPDX-License-Identifier: GPL-3.0-or-later
// Runs phase reconstructions (core/reconstruction/reconstruction.hpp) off the GUI thread, one at a time, in a
// QThread of its own; every iteration record comes back as a queued signal. Pause and Step hold
// the engine inside its progress callback (so FGLA's momentum and every other state survive a
// pause exactly); Stop sets the engine's cancel flag, which it reads after every iteration, and
// releases a paused run. When a run ends, the worker also analyses the result (STFT with the
// run's parameters, waveform summary) so the views get a ready Analysis.
// Snapshots of earlier iterations are recomputed on demand by re-running the same options for k
// iterations (the engine is deterministic for a given seed): see snapshot().
// The destructor stops the run and waits for the thread (the window calls shutdown() on close).
#pragma once

#include "core/reconstruction/metrics.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/reconstruction/run_setup.hpp"
#include "ui/model/analysis.hpp"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace phaselab {
class WorkerPool;
}

namespace phaselab::ui {

/// What a run reconstructs from: core's run set-up, shared by every run of one source.
using RunInputs = RunSetup;

/// Inputs for reconstructing an analysed signal from its magnitude: S = |X|; when X has a true
/// phase (audio, or an imported spectrogram with its phase file), X is the reference and its
/// phase the "given" one; `signal` (may be null) is the reference signal.
std::shared_ptr<const RunInputs> inputsFromAnalysis(const Spectrogram& spectrogram, std::shared_ptr<const Signal> signal,
                                                    const ComponentOptions& components = {}, bool hasPhase = true);

struct RunRequest {
    int runId = 0;
    ReconstructionOptions options;
    std::shared_ptr<const RunInputs> inputs;
    bool startPaused = false; ///< stop after entry 0 (then step or resume)
};

/// What a finished (or stopped) run produced.
struct RunOutcome {
    ReconstructionResult result;               ///< result.signal is moved into `analysis`
    std::shared_ptr<const Analysis> analysis;  ///< the reconstruction, analysed with the run's parameters
};

/// The reconstruction and its analysis for one request, synchronously (for tests and snapshots).
/// Throws phaselab::Error.
RunOutcome runReconstruction(const RunRequest& request, WorkerPool& pool, const ProgressCallback& progress = {},
                             const std::atomic<bool>* cancel = nullptr);

class ReconstructionWorker : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Stopping };
    Q_ENUM(State)

    /// threads <= 0: all hardware threads.
    explicit ReconstructionWorker(int threads = 0, QObject* parent = nullptr);
    ~ReconstructionWorker() override;

    /// Starts a run; false (and nothing happens) while another one is busy.
    bool start(RunRequest request);
    void pause();
    void resume();
    /// One more iteration, then paused again (from Running: pauses after the next record).
    void step();
    void stop();
    /// Stops the run and waits for the thread; the worker is unusable afterwards.
    void shutdown();

    State state() const { return state_; }
    bool busy() const { return state_ != State::Idle; }
    int currentRun() const { return currentRun_; }
    int threads() const { return threads_; }

    /// Recomputes run `request` at `iterations` iterations in a background task; the answer comes
    /// as snapshotReady (or snapshotFailed). Only the newest request per run is computed.
    void snapshot(RunRequest request, int iterations);

signals:
    void recorded(int runId, const phaselab::IterationRecord& record);
    void finished(int runId, std::shared_ptr<const phaselab::ui::RunOutcome> outcome);
    void failed(int runId, const QString& message);
    void stateChanged(phaselab::ui::ReconstructionWorker::State state);
    void snapshotReady(int runId, int iterations, std::shared_ptr<const phaselab::ui::Analysis> analysis);
    void snapshotFailed(int runId, int iterations, const QString& message);

private:
    struct Control {
        std::mutex mutex;
        std::condition_variable wake;
        bool paused = false;
        int steps = 0;
        std::atomic<bool> cancel{false};
    };

    void setState(State state);
    void execute(RunRequest request); // in thread_
    void onRunEnded(int runId);

    QThread thread_;
    QObject* context_ = nullptr;   ///< lives in thread_: queued calls run there
    std::unique_ptr<WorkerPool> pool_;
    std::shared_ptr<Control> control_;
    State state_ = State::Idle;
    int currentRun_ = -1;
    int threads_ = 1;
    bool shutDown_ = false;

    QThread snapshotThread_;
    QObject* snapshotContext_ = nullptr;
    std::unique_ptr<WorkerPool> snapshotPool_;
    std::shared_ptr<std::atomic<quint64>> snapshotTicket_;
    std::shared_ptr<std::atomic<bool>> snapshotCancel_;
};

} // namespace phaselab::ui

Q_DECLARE_METATYPE(phaselab::IterationRecord)
Q_DECLARE_METATYPE(std::shared_ptr<const phaselab::ui::RunOutcome>)
