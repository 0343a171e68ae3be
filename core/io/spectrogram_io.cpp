// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/spectrogram_io.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/csv.hpp"
#include "core/io/file_bytes.hpp"
#include "core/io/mat.hpp"
#include "core/io/npy.hpp"
#include "core/io/raw.hpp"
#include "core/io/value_codec.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numbers>
#include <optional>

namespace phaselab {
namespace {

std::string q(const std::string& name)
{
    return "'" + name + "'";
}

std::string lowerExtension(const std::string& path)
{
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

// Sets spec.bins / spec.frames from a rows x columns grid as the layout orients it (rows = bins
// for bins_by_frames), checking them against bins / frames the caller asked for.
void orientGrid(std::int64_t rows, std::int64_t columns, StorageSpec& spec, const std::string& path)
{
    const bool binsFirst = spec.layout == MatrixLayout::BinsByFrames;
    const std::int64_t bins = binsFirst ? rows : columns;
    const std::int64_t frames = binsFirst ? columns : rows;
    if (bins < 1 || frames < 1)
        throw InputError(q(path) + " holds no values");
    if (bins > INT_MAX || frames > INT_MAX)
        throw InputError(q(path) + " has a dimension larger than PhaseLab handles");
    if ((spec.bins > 0 && spec.bins != bins) || (spec.frames > 0 && spec.frames != frames))
        throw InputError(q(path) + " is " + std::to_string(bins) + " bins x " + std::to_string(frames) + " frames read as "
                         + layoutName(spec.layout) + ", not the " + std::to_string(spec.bins) + " x "
                         + std::to_string(spec.frames) + " asked for; check `layout`, `bins` and `frames`");
    spec.bins = static_cast<int>(bins);
    spec.frames = static_cast<int>(frames);
}

// The matrix view of an npy array: (bins, frames) for bins_by_frames, (frames, bins) otherwise.
// Size-1 axes of arrays with more than two are dropped ((1, 513, 431) from torch is a 2-D matrix);
// a 1-D array is one frame. Returns the layout in which the C-order values run (a single frame
// runs frames_by_bins whatever the requested layout).
MatrixLayout npyMatrixShape(const NpyHeader& header, StorageSpec& spec, const std::string& path)
{
    if (header.shape.empty())
        throw InputError(q(path) + " holds a single number (a 0-d array), not a spectrogram matrix");
    if (header.valueCount() == 0)
        throw InputError(q(path) + " holds no values (its shape has a zero)");
    std::vector<std::int64_t> dims = header.shape;
    if (dims.size() > 2)
        std::erase(dims, std::int64_t{1});
    MatrixLayout order = spec.layout;
    if (dims.size() <= 1) {
        const std::int64_t bins = dims.empty() ? 1 : dims[0];
        if (spec.layout == MatrixLayout::BinsByFrames)
            orientGrid(bins, 1, spec, path);
        else
            orientGrid(1, bins, spec, path);
        order = MatrixLayout::FramesByBins;
    } else if (dims.size() == 2) {
        orientGrid(dims[0], dims[1], spec, path);
    } else {
        throw InputError(q(path) + " holds an array of " + header.describe()
                         + "; a spectrogram file must be 2-d (bins x frames)");
    }
    spec.container = Container::Npy;
    spec.dtype = header.dtype;
    spec.byteOrder = header.byteOrder;
    spec.headerBytes = header.headerBytes;
    return order;
}

[[noreturn]] void unsupportedContainer(Container container, const std::string& path)
{
    throw InputError("reading " + containerName(container) + " files (" + q(path)
                     + ") is not supported here; save the matrix as .npy or raw binary");
}

template <class T>
std::optional<std::size_t> firstNonFinite(const std::vector<T>& values)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if constexpr (std::is_same_v<T, float>) {
            if (!std::isfinite(values[i]))
                return i;
        } else {
            if (!std::isfinite(values[i].real()) || !std::isfinite(values[i].imag()))
                return i;
        }
    }
    return std::nullopt;
}

template <class T>
void requireFinite(const FrameMatrix<T>& matrix, const std::string& what, const std::string& path)
{
    if (const auto bad = firstNonFinite(matrix.values)) {
        const int frame = static_cast<int>(*bad / static_cast<std::size_t>(matrix.bins));
        const int bin = static_cast<int>(*bad % static_cast<std::size_t>(matrix.bins));
        const auto value = matrix.values[*bad];
        bool isNan = false;
        if constexpr (std::is_same_v<T, float>)
            isNan = std::isnan(value);
        else
            isNan = std::isnan(value.real()) || std::isnan(value.imag());
        throw InputError(what + " " + q(path) + " holds " + (isNan ? "NaN" : "an infinite value") + " at bin "
                         + std::to_string(bin) + ", frame " + std::to_string(frame)
                         + "; PhaseLab needs finite values (replace them, e.g. with np.nan_to_num)");
    }
}

std::string shapeText(const StorageSpec& spec)
{
    return std::to_string(spec.bins) + " bins x " + std::to_string(spec.frames) + " frames";
}

DType fileDType(const std::string& path, const StorageSpec& spec, Container container)
{
    if (container == Container::Npy)
        return readNpyHeader(path).dtype;
    if (container == Container::Csv)
        return DType::Float64;
    if (container == Container::Mat) {
        const auto variables = listMatVariables(path);
        const MatVariableInfo* largest = nullptr;
        for (const auto& variable : variables)
            if (variable.isNumeric && variable.matrixShape().first > 0 && (!largest || variable.valueCount() > largest->valueCount()))
                largest = &variable;
        return largest && largest->isComplex ? DType::Complex128 : DType::Float64;
    }
    return spec.dtype;
}

template <class T>
FrameMatrix<T> scaled(FrameMatrix<T> matrix, double scale)
{
    if (scale != 1.0)
        for (auto& value : matrix.values)
            value *= static_cast<float>(scale);
    return matrix;
}

template <class T>
FrameMatrix<T> readMatrix(const std::string& path, StorageSpec& spec)
{
    const Container container = detectContainer(path, spec.container);
    if (container == Container::Npy) {
        const NpyHeader header = readNpyHeader(path);
        if constexpr (std::is_same_v<T, float>)
            if (isComplex(header.dtype))
                throw InputError(q(path) + " holds complex values (" + header.descr
                                 + ") where a real matrix is expected");
        const MatrixLayout order = npyMatrixShape(header, spec, path);
        const NpyArray array = readNpy(path);
        if constexpr (!std::is_same_v<T, float>)
            if (array.isComplex())
                return scaled(arrangeMatrix<T>(array.complex.data(), spec.bins, spec.frames, order), spec.quantScale);
        return scaled(arrangeMatrix<T>(array.real.data(), spec.bins, spec.frames, order), spec.quantScale);
    }
    if (container == Container::Csv) {
        const CsvTable table = readCsv(path);
        orientGrid(table.shape.rows, table.shape.columns, spec, path);
        spec.container = Container::Csv;
        spec.dtype = DType::Float64;
        spec.headerBytes = 0;
        return scaled(arrangeMatrix<T>(table.values.data(), spec.bins, spec.frames, spec.layout), spec.quantScale);
    }
    if (container == Container::Mat) {
        const MatMatrix matrix = readMatMatrix(path);
        orientGrid(matrix.rows, matrix.columns, spec, path);
        spec.container = Container::Mat;
        spec.dtype = matrix.info.isComplex ? DType::Complex128 : DType::Float64;
        spec.headerBytes = 0;
        if (matrix.info.isComplex) {
            if constexpr (std::is_same_v<T, float>)
                throw InputError(q(path) + " holds a complex matrix where a real matrix is expected");
            else
                return scaled(arrangeMatrix<T>(matrix.complex.data(), spec.bins, spec.frames, spec.layout), spec.quantScale);
        }
        return scaled(arrangeMatrix<T>(matrix.real.data(), spec.bins, spec.frames, spec.layout), spec.quantScale);
    }
    if (container != Container::Raw)
        unsupportedContainer(container, path);
    spec.container = Container::Raw;
    spec = resolveRawShape(spec, fileSize(path), path);
    if constexpr (std::is_same_v<T, float>)
        return readRawReal(path, spec);
    else
        return readRawComplex(path, spec);
}

} // namespace

Container detectContainer(const std::string& path, Container fallback)
{
    requireReadableFile(path, "file");
    static constexpr unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    const std::vector<unsigned char> prefix = readFilePrefix(path, sizeof kMagic);
    if (prefix.size() == sizeof kMagic && std::memcmp(prefix.data(), kMagic, sizeof kMagic) == 0)
        return Container::Npy;
    const std::string extension = lowerExtension(path);
    if (extension == ".npy")
        return Container::Npy; // let the npy reader say what is wrong with it
    if (extension == ".csv" || extension == ".tsv" || extension == ".txt")
        return Container::Csv;
    if (extension == ".mat")
        return Container::Mat;
    return fallback;
}

RealMatrix readRealMatrix(const std::string& path, StorageSpec& spec)
{
    return readMatrix<float>(path, spec);
}

ComplexMatrix readComplexMatrix(const std::string& path, StorageSpec& spec)
{
    return readMatrix<std::complex<float>>(path, spec);
}

namespace {

/// The phase file of a magnitude stored as `storage`, its shape checked before it is read: a
/// differing size is a shape mismatch, not a read error.
RealMatrix readMatchingPhase(const SpectrogramFiles& files, const StorageSpec& storage)
{
    std::optional<RealMatrix> phase;
    StorageSpec phaseSpec = files.storage;
    const Container phaseContainer = detectContainer(files.phasePath, files.storage.container);
    bool shapesMatch = true;
    std::string phaseShape;
    if (phaseContainer == Container::Npy) {
        const NpyHeader header = readNpyHeader(files.phasePath);
        if (isComplex(header.dtype))
            throw InputError("phase file " + q(files.phasePath) + " holds complex values; give angles");
        phaseSpec.bins = phaseSpec.frames = 0;
        npyMatrixShape(header, phaseSpec, files.phasePath);
        shapesMatch = phaseSpec.bins == storage.bins && phaseSpec.frames == storage.frames;
        phaseShape = shapeText(phaseSpec);
    } else if (phaseContainer == Container::Raw) {
        phaseSpec.container = Container::Raw;
        phaseSpec.bins = storage.bins;
        phaseSpec.frames = storage.frames;
        const std::int64_t size = fileSize(files.phasePath);
        const std::int64_t expected = phaseSpec.headerBytes + phaseSpec.dataBytes();
        shapesMatch = size == expected;
        phaseShape = std::to_string(size) + " bytes where " + std::to_string(expected) + " were expected";
    } else {
        phaseSpec.bins = phaseSpec.frames = 0;
        phase = readRealMatrix(files.phasePath, phaseSpec);
        shapesMatch = phaseSpec.bins == storage.bins && phaseSpec.frames == storage.frames;
        phaseShape = shapeText(phaseSpec);
    }
    if (!shapesMatch)
        throw InputError("magnitude file " + q(files.magnitudePath) + " is " + shapeText(storage)
                         + " but phase file " + q(files.phasePath) + " is " + phaseShape
                         + ": magnitude and phase must have the same shape");
    if (!phase)
        phase = readRealMatrix(files.phasePath, phaseSpec);
    requireFinite(*phase, "phase file", files.phasePath);
    return std::move(*phase);
}

} // namespace

LoadedSpectrogram loadSpectrogram(const SpectrogramFiles& files)
{
    requireReadableFile(files.magnitudePath, "magnitude file");
    if (!files.phasePath.empty())
        requireReadableFile(files.phasePath, "phase file");
    const ValueConventions& conventions = files.values;
    LoadedSpectrogram result;
    result.storage = files.storage;
    const Container container = detectContainer(files.magnitudePath, files.storage.container);
    const DType dtype = fileDType(files.magnitudePath, files.storage, container);
    const bool samePath = !files.phasePath.empty() && sameFile(files.magnitudePath, files.phasePath);

    if (isComplex(dtype)) {
        if (!files.phasePath.empty() && !samePath)
            throw InputError("magnitude file " + q(files.magnitudePath) + " is complex (" + dtypeName(dtype)
                             + ") and already holds the phase: drop the phase file " + q(files.phasePath));
        if (conventions.magnitudeScale != MagnitudeScale::Linear)
            throw InputError("magnitude file " + q(files.magnitudePath)
                             + " is complex: it holds X itself, so `scale` must be linear");
        result.coefficients = readComplexMatrix(files.magnitudePath, result.storage);
        requireFinite(result.coefficients, "file", files.magnitudePath);
        result.hasPhase = true;
        return result;
    }
    if (samePath)
        throw InputError("the same file " + q(files.magnitudePath)
                         + " was given as magnitude and phase, but it holds real values; a single file must be complex");

    RealMatrix magnitude = readRealMatrix(files.magnitudePath, result.storage);
    requireFinite(magnitude, "magnitude file", files.magnitudePath);

    std::optional<RealMatrix> phase;
    if (!files.phasePath.empty())
        phase = readMatchingPhase(files, result.storage);

    result.coefficients = ComplexMatrix(magnitude.bins, magnitude.frames);
    const double phaseFactor = conventions.phaseUnit == PhaseUnit::Degrees ? std::numbers::pi / 180.0 : 1.0;
    for (std::size_t i = 0; i < magnitude.values.size(); ++i) {
        const double stored = magnitude.values[i];
        double linear = 0.0;
        switch (conventions.magnitudeScale) {
        case MagnitudeScale::Linear: linear = stored; break;
        case MagnitudeScale::Power: linear = std::sqrt(std::max(0.0, stored)); break;
        case MagnitudeScale::Db: linear = stored <= conventions.dbFloor ? 0.0 : std::pow(10.0, stored / 20.0); break;
        }
        if (conventions.magnitudeScale != MagnitudeScale::Db && stored < 0.0) {
            const std::size_t bins = static_cast<std::size_t>(magnitude.bins);
            throw InputError("magnitude file " + q(files.magnitudePath) + " holds a negative value ("
                             + std::to_string(stored) + ") at bin " + std::to_string(i % bins) + ", frame "
                             + std::to_string(i / bins) + ", impossible for " + magnitudeScaleName(conventions.magnitudeScale)
                             + " magnitudes; is it in dB (`scale` db)?");
        }
        if (!std::isfinite(linear))
            throw InputError("magnitude file " + q(files.magnitudePath) + ": the dB value " + std::to_string(stored)
                             + " overflows; is it really in dB?");
        if (phase) {
            const double angle = phase->values[i] * phaseFactor;
            result.coefficients.values[i] = {static_cast<float>(linear * std::cos(angle)),
                                             static_cast<float>(linear * std::sin(angle))};
        } else {
            result.coefficients.values[i] = {static_cast<float>(linear), 0.0f};
        }
    }
    result.hasPhase = phase.has_value();
    return result;
}

std::string spectrogramFileFormatName(SpectrogramFileFormat format)
{
    switch (format) {
    case SpectrogramFileFormat::Npy: return "npy";
    case SpectrogramFileFormat::F32le: return "f32le";
    case SpectrogramFileFormat::F64le: return "f64le";
    }
    return "npy";
}

SpectrogramFileFormat parseSpectrogramFileFormat(const std::string& text)
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t == "npy")
        return SpectrogramFileFormat::Npy;
    if (t == "f32le" || t == "f32")
        return SpectrogramFileFormat::F32le;
    if (t == "f64le" || t == "f64")
        return SpectrogramFileFormat::F64le;
    throw InputError("unknown output format '" + text + "': use npy, f32le or f64le");
}

SpectrogramFileFormat spectrogramFileFormatForPath(const std::string& path)
{
    return lowerExtension(path) == ".npy" ? SpectrogramFileFormat::Npy : SpectrogramFileFormat::F32le;
}

namespace {

// Streams one derived real matrix (value(frame, bin)) to an open atomic file in the output
// layout, chunk by chunk.
template <class ValueOf>
void writeMatrixValues(AtomicFile& file, const ComplexMatrix& matrix, const SpectrogramWriteOptions& options,
                       DType dtype, ValueOf valueOf)
{
    const std::size_t bins = static_cast<std::size_t>(matrix.bins);
    const std::size_t frames = static_cast<std::size_t>(matrix.frames);
    if (options.format == SpectrogramFileFormat::Npy) {
        const std::vector<std::int64_t> shape = options.layout == MatrixLayout::BinsByFrames
                                                    ? std::vector<std::int64_t>{matrix.bins, matrix.frames}
                                                    : std::vector<std::int64_t>{matrix.frames, matrix.bins};
        const std::string header = makeNpyHeader(dtype, ByteOrder::Little, shape);
        file.write(header.data(), header.size());
    }
    if (bins == 0 || frames == 0)
        return;
    const std::size_t valueBytes = static_cast<std::size_t>(bytesPerValue(dtype));
    auto emit = [&](const std::vector<double>& values, std::size_t count, std::vector<unsigned char>& bytes) {
        bytes.resize(count * valueBytes);
        encodeRealValues(values.data(), count, dtype, ByteOrder::Little, bytes.data());
        file.write(bytes.data(), bytes.size());
    };
    std::vector<double> values;
    std::vector<unsigned char> bytes;
    if (options.layout == MatrixLayout::FramesByBins) {
        // File order is memory order: stream it in blocks of frames.
        const std::size_t framesPerBlock = std::max<std::size_t>(1, (std::size_t{1} << 16) / bins);
        for (std::size_t begin = 0; begin < frames; begin += framesPerBlock) {
            const std::size_t count = std::min(framesPerBlock, frames - begin) * bins;
            values.resize(count);
            const std::complex<float>* source = matrix.values.data() + begin * bins;
            for (std::size_t i = 0; i < count; ++i)
                values[i] = valueOf(source[i]);
            emit(values, count, bytes);
        }
        return;
    }
    // bins_by_frames: each bin's time series is a file row. Gather a band of rows per pass so
    // each frame's cache lines are read once per band, not once per bin.
    constexpr std::size_t kBand = 16;
    for (std::size_t first = 0; first < bins; first += kBand) {
        const std::size_t band = std::min(kBand, bins - first);
        values.resize(band * frames);
        for (std::size_t frame = 0; frame < frames; ++frame) {
            const std::complex<float>* source = matrix.values.data() + frame * bins + first;
            for (std::size_t b = 0; b < band; ++b)
                values[b * frames + frame] = valueOf(source[b]);
        }
        emit(values, band * frames, bytes);
    }
}

} // namespace

void writeSpectrogramFiles(const ComplexMatrix& coefficients, const std::string& magnitudePath,
                           const std::string& phasePath, const SpectrogramWriteOptions& options)
{
    if (!phasePath.empty() && sameFile(magnitudePath, phasePath))
        throw InputError("the magnitude and phase outputs are the same file " + q(magnitudePath)
                         + ": give two different paths");
    const DType dtype = options.format == SpectrogramFileFormat::F64le ? DType::Float64 : DType::Float32;
    const ValueConventions conventions = options.values;
    AtomicFile magnitudeFile(magnitudePath);
    std::optional<AtomicFile> phaseFile;
    if (!phasePath.empty())
        phaseFile.emplace(phasePath);
    writeMatrixValues(magnitudeFile, coefficients, options, dtype,
                      [&](std::complex<float> x) { return storedMagnitude(x, conventions); });
    if (phaseFile)
        writeMatrixValues(*phaseFile, coefficients, options, dtype,
                          [&](std::complex<float> x) { return storedPhase(x, conventions); });
    magnitudeFile.commit();
    if (phaseFile)
        phaseFile->commit();
}

double storedMagnitude(std::complex<float> x, const ValueConventions& conventions)
{
    // sqrt(re^2 + im^2) in double: float inputs cannot overflow it, and it is several times
    // faster than std::abs's hypot.
    const double re = x.real(), im = x.imag();
    const double magnitude = std::sqrt(re * re + im * im);
    switch (conventions.magnitudeScale) {
    case MagnitudeScale::Linear: return magnitude;
    case MagnitudeScale::Power: return magnitude * magnitude;
    case MagnitudeScale::Db:
        return magnitude > 0 ? std::max(conventions.dbFloor, 20.0 * std::log10(magnitude)) : conventions.dbFloor;
    }
    return magnitude;
}

double storedPhase(std::complex<float> x, const ValueConventions& conventions)
{
    const double factor = conventions.phaseUnit == PhaseUnit::Degrees ? 180.0 / std::numbers::pi : 1.0;
    return std::arg(std::complex<double>(x)) * factor;
}

} // namespace phaselab
