// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/reconstruction_worker.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"
#include "ui/jobs/analysis_worker.hpp"

#include <QMetaObject>
#include <QPointer>

#include <algorithm>
#include <cmath>
#include <exception>

namespace phaselab::ui {
namespace {

QString errorText(const std::exception& error)
{
    return userMessage(error);
}

} // namespace

std::shared_ptr<const RunInputs> inputsFromAnalysis(const Spectrogram& spectrogram, std::shared_ptr<const Signal> signal,
                                                    const ComponentOptions& components, bool hasPhase)
{
    return std::make_shared<const RunInputs>(runSetupWithTruth(spectrogram, std::move(signal), components, hasPhase));
}

RunOutcome runReconstruction(const RunRequest& request, WorkerPool& pool, const ProgressCallback& progress,
                             const std::atomic<bool>* cancel)
{
    const RunInputs& inputs = *request.inputs;
    RunOutcome outcome;
    outcome.result = reconstruct(reconstructionProblem(inputs), request.options, pool, progress, cancel);

    AnalysisRequest analysisRequest;
    analysisRequest.name = QString::fromStdString(algorithmName(request.options.algorithm));
    auto signal = std::make_shared<Signal>(std::move(outcome.result.signal));
    if (!(signal->sampleRate > 0.0))
        signal->sampleRate = inputs.sampleRate;
    analysisRequest.signal = std::move(signal);
    analysisRequest.params = inputs.params;
    analysisRequest.sampleRate = inputs.sampleRate;
    outcome.result.signal = Signal{};
    outcome.analysis = computeAnalysis(analysisRequest, pool);
    if (outcome.analysis->spectrogram.frames() != inputs.frames()) {
        // The magnitude came with its own frame count (a file, or another hop): analyse with
        // exactly that many frames, so the reconstruction lines up bin for bin with the target.
        auto aligned = std::make_shared<Analysis>(*outcome.analysis);
        aligned->spectrogram.coefficients =
            stftWithFrames(aligned->signal->samples.data(), aligned->signal->length(), inputs.params, inputs.frames(), pool);
        float peak = 0.0f;
        for (const auto& value : aligned->spectrogram.coefficients.values)
            peak = std::max(peak, std::norm(value));
        aligned->peakPower = peak;
        outcome.analysis = std::move(aligned);
    }
    return outcome;
}

ReconstructionWorker::ReconstructionWorker(int threads, QObject* parent)
    : QObject(parent), pool_(std::make_unique<WorkerPool>(threads)), control_(std::make_shared<Control>()),
      snapshotPool_(std::make_unique<WorkerPool>(std::max(1, pool_->threadCount() / 2))),
      snapshotTicket_(std::make_shared<std::atomic<quint64>>(0)), snapshotCancel_(std::make_shared<std::atomic<bool>>(false))
{
    qRegisterMetaType<phaselab::IterationRecord>();
    qRegisterMetaType<std::shared_ptr<const phaselab::ui::RunOutcome>>();
    qRegisterMetaType<std::shared_ptr<const phaselab::ui::Analysis>>();
    threads_ = pool_->threadCount();
    thread_.setObjectName(QStringLiteral("reconstruction"));
    context_ = new QObject;
    context_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
    thread_.start();
    snapshotThread_.setObjectName(QStringLiteral("reconstruction snapshots"));
    snapshotContext_ = new QObject;
    snapshotContext_->moveToThread(&snapshotThread_);
    connect(&snapshotThread_, &QThread::finished, snapshotContext_, &QObject::deleteLater);
    snapshotThread_.start();
}

ReconstructionWorker::~ReconstructionWorker()
{
    shutdown();
}

void ReconstructionWorker::shutdown()
{
    if (shutDown_)
        return;
    shutDown_ = true;
    stop();
    snapshotCancel_->store(true);
    snapshotTicket_->store(~quint64(0));
    thread_.quit();
    snapshotThread_.quit();
    thread_.wait();
    snapshotThread_.wait();
}

void ReconstructionWorker::setState(State state)
{
    if (state_ == state)
        return;
    state_ = state;
    emit stateChanged(state);
}

bool ReconstructionWorker::start(RunRequest request)
{
    if (busy() || shutDown_ || !request.inputs || !request.inputs->magnitude)
        return false;
    {
        std::lock_guard lock(control_->mutex);
        control_->paused = request.startPaused;
        control_->steps = 0;
        control_->cancel.store(false);
    }
    currentRun_ = request.runId;
    setState(request.startPaused ? State::Paused : State::Running);
    QMetaObject::invokeMethod(context_, [this, request = std::move(request)]() { execute(request); }, Qt::QueuedConnection);
    return true;
}

void ReconstructionWorker::execute(RunRequest request)
{
    // Runs in thread_. Signals emitted here reach the GUI thread queued.
    const std::shared_ptr<Control> control = control_;
    const int runId = request.runId;
    auto progress = [this, control, runId](const IterationRecord& record) {
        emit recorded(runId, record);
        std::unique_lock lock(control->mutex);
        control->wake.wait(lock, [&]() { return !control->paused || control->steps > 0 || control->cancel.load(); });
        if (control->paused && control->steps > 0)
            --control->steps;
    };
    try {
        auto outcome = std::make_shared<RunOutcome>(runReconstruction(request, *pool_, progress, &control->cancel));
        emit finished(runId, std::move(outcome));
    } catch (const std::exception& error) {
        emit failed(runId, errorText(error));
    }
    QMetaObject::invokeMethod(this, [this, runId]() { onRunEnded(runId); }, Qt::QueuedConnection);
}

void ReconstructionWorker::onRunEnded(int runId)
{
    if (runId == currentRun_) {
        currentRun_ = -1;
        setState(State::Idle);
    }
}

void ReconstructionWorker::pause()
{
    if (state_ != State::Running)
        return;
    {
        std::lock_guard lock(control_->mutex);
        control_->paused = true;
        control_->steps = 0;
    }
    setState(State::Paused);
}

void ReconstructionWorker::resume()
{
    if (state_ != State::Paused)
        return;
    {
        std::lock_guard lock(control_->mutex);
        control_->paused = false;
    }
    control_->wake.notify_all();
    setState(State::Running);
}

void ReconstructionWorker::step()
{
    if (state_ == State::Running) {
        pause();
        return;
    }
    if (state_ != State::Paused)
        return;
    {
        std::lock_guard lock(control_->mutex);
        ++control_->steps;
    }
    control_->wake.notify_all();
}

void ReconstructionWorker::stop()
{
    if (state_ == State::Idle || state_ == State::Stopping)
        return;
    {
        std::lock_guard lock(control_->mutex);
        control_->cancel.store(true);
    }
    control_->wake.notify_all();
    setState(State::Stopping);
}

void ReconstructionWorker::snapshot(RunRequest request, int iterations)
{
    if (shutDown_ || !request.inputs)
        return;
    const quint64 ticket = ++*snapshotTicket_;
    auto latest = snapshotTicket_;
    // A newer request stops the one being computed (the slider has moved on), as shutdown does.
    snapshotCancel_->store(true);
    auto cancel = std::make_shared<std::atomic<bool>>(shutDown_);
    snapshotCancel_ = cancel;
    QPointer<ReconstructionWorker> self(this);
    WorkerPool* pool = snapshotPool_.get();
    // The run's figures are known already: without the references no iteration pays for its
    // phase errors, which cost more than the iteration itself.
    auto inputs = std::make_shared<RunInputs>(*request.inputs);
    inputs->reference.reset();
    inputs->referenceSignal.reset();
    request.inputs = std::move(inputs);
    QMetaObject::invokeMethod(
        snapshotContext_,
        [self, request = std::move(request), iterations, ticket, latest, cancel, pool]() mutable {
            if (latest->load() != ticket || cancel->load())
                return; // a newer request is waiting: skip this one
            const int runId = request.runId;
            if (request.options.algorithm == Algorithm::Raar) {
                // RAAR's Griffin-Lim tail is counted from the run's end: keep the run's schedule.
                const int raarIterations = request.options.iterations - raarTailIterations(request.options);
                request.options.raarGlaIterations = std::max(0, iterations - raarIterations);
            }
            request.options.iterations = iterations;
            try {
                const RunOutcome outcome = runReconstruction(request, *pool, {}, cancel.get());
                if (self && latest->load() == ticket && !outcome.result.cancelled)
                    emit self->snapshotReady(runId, iterations, outcome.analysis);
            } catch (const std::exception& error) {
                if (self)
                    emit self->snapshotFailed(runId, iterations, errorText(error));
            }
        },
        Qt::QueuedConnection);
}

} // namespace phaselab::ui
