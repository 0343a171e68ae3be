// SPDX-License-Identifier: GPL-3.0-or-later
// Reads an audio file to be the reference of a reconstruction's phase errors and SNR, and analyses
// it with the open spectrogram's parameters and frame count (so the matrices line up bin for bin),
// off the GUI thread: a long reference must not freeze the window. Progress comes as for opening
// a file; cancel() stops it. A newer load replaces the one running.
#pragma once

#include "core/base/job_control.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"
#include "ui/jobs/job_runner.hpp"

#include <QObject>
#include <QString>

#include <memory>

namespace phaselab {
class PhaseReference;
}

namespace phaselab::ui {

/// A reference ready for runs: the signal (for the SNR) and its STFT as a PhaseReference.
struct LoadedReference {
    QString path;
    StftParams params; ///< what it was analysed with (resolved)
    int frames = 0;
    std::shared_ptr<const Signal> signal;
    std::shared_ptr<const PhaseReference> reference;
};

/// Reads and analyses synchronously (the job's work; also for tests). `sampleRate` <= 0: any.
/// Throws phaselab::Error (a wrong sample rate, an unreadable file) or Cancelled.
LoadedReference readReference(const QString& path, const StftParams& params, int frames, double sampleRate,
                              const JobControl& control = {});

class ReferenceLoader : public QObject {
    Q_OBJECT
public:
    explicit ReferenceLoader(QObject* parent = nullptr);
    ~ReferenceLoader() override;

    /// Starts reading `path` for a spectrogram made with `params` (resolved) of `frames` frames.
    void load(const QString& path, const StftParams& params, int frames, double sampleRate);
    void cancel();
    bool busy() const { return jobs_.busy(); }

signals:
    void progress(double fraction, const QString& stage);
    void loaded(std::shared_ptr<const phaselab::ui::LoadedReference> reference);
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);

private:
    JobRunner jobs_;
};

} // namespace phaselab::ui
