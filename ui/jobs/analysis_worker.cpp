// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/analysis_worker.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"
#include "ui/model/audio_source.hpp"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <exception>
#include <string>

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const Analysis> analysis;
    QString error;
    bool cancelled = false;
};

float peakPowerOf(const ComplexMatrix& matrix, WorkerPool& pool)
{
    std::vector<float> partial(static_cast<std::size_t>(pool.threadCount()), 0.0f);
    pool.forEachBlock(matrix.values.size(), [&](int block, std::size_t begin, std::size_t end) {
        float peak = 0.0f;
        for (std::size_t i = begin; i < end; ++i)
            peak = std::max(peak, std::norm(matrix.values[i]));
        partial[static_cast<std::size_t>(block)] = peak;
    });
    return *std::max_element(partial.begin(), partial.end());
}

/// The first look's framing: one frame per window length (a quarter of the frames at 75 % overlap).
StftParams previewParams(const StftParams& resolved)
{
    StftParams coarse = resolved;
    coarse.hop = resolved.winLength;
    return coarse;
}

bool wantsPreview(const AnalysisRequest& request, const StftParams& resolved, std::int64_t frames)
{
    return request.allowPreview && frames > kPreviewFrameThreshold && resolved.hop < resolved.winLength;
}

/// What an audio analysis holds, from the signal's length (known from the header before reading):
/// the signal, its STFT and the first look.
void requireMemoryFor(const AnalysisRequest& request, const StftParams& resolved, std::int64_t samples)
{
    const std::int64_t frames = resolved.frameCount(samples);
    const std::int64_t bins = resolved.bins();
    MemoryEstimate estimate;
    estimate.add("signal", bytesOf(samples, sizeof(float)));
    estimate.add("spectrogram", bytesOf(bytesOf(frames, bins), sizeof(std::complex<float>)));
    if (wantsPreview(request, resolved, frames))
        estimate.add("first look", bytesOf(bytesOf(previewParams(resolved).frameCount(samples), bins), sizeof(std::complex<float>)));
    requireWithinMemoryLimit(estimate, request.memoryLimit, "analysing " + request.name.toStdString() + " at n_fft "
                                 + std::to_string(resolved.nFft) + ", hop " + std::to_string(resolved.hop),
                             "use a larger hop or a smaller n_fft (phaselab-cli analyze streams files of any length)");
}

/// control, with every report renamed to `stage`.
JobControl renamed(const JobControl& control, const std::string& stage)
{
    JobControl result;
    result.cancel = control.cancel;
    if (control.progress)
        result.progress = [&control, stage](double fraction, const std::string&) { control.report(fraction, stage); };
    return result;
}

std::shared_ptr<const Analysis> computeImportedAnalysis(const AnalysisRequest& request, WorkerPool& pool, const JobControl& control)
{
    auto analysis = std::make_shared<Analysis>();
    analysis->name = request.name;
    analysis->path = request.path;
    QElapsedTimer timer;
    timer.start();
    std::shared_ptr<const ImportedSpectrogram> imported = request.imported;
    if (!imported) {
        imported = std::make_shared<const ImportedSpectrogram>(loadImport(*request.import, control));
        analysis->loadSeconds = timer.nsecsElapsed() * 1e-9;
        analysis->requestedParams = imported->spectrogram.params;
    } else {
        analysis->requestedParams = request.params;
    }
    control.checkCancelled();
    analysis->imported = imported;
    analysis->spectrogram = imported->spectrogram;
    if (request.imported)
        analysis->spectrogram.params = importParams(request.params, imported->spectrogram.bins());
    analysis->spectrogram.sampleRate = request.sampleRate > 0.0 ? request.sampleRate : imported->spectrogram.sampleRate;
    analysis->spectrogram.signalLength = analysis->spectrogram.params.defaultSignalLength(analysis->spectrogram.frames());
    analysis->peakPower = peakPowerOf(analysis->spectrogram.coefficients, pool);
    // With phase, the inverse STFT is the waveform the spectrogram stands for.
    timer.restart();
    if (imported->hasPhase && satisfiesNola(analysis->spectrogram.params)) {
        control.report(0.0, "inverse STFT");
        Signal signal = istft(analysis->spectrogram, pool);
        signal.sampleRate = analysis->spectrogram.sampleRate;
        analysis->signal = std::make_shared<const Signal>(std::move(signal));
        analysis->waveform = std::make_shared<const WaveformSummary>(summariseWaveform(*analysis->signal));
    }
    analysis->stftSeconds = timer.nsecsElapsed() * 1e-9;
    control.checkCancelled();
    return analysis;
}

} // namespace

std::shared_ptr<const Analysis> computeAnalysis(const AnalysisRequest& request, WorkerPool& pool,
                                                const std::function<void(std::shared_ptr<const Analysis>)>& preview,
                                                const JobControl& control)
{
    if (request.import || request.imported)
        return computeImportedAnalysis(request, pool, control);
    auto analysis = std::make_shared<Analysis>();
    analysis->name = request.name;
    analysis->path = request.path.startsWith(QLatin1String(":/")) ? QString() : request.path;
    const StftParams resolved = request.params.resolved();
    resolved.validate();
    QElapsedTimer timer;
    timer.start();
    if (request.signal) {
        requireMemoryFor(request, resolved, request.signal->length());
        analysis->signal = request.signal;
    } else {
        if (!analysis->path.isEmpty())
            requireMemoryFor(request, resolved, readAudioInfo(QFile::encodeName(request.path).toStdString()).frames);
        analysis->signal = std::make_shared<const Signal>(loadAudio(request.path, control));
        analysis->loadSeconds = timer.nsecsElapsed() * 1e-9;
    }
    control.report(0.0, "waveform summary");
    if (request.waveform && request.signal)
        analysis->waveform = request.waveform;
    else
        analysis->waveform = std::make_shared<const WaveformSummary>(summariseWaveform(*analysis->signal));
    control.checkCancelled();
    analysis->requestedParams = request.params;
    const std::int64_t frames = resolved.frameCount(analysis->signal->length());
    // A compressed file may decode to more than its header said (and the demo has no header check).
    requireMemoryFor(request, resolved, analysis->signal->length());

    if (preview && wantsPreview(request, resolved, frames)) {
        timer.restart();
        auto coarse = std::make_shared<Analysis>(*analysis);
        coarse->spectrogram = stft(*analysis->signal, previewParams(resolved), pool, renamed(control, "first look"));
        if (request.sampleRate > 0.0)
            coarse->spectrogram.sampleRate = request.sampleRate;
        coarse->peakPower = peakPowerOf(coarse->spectrogram.coefficients, pool);
        coarse->stftSeconds = timer.nsecsElapsed() * 1e-9;
        coarse->preview = true;
            preview(coarse);
    }

    timer.restart();
    analysis->spectrogram = stft(*analysis->signal, request.params, pool, control);
    if (request.sampleRate > 0.0)
        analysis->spectrogram.sampleRate = request.sampleRate;
    analysis->peakPower = peakPowerOf(analysis->spectrogram.coefficients, pool);
    analysis->stftSeconds = timer.nsecsElapsed() * 1e-9;
    return analysis;
}

AnalysisWorker::AnalysisWorker(int threads, QObject* parent) : QObject(parent), pool_(std::make_unique<WorkerPool>(threads))
{
    jobs_.onBusyChanged([this](bool busy) { emit busyChanged(busy); });
}

AnalysisWorker::~AnalysisWorker() = default;

void AnalysisWorker::waitForDone()
{
    jobs_.waitForDone();
}

void AnalysisWorker::cancel()
{
    jobs_.cancel();
}

quint64 AnalysisWorker::submit(AnalysisRequest request)
{
    WorkerPool* pool = pool_.get();
    const JobRunner* jobs = &jobs_;
    auto work = [this, jobs, request = std::move(request), pool](const JobTicket& ticket) {
        Outcome outcome;
        if (ticket.cancelled()) {
            outcome.cancelled = true; // superseded or cancelled while queued
            return outcome;
        }
        auto preview = [this, jobs, ticket](std::shared_ptr<const Analysis> coarse) {
            jobs->post(ticket, [this, id = ticket.id, coarse]() { emit previewReady(id, coarse); });
        };
        JobControl control;
        control.cancel = ticket.cancelFlag.get();
        QElapsedTimer sinceReport;
        QString lastStage;
        control.progress = [this, jobs, ticket, &sinceReport, &lastStage](double fraction, const std::string& stage) {
            // A new stage is always shown; within a stage, 20 reports a second are plenty.
            const QString name = QString::fromStdString(stage);
            if (name == lastStage && sinceReport.isValid() && sinceReport.elapsed() < 50)
                return;
            lastStage = name;
            sinceReport.start();
            jobs->post(ticket, [this, id = ticket.id, fraction, name]() { emit progress(id, fraction, name); });
        };
        try {
            outcome.analysis = computeAnalysis(request, *pool, preview, control);
        } catch (const Cancelled&) {
            outcome.cancelled = true;
        } catch (const std::bad_alloc&) {
            outcome.error = QStringLiteral("not enough memory for this spectrogram: use a larger hop or a shorter file");
        } catch (const std::exception& error) {
            outcome.error = userMessage(error);
        }
        return outcome;
    };
    return jobs_.start(std::move(work), [this](quint64 ticket, const Outcome& outcome) {
        if (outcome.cancelled)
            emit cancelled(ticket);
        else if (outcome.analysis)
            emit finished(ticket, outcome.analysis);
        else
            emit failed(ticket, outcome.error);
    });
}

} // namespace phaselab::ui
