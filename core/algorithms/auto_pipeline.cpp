// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/auto_pipeline.hpp"

namespace phaselab {

namespace {

// Budgets where the measured winner changes (docs/algorithms.md).
constexpr int firstRestartedBudget = 16;
constexpr int firstUnrestartedBudget = 76;
constexpr int firstRaarBudget = 150;

} // namespace

Pipeline autoPipeline(int iterations, const StftParams& params)
{
    Pipeline pipeline;
    const int firstHalf = iterations / 2;
    const bool rectangular = params.window.type == WindowType::Rect;
    if (iterations >= firstRaarBudget || (rectangular && iterations >= firstRestartedBudget)) {
        // RAAR explores from zero phase; AGLA settles on a consistent point. A PGHI start made
        // RAAR worse at every budget measured: it leaves the good basin first.
        pipeline.init = InitialPhase::Zero;
        pipeline.stages.push_back({Algorithm::Raar, firstHalf, {}});
        pipeline.stages.push_back({Algorithm::Agla, iterations - firstHalf, {}});
        return pipeline;
    }
    pipeline.init = InitialPhase::Pghi;
    if (iterations == 0)
        return pipeline;
    if (!rectangular && iterations >= firstRestartedBudget && iterations < firstUnrestartedBudget) {
        pipeline.stages.push_back({Algorithm::Agla, iterations - firstHalf, {}});
        pipeline.stages.push_back({Algorithm::Agla, firstHalf, {}});
    } else {
        pipeline.stages.push_back({Algorithm::Agla, iterations, {}});
    }
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
