// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the workbench's heavy jobs for one source off the GUI thread: reading the audio file
// (when the request has no signal yet), the STFT (core/dsp/stft.hpp, frames split over a WorkerPool)
// and the waveform summary; or, for spectrogram files, reading them (ui/model/spectrogram_import) and
// the inverse STFT that gives their waveform. The memory a job needs is worked out from the file's
// header before anything is read (core/base/memory_budget.hpp). One job runs at a time; submitting a
// newer one cancels the running job and skips queued ones, so only the latest request is ever
// computed in full. Progress, results, failures and cancellations come back by signal, on the GUI
// thread; the destructor cancels and waits for the running job.
#pragma once

#include "core/base/job_control.hpp"
#include "core/base/memory_budget.hpp"
#include "core/base/parallel.hpp"
#include "ui/model/analysis.hpp"

#include "ui/jobs/job_runner.hpp"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace phaselab::ui {

struct AnalysisRequest {
    QString path;  ///< file to read when `signal` is null (":/..." = bundled resource)
    QString name;  ///< display name
    std::shared_ptr<const Signal> signal;            ///< reuse an already loaded signal
    std::shared_ptr<const WaveformSummary> waveform; ///< its summary, when known
    std::shared_ptr<const ImportRequest> import;           ///< read a spectrogram file instead of audio
    std::shared_ptr<const ImportedSpectrogram> imported;   ///< reinterpret an imported spectrogram
    StftParams params;
    double sampleRate = 0.0; ///< Hz; 0: the signal's own rate (imports: unknown unless given)
    /// Long signals: first deliver a quick preview (hop = window length, a quarter of the work at
    /// 75 % overlap) so something is on screen early, then the real STFT.
    bool allowPreview = true;
    /// Bytes the job may allocate (signal, spectrogram, preview); <= 0: no limit.
    std::int64_t memoryLimit = defaultMemoryLimit();
};

/// Frames above which a preview is computed first.
inline constexpr std::int64_t kPreviewFrameThreshold = 8192;

/// The job itself, synchronous (for tests and the worker). Throws phaselab::Error (Cancelled when
/// control's flag is set). `preview`, when given, is called with the preview analysis of a long
/// signal before the real one is computed. `control` hears each stage's progress ("reading NAME",
/// "first look", "STFT", ...) on the calling thread.
std::shared_ptr<const Analysis> computeAnalysis(
    const AnalysisRequest& request, WorkerPool& pool,
    const std::function<void(std::shared_ptr<const Analysis>)>& preview = {}, const JobControl& control = {});

class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    /// threads <= 0: all hardware threads for the STFT.
    explicit AnalysisWorker(int threads = 0, QObject* parent = nullptr);
    ~AnalysisWorker() override;

    /// Queues a job and returns its ticket (increasing); every job ends with one finished(),
    /// failed() or cancelled(). Jobs submitted before are cancelled (the running one stops at its
    /// next check, queued ones never start).
    quint64 submit(AnalysisRequest request);
    /// Cancels every job submitted so far.
    void cancel();
    bool busy() const { return jobs_.busy(); }
    /// Blocks until every queued job has finished (used on close).
    void waitForDone();

signals:
    void finished(quint64 ticket, std::shared_ptr<const phaselab::ui::Analysis> analysis);
    /// A coarse first look at a long signal (Analysis::preview), followed by finished().
    void previewReady(quint64 ticket, std::shared_ptr<const phaselab::ui::Analysis> analysis);
    /// Share done (0-1) of the running job's current stage, e.g. "reading long.wav" or "STFT";
    /// at most about 20 per second.
    void progress(quint64 ticket, double fraction, const QString& stage);
    void failed(quint64 ticket, const QString& message);
    void cancelled(quint64 ticket);
    void busyChanged(bool busy);

private:
    std::unique_ptr<WorkerPool> pool_; ///< before jobs_: the jobs use it until jobs_ has waited for them
    JobRunner jobs_;
};

} // namespace phaselab::ui
