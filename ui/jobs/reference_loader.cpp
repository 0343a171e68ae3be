// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/reference_loader.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"
#include "core/reconstruction/metrics.hpp"
#include "ui/model/audio_source.hpp"

#include <string>

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const LoadedReference> reference;
    QString error;
    bool cancelled = false;
};

} // namespace

LoadedReference readReference(const QString& path, const StftParams& params, int frames, double sampleRate,
                              const JobControl& control)
{
    auto signal = std::make_shared<const Signal>(loadAudio(path, control));
    if (sampleRate > 0 && signal->sampleRate != sampleRate)
        throw InputError("the reference has " + std::to_string(signal->sampleRate) + " Hz, the spectrogram " +
                         std::to_string(sampleRate) + " Hz: resample it first");
    control.checkCancelled();
    control.report(0.0, "reference STFT");
    WorkerPool pool(0);
    const StftPlan plan(params, signal->length(), frames, StftPlan::Use::ForwardOnly);
    ComplexMatrix coefficients;
    plan.forward(signal->samples.data(), coefficients, pool);
    control.checkCancelled();
    LoadedReference loaded;
    loaded.path = path;
    loaded.params = params;
    loaded.frames = frames;
    loaded.signal = std::move(signal);
    loaded.reference = std::make_shared<const PhaseReference>(coefficients);
    return loaded;
}

ReferenceLoader::ReferenceLoader(QObject* parent) : QObject(parent) {}

ReferenceLoader::~ReferenceLoader() = default;

void ReferenceLoader::cancel()
{
    jobs_.cancel();
}

void ReferenceLoader::load(const QString& path, const StftParams& params, int frames, double sampleRate)
{
    const JobRunner* jobs = &jobs_;
    auto work = [this, jobs, path, params, frames, sampleRate](const JobTicket& ticket) {
        Outcome outcome;
        JobControl control;
        control.cancel = ticket.cancelFlag.get();
        control.progress = [this, jobs, ticket](double fraction, const std::string& stage) {
            jobs->post(ticket, [this, fraction, text = QString::fromStdString(stage)]() { emit progress(fraction, text); });
        };
        try {
            outcome.reference = std::make_shared<const LoadedReference>(readReference(path, params, frames, sampleRate, control));
        } catch (const Cancelled&) {
            outcome.cancelled = true;
        } catch (const std::bad_alloc&) {
            outcome.error = QStringLiteral("not enough memory for this reference");
        } catch (const std::exception& error) {
            outcome.error = userMessage(error);
        }
        return outcome;
    };
    jobs_.start(std::move(work), [this, path](quint64 ticket, const Outcome& outcome) {
        if (!jobs_.isLatest(ticket))
            return;
        if (outcome.reference)
            emit loaded(outcome.reference);
        else if (outcome.cancelled)
            emit cancelled(path);
        else
            emit failed(path, outcome.error);
    });
}

} // namespace phaselab::ui
