// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/run_queue.hpp"

#include "ui/user_message.hpp"

#include <algorithm>

namespace phaselab::ui {
namespace {

std::shared_ptr<const RunInputs> inputsOf(const Analysis& analysis, const std::shared_ptr<const LoadedReference>& reference)
{
    RunInputs inputs = runSetupWithTruth(analysis.spectrogram, analysis.signal, {}, analysis.hasPhase());
    if (analysis.imported && analysis.imported->melTarget)
        attachMelTarget(inputs, analysis.imported->melTarget);
    if (reference && reference->params == inputs.params && reference->frames == inputs.frames()) {
        // The loaded reference replaces what the source offers (analysed with the source's
        // parameters and frame count, so the matrices line up bin for bin).
        inputs.reference = reference->reference;
        inputs.referenceSignal = reference->signal;
    }
    return std::make_shared<const RunInputs>(std::move(inputs));
}

struct InputsOutcome {
    std::shared_ptr<const RunInputs> inputs;
    QString error;
};

} // namespace

RunQueue::RunQueue(QObject* parent)
    : QObject(parent), worker_(new ReconstructionWorker(0, this)), referenceLoader_(new ReferenceLoader(this))
{
    connect(worker_, &ReconstructionWorker::recorded, this, &RunQueue::onRecorded);
    connect(worker_, &ReconstructionWorker::finished, this, &RunQueue::onFinished);
    connect(worker_, &ReconstructionWorker::failed, this, &RunQueue::onFailed);
    connect(worker_, &ReconstructionWorker::stateChanged, this, &RunQueue::onStateChanged);
    connect(worker_, &ReconstructionWorker::snapshotReady, this,
            [this](int id, int iteration, std::shared_ptr<const Analysis> analysis) {
                snapshots_.insert(id, iteration, analysis);
                emit snapshotReady(id, iteration, analysis);
            });
    connect(worker_, &ReconstructionWorker::snapshotFailed, this,
            [this](int, int, const QString& message) { emit snapshotFailed(message); });
    connect(referenceLoader_, &ReferenceLoader::loaded, this, &RunQueue::onReferenceLoaded);
    connect(referenceLoader_, &ReferenceLoader::failed, this, &RunQueue::referenceFailed);
    connect(referenceLoader_, &ReferenceLoader::cancelled, this,
            [this](const QString& path) { emit referenceFailed(path, QString()); });
    connect(referenceLoader_, &ReferenceLoader::progress, this, &RunQueue::referenceProgress);
}

RunQueue::~RunQueue()
{
    shutdown();
}

bool RunQueue::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    if (analysis && analysis->preview)
        return false;
    const bool newSource = !analysis_ || !analysis || analysis_->signal != analysis->signal;
    analysis_ = std::move(analysis);
    forgetInputs();
    if (!newSource && reference_ && analysis_) {
        // New parameters: the reference is analysed again with them (until then runs go without it).
        const Spectrogram& spectrogram = analysis_->spectrogram;
        referenceLoader_->load(referencePath_, spectrogram.params.resolved(), spectrogram.coefficients.frames, analysis_->sampleRate());
    }
    if (newSource) {
        referenceLoader_->cancel();
        reference_.reset();
        referencePath_.clear();
        clear();
    }
    return newSource;
}

std::shared_ptr<const RunInputs> RunQueue::currentInputs()
{
    if (!inputs_ && analysis_) {
        inputs_ = inputsOf(*analysis_, reference_); // a job building the same ones keeps these
    }
    return inputs_;
}

void RunQueue::prepareInputs()
{
    if (inputs_ || !analysis_ || preparingInputs_)
        return;
    preparingInputs_ = true;
    const quint64 generation = inputsGeneration_;
    inputsJob_.start(
        [analysis = analysis_, reference = reference_](const JobTicket&) -> InputsOutcome {
            try {
                return {inputsOf(*analysis, reference), QString()};
            } catch (const std::exception& error) {
                return {nullptr, userMessage(error)};
            }
        },
        [this, generation](quint64, const InputsOutcome& outcome) {
            if (generation != inputsGeneration_)
                return;
            preparingInputs_ = false;
            if (outcome.inputs && !inputs_)
                inputs_ = outcome.inputs;
            else if (!outcome.inputs)
                failWaitingRuns(outcome.error);
            startNext();
            emit stateChanged();
        });
}

void RunQueue::forgetInputs()
{
    inputs_.reset();
    ++inputsGeneration_;
    preparingInputs_ = false;
    inputsJob_.cancel();
}

void RunQueue::failWaitingRuns(const QString& message)
{
    std::vector<int> failedRuns;
    std::erase_if(queue_, [&](const RunRequest& request) {
        if (request.inputs)
            return false;
        failedRuns.push_back(request.runId);
        return true;
    });
    for (int id : failedRuns) {
        if (ReconstructionRun* run = runById(id)) {
            run->status = ReconstructionRun::Status::Failed;
            run->error = message;
        }
        emit failed(id, message);
        emit ended(id);
    }
}

bool RunQueue::loadReference(const QString& path, QString* error)
{
    if (!analysis_) {
        if (error)
            *error = QStringLiteral("open a spectrogram (or audio) first, then its reference");
        return false;
    }
    const Spectrogram& spectrogram = analysis_->spectrogram;
    referenceLoader_->load(path, spectrogram.params.resolved(), spectrogram.coefficients.frames, analysis_->sampleRate());
    return true;
}

void RunQueue::onReferenceLoaded(std::shared_ptr<const LoadedReference> loaded)
{
    reference_ = std::move(loaded);
    referencePath_ = reference_->path;
    forgetInputs();
    startNext(); // runs waiting for inputs get them with the reference
    emit referenceLoaded(referencePath_);
}

int RunQueue::add(const QString& name, const ReconstructionOptions& options, std::shared_ptr<const RunInputs> inputs,
                  bool startPaused)
{
    ReconstructionRun run;
    run.id = nextId_++;
    // Two runs of the same method get numbered, so a legend tells them apart.
    int same = 0;
    for (const auto& other : runs_)
        if (other.name == name || other.name.startsWith(name + QStringLiteral(" #")))
            ++same;
    run.name = same == 0 ? name : QStringLiteral("%1 #%2").arg(name).arg(same + 1);
    run.options = options;
    run.inputs = std::move(inputs);
    run.threads = worker_->threads();
    runs_.push_back(run);
    emit runAdded(runCount() - 1);
    queue_.push_back(RunRequest{run.id, options, run.inputs, startPaused});
    startNext();
    return run.id;
}

void RunQueue::addRestored(const SessionRun& stored)
{
    ReconstructionRun run = fromSessionRun(stored, nextId_++);
    // The session keeps figures, not audio: the run is computed again from the same inputs and
    // options (the engine is deterministic for a seed), which brings back its sound, comparison
    // maps and iterations to scrub. The stored curves show until the new ones come in.
    // Otherwise it is listed with its figures only (the tooltip says it cannot be recomputed).
    if (analysis_ && analysis_->spectrogram.coefficients.frames == stored.frames) {
        if (stored.cancelled && isIterative(run.options.algorithm))
            run.options.iterations = std::max(1, stored.iterationsDone); // it was stopped there
        run.status = ReconstructionRun::Status::Queued;
        queue_.push_back(RunRequest{run.id, run.options, nullptr, false}); // the inputs come from a job
    }
    runs_.push_back(run);
    emit runAdded(runCount() - 1);
    startNext();
}

void RunQueue::startNext()
{
    if (worker_->busy() || queue_.empty())
        return;
    if (!queue_.front().inputs) {
        if (!inputs_) {
            prepareInputs();
            return;
        }
        queue_.front().inputs = inputs_;
        if (ReconstructionRun* waiting = runById(queue_.front().runId))
            waiting->inputs = inputs_;
    }
    RunRequest request = queue_.front();
    queue_.pop_front();
    ReconstructionRun* run = runById(request.runId);
    if (!run)
        return startNext();
    const bool paused = request.startPaused;
    if (!worker_->start(request)) {
        queue_.push_front(request);
        return;
    }
    run = runById(request.runId);
    run->status = paused ? ReconstructionRun::Status::Paused : ReconstructionRun::Status::Running;
    if (run->restored) {
        // Computed again: the live records replace the stored ones.
        run->records.clear();
        run->restored = false;
    }
    emit started(run->id);
}

void RunQueue::pauseOrResume()
{
    if (worker_->state() == ReconstructionWorker::State::Running)
        worker_->pause();
    else if (worker_->state() == ReconstructionWorker::State::Paused)
        worker_->resume();
}

void RunQueue::step()
{
    worker_->step();
}

void RunQueue::stop()
{
    // Queued runs never started: drop them.
    while (!queue_.empty()) {
        const int index = indexOfRun(queue_.back().runId);
        queue_.pop_back();
        if (index >= 0)
            remove(index);
    }
    referenceLoader_->cancel();
    worker_->stop();
}

void RunQueue::shutdown()
{
    forgetInputs();
    referenceLoader_->cancel();
    queue_.clear();
    worker_->shutdown();
}

void RunQueue::remove(int index)
{
    if (index < 0 || index >= runCount())
        return;
    const int id = runs_[static_cast<std::size_t>(index)].id;
    if (id == worker_->currentRun())
        return;
    std::erase_if(queue_, [id](const RunRequest& request) { return request.runId == id; });
    snapshots_.removeRun(id);
    emit removing(index);
    runs_.erase(runs_.begin() + index);
    emit removed(index, id);
}

void RunQueue::clear()
{
    for (int i = runCount() - 1; i >= 0; --i)
        if (runs_[static_cast<std::size_t>(i)].id != worker_->currentRun())
            remove(i);
}

bool RunQueue::busy() const
{
    const auto state = worker_->state();
    return state == ReconstructionWorker::State::Running || state == ReconstructionWorker::State::Stopping ||
           !queue_.empty() || preparingInputs_ || referenceLoader_->busy();
}

int RunQueue::indexOfRun(int id) const
{
    for (int i = 0; i < runCount(); ++i)
        if (runs_[static_cast<std::size_t>(i)].id == id)
            return i;
    return -1;
}

ReconstructionRun* RunQueue::runById(int id)
{
    const int index = indexOfRun(id);
    return index >= 0 ? &runs_[static_cast<std::size_t>(index)] : nullptr;
}

void RunQueue::setColour(int index, const QColor& colour)
{
    if (index >= 0 && index < runCount())
        runs_[static_cast<std::size_t>(index)].colour = colour;
}

bool RunQueue::requestSnapshot(int index, int iteration)
{
    if (index < 0 || index >= runCount())
        return false;
    const ReconstructionRun& run = runs_[static_cast<std::size_t>(index)];
    if (!run.inputs || !run.inputs->magnitude || !isIterative(run.options.algorithm))
        return false;
    worker_->snapshot(run.request(), iteration);
    return true;
}

void RunQueue::onRecorded(int id, const IterationRecord& record)
{
    ReconstructionRun* run = runById(id);
    if (!run)
        return;
    run->records.push_back(record);
    emit recorded(id, record);
}

void RunQueue::onFinished(int id, std::shared_ptr<const RunOutcome> outcome)
{
    ReconstructionRun* run = runById(id);
    if (!run)
        return;
    const ReconstructionResult& result = outcome->result;
    run->analysis = outcome->analysis;
    run->snr = result.snr;
    run->iterationsDone = result.iterationsDone;
    run->secondsTotal = result.secondsTotal;
    run->secondsPerIteration = result.secondsPerIteration;
    run->threads = result.threads;
    run->status = result.cancelled ? ReconstructionRun::Status::Stopped : ReconstructionRun::Status::Finished;
    // The engine's records are the reference: keep exactly those.
    run->records = result.iterations;
    emit ended(id);
}

void RunQueue::onFailed(int id, const QString& message)
{
    if (ReconstructionRun* run = runById(id)) {
        run->status = ReconstructionRun::Status::Failed;
        run->error = message;
    }
    emit failed(id, message);
    emit ended(id);
}

void RunQueue::onStateChanged()
{
    const auto state = worker_->state();
    if (ReconstructionRun* run = runById(worker_->currentRun())) {
        if (state == ReconstructionWorker::State::Paused)
            run->status = ReconstructionRun::Status::Paused;
        else if (state == ReconstructionWorker::State::Running)
            run->status = ReconstructionRun::Status::Running;
    }
    emit stateChanged();
    if (state == ReconstructionWorker::State::Idle)
        startNext();
}

} // namespace phaselab::ui
