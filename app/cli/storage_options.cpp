// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/storage_options.hpp"

#include "core/base/error.hpp"
#include "core/io/npy.hpp"
#include "core/io/raw.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/io/atomic_file.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace phaselab::cli {

void addStorageOptions(CLI::App& command, StorageOptionValues& values)
{
    const std::string group = "Storage (raw files; .npy needs none)";
    command.add_option("--dtype", values.dtype, "int16, int32, float32, float64, complex64, complex128")
        ->capture_default_str()->group(group);
    command.add_option("--byte-order", values.byteOrder, "little or big")->capture_default_str()->group(group);
    command.add_option("--layout", values.layout,
                       "bins_by_frames (each bin's time series contiguous; npy shape (bins, frames)) or "
                       "frames_by_bins (the bins of one frame contiguous)")
        ->capture_default_str()->group(group);
    command.add_option("--header-bytes", values.headerBytes, "bytes to skip before the first value")
        ->capture_default_str()->group(group);
    command.add_option("--bins", values.bins, "frequency bins (default: n_fft/2+1)")->group(group);
    command.add_option("--frames", values.frames, "frames (default: from the file size)")->group(group);
    command.add_option("--scale", values.scale, "magnitude scale: linear (|X|), power (|X|^2) or db (20 log10 |X|); with --mel: linear, ln, log10, db or whisper (Whisper's (log10 + 4) / 4)")
        ->capture_default_str()->group(group);
    command.add_option("--phase-unit", values.phaseUnit, "rad or deg")->capture_default_str()->group(group);
    command.add_option("--db-floor", values.dbFloor, "db scale: values at or below this read as silence")
        ->capture_default_str()->group(group);
    command.add_option("--value-scale", values.valueScale, "stored value x this = value (integer dumps)")
        ->capture_default_str()->group(group);
}

StorageSpec StorageOptionValues::toStorageSpec() const
{
    StorageSpec spec;
    spec.container = Container::Raw;
    spec.dtype = parseDType(dtype);
    spec.byteOrder = parseByteOrder(byteOrder);
    spec.layout = parseLayout(layout);
    if (headerBytes < 0)
        throw InputError("--header-bytes " + std::to_string(headerBytes) + " must not be negative");
    spec.headerBytes = headerBytes;
    if (bins && *bins < 1)
        throw InputError("--bins " + std::to_string(*bins) + " must be at least 1");
    if (frames && *frames < 1)
        throw InputError("--frames " + std::to_string(*frames) + " must be at least 1");
    spec.bins = bins.value_or(0);
    spec.frames = frames.value_or(0);
    if (!std::isfinite(valueScale) || valueScale == 0.0)
        throw InputError("--value-scale must be a finite, non-zero number");
    spec.quantScale = valueScale;
    return spec;
}

ValueConventions StorageOptionValues::toValueConventions() const
{
    ValueConventions conventions;
    conventions.magnitudeScale = parseMagnitudeScale(scale);
    conventions.phaseUnit = parsePhaseUnit(phaseUnit);
    if (!std::isfinite(dbFloor))
        throw InputError("--db-floor must be a finite number of dB");
    conventions.dbFloor = dbFloor;
    return conventions;
}

namespace {

// A one-sided n_fft/2+1-bin matrix from one without the Nyquist bin (n_fft/2 bins, as Octave's
// specgram writes: the Nyquist bin becomes 0) or a two-sided one (n_fft bins in FFT order: the
// negative frequencies are dropped).
ComplexMatrix toOneSided(const ComplexMatrix& stored, int nFft)
{
    const int bins = nFft / 2 + 1;
    ComplexMatrix result(bins, stored.frames);
    const int copied = std::min(bins, stored.bins);
    for (int frame = 0; frame < stored.frames; ++frame)
        std::copy_n(stored.frame(frame), copied, result.frame(frame));
    return result;
}

} // namespace

SpectrogramInput loadSpectrogramInput(const std::string& magnitudePath, const std::string& phasePath,
                                      const StorageOptionValues& storage, const StftOptionValues& stft,
                                      bool nFftGiven)
{
    SpectrogramFiles files;
    files.magnitudePath = magnitudePath;
    files.phasePath = phasePath;
    files.storage = storage.toStorageSpec();
    files.values = storage.toValueConventions();
    // An explicit --n-fft is checked before touching the files, so its errors come first; without
    // one, n_fft follows the file and the options are checked once it is known.
    std::optional<StftParams> given;
    if (nFftGiven)
        given = stft.toParams();
    const int defaultBins = stft.nFft / 2 + 1;
    // Raw files without a shape: bins from n_fft, frames from the size.
    if (detectContainer(magnitudePath, Container::Raw) == Container::Raw && files.storage.bins == 0
        && files.storage.frames == 0) {
        files.storage.bins = defaultBins;
        try {
            resolveRawShape(files.storage, fileSize(magnitudePath), magnitudePath);
        } catch (const InputError&) {
            const std::int64_t dataBytes = fileSize(magnitudePath) - files.storage.headerBytes;
            throw InputError("'" + magnitudePath + "' holds " + std::to_string(dataBytes) + " data bytes, not a whole number of "
                             + std::to_string(defaultBins) + "-bin frames of " + dtypeName(files.storage.dtype)
                             + " (n_fft " + std::to_string(stft.nFft) + (nFftGiven ? "" : ", the default")
                             + "): give --bins or --frames, or the --n-fft it was made with (check --dtype and --header-bytes too)");
        }
    }
    LoadedSpectrogram loaded = loadSpectrogram(files);
    const int bins = loaded.coefficients.bins;
    SpectrogramInput input;
    StftParams params;
    if (given) {
        params = *given;
        if (bins != params.bins()) {
            const bool noNyquist = bins == params.nFft / 2;
            const bool twoSided = bins == params.nFft;
            if (!noNyquist && !twoSided)
                throw InputError("'" + magnitudePath + "' has " + std::to_string(bins) + " bins but --n-fft "
                                 + std::to_string(params.nFft) + " gives " + std::to_string(params.bins())
                                 + " (n_fft/2+1)" + (bins >= 2 ? "; give --n-fft " + std::to_string(2 * (bins - 1)) : std::string())
                                 + " or check --layout");
            loaded.coefficients = toOneSided(loaded.coefficients, params.nFft);
            input.adjustment = std::to_string(bins) + " bins read as " + (noNyquist ? "one-sided without the Nyquist bin (set to 0)"
                                                                                     : "two-sided (negative frequencies dropped)");
        }
    } else {
        if (bins < 2)
            throw InputError("'" + magnitudePath + "' has " + std::to_string(bins)
                             + " bin(s) per frame: not a spectrogram as read; check --layout (or give --n-fft)");
        StftOptionValues adjusted = stft;
        adjusted.nFft = 2 * (bins - 1);
        params = adjusted.toParams();
    }
    input.spectrogram.coefficients = std::move(loaded.coefficients);
    input.spectrogram.params = params;
    input.spectrogram.sampleRate = stft.sampleRate.value_or(0.0);
    input.spectrogram.signalLength = 0;
    input.hasPhase = loaded.hasPhase;
    input.storage = loaded.storage;
    return input;
}

} // namespace phaselab::cli
