// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/memory_checks.hpp"

#include "app/cli/stft_options.hpp"
#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/npy.hpp"
#include "core/io/spectrogram_io.hpp"

#include <algorithm>

namespace phaselab::cli {
namespace {

/// Bytes per spectrogram value (bins x frames) the algorithm keeps besides the target magnitude,
/// the initial phase and the coefficients every method builds (16 bytes), calibrated on peak RSS
/// (60 s at 22.05 kHz, 2048/512, --audio: fgla 98 MiB measured / 115 estimated, pghi 157 / 175,
/// gla 86 / 105, istft 88 / 105): FGLA and RAAR one more complex matrix, PGHI its gradients,
/// logs, heap order and flags.
std::int64_t algorithmBytesPerValue(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::Istft: return 0;
    case Algorithm::Gla: return 0;
    case Algorithm::Fgla: return 8;
    case Algorithm::Raar: return 8;
    case Algorithm::Agla: return 16;
    case Algorithm::Spsi: return 8;
    case Algorithm::Pghi: return 32;
    case Algorithm::RtisiLa: return 0;
    }
    return 16;
}

std::int64_t audioSamples(const std::string& path)
{
    return std::max<std::int64_t>(readAudioInfo(path).frames, 0);
}

std::int64_t sizeOf(const std::string& path)
{
    try {
        return fileSize(path);
    } catch (const Error&) {
        return 0;
    }
}

} // namespace

std::int64_t spectrogramFileValues(const std::string& path, const StorageOptionValues& storage)
{
    try {
        const Container container = detectContainer(path, Container::Raw);
        const std::int64_t bytes = fileSize(path);
        switch (container) {
        case Container::Npy: return readNpyHeader(path).valueCount();
        case Container::Raw: {
            const StorageSpec spec = storage.toStorageSpec();
            return std::max<std::int64_t>(0, bytes - spec.headerBytes) / bytesPerValue(spec.dtype);
        }
        case Container::Csv:
        case Container::Mat: return bytes / 2;
        }
    } catch (const Error&) {
        // The loader reports unreadable or malformed files with its own message.
    }
    return 0;
}

MemoryEstimate reconstructionEstimate(const ReconstructionInputs& inputs)
{
    MemoryEstimate estimate;
    std::int64_t values = 0;  // bins x frames
    std::int64_t samples = 0; // output signal
    if (!inputs.audio.empty()) {
        const StftParams params = inputs.stft->toParams();
        const std::int64_t length = audioSamples(inputs.audio);
        values = bytesOf(params.frameCount(length), params.bins());
        samples = length;
        estimate.add("input audio", bytesOf(length, 4));
        // The analysed STFT becomes the phase reference (complex, magnitude, regions).
        estimate.add("reference STFT", bytesOf(values, 16));
    } else if (!inputs.magnitude.empty()) {
        values = spectrogramFileValues(inputs.magnitude, *inputs.storage);
        const std::int64_t fileBytes = sizeOf(inputs.magnitude) + (inputs.phase.empty() ? 0 : sizeOf(inputs.phase));
        // File bytes and decoded values while loading (the complex matrix is "spectrogram").
        estimate.add("file loading", fileBytes + bytesOf(values, inputs.phase.empty() ? 8 : 16));
        if (!inputs.phase.empty())
            estimate.add("given phase", bytesOf(values, 4));
        // Frames x hop with the default hop n_fft/4 = (bins - 1)/2: about half a sample per value.
        samples = values / 2;
    }
    if (!inputs.reference.empty()) {
        const std::int64_t length = audioSamples(inputs.reference);
        estimate.add("reference audio", bytesOf(length, 4));
        estimate.add("reference STFT", bytesOf(values, 16));
        samples = std::max(samples, length);
    }
    if (inputs.length > 0)
        samples = inputs.length;
    estimate.add("spectrogram", bytesOf(values, 16));
    estimate.add(algorithmName(inputs.algorithm) + " state", bytesOf(values, algorithmBytesPerValue(inputs.algorithm)));
    estimate.add("output signal", bytesOf(samples, inputs.algorithm == Algorithm::RtisiLa ? 24 : 8));
    return estimate;
}

void requireReconstructionMemory(const ReconstructionInputs& inputs)
{
    requireWithinMemoryLimit(reconstructionEstimate(inputs), memoryLimit(), "reconstruct",
                             "a larger --hop, a shorter --length or a shorter input");
}

void requireGuessMemory(const std::string& magnitude, const std::string& phase)
{
    StorageOptionValues storage; // float32, as the guesser's first reading
    MemoryEstimate estimate;
    for (int file = 0; file < 2; ++file) {
        const std::string& path = file == 0 ? magnitude : phase;
        if (path.empty() || (file == 1 && sameFile(phase, magnitude)))
            continue;
        const std::int64_t bytes = sizeOf(path);
        const std::int64_t values = std::max(spectrogramFileValues(path, storage), bytes / 4);
        // The bytes, the values as read and the candidate matrices and trial transforms: 40 bytes
        // a value, calibrated on peak RSS (2.65 M float32 values of 2048/512: 113 MiB measured
        // for a magnitude, 194 MiB with its phase).
        estimate.add(file == 0 ? "magnitude file" : "phase file", bytes + bytesOf(values, 40));
    }
    requireWithinMemoryLimit(estimate, memoryLimit(), "guess", "a shorter excerpt of the file(s)");
}

void requireInfoMemory(const std::string& path)
{
    const std::int64_t limit = memoryLimit(); // a bad --memory-limit is refused for every file
    if (detectContainer(path, Container::Raw) != Container::Csv)
        return;
    const std::int64_t bytes = sizeOf(path);
    MemoryEstimate estimate;
    // The text and at most one double per two bytes of it.
    estimate.add("CSV text and values", bytes + bytesOf(bytes / 2, 8));
    requireWithinMemoryLimit(estimate, limit, "info", "a shorter excerpt of the file");
}

} // namespace phaselab::cli
