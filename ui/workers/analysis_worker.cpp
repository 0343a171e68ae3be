#include "ui/workers/analysis_worker.hpp"

#include "core/error.hpp"
#include "ui/audio_source.hpp"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>
#include <string>

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const Analysis> analysis;
    QString error;
    bool skipped = false;
};

constexpr double kMaxSpectrogramBytes = 4.0 * (1 << 30);

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

std::shared_ptr<const Analysis> computeImportedAnalysis(const AnalysisRequest& request, WorkerPool& pool)
{
    auto analysis = std::make_shared<Analysis>();
    analysis->name = request.name;
    analysis->path = request.path;
    QElapsedTimer timer;
    timer.start();
    std::shared_ptr<const ImportedSpectrogram> imported = request.imported;
    if (!imported) {
        imported = std::make_shared<const ImportedSpectrogram>(loadImport(*request.import));
        analysis->loadSeconds = timer.nsecsElapsed() * 1e-9;
        analysis->requestedParams = imported->spectrogram.params;
    } else {
        analysis->requestedParams = request.params;
    }
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
        Signal signal = istft(analysis->spectrogram, pool);
        signal.sampleRate = analysis->spectrogram.sampleRate;
        analysis->signal = std::make_shared<const Signal>(std::move(signal));
        analysis->waveform = std::make_shared<const WaveformSummary>(summariseWaveform(*analysis->signal));
    }
    analysis->stftSeconds = timer.nsecsElapsed() * 1e-9;
    return analysis;
}

} // namespace

std::shared_ptr<const Analysis> computeAnalysis(const AnalysisRequest& request, WorkerPool& pool,
                                                const std::function<void(std::shared_ptr<const Analysis>)>& preview)
{
    if (request.import || request.imported)
        return computeImportedAnalysis(request, pool);
    auto analysis = std::make_shared<Analysis>();
    analysis->name = request.name;
    analysis->path = request.path.startsWith(QLatin1String(":/")) ? QString() : request.path;
    QElapsedTimer timer;
    timer.start();
    if (request.signal) {
        analysis->signal = request.signal;
    } else {
        analysis->signal = std::make_shared<const Signal>(loadAudio(request.path));
        analysis->loadSeconds = timer.nsecsElapsed() * 1e-9;
    }
    if (request.waveform && request.signal)
        analysis->waveform = request.waveform;
    else
        analysis->waveform = std::make_shared<const WaveformSummary>(summariseWaveform(*analysis->signal));
    analysis->requestedParams = request.params;
    const StftParams resolved = request.params.resolved();
    resolved.validate();
    const std::int64_t frames = resolved.frameCount(analysis->signal->length());
    const double bytes = static_cast<double>(frames) * resolved.bins() * 8.0;
    if (bytes > kMaxSpectrogramBytes)
        throw InputError("this spectrogram would need " + std::to_string(static_cast<long long>(bytes / (1 << 20))) +
                         " MB: use a larger hop or a smaller n_fft");

    if (preview && request.allowPreview && frames > kPreviewFrameThreshold && resolved.hop < resolved.winLength) {
        timer.restart();
        auto coarse = std::make_shared<Analysis>(*analysis);
        StftParams coarseParams = resolved;
        coarseParams.hop = resolved.winLength;
        coarse->spectrogram = stft(*analysis->signal, coarseParams, pool);
        if (request.sampleRate > 0.0)
            coarse->spectrogram.sampleRate = request.sampleRate;
        coarse->peakPower = peakPowerOf(coarse->spectrogram.coefficients, pool);
        coarse->stftSeconds = timer.nsecsElapsed() * 1e-9;
        coarse->preview = true;
        preview(coarse);
    }

    timer.restart();
    analysis->spectrogram = stft(*analysis->signal, request.params, pool);
    if (request.sampleRate > 0.0)
        analysis->spectrogram.sampleRate = request.sampleRate;
    analysis->peakPower = peakPowerOf(analysis->spectrogram.coefficients, pool);
    analysis->stftSeconds = timer.nsecsElapsed() * 1e-9;
    return analysis;
}

AnalysisWorker::AnalysisWorker(int threads, QObject* parent)
    : QObject(parent), pool_(std::make_unique<WorkerPool>(threads)), latest_(std::make_shared<std::atomic<quint64>>(0))
{
    threads_.setMaxThreadCount(1);
}

AnalysisWorker::~AnalysisWorker()
{
    latest_->store(~quint64(0)); // queued jobs see they are stale and skip
    threads_.waitForDone();
}

void AnalysisWorker::waitForDone()
{
    threads_.waitForDone();
}

quint64 AnalysisWorker::submit(AnalysisRequest request)
{
    const quint64 ticket = latest_->load() + 1;
    latest_->store(ticket);
    WorkerPool* pool = pool_.get();
    auto latest = latest_;
    QPointer<AnalysisWorker> self(this);
    QFuture<Outcome> future = QtConcurrent::run(&threads_, [request = std::move(request), pool, latest, ticket, self]() {
        Outcome outcome;
        if (latest->load() != ticket) {
            outcome.skipped = true;
            return outcome;
        }
        auto preview = [self, latest, ticket](std::shared_ptr<const Analysis> coarse) {
            if (latest->load() != ticket || !self)
                return;
            QMetaObject::invokeMethod(
                self.data(), [self, ticket, coarse]() {
                    if (self)
                        emit self->previewReady(ticket, coarse);
                },
                Qt::QueuedConnection);
        };
        try {
            outcome.analysis = computeAnalysis(request, *pool, preview);
        } catch (const std::bad_alloc&) {
            outcome.error = QStringLiteral("not enough memory for this spectrogram: use a larger hop or a shorter file");
        } catch (const std::exception& error) {
            outcome.error = QString::fromStdString(error.what());
        }
        return outcome;
    });
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, ticket]() {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        --running_;
        if (!outcome.skipped) {
            if (outcome.analysis)
                emit finished(ticket, outcome.analysis);
            else
                emit failed(ticket, outcome.error);
        }
        if (running_ == 0)
            emit busyChanged(false);
    });
    if (running_++ == 0)
        emit busyChanged(true);
    watcher->setFuture(future);
    return ticket;
}

} // namespace phaselab::ui
