// SPDX-License-Identifier: GPL-3.0-or-later
// A reconstruction's metrics as CLI.md's metrics JSON (algorithm, framing, timings, one record per
// iteration, final figures); non-finite numbers and figures that need a reference are null. A
// run with a mel target adds mel_spectral_convergence_db to each iteration's record. One
// writer for `reconstruct --metrics`, `batch` and the Python module.
#pragma once

#include "core/reconstruction/reconstruction.hpp"

#include <nlohmann/json.hpp>

namespace phaselab {

/// `components` is what the problem's reference was built with (its threshold is reported).
nlohmann::json reconstructionMetricsJson(const ReconstructionProblem& problem, const ReconstructionOptions& options,
                                         const ReconstructionResult& result, const ComponentOptions& components = {});

} // namespace phaselab
