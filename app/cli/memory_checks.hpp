// SPDX-License-Identifier: GPL-3.0-or-later
// What each phaselab-cli command will allocate, estimated from file headers and sizes before
// anything is read, and checked against --memory-limit (core/base/memory_budget.hpp). The figures are
// peak estimates in bytes, a little above measured peak RSS (see memory_checks.cpp for the
// per-value factors); they refuse work that cannot fit, not work that merely might.
#pragma once

#include "app/cli/storage_options.hpp"
#include "core/base/memory_budget.hpp"
#include "core/reconstruction/reconstruction.hpp"

#include <cstdint>
#include <string>

namespace phaselab::cli {

/// Values a spectrogram file holds, from its header (npy), its size and dtype (raw) or its size
/// (CSV, .mat: at most one value per two bytes of text). 0 when the file cannot be sized.
std::int64_t spectrogramFileValues(const std::string& path, const StorageOptionValues& storage);

struct ReconstructionInputs {
    std::string audio;       ///< --audio (analysed), or empty
    std::string magnitude;   ///< --magnitude, or empty
    std::string phase;       ///< --phase, or empty
    std::string reference;   ///< --reference, or empty
    const StorageOptionValues* storage = nullptr;
    const StftOptionValues* stft = nullptr;
    std::int64_t length = 0; ///< --length, 0: the input's
    Algorithm algorithm = Algorithm::Fgla;
};

/// Estimate of `reconstruct` with these inputs (header reads only).
MemoryEstimate reconstructionEstimate(const ReconstructionInputs& inputs);
/// Throws InputError when reconstructionEstimate exceeds memoryLimit(), with what to change.
void requireReconstructionMemory(const ReconstructionInputs& inputs);
/// `guess` on these files: the files decoded and the trial transforms.
void requireGuessMemory(const std::string& magnitude, const std::string& phase);
/// `info` on a file it reads whole (CSV); header-only files need nothing.
void requireInfoMemory(const std::string& path);

} // namespace phaselab::cli
