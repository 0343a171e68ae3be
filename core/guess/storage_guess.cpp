// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/storage_guess.hpp"

#include "core/base/error.hpp"
#include "core/guess/fft_size.hpp"
#include "core/guess/header_evidence.hpp"
#include "core/guess/matrix_shape.hpp"
#include "core/guess/matrix_source.hpp"
#include "core/guess/number_text.hpp"
#include "core/guess/phase_evidence.hpp"
#include "core/guess/value_statistics.hpp"
#include "core/io/file_bytes.hpp"
#include "core/io/value_codec.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace phaselab {
namespace {

constexpr std::size_t kAnalysisBytes = 16u << 20;
constexpr std::size_t kAnalysisValues = 2u << 20;

double dtypeLogPrior(DType dtype)
{
    switch (dtype) {
    case DType::Float32: return 0.0;
    case DType::Float64: return -0.7;
    case DType::Complex64: return -1.0;
    case DType::Complex128: return -2.0;
    case DType::Int16: return -2.0;
    case DType::Int32: return -3.0;
    }
    return -3.0;
}

std::string readingName(DType dtype, ByteOrder order)
{
    return dtypeName(dtype) + (bytesPerValue(dtype) > 1 ? std::string(" ") + byteOrderName(order) + "-endian" : "");
}

/// Values of one orientation's bin 0 and last bin in a rows x columns row-major grid.
struct BinIndexing {
    std::size_t first;
    std::size_t stride;
    std::size_t count;
};
BinIndexing binRun(std::int64_t rows, std::int64_t columns, bool rowsAreBins, bool lastBin)
{
    if (rowsAreBins) {
        const std::int64_t row = lastBin ? rows - 1 : 0;
        return {static_cast<std::size_t>(row * columns), 1, static_cast<std::size_t>(columns)};
    }
    const std::int64_t column = lastBin ? columns - 1 : 0;
    return {static_cast<std::size_t>(column), static_cast<std::size_t>(columns), static_cast<std::size_t>(rows)};
}

struct OrientationScore {
    double logScore = 0.0;
    std::vector<std::string> evidence;
};

/// Scores "rows are bins" (or "rows are frames") for a grid whose first `analysedRows` rows of
/// `columns` values are in logValues (and phase / complex values when given).
OrientationScore scoreOrientation(std::int64_t rows, std::int64_t columns, bool rowsAreBins,
                                  std::span<const double> logValues, std::int64_t analysedRows,
                                  std::span<const double> phases, std::span<const double> magnitudes, double phaseLimit,
                                  std::span<const std::complex<double>> complexValues, double sampleRate)
{
    OrientationScore score;
    const std::int64_t bins = rowsAreBins ? rows : columns;
    const std::int64_t frames = rowsAreBins ? columns : rows;
    const double binPrior = binCountLogPrior(static_cast<int>(std::min<std::int64_t>(bins, 1 << 30)), sampleRate);
    score.logScore += binPrior;
    const auto sizes = fftSizesForBins(static_cast<int>(std::min<std::int64_t>(bins, 1 << 30)), sampleRate);
    if (!sizes.empty() && sizes.front().logPrior > -1.0)
        score.evidence.push_back(std::to_string(bins) + " bins = n_fft " + std::to_string(sizes.front().nFft) + " " +
                                 binLayoutName(sizes.front().layout));
    if (frames < 2)
        score.logScore -= 6.0;

    // Spectral tilt, measured where the analysed rows cover whole rows.
    if (analysedRows >= 3 && logValues.size() >= static_cast<std::size_t>(analysedRows * columns)) {
        const double binTilt = rowsAreBins ? axisTilt(logValues, analysedRows, columns, false)
                                           : axisTilt(logValues, analysedRows, columns, true);
        const double frameTilt = rowsAreBins ? axisTilt(logValues, analysedRows, columns, true)
                                             : axisTilt(logValues, analysedRows, columns, false);
        const bool fullBinAxis = !rowsAreBins || analysedRows == rows;
        if (fullBinAxis) {
            score.logScore += 2.0 * std::clamp(frameTilt - binTilt, -1.0, 1.0);
            if (binTilt < -0.3)
                score.evidence.push_back("the mean level falls from low to high bins (correlation " +
                                         fixedText(binTilt, 2) + "): spectral tilt along the bin axis");
        }
    }

    // The DC bin (and the Nyquist bin) of a real signal is real.
    if (!phases.empty() || !complexValues.empty()) {
        double peak = 0.0;
        for (double m : magnitudes)
            if (std::isfinite(m))
                peak = std::max(peak, std::abs(m));
        const auto dc = binRun(std::min(rows, rowsAreBins ? rows : analysedRows), columns, rowsAreBins, false);
        const RealBinTest test = complexValues.empty()
                                     ? realBinFraction(phases, magnitudes, phaseLimit, dc.first, dc.stride, dc.count, 1e-9 * peak)
                                     : realComplexFraction(complexValues, dc.first, dc.stride, dc.count);
        if (test.tested >= 4) {
            score.logScore += 10.0 * (test.fraction - 0.5);
            if (test.fraction > 0.95)
                score.evidence.push_back((complexValues.empty() ? "phase at DC is 0 or pi in " : "the DC value is real in ") +
                                         percentText(test.fraction) + " of " + std::to_string(test.tested) +
                                         " frames: the spectrum of a real signal, bins along this axis");
        }
    }
    return score;
}

void sortHypotheses(std::vector<StorageHypothesis>& list)
{
    std::stable_sort(list.begin(), list.end(),
                     [](const StorageHypothesis& a, const StorageHypothesis& b) { return a.logScore > b.logScore; });
}

std::vector<StorageHypothesis> guessGrid(const FileProbe& magnitude, const FileProbe* phase, double sampleRate)
{
    const StoredGrid grid = readStoredGrid(magnitude.path, magnitude.container);
    if (grid.rows < 2 || grid.columns < 2)
        throw InputError("'" + magnitude.path + "' holds a single " + (grid.rows < 2 ? "row" : "column") + " of " +
                         std::to_string(std::max(grid.rows, grid.columns)) +
                         " values: a spectrogram needs bins and frames; reshape it to (bins, frames) first");
    StoredGrid phaseGrid;
    bool phaseTransposed = false;
    if (phase) {
        if (phase->container != magnitude.container)
            throw InputError("the magnitude file is " + containerName(magnitude.container) + " but the phase file is " +
                             containerName(phase->container) + ": both must be the same kind");
        phaseGrid = readStoredGrid(phase->path, phase->container);
        if (phaseGrid.rows == grid.columns && phaseGrid.columns == grid.rows && grid.rows != grid.columns)
            phaseTransposed = true;
        else if (phaseGrid.rows != grid.rows || phaseGrid.columns != grid.columns)
            throw InputError("the magnitude file holds " + std::to_string(grid.rows) + " x " + std::to_string(grid.columns) +
                             " values but the phase file " + std::to_string(phaseGrid.rows) + " x " +
                             std::to_string(phaseGrid.columns));
    }
    const std::size_t count = grid.values.size();
    std::vector<double> magnitudes(count);
    for (std::size_t i = 0; i < count; ++i)
        magnitudes[i] = grid.complex ? std::abs(grid.values[i]) : grid.values[i].real();
    const ValueStatistics stats = grid.complex ? describeComplexValues(grid.values) : describeValues(magnitudes);
    // Negative values mean dB; integer files may hold fixed-point dB (Q8: dB x 256).
    const double decibelLimit = isInteger(grid.dtype) ? 1000.0 * 256.0 : 1000.0;
    const bool decibels = !grid.complex && stats.negative > 0.001 && stats.maxAbs < decibelLimit;
    const auto logValues = logMagnitudes(magnitudes, decibels);

    std::vector<double> phases;
    double phaseLimit = std::numbers::pi;
    if (phase) {
        phases.resize(count);
        for (int r = 0; r < grid.rows; ++r)
            for (int c = 0; c < grid.columns; ++c) {
                const std::size_t at = static_cast<std::size_t>(r) * grid.columns + c;
                const std::size_t from = phaseTransposed ? static_cast<std::size_t>(c) * grid.rows + r : at;
                phases[at] = phaseGrid.values[from].real();
            }
        const ValueStatistics phaseStats = describeValues(phases);
        phaseLimit = guessPhaseUnit(phaseStats.maxAbs, phaseGrid.dtype).limit;
    }

    std::string source;
    if (magnitude.container == Container::Npy && magnitude.npy)
        source = "npy header: " + magnitude.npy->describe();
    else
        source = containerName(magnitude.container) + " file of " + std::to_string(grid.rows) + " rows x " +
                 std::to_string(grid.columns) + " columns" + (grid.complex ? " (complex)" : "");

    std::vector<StorageHypothesis> list;
    for (bool rowsAreBins : {true, false}) {
        const OrientationScore orientation =
            scoreOrientation(grid.rows, grid.columns, rowsAreBins, logValues, grid.rows, phases, magnitudes, phaseLimit,
                             grid.complex ? std::span<const std::complex<double>>(grid.values)
                                          : std::span<const std::complex<double>>(),
                             sampleRate);
        StorageHypothesis h;
        h.magnitude.container = magnitude.container;
        h.magnitude.dtype = magnitude.container == Container::Csv ? DType::Float64 : grid.dtype;
        h.magnitude.byteOrder = grid.byteOrder;
        h.magnitude.layout = rowsAreBins ? MatrixLayout::BinsByFrames : MatrixLayout::FramesByBins;
        h.magnitude.headerBytes = 0;
        h.magnitude.bins = rowsAreBins ? grid.rows : grid.columns;
        h.magnitude.frames = rowsAreBins ? grid.columns : grid.rows;
        h.complexFile = grid.complex;
        h.decibelValues = decibels;
        if (phase) {
            h.hasPhaseFile = true;
            h.phase = h.magnitude;
            h.phase.dtype = phase->container == Container::Csv ? DType::Float64 : phaseGrid.dtype;
            h.phase.byteOrder = phaseGrid.byteOrder;
            if (phaseTransposed)
                h.phase.layout = rowsAreBins ? MatrixLayout::FramesByBins : MatrixLayout::BinsByFrames;
        }
        h.logScore = orientation.logScore;
        h.evidence.push_back(source);
        h.evidence.insert(h.evidence.end(), orientation.evidence.begin(), orientation.evidence.end());
        list.push_back(std::move(h));
    }
    sortHypotheses(list);
    return list;
}

struct Reading {
    DType dtype;
    ByteOrder order;
    HeaderCandidate header;
    double logScore;
    ValueStatistics stats;
    ValueStatistics phaseStats;
};

std::vector<double> decodeRun(const std::vector<unsigned char>& bytes, std::int64_t header, DType dtype, ByteOrder order,
                              std::size_t maxValues, std::vector<std::complex<double>>* complexOut)
{
    const std::size_t valueBytes = static_cast<std::size_t>(bytesPerValue(dtype));
    const std::size_t available =
        bytes.size() > static_cast<std::size_t>(header) ? (bytes.size() - static_cast<std::size_t>(header)) / valueBytes : 0;
    const std::size_t n = std::min(available, maxValues);
    std::vector<double> values(n);
    const unsigned char* data = bytes.data() + header;
    if (isComplex(dtype)) {
        std::vector<std::complex<double>> complex(n);
        decodeComplexValues(data, n, dtype, order, complex.data());
        for (std::size_t i = 0; i < n; ++i)
            values[i] = std::abs(complex[i]);
        if (complexOut)
            *complexOut = std::move(complex);
    } else {
        decodeRealValues(data, n, dtype, order, values.data());
    }
    return values;
}

/// The first bytes of the file(s), as the raw readings analyse them.
struct RawPrefix {
    std::vector<unsigned char> bytes;
    std::vector<unsigned char> phaseBytes;
    bool samePhaseSize = false; ///< a phase file of the magnitude's size: read the same way
};

/// The bytes after `header`, cut to whole values.
std::span<const unsigned char> valuesAfter(const std::vector<unsigned char>& bytes, std::int64_t header, std::int64_t valueBytes)
{
    std::span<const unsigned char> data(bytes.data() + header, bytes.size() - static_cast<std::size_t>(header));
    return data.first(data.size() - data.size() % static_cast<std::size_t>(valueBytes));
}

/// Every header, dtype and byte order the file size allows, scored by how plausible its values look.
std::vector<Reading> rankReadings(const FileProbe& magnitude, const FileProbe* phase, const RawPrefix& prefix)
{
    std::vector<Reading> readings;
    for (const auto& header : headerCandidates(magnitude, phase))
        for (DType dtype : allDTypes())
            for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
                const std::int64_t valueBytes = bytesPerValue(dtype);
                const std::int64_t dataBytes = magnitude.size - header.bytes;
                if (dataBytes < 16 * valueBytes || dataBytes % valueBytes != 0)
                    continue;
                if (isComplex(dtype) && phase)
                    continue;
                if (static_cast<std::size_t>(header.bytes) >= prefix.bytes.size())
                    continue;
                Reading reading{dtype, order, header, 0.0,
                                sampleStatistics(valuesAfter(prefix.bytes, header.bytes, valueBytes), dtype, order), {}};
                const double headerPrior =
                    header.valueBytes == 0 || header.valueBytes == valueBytes ? header.logPrior : std::min(header.logPrior, -5.0);
                reading.logScore = magnitudeReadingLogScore(reading.stats, isComplex(dtype)) + dtypeLogPrior(dtype) + headerPrior;
                if (prefix.samePhaseSize && static_cast<std::size_t>(header.bytes) < prefix.phaseBytes.size()) {
                    reading.phaseStats = sampleStatistics(valuesAfter(prefix.phaseBytes, header.bytes, valueBytes), dtype, order);
                    reading.logScore += phaseReadingLogScore(reading.phaseStats, dtype);
                }
                readings.push_back(reading);
            }
    std::stable_sort(readings.begin(), readings.end(), [](const Reading& a, const Reading& b) { return a.logScore > b.logScore; });
    return readings;
}

/// The evidence of a raw shape, in the order a person would check it.
std::vector<std::string> rawShapeEvidence(const FileProbe& magnitude, const Reading& reading, std::int64_t bins,
                                          std::int64_t frames, std::int64_t columns, bool rowsAreBins,
                                          const std::vector<RowLengthScore>& rowLengths, std::size_t r)
{
    std::vector<std::string> evidence;
    std::string sizeSentence = "file size " + groupedInteger(magnitude.size) + " = ";
    if (reading.header.bytes > 0)
        sizeSentence += groupedInteger(reading.header.bytes) + " + ";
    sizeSentence += std::to_string(bins) + " x " + std::to_string(frames) + " x " + std::to_string(bytesPerValue(reading.dtype)) +
                    ": " + readingName(reading.dtype, reading.order) + ", " + std::to_string(bins) + " bins";
    evidence.push_back(sizeSentence);
    if (!reading.header.evidence.empty())
        evidence.push_back(reading.header.evidence);
    std::string plausibility = "read as " + readingName(reading.dtype, reading.order) + ": " +
                               percentText(1.0 - reading.stats.nonFinite - reading.stats.wild) +
                               " of the values are finite and of sane size";
    if (reading.stats.negative <= 0.001 && !isComplex(reading.dtype))
        plausibility += ", none negative";
    plausibility += ", neighbours differ by a median factor of " + fixedText(std::exp(reading.stats.roughness), 2);
    evidence.push_back(plausibility);
    evidence.push_back("neighbouring rows of " + std::to_string(columns) + " values (" + (rowsAreBins ? "frames" : "bins") +
                       ") correlate best (r = " + fixedText(rowLengths[r].correlation, 2) + ")" +
                       (rowLengths.size() > 1 ? ", next best row length " + std::to_string(rowLengths[r == 0 ? 1 : 0].rowLength) +
                                                    " (r = " + fixedText(rowLengths[r == 0 ? 1 : 0].correlation, 2) + ")"
                                              : std::string()));
    return evidence;
}

/// The shapes (row length, orientation) one reading's values suggest, as hypotheses.
void addRawShapes(const FileProbe& magnitude, const FileProbe* phase, const RawPrefix& prefix, const Reading& reading,
                  double sampleRate, std::vector<StorageHypothesis>& list)
{
    const std::int64_t valueBytes = bytesPerValue(reading.dtype);
    const std::int64_t total = (magnitude.size - reading.header.bytes) / valueBytes;
    std::vector<std::complex<double>> complexValues;
    const auto values = decodeRun(prefix.bytes, reading.header.bytes, reading.dtype, reading.order, kAnalysisValues,
                                  isComplex(reading.dtype) ? &complexValues : nullptr);
    const double decibelLimit = isInteger(reading.dtype) ? 1000.0 * 256.0 : 1000.0;
    const bool decibels = !isComplex(reading.dtype) && reading.stats.negative > 0.001 && reading.stats.maxAbs < decibelLimit;
    const auto logValues = logMagnitudes(values, decibels);
    std::vector<double> phases;
    double phaseLimit = std::numbers::pi;
    if (prefix.samePhaseSize) {
        phases = decodeRun(prefix.phaseBytes, reading.header.bytes, reading.dtype, reading.order, kAnalysisValues, nullptr);
        phaseLimit = guessPhaseUnit(reading.phaseStats.maxAbs, reading.dtype).limit;
    }
    const auto rowLengths = rankRowLengths(logValues, total, 2);
    if (rowLengths.empty())
        return;
    const double bestCorrelation = rowLengths.front().correlation;
    for (std::size_t r = 0; r < rowLengths.size() && r < 3; ++r) {
        const std::int64_t columns = rowLengths[r].rowLength;
        const std::int64_t rows = total / columns;
        const std::int64_t analysedRows = std::min<std::int64_t>(rows, static_cast<std::int64_t>(values.size()) / columns);
        for (bool rowsAreBins : {false, true}) {
            const std::int64_t bins = rowsAreBins ? rows : columns;
            const std::int64_t frames = rowsAreBins ? columns : rows;
            if (bins < 3 || bins > (1 << 24) || frames > (1LL << 30))
                continue;
            const OrientationScore orientation = scoreOrientation(
                rows, columns, rowsAreBins, logValues, analysedRows, phases, values, phaseLimit,
                isComplex(reading.dtype) ? std::span<const std::complex<double>>(complexValues)
                                         : std::span<const std::complex<double>>(),
                sampleRate);
            StorageHypothesis h;
            h.magnitude.container = Container::Raw;
            h.magnitude.dtype = reading.dtype;
            h.magnitude.byteOrder = reading.order;
            h.magnitude.layout = rowsAreBins ? MatrixLayout::BinsByFrames : MatrixLayout::FramesByBins;
            h.magnitude.headerBytes = reading.header.bytes;
            h.magnitude.bins = static_cast<int>(bins);
            h.magnitude.frames = static_cast<int>(frames);
            h.complexFile = isComplex(reading.dtype);
            h.decibelValues = decibels;
            h.headerIntegers = reading.header.integers;
            h.logScore = reading.logScore + 15.0 * (rowLengths[r].correlation - bestCorrelation) + orientation.logScore;
            const bool headerNamesShape =
                reading.header.dimensionA > 0 &&
                ((reading.header.dimensionA == bins && reading.header.dimensionB == frames) ||
                 (reading.header.dimensionA == frames && reading.header.dimensionB == bins));
            if (headerNamesShape)
                h.logScore += 2.0;
            h.evidence = rawShapeEvidence(magnitude, reading, bins, frames, columns, rowsAreBins, rowLengths, r);
            h.evidence.insert(h.evidence.end(), orientation.evidence.begin(), orientation.evidence.end());
            if (phase) {
                h.hasPhaseFile = true;
                h.phase = h.magnitude;
            }
            list.push_back(std::move(h));
        }
    }
}

/// A phase file of another size: its own dtype for the same bins x frames.
void choosePhaseStorage(const FileProbe& phase, const std::vector<unsigned char>& phaseBytes, StorageHypothesis& h)
{
    double best = -1e18;
    StorageSpec chosen;
    for (const auto& header : headerCandidates(phase, nullptr))
        for (DType dtype : {DType::Float32, DType::Float64, DType::Int16, DType::Int32})
            for (ByteOrder order : {ByteOrder::Little, ByteOrder::Big}) {
                if (phase.size - header.bytes != h.magnitude.valueCount() * bytesPerValue(dtype))
                    continue;
                if (static_cast<std::size_t>(header.bytes) >= phaseBytes.size())
                    continue;
                const auto data = valuesAfter(phaseBytes, header.bytes, bytesPerValue(dtype));
                const double score = phaseReadingLogScore(sampleStatistics(data, dtype, order), dtype) + header.logPrior;
                if (score > best) {
                    best = score;
                    chosen = h.magnitude;
                    chosen.dtype = dtype;
                    chosen.byteOrder = order;
                    chosen.headerBytes = header.bytes;
                }
            }
    if (best <= -1e17) {
        h.logScore -= 50.0;
        h.phase = h.magnitude;
    } else {
        h.phase = chosen;
        h.logScore += best;
        h.evidence.push_back("phase file: " + std::to_string(h.magnitude.bins) + " x " + std::to_string(h.magnitude.frames) +
                             " " + readingName(chosen.dtype, chosen.byteOrder) +
                             (chosen.headerBytes ? " after a " + std::to_string(chosen.headerBytes) + "-byte header" : ""));
    }
}

std::vector<StorageHypothesis> guessRaw(const FileProbe& magnitude, const FileProbe* phase, double sampleRate,
                                        const JobControl& control)
{
    RawPrefix prefix;
    prefix.bytes = readFilePrefix(magnitude.path, kAnalysisBytes);
    prefix.samePhaseSize = phase && phase->size == magnitude.size;
    if (phase)
        prefix.phaseBytes = readFilePrefix(phase->path, kAnalysisBytes);
    const std::vector<Reading> readings = rankReadings(magnitude, phase, prefix);
    control.checkCancelled();
    if (readings.empty())
        throw InputError("'" + magnitude.path + "' (" + groupedInteger(magnitude.size) +
                         " bytes) fits no reading: tried int16, int32, float32, float64, complex64 and complex128 "
                         "with headers of 0 to 4096 bytes");
    const double bestReading = readings.front().logScore;
    std::vector<StorageHypothesis> list;
    int kept = 0;
    for (const Reading& reading : readings) {
        if (kept >= 5 || reading.logScore < bestReading - 15.0)
            break;
        ++kept;
        control.checkCancelled();
        addRawShapes(magnitude, phase, prefix, reading, sampleRate, list);
    }
    if (list.empty())
        throw InputError("'" + magnitude.path + "' (" + groupedInteger(magnitude.size) +
                         " bytes) fits no matrix: every reading's value count has no factorisation into bins x frames");
    if (phase && !prefix.samePhaseSize)
        for (auto& h : list)
            choosePhaseStorage(*phase, prefix.phaseBytes, h);
    sortHypotheses(list);
    return list;
}

} // namespace

std::vector<StorageHypothesis> guessStorage(const FileProbe& magnitude, const FileProbe* phase, double sampleRate,
                                            const JobControl& control)
{
    if (magnitude.container != Container::Raw)
        return guessGrid(magnitude, phase, sampleRate);
    if (phase && phase->container != Container::Raw)
        throw InputError("the magnitude file looks like raw binary but the phase file is " + containerName(phase->container) +
                         ": both must be the same kind");
    return guessRaw(magnitude, phase, sampleRate, control);
}

} // namespace phaselab
