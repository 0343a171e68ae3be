// SPDX-License-Identifier: GPL-3.0-or-later
// `--algorithm auto`: the pipeline (initial phase, methods, switch-over point) that measured best
// for a budget of iterations on the corpus speech clips (1024/256, Hann; docs/algorithms.md has the
// table, scripts/quality_table.py measures it again), checked on other windows and hops:
//   fewer than 24 iterations:   pghi -> fgla xN/10 -> agla x9N/10  (N/10 rounded; none below 5)
//   24 to 57:                   pghi -> agla xN/2 -> agla xN/2     (AGLA's momenta restarted halfway)
//   58 to 194:                  pghi -> fgla xN/10 -> agla x9N/10
//   195 and more:               zero -> raar xN/2 -> agla xN/2
// With a rectangular window PGHI's Gaussian-equivalent phase is a poor start: it still wins below 16
// iterations, but from 16 on the RAAR pipeline does.
#pragma once

#include "core/algorithms/pipeline.hpp"
#include "core/dsp/stft_params.hpp"

namespace phaselab {

/// The pipeline `auto` chooses for `iterations` (>= 0) iterations with these STFT parameters.
Pipeline autoPipeline(int iterations, const StftParams& params);

/// What `--algorithm auto` runs with these options: options.pipeline when given, else the choice
/// above; a given initial phase (InitialPhase::Given) replaces the pipeline's own.
Pipeline pipelineFor(const ReconstructionOptions& options, const StftParams& params);

} // namespace phaselab
