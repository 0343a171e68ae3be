// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/auto_pipeline.hpp"

namespace phaselab {

Pipeline autoPipeline(int iterations, const StftParams&)
{
    Pipeline pipeline;
    pipeline.init = InitialPhase::Pghi;
    if (iterations > 0)
        pipeline.stages.push_back({Algorithm::Fgla, iterations, {}});
    return pipeline;
}

} // namespace phaselab
