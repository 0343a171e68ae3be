// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/pipeline.hpp"

#include "core/algorithms/agla.hpp"
#include "core/algorithms/fgla.hpp"
#include "core/algorithms/gla.hpp"
#include "core/algorithms/raar.hpp"
#include "core/base/error.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace phaselab {

namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::vector<std::string> splitArrows(const std::string& text)
{
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (true) {
        const auto arrow = text.find("->", from);
        parts.push_back(trimmed(text.substr(from, arrow == std::string::npos ? std::string::npos : arrow - from)));
        if (arrow == std::string::npos)
            return parts;
        from = arrow + 2;
    }
}

bool isStageMethod(Algorithm method)
{
    return method == Algorithm::Gla || method == Algorithm::Fgla || method == Algorithm::Agla ||
           method == Algorithm::Raar;
}

PipelineStage parseStage(const std::string& text, const std::string& whole)
{
    const auto fail = [&](const std::string& why) {
        return InputError("pipeline '" + whole + "': stage '" + text + "' " + why +
                          " (a stage is METHOD xN or METHOD:MOMENTUM xN, METHOD one of gla, fgla, agla, raar)");
    };
    const auto space = text.find_last_of(" \t");
    if (space == std::string::npos)
        throw fail("has no iteration count");
    const std::string count = trimmed(text.substr(space + 1));
    std::string name = trimmed(text.substr(0, space));
    PipelineStage stage;
    if (count.size() < 2 || count[0] != 'x')
        throw fail("has no iteration count");
    const auto [end, error] = std::from_chars(count.data() + 1, count.data() + count.size(), stage.iterations);
    if (error != std::errc() || end != count.data() + count.size() || stage.iterations < 1 || stage.iterations > 1000000)
        throw fail("needs a count of 1 to 1000000 iterations");
    if (const auto colon = name.find(':'); colon != std::string::npos) {
        const std::string value = name.substr(colon + 1);
        double momentum = 0.0;
        const auto [momentumEnd, momentumError] = std::from_chars(value.data(), value.data() + value.size(), momentum);
        if (momentumError != std::errc() || momentumEnd != value.data() + value.size() || !(momentum >= 0.0 && momentum < 1.0))
            throw fail("needs a momentum in [0, 1)");
        stage.momentum = momentum;
        name = name.substr(0, colon);
    }
    try {
        stage.method = parseAlgorithm(name);
    } catch (const InputError&) {
        throw fail("names no method");
    }
    if (!isStageMethod(stage.method))
        throw fail("names a method that cannot be a stage");
    return stage;
}

} // namespace

int Pipeline::iterations() const
{
    int total = 0;
    for (const PipelineStage& stage : stages)
        total += stage.iterations;
    return total;
}

std::string describePipeline(const Pipeline& pipeline)
{
    std::ostringstream text;
    text << initialPhaseName(pipeline.init);
    for (const PipelineStage& stage : pipeline.stages) {
        text << " -> " << algorithmName(stage.method);
        if (stage.momentum)
            text << ':' << *stage.momentum;
        text << " x" << stage.iterations;
    }
    return text.str();
}

Pipeline parsePipeline(const std::string& text)
{
    const std::vector<std::string> parts = splitArrows(text);
    Pipeline pipeline;
    try {
        pipeline.init = parseInitialPhase(parts.front());
    } catch (const InputError& error) {
        throw InputError("pipeline '" + text + "' must start with an initial phase: " + error.what());
    }
    for (std::size_t i = 1; i < parts.size(); ++i)
        pipeline.stages.push_back(parseStage(parts[i], text));
    if (pipeline.iterations() > 1000000)
        throw InputError("pipeline '" + text + "' runs more than 1000000 iterations");
    return pipeline;
}

Pipeline firstIterations(const Pipeline& pipeline, int iterations)
{
    Pipeline first{pipeline.init, {}};
    for (const PipelineStage& stage : pipeline.stages) {
        if (iterations <= 0)
            break;
        first.stages.push_back(stage);
        first.stages.back().iterations = std::min(stage.iterations, iterations);
        iterations -= stage.iterations;
    }
    return first;
}

void runPipelineStages(ComplexMatrix coefficients, const Pipeline& pipeline, const ReconstructionOptions& options,
                       const LoopContext& context, ReconstructionResult& result)
{
    if (pipeline.stages.empty()) { // the initial phase alone: pass 0 measures it
        griffinLim(std::move(coefficients), context, 0, result);
        return;
    }
    int done = context.firstIteration;
    for (std::size_t i = 0; i < pipeline.stages.size(); ++i) {
        const PipelineStage& stage = pipeline.stages[i];
        if (i > 0 && context.cancelled()) {
            result.cancelled = true;
            break;
        }
        // A later stage's pass 0 synthesises what the earlier stage would have synthesised next:
        // it is that stage's first iteration.
        const LoopContext stageContext{context.plan,      context.pool,      context.magnitude,
                                       context.reference, context.melTarget, context.progress,
                                       context.cancel,    context.start,     i == 0 ? done : done + 1};
        const int passes = i == 0 ? stage.iterations : stage.iterations - 1;
        const double momentum = stage.momentum.value_or(options.momentum);
        switch (stage.method) {
        case Algorithm::Gla: coefficients = griffinLim(std::move(coefficients), stageContext, passes, result); break;
        case Algorithm::Agla:
            coefficients = acceleratedGriffinLim(std::move(coefficients),
                                                 AglaParameters{momentum, options.aglaBeta, options.aglaGamma},
                                                 stageContext, passes, result);
            break;
        case Algorithm::Raar:
            coefficients = relaxedAveragedAlternatingReflections(std::move(coefficients), options.raarBeta, 0, momentum,
                                                                 stageContext, passes, result);
            break;
        default:
            coefficients = fastGriffinLim(std::move(coefficients), momentum, stageContext, passes, result);
            break;
        }
        if (result.cancelled)
            break;
        done += stage.iterations;
    }
    if (result.iterationsDone > 0 && result.iterations.size() > 1)
        result.secondsPerIteration =
            (result.iterations.back().seconds - result.iterations.front().seconds) / result.iterationsDone;
}

} // namespace phaselab
