// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/spectrogram_stream.hpp"

#include "core/base/error.hpp"
#include "core/io/npy.hpp"
#include "core/io/value_codec.hpp"

#include <algorithm>
#include <cmath>
#include <complex>

namespace phaselab {
namespace {

std::string checkedPaths(const std::string& magnitudePath, const std::string& phasePath)
{
    if (!phasePath.empty() && sameFile(magnitudePath, phasePath))
        throw InputError("the magnitude and phase outputs are the same file '" + magnitudePath
                         + "': give two different paths");
    return magnitudePath;
}

} // namespace

SpectrogramFileStream::SpectrogramFileStream(const std::string& magnitudePath, const std::string& phasePath,
                                             const SpectrogramWriteOptions& options, int bins, std::int64_t frames)
    : options_(options), bins_(bins), frames_(frames),
      dtype_(options.format == SpectrogramFileFormat::F64le ? DType::Float64 : DType::Float32),
      magnitude_(checkedPaths(magnitudePath, phasePath))
{
    if (bins < 1 || frames < 1)
        throw InputError("internal: a spectrogram file of " + std::to_string(bins) + " x " + std::to_string(frames));
    if (!phasePath.empty())
        phase_.emplace(phasePath);
    if (options_.format == SpectrogramFileFormat::Npy) {
        const std::vector<std::int64_t> shape = options_.layout == MatrixLayout::BinsByFrames
                                                    ? std::vector<std::int64_t>{bins, frames}
                                                    : std::vector<std::int64_t>{frames, bins};
        const std::string header = makeNpyHeader(dtype_, ByteOrder::Little, shape);
        magnitude_.writeAt(0, header.data(), header.size());
        if (phase_)
            phase_->writeAt(0, header.data(), header.size());
        dataOffset_ = static_cast<std::int64_t>(header.size());
    }
}

std::int64_t SpectrogramFileStream::workingBytes(int bins, int blockFrames)
{
    const std::int64_t values = static_cast<std::int64_t>(bins) * blockFrames;
    return values * (8 + 8); // doubles + encoded bytes (at most 8 each)
}

void SpectrogramFileStream::write(std::int64_t firstFrame, const ComplexMatrix& block)
{
    if (block.bins != bins_ || firstFrame < 0 || firstFrame + block.frames > frames_)
        throw Error("internal: block of " + std::to_string(block.bins) + " x " + std::to_string(block.frames) + " at frame "
                    + std::to_string(firstFrame) + " does not fit " + std::to_string(bins_) + " x " + std::to_string(frames_));
    const ValueConventions conventions = options_.values;
    writeFile(magnitude_, firstFrame, block, [&](std::complex<float> x) { return storedMagnitude(x, conventions); });
    if (phase_)
        writeFile(*phase_, firstFrame, block, [&](std::complex<float> x) { return storedPhase(x, conventions); });
}

template <class ValueOf>
void SpectrogramFileStream::writeFile(AtomicFile& file, std::int64_t firstFrame, const ComplexMatrix& block, ValueOf valueOf)
{
    const std::size_t bins = static_cast<std::size_t>(bins_);
    const std::size_t count = static_cast<std::size_t>(block.frames);
    const std::size_t valueBytes = static_cast<std::size_t>(bytesPerValue(dtype_));
    values_.resize(bins * count);
    bytes_.resize(bins * count * valueBytes);
    if (options_.layout == MatrixLayout::FramesByBins) {
        // File order is memory order: one contiguous stretch.
        for (std::size_t i = 0; i < bins * count; ++i)
            values_[i] = valueOf(block.values[i]);
        encodeRealValues(values_.data(), bins * count, dtype_, ByteOrder::Little, bytes_.data());
        file.writeAt(dataOffset_ + firstFrame * static_cast<std::int64_t>(bins * valueBytes), bytes_.data(), bytes_.size());
        return;
    }
    // bins_by_frames: row b holds bin b of every frame; this block fills columns
    // [firstFrame, firstFrame + count) of every row. Transposed in bands of 16 bins for the cache.
    constexpr std::size_t kBand = 16;
    for (std::size_t first = 0; first < bins; first += kBand) {
        const std::size_t band = std::min(kBand, bins - first);
        for (std::size_t frame = 0; frame < count; ++frame) {
            const std::complex<float>* source = block.values.data() + frame * bins + first;
            for (std::size_t b = 0; b < band; ++b)
                values_[(first + b) * count + frame] = valueOf(source[b]);
        }
    }
    encodeRealValues(values_.data(), bins * count, dtype_, ByteOrder::Little, bytes_.data());
    const std::int64_t rowBytes = frames_ * static_cast<std::int64_t>(valueBytes);
    const std::size_t stretch = count * valueBytes;
    for (std::size_t bin = 0; bin < bins; ++bin)
        file.writeAt(dataOffset_ + static_cast<std::int64_t>(bin) * rowBytes + firstFrame * static_cast<std::int64_t>(valueBytes),
                     bytes_.data() + bin * stretch, stretch);
}

void SpectrogramFileStream::commit()
{
    magnitude_.commit();
    if (phase_)
        phase_->commit();
}

} // namespace phaselab
