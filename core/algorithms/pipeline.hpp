// SPDX-License-Identifier: GPL-3.0-or-later
// A phase-retrieval pipeline: an initial phase, then projection methods one after another, each
// starting from the coefficients the previous one would have synthesised next (so no iteration is
// spent on the hand-over, and the iteration budget is the sum of the stages' iterations).
// Text form, as the metrics JSON reports it: "pghi -> agla x170 -> fgla x30"; a stage may name its
// momentum ("fgla:0.9 x30"), otherwise the run's --momentum applies. RAAR stages have no tail of
// their own: a tail is the next stage. Records are numbered across stages (0 = the initial phase).
#pragma once

#include "core/algorithms/projection_loop.hpp"

#include <optional>
#include <string>
#include <vector>

namespace phaselab {

struct PipelineStage {
    Algorithm method = Algorithm::Fgla;  ///< gla, fgla, agla or raar
    int iterations = 0;                  ///< >= 1
    std::optional<double> momentum;      ///< fgla's / agla's alpha; empty: the run's momentum
};

struct Pipeline {
    InitialPhase init = InitialPhase::Zero;
    std::vector<PipelineStage> stages;

    int iterations() const;
};

/// "pghi -> agla x170 -> fgla x30".
std::string describePipeline(const Pipeline& pipeline);

/// The text form back; InputError saying what is wrong with it.
Pipeline parsePipeline(const std::string& text);

/// The pipeline's first `iterations` iterations: the same iterates, the records of a shorter run.
Pipeline firstIterations(const Pipeline& pipeline, int iterations);

/// Runs the stages from S e^{i phi0} (coefficients) into result; stops at a cancellation.
void runPipelineStages(ComplexMatrix coefficients, const Pipeline& pipeline, const ReconstructionOptions& options,
                       const LoopContext& context, ReconstructionResult& result);

} // namespace phaselab
