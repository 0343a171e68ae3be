// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/import_preview_worker.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/spectrogram_io.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace phaselab::ui {
namespace {

struct Outcome {
    std::shared_ptr<const ImportPreview> preview;
    QString error;
    bool skipped = false;
};

constexpr std::int64_t kMaxPreviewBytes = 512LL << 20;

} // namespace

float previewDb(double value, const PreviewValueScale& scale)
{
    if (!std::isfinite(value))
        return std::numeric_limits<float>::quiet_NaN();
    if (scale.mel) {
        // Decoded to F|X|^power (a wrong reading may overflow: it shows as the loudest level).
        const double decoded = std::min(std::abs(decodeMelValue(value, *scale.mel, scale.melPower)), 1e300);
        return static_cast<float>(20.0 / scale.melPower * std::log10(std::max(decoded, 1e-300)));
    }
    switch (scale.magnitude) {
    case MagnitudeScale::Db: return static_cast<float>(value);
    case MagnitudeScale::Power: return static_cast<float>(10.0 * std::log10(std::max(std::abs(value), 1e-20)));
    case MagnitudeScale::Linear: break;
    }
    return static_cast<float>(20.0 * std::log10(std::max(std::abs(value), 1e-10)));
}

ImportPreview buildImportPreview(const std::string& path, StorageSpec storage, const PreviewValueScale& scale,
                                 int maxColumns, int maxRows, std::int64_t maxBytes)
{
    const std::int64_t bytes = fileSize(path);
    if (bytes > maxBytes)
        throw InputError("the file is " + std::to_string(bytes >> 20) + " MB: too large to preview (it can still be imported)");
    const ComplexMatrix matrix = readComplexMatrix(path, storage);
    ImportPreview preview;
    preview.storage = storage;
    preview.mel = scale.mel.has_value();
    preview.bins = matrix.bins;
    preview.frames = matrix.frames;
    if (matrix.bins < 1 || matrix.frames < 1)
        throw InputError("the file holds no values");
    const int frameGroup = std::max(1, (matrix.frames + maxColumns - 1) / maxColumns);
    const int binGroup = std::max(1, (matrix.bins + maxRows - 1) / maxRows);
    preview.columns = (matrix.frames + frameGroup - 1) / frameGroup;
    preview.rows = (matrix.bins + binGroup - 1) / binGroup;
    preview.db.assign(static_cast<std::size_t>(preview.columns) * preview.rows, -std::numeric_limits<float>::infinity());
    std::size_t nonFinite = 0;
    float peak = -std::numeric_limits<float>::infinity();
    for (int frame = 0; frame < matrix.frames; ++frame) {
        const int column = frame / frameGroup;
        for (int bin = 0; bin < matrix.bins; ++bin) {
            const std::complex<float> value = matrix.at(frame, bin);
            // Complex values: their magnitude; real values keep their sign for the dB scale.
            const double magnitude = value.imag() != 0.0f ? std::abs(value) : value.real();
            const float db = previewDb(magnitude, scale);
            float& cell = preview.db[static_cast<std::size_t>(bin / binGroup) * preview.columns + column];
            if (std::isnan(db)) {
                ++nonFinite;
                cell = db;
            } else if (!std::isnan(cell)) {
                cell = std::max(cell, db);
                peak = std::max(peak, db);
            }
        }
    }
    preview.peakDb = std::isfinite(peak) ? peak : 0.0f;
    preview.nonFinite = static_cast<double>(nonFinite) / (static_cast<double>(matrix.bins) * matrix.frames);
    return preview;
}

ImportPreviewWorker::ImportPreviewWorker(QObject* parent) : QObject(parent) {}

ImportPreviewWorker::~ImportPreviewWorker() = default;

void ImportPreviewWorker::request(const std::string& path, const StorageSpec& storage, const PreviewValueScale& scale)
{
    jobs_.start(
        [path, storage, scale](const JobTicket& ticket) {
            Outcome outcome;
            if (ticket.cancelled()) {
                outcome.skipped = true;
                return outcome;
            }
            try {
                outcome.preview = std::make_shared<const ImportPreview>(
                    buildImportPreview(path, storage, scale, 640, 320, kMaxPreviewBytes));
            } catch (const std::bad_alloc&) {
                outcome.error = QStringLiteral("not enough memory for these fields (too many bins or frames?)");
            } catch (const std::exception& error) {
                outcome.error = userMessage(error);
            }
            return outcome;
        },
        [this](quint64 ticket, const Outcome& outcome) {
            if (outcome.skipped || !jobs_.isLatest(ticket))
                return;
            if (outcome.preview)
                emit ready(outcome.preview);
            else
                emit failed(outcome.error);
        });
}

} // namespace phaselab::ui
