// SPDX-License-Identifier: GPL-3.0-or-later
// The import dialog's live preview: reads the magnitude file as the dialog's fields say (without
// the value checks of a real import, so a wrong dtype shows as noise rather than an error) and
// pools it into a small image of dB values (largest magnitude per cell, NaN/Inf kept as NaN), off
// the GUI thread. A mel dump's values are decoded with their own value scale first
// (core/dsp/mel_value_scale.hpp) and shown as dB of magnitude, (20 / power) log10 F|X|^power, so
// a log dump's clamp floor reads as the quietest level. Only the latest request's result is reported.
#pragma once

#include "core/dsp/mel_value_scale.hpp"
#include "core/io/storage_spec.hpp"

#include "ui/jobs/job_runner.hpp"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace phaselab::ui {

struct ImportPreview {
    int bins = 0;            ///< of the file as read
    int frames = 0;
    int columns = 0;         ///< of the image (frames pooled)
    int rows = 0;            ///< of the image (bins pooled), row 0 = bin 0
    std::vector<float> db;   ///< rows x columns, row-major; NaN where the file holds NaN/Inf
    float peakDb = 0.0f;     ///< largest finite value
    double nonFinite = 0.0;  ///< fraction of NaN/Inf values
    StorageSpec storage;     ///< as resolved by the reader (bins, frames filled in)
    bool mel = false;        ///< read as a mel dump: rows are mel channels
};

/// How the stored values read: a linear spectrogram's magnitude scale, or a mel dump's value scale.
struct PreviewValueScale {
    MagnitudeScale magnitude = MagnitudeScale::Linear;
    std::optional<MelValueScale> mel; ///< set: a mel dump, `magnitude` unused
    double melPower = 1.0;            ///< the mel's power: 1 a filterbank of |X|, 2 of |X|^2
};

/// The level in dB (20 log10 of a magnitude) a stored value stands for; NaN for NaN/Inf.
float previewDb(double stored, const PreviewValueScale& scale);

/// Reads and pools (synchronous; throws phaselab::Error). Files above maxBytes are refused.
ImportPreview buildImportPreview(const std::string& path, StorageSpec storage, const PreviewValueScale& scale,
                                 int maxColumns, int maxRows, std::int64_t maxBytes);

class ImportPreviewWorker : public QObject {
    Q_OBJECT
public:
    explicit ImportPreviewWorker(QObject* parent = nullptr);
    ~ImportPreviewWorker() override;

    void request(const std::string& path, const StorageSpec& storage, const PreviewValueScale& scale);
    bool busy() const { return jobs_.busy(); }

signals:
    void ready(const std::shared_ptr<const phaselab::ui::ImportPreview>& preview);
    void failed(const QString& message);

private:
    JobRunner jobs_;
};

} // namespace phaselab::ui
