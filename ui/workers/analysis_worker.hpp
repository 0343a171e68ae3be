// Runs the workbench's heavy jobs for one source off the GUI thread: reading the audio file
// (when the request has no signal yet), the STFT (core/stft.hpp, frames split over a WorkerPool)
// and the waveform summary. One job runs at a time; a job that is still queued when a newer one
// is submitted is skipped, so only the latest request is ever computed in full. Results come back
// by signal, on the GUI thread; the destructor waits for the running job.
#pragma once

#include "core/parallel.hpp"
#include "ui/analysis.hpp"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace phaselab::ui {

struct AnalysisRequest {
    QString path;  ///< file to read when `signal` is null (":/..." = bundled resource)
    QString name;  ///< display name
    std::shared_ptr<const Signal> signal;            ///< reuse an already loaded signal
    std::shared_ptr<const WaveformSummary> waveform; ///< its summary, when known
    StftParams params;
    double sampleRate = 0.0; ///< Hz; 0: the signal's own rate
};

/// The job itself, synchronous (for tests and the worker). Throws phaselab::Error.
std::shared_ptr<const Analysis> computeAnalysis(const AnalysisRequest& request, WorkerPool& pool);

class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    /// threads <= 0: all hardware threads for the STFT.
    explicit AnalysisWorker(int threads = 0, QObject* parent = nullptr);
    ~AnalysisWorker() override;

    /// Queues a job and returns its ticket (increasing). Older queued jobs are dropped.
    quint64 submit(AnalysisRequest request);
    bool busy() const { return running_ > 0; }
    /// Blocks until every queued job has finished (used on close).
    void waitForDone();

signals:
    void finished(quint64 ticket, std::shared_ptr<const phaselab::ui::Analysis> analysis);
    void failed(quint64 ticket, const QString& message);
    void busyChanged(bool busy);

private:
    QThreadPool threads_;
    std::unique_ptr<WorkerPool> pool_;
    std::shared_ptr<std::atomic<quint64>> latest_;
    int running_ = 0;
};

} // namespace phaselab::ui
