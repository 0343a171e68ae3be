// SPDX-License-Identifier: GPL-3.0-or-later
// `--algorithm auto`: the pipeline (initial phase, methods, switch-over points) that measured best
// for a budget of iterations on speech at 1024/256 with Hann; the table it was chosen from is in
// docs/algorithms.md (scripts/quality_table.py measures it again). Budgets between the measured
// ones scale the stages in proportion.
#pragma once

#include "core/algorithms/pipeline.hpp"
#include "core/stft_params.hpp"

namespace phaselab {

/// The pipeline `auto` runs for `iterations` (>= 0) iterations with these STFT parameters.
Pipeline autoPipeline(int iterations, const StftParams& params);

} // namespace phaselab
