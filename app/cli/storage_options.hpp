// SPDX-License-Identifier: GPL-3.0-or-later
// The storage options of `reconstruct --magnitude FILE [--phase FILE]` (CLI.md): --dtype,
// --byte-order, --layout, --header-bytes, --bins, --frames, --scale, --phase-unit (+ --db-floor,
// --value-scale), and the loading of such files into a Spectrogram with the STFT options.
// A .npy file needs none of them (its header says dtype, byte order and shape; --layout still
// orients it). Raw files without --bins/--frames take bins = n_fft/2+1 and frames from the size.
#pragma once

#include "app/cli/stft_options.hpp"
#include "core/io/storage_spec.hpp"
#include "core/dsp/stft.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace phaselab::cli {

struct StorageOptionValues {
    std::string dtype = "float32";
    std::string byteOrder = "little";
    std::string layout = "bins_by_frames";
    std::int64_t headerBytes = 0;
    std::optional<int> bins;
    std::optional<int> frames;
    std::string scale = "linear";
    std::string phaseUnit = "rad";
    double dbFloor = -200.0;
    double valueScale = 1.0;

    /// Parsed and checked (InputError naming the option).
    StorageSpec toStorageSpec() const;
    ValueConventions toValueConventions() const;
};

void addStorageOptions(CLI::App& command, StorageOptionValues& values);

struct SpectrogramInput {
    Spectrogram spectrogram; ///< coefficients (|X| with zero phase when !hasPhase), params, sample rate
    bool hasPhase = false;
    StorageSpec storage;     ///< the magnitude file's storage as read
    std::string adjustment;  ///< how the bins were adapted to n_fft ("" when they fit as stored)
};

/// Loads --magnitude (and --phase, may be empty) with the storage options and STFT options.
/// stft: the STFT option values as given; nFftGiven: whether --n-fft was on the command line.
/// When it was not, n_fft follows the file (2 (bins - 1)), and the window length and hop
/// defaults follow n_fft; when it was, the file must have n_fft/2+1 bins, or n_fft/2 (one-sided
/// without the Nyquist bin, which becomes 0) or n_fft (two-sided, FFT order: the negative
/// frequencies are dropped); other counts give InputError saying which --n-fft the file fits.
/// The sample rate is stft.sampleRate (0 when not given); signalLength is left 0 (unknown).
SpectrogramInput loadSpectrogramInput(const std::string& magnitudePath, const std::string& phasePath,
                                      const StorageOptionValues& storage, const StftOptionValues& stft,
                                      bool nFftGiven);

} // namespace phaselab::cli
