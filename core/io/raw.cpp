// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/raw.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/file_bytes.hpp"
#include "core/io/value_codec.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <limits>

namespace phaselab {
namespace {

constexpr std::size_t kChunkBytes = 1u << 20; // a multiple of every value size

using Consumer = std::function<void(const unsigned char*, std::size_t, std::int64_t)>;
using ChunkReader = std::function<void(std::int64_t offset, std::int64_t count, const Consumer&)>;

std::string q(const std::string& name)
{
    return "'" + name + "'";
}

template <class T>
FrameMatrix<T> decodeMatrix(const StorageSpec& spec, const ChunkReader& readChunks)
{
    constexpr bool complexValues = !std::is_same_v<T, float>;
    FrameMatrix<T> matrix(spec.bins, spec.frames);
    const std::size_t valueBytes = static_cast<std::size_t>(bytesPerValue(spec.dtype));
    const std::size_t bins = static_cast<std::size_t>(spec.bins);
    const std::size_t frames = static_cast<std::size_t>(spec.frames);
    using Wide = std::conditional_t<complexValues, std::complex<double>, double>;
    std::vector<Wide> decoded;
    readChunks(spec.headerBytes, spec.dataBytes(), [&](const unsigned char* data, std::size_t size, std::int64_t position) {
        const std::size_t first = static_cast<std::size_t>(position) / valueBytes;
        const std::size_t n = size / valueBytes;
        decoded.resize(n);
        if constexpr (complexValues)
            decodeComplexValues(data, n, spec.dtype, spec.byteOrder, decoded.data());
        else
            decodeRealValues(data, n, spec.dtype, spec.byteOrder, decoded.data());
        if (spec.quantScale != 1.0)
            for (auto& value : decoded)
                value *= spec.quantScale;
        if (spec.layout == MatrixLayout::FramesByBins) {
            for (std::size_t i = 0; i < n; ++i)
                matrix.values[first + i] = static_cast<T>(decoded[i]);
            return;
        }
        // bins_by_frames: value i of the file is bin i / frames, frame i % frames.
        std::size_t bin = first / frames, frame = first % frames;
        for (std::size_t i = 0; i < n; ++i) {
            matrix.values[frame * bins + bin] = static_cast<T>(decoded[i]);
            if (++frame == frames) {
                frame = 0;
                ++bin;
            }
        }
    });
    return matrix;
}

ChunkReader fileReader(const std::string& path)
{
    return [path](std::int64_t offset, std::int64_t count, const Consumer& consume) {
        readFileChunks(path, offset, count, kChunkBytes, consume);
    };
}

ChunkReader memoryReader(std::span<const unsigned char> bytes)
{
    return [bytes](std::int64_t offset, std::int64_t count, const Consumer& consume) {
        for (std::int64_t position = 0; position < count; position += static_cast<std::int64_t>(kChunkBytes)) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::int64_t>(kChunkBytes, count - position));
            consume(bytes.data() + offset + position, n, position);
        }
    };
}

void requireRealDType(const StorageSpec& spec, const std::string& name)
{
    if (isComplex(spec.dtype))
        throw InputError(q(name) + " is read as " + dtypeName(spec.dtype)
                         + " (complex) where real values are expected; give a real `dtype` or use it as a complex file");
}

} // namespace

StorageSpec resolveRawShape(StorageSpec spec, std::int64_t fileBytes, const std::string& name)
{
    const std::int64_t valueBytes = bytesPerValue(spec.dtype);
    if (spec.headerBytes < 0)
        throw InputError("header bytes must not be negative (got " + std::to_string(spec.headerBytes) + ")");
    if (spec.bins < 0 || spec.frames < 0)
        throw InputError("bins and frames must be positive (got " + std::to_string(spec.bins) + " x "
                         + std::to_string(spec.frames) + ")");
    if (spec.headerBytes >= fileBytes)
        throw InputError(q(name) + " has " + std::to_string(fileBytes) + " bytes, no values after a header of "
                         + std::to_string(spec.headerBytes) + " bytes");
    if (!std::isfinite(spec.quantScale) || spec.quantScale == 0.0)
        throw InputError("the value scale must be a non-zero finite number");
    const std::int64_t dataBytes = fileBytes - spec.headerBytes;
    const std::string what = dtypeName(spec.dtype) + " (" + std::to_string(valueBytes) + " bytes a value)";
    if (spec.bins > 0 && spec.frames > 0) {
        // bins x frames x 16 can overflow 64 bits: compare by division first.
        const bool fits = spec.valueCount() <= dataBytes / valueBytes;
        // A byte count beyond 64 bits is not worth spelling out.
        const bool countable = spec.valueCount() <= std::numeric_limits<std::int64_t>::max() / valueBytes;
        const std::string expected = countable ? std::to_string(spec.valueCount() * valueBytes) + " bytes"
                                               : "more than 2^63 bytes";
        if (!fits || spec.valueCount() * valueBytes != dataBytes)
            throw InputError(q(name) + " holds " + std::to_string(dataBytes) + " data bytes after a header of "
                             + std::to_string(spec.headerBytes) + ", but " + std::to_string(spec.bins) + " bins x "
                             + std::to_string(spec.frames) + " frames of " + what + " need "
                             + expected + "; check `bins`, `frames`, `dtype` and `header_bytes`");
        return spec;
    }
    if (dataBytes % valueBytes != 0)
        throw InputError(q(name) + " holds " + std::to_string(dataBytes) + " data bytes, not a whole number of "
                         + what + " values; check `dtype` and `header_bytes`");
    const std::int64_t values = dataBytes / valueBytes;
    if (spec.bins == 0 && spec.frames == 0)
        throw InputError(q(name) + " holds " + std::to_string(values) + " " + dtypeName(spec.dtype)
                         + " values but its shape is unknown: give `bins` or `frames` (or `n_fft`, bins = n_fft/2+1)");
    const std::int64_t known = spec.bins > 0 ? spec.bins : spec.frames;
    if (values % known != 0)
        throw InputError(q(name) + " holds " + std::to_string(values) + " " + dtypeName(spec.dtype) + " values, not a multiple of "
                         + std::to_string(known) + (spec.bins > 0 ? " bins" : " frames")
                         + "; check `bins`/`frames`, `n_fft`, `dtype` and `header_bytes`");
    const std::int64_t other = values / known;
    if (other > INT_MAX)
        throw InputError(q(name) + ": " + std::to_string(other) + (spec.bins > 0 ? " frames" : " bins") + " is more than PhaseLab handles");
    if (spec.bins > 0)
        spec.frames = static_cast<int>(other);
    else
        spec.bins = static_cast<int>(other);
    return spec;
}

RealMatrix readRawReal(const std::string& path, const StorageSpec& spec)
{
    requireRealDType(spec, path);
    const StorageSpec resolved = resolveRawShape(spec, fileSize(path), path);
    return decodeMatrix<float>(resolved, fileReader(path));
}

ComplexMatrix readRawComplex(const std::string& path, const StorageSpec& spec)
{
    const StorageSpec resolved = resolveRawShape(spec, fileSize(path), path);
    return decodeMatrix<std::complex<float>>(resolved, fileReader(path));
}

RealMatrix decodeRawReal(std::span<const unsigned char> file, const StorageSpec& spec, const std::string& name)
{
    requireRealDType(spec, name);
    const StorageSpec resolved = resolveRawShape(spec, static_cast<std::int64_t>(file.size()), name);
    return decodeMatrix<float>(resolved, memoryReader(file));
}

ComplexMatrix decodeRawComplex(std::span<const unsigned char> file, const StorageSpec& spec, const std::string& name)
{
    const StorageSpec resolved = resolveRawShape(spec, static_cast<std::int64_t>(file.size()), name);
    return decodeMatrix<std::complex<float>>(resolved, memoryReader(file));
}

std::vector<MatrixFactorisation> rawFactorisations(std::int64_t fileBytes, std::int64_t headerBytes, std::int64_t minSide)
{
    std::vector<MatrixFactorisation> result;
    const std::int64_t dataBytes = fileBytes - headerBytes;
    minSide = std::max<std::int64_t>(1, minSide);
    for (DType dtype : allDTypes()) {
        MatrixFactorisation entry;
        entry.dtype = dtype;
        const std::int64_t valueBytes = bytesPerValue(dtype);
        if (dataBytes > 0 && dataBytes % valueBytes == 0) {
            entry.values = dataBytes / valueBytes;
            for (std::int64_t rows = minSide; rows <= entry.values / rows; ++rows)
                if (entry.values % rows == 0)
                    entry.shapes.emplace_back(rows, entry.values / rows);
        }
        result.push_back(std::move(entry));
    }
    return result;
}

} // namespace phaselab
