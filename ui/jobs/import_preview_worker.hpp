// SPDX-License-Identifier: GPL-3.0-or-later
// The import dialog's live preview: reads the magnitude file as the dialog's fields say (without
// the value checks of a real import, so a wrong dtype shows as noise rather than an error) and
// pools it into a small image of dB values (largest magnitude per cell, NaN/Inf kept as NaN), off
// the GUI thread. Only the latest request's result is reported.
#pragma once

#include "core/io/storage_spec.hpp"

#include "ui/jobs/job_runner.hpp"

#include <QObject>
#include <QString>

#include <memory>
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
};

/// Reads and pools (synchronous; throws phaselab::Error). Files above maxBytes are refused.
ImportPreview buildImportPreview(const std::string& path, StorageSpec storage, MagnitudeScale scale, int maxColumns,
                                 int maxRows, std::int64_t maxBytes);

class ImportPreviewWorker : public QObject {
    Q_OBJECT
public:
    explicit ImportPreviewWorker(QObject* parent = nullptr);
    ~ImportPreviewWorker() override;

    void request(const std::string& path, const StorageSpec& storage, MagnitudeScale scale);
    bool busy() const { return jobs_.busy(); }

signals:
    void ready(const std::shared_ptr<const phaselab::ui::ImportPreview>& preview);
    void failed(const QString& message);

private:
    JobRunner jobs_;
};

} // namespace phaselab::ui
