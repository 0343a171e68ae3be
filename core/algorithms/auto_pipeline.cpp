// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/auto_pipeline.hpp"

namespace phaselab {

namespace {

// Budgets where the measured winner changes (docs/algorithms.md), and where a rectangular window
// gives up PGHI's start.
constexpr int firstRestartedBudget = 24;
constexpr int firstUnrestartedBudget = 58;
constexpr int firstRaarBudget = 195;
constexpr int firstRectangularRaarBudget = 16;

} // namespace

Pipeline autoPipeline(int iterations, const StftParams& params)
{
    Pipeline pipeline;
    const int firstHalf = iterations / 2;
    const bool rectangular = params.window.type == WindowType::Rect;
    if (iterations >= firstRaarBudget || (rectangular && iterations >= firstRectangularRaarBudget)) {
        // RAAR explores, AGLA then settles on a consistent point. From a PGHI start RAAR
        // measured worse than from zero at 150 and 200 iterations.
        pipeline.init = InitialPhase::Zero;
        pipeline.stages.push_back({Algorithm::Raar, firstHalf, {}});
        pipeline.stages.push_back({Algorithm::Agla, iterations - firstHalf, {}});
        return pipeline;
    }
    pipeline.init = InitialPhase::Pghi;
    if (iterations == 0)
        return pipeline;
    if (iterations >= firstRestartedBudget && iterations < firstUnrestartedBudget) {
        pipeline.stages.push_back({Algorithm::Agla, iterations - firstHalf, {}});
        pipeline.stages.push_back({Algorithm::Agla, firstHalf, {}});
        return pipeline;
    }
    // FGLA's first steps from PGHI are quicker than AGLA's (below 5 iterations no FGLA at all).
    const int lead = (iterations + 5) / 10;
    if (lead > 0)
        pipeline.stages.push_back({Algorithm::Fgla, lead, {}});
    pipeline.stages.push_back({Algorithm::Agla, iterations - lead, {}});
    return pipeline;
}

Pipeline pipelineFor(const ReconstructionOptions& options, const StftParams& params)
{
    Pipeline pipeline = options.pipeline.empty() ? autoPipeline(options.iterations, params) : parsePipeline(options.pipeline);
    if (options.init == InitialPhase::Given)
        pipeline.init = InitialPhase::Given;
    return pipeline;
}

} // namespace phaselab
