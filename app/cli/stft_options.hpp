// SPDX-License-Identifier: GPL-3.0-or-later
// The STFT options shared by `analyze` and `reconstruct` (CLI.md "STFT options"), --threads,
// --memory-limit and --fft-backend (on every subcommand).
#pragma once

#include "core/dsp/stft_params.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace phaselab::cli {

struct StftOptionValues {
    int nFft = 2048;
    std::optional<int> winLength;
    std::optional<int> winOffset;
    std::optional<int> hop;
    std::string window = "hann";
    bool center = true;
    std::string padMode = "reflect";
    std::optional<double> sampleRate;

    /// Validated parameters; throws InputError naming the offending option.
    StftParams toParams() const;
};

void addStftOptions(CLI::App& command, StftOptionValues& values);

/// Adds --threads N (default: all cores); 0 or less also means all cores.
void addThreadsOption(CLI::App& command, int& threads);

/// Adds --fft-backend fftw|kiss, which sets core's process-wide FFT backend as it is parsed (before
/// the subcommand runs); an unknown name or fftw in a build without it is a usage error.
void addFftBackendOption(CLI::App& command);

/// Adds --memory-limit SIZE (512M, 2G, bytes; default: half the physical memory). One process
/// runs one subcommand, so the value is kept for memoryLimit() to read.
void addMemoryLimitOption(CLI::App& command);
/// The --memory-limit given (core/base/memory_budget.hpp's parseByteSize), else defaultMemoryLimit().
/// InputError for a size that does not parse.
std::int64_t memoryLimit();

} // namespace phaselab::cli
