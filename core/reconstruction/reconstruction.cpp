// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/reconstruction/reconstruction.hpp"

#include "core/algorithms/agla.hpp"
#include "core/algorithms/auto_pipeline.hpp"
#include "core/algorithms/fgla.hpp"
#include "core/algorithms/gla.hpp"
#include "core/algorithms/phase_convention.hpp"
#include "core/algorithms/pghi.hpp"
#include "core/algorithms/pipeline.hpp"
#include "core/algorithms/projection_loop.hpp"
#include "core/algorithms/raar.hpp"
#include "core/algorithms/rtisi_la.hpp"
#include "core/algorithms/spsi.hpp"
#include "core/base/error.hpp"
#include "core/dsp/stft.hpp"
#include "core/reconstruction/mel_target.hpp"

#include <cmath>
#include <utility>

namespace phaselab {

namespace {

const std::vector<std::pair<Algorithm, std::string>>& algorithmTable()
{
    static const std::vector<std::pair<Algorithm, std::string>> table = {
        {Algorithm::Gla, "gla"},         {Algorithm::Fgla, "fgla"}, {Algorithm::RtisiLa, "rtisi-la"},
        {Algorithm::Pghi, "pghi"},       {Algorithm::Spsi, "spsi"}, {Algorithm::Istft, "istft"},
        {Algorithm::Raar, "raar"},       {Algorithm::Agla, "agla"}, {Algorithm::Auto, "auto"},
    };
    return table;
}

const std::vector<std::pair<InitialPhase, std::string>>& initTable()
{
    static const std::vector<std::pair<InitialPhase, std::string>> table = {
        {InitialPhase::Zero, "zero"}, {InitialPhase::Random, "random"}, {InitialPhase::Pghi, "pghi"},
        {InitialPhase::Spsi, "spsi"}, {InitialPhase::Given, "given"},
    };
    return table;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

/// S e^{i phase}.
ComplexMatrix polar(const RealMatrix& magnitude, const RealMatrix& phase)
{
    ComplexMatrix coefficients(magnitude.bins, magnitude.frames);
    for (std::size_t i = 0; i < coefficients.values.size(); ++i)
        coefficients.values[i] = std::polar(magnitude.values[i], phase.values[i]);
    return coefficients;
}

void validate(const ReconstructionProblem& problem, const StftParams& params, const ReconstructionOptions& options)
{
    if (!problem.magnitude)
        throw InputError("no magnitude to reconstruct from");
    const RealMatrix& magnitude = *problem.magnitude;
    if (magnitude.bins != params.bins())
        throw InputError("the magnitude has " + std::to_string(magnitude.bins) + " bins but n_fft " +
                         std::to_string(params.nFft) + " gives " + std::to_string(params.bins()) +
                         ": use `n_fft` " + std::to_string(std::max(2, 2 * (magnitude.bins - 1))));
    if (magnitude.frames < 1)
        throw InputError("the magnitude has no frames");
    bool anyPositive = false;
    for (std::size_t i = 0; i < magnitude.values.size(); ++i) {
        const float value = magnitude.values[i];
        if (!std::isfinite(value) || value < 0.0f)
            throw InputError("the magnitude has a negative or non-finite value at bin " +
                             std::to_string(i % static_cast<std::size_t>(magnitude.bins)) + ", frame " +
                             std::to_string(i / static_cast<std::size_t>(magnitude.bins)));
        anyPositive = anyPositive || value > 0.0f;
    }
    if (!anyPositive)
        throw InputError("the magnitude is zero everywhere: there is nothing to reconstruct");
    const RealMatrix* phase = problem.phase;
    if (phase && (phase->bins != magnitude.bins || phase->frames != magnitude.frames))
        throw InputError("the phase (" + std::to_string(phase->bins) + " x " + std::to_string(phase->frames) +
                         ") and the magnitude (" + std::to_string(magnitude.bins) + " x " +
                         std::to_string(magnitude.frames) + ") differ in size");
    if (options.init == InitialPhase::Given && !phase)
        throw InputError("the initial phase 'given' needs a phase (`phase_file`)");
    if (options.iterations < 0 || options.iterations > 1000000)
        throw InputError("`iterations` must be between 0 and 1000000");
    if (!(options.momentum >= 0.0 && options.momentum < 1.0))
        throw InputError("`momentum` must be in [0, 1)");
    if (!(options.raarBeta > 0.0 && options.raarBeta <= 1.0))
        throw InputError("the RAAR beta must be in (0, 1]");
    if (!(options.aglaBeta >= 0.0 && options.aglaBeta <= 10.0))
        throw InputError("the AGLA beta must be in [0, 10]");
    if (!(options.aglaGamma > 0.0 && options.aglaGamma < 2.0))
        throw InputError("the AGLA gamma must be in (0, 2)");
    if (!(options.pghiTolerance > 0.0 && options.pghiTolerance < 1.0))
        throw InputError("the PGHI tolerance must be in (0, 1)");
    if (options.lookahead > 4096)
        throw InputError("`lookahead` must be at most 4096 frames");
    if (problem.reference && (problem.reference->bins() != magnitude.bins || problem.reference->frames() != magnitude.frames))
        throw InputError("the reference's spectrogram (" + std::to_string(problem.reference->bins()) + " x " +
                         std::to_string(problem.reference->frames()) + ") does not match the magnitude (" +
                         std::to_string(magnitude.bins) + " x " + std::to_string(magnitude.frames) + ")");
    if (problem.melTarget)
        requireMatchingMagnitude(*problem.melTarget, magnitude.bins, magnitude.frames);
}

} // namespace

std::string algorithmName(Algorithm algorithm)
{
    for (const auto& [value, name] : algorithmTable())
        if (value == algorithm)
            return name;
    return "unknown";
}

const std::vector<std::string>& algorithmNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const auto& entry : algorithmTable())
            list.push_back(entry.second);
        return list;
    }();
    return names;
}

Algorithm parseAlgorithm(const std::string& name)
{
    for (const auto& [value, text] : algorithmTable())
        if (text == name)
            return value;
    throw InputError("unknown algorithm '" + name + "': use one of " + joined(algorithmNames()));
}

std::string initialPhaseName(InitialPhase init)
{
    for (const auto& [value, name] : initTable())
        if (value == init)
            return name;
    return "unknown";
}

InitialPhase parseInitialPhase(const std::string& name)
{
    std::vector<std::string> names;
    for (const auto& [value, text] : initTable()) {
        if (text == name)
            return value;
        names.push_back(text);
    }
    throw InputError("unknown initial phase '" + name + "': use one of " + joined(names));
}

int raarTailIterations(const ReconstructionOptions& options)
{
    return options.raarGlaIterations >= 0 ? std::min(options.raarGlaIterations, options.iterations)
                                           : options.iterations * 3 / 10;
}

bool isIterative(Algorithm algorithm)
{
    return algorithm == Algorithm::Gla || algorithm == Algorithm::Fgla || algorithm == Algorithm::Raar ||
           algorithm == Algorithm::Agla || algorithm == Algorithm::Auto;
}

RealMatrix initialPhase(const ReconstructionProblem& problem, const ReconstructionOptions& options)
{
    const RealMatrix& magnitude = *problem.magnitude;
    switch (options.init) {
    case InitialPhase::Zero: return RealMatrix(magnitude.bins, magnitude.frames);
    case InitialPhase::Random: {
        RealMatrix phase(magnitude.bins, magnitude.frames);
        for (std::size_t i = 0; i < phase.values.size(); ++i)
            phase.values[i] = static_cast<float>(uniformPhase(options.seed, i));
        return phase;
    }
    case InitialPhase::Pghi: {
        PghiOptions pghi;
        pghi.tolerance = options.pghiTolerance;
        pghi.seed = options.seed;
        return pghiPhase(magnitude, problem.params, pghi);
    }
    case InitialPhase::Spsi: return spsiPhase(magnitude, problem.params);
    case InitialPhase::Given:
        if (!problem.phase)
            throw InputError("the initial phase 'given' needs a phase (`phase_file`)");
        return *problem.phase;
    }
    return RealMatrix(magnitude.bins, magnitude.frames);
}

ReconstructionResult reconstruct(const ReconstructionProblem& problem, const ReconstructionOptions& options,
                                 WorkerPool& pool, const ProgressCallback& progress, const std::atomic<bool>* cancel)
{
    const auto start = std::chrono::steady_clock::now();
    const StftParams params = problem.params.resolved();
    params.validate();
    validate(problem, params, options);
    const RealMatrix& magnitude = *problem.magnitude;
    const std::int64_t length =
        problem.signalLength > 0 ? problem.signalLength : params.defaultSignalLength(magnitude.frames);
    if (length <= 0)
        throw InputError("the output length must be positive");
    const StftPlan plan(params, length, magnitude.frames);
    if (!plan.invertible())
        throw InputError("window " + params.window.toString() + " of " + std::to_string(params.winLength) +
                         " samples with hop " + std::to_string(params.hop) +
                         " violates NOLA (some samples get no window weight), so no signal can be synthesised: use a smaller `hop`");

    ReconstructionResult result;
    result.threads = pool.threadCount();
    result.signal.sampleRate = problem.sampleRate;
    const LoopContext context{plan, pool, magnitude, problem.reference, problem.melTarget, progress, cancel, start, 0};

    auto finishOnePass = [&] {
        result.iterations.push_back(measureSignal(result.signal.samples.data(), context, 0));
        if (progress)
            progress(result.iterations.back());
    };

    switch (options.algorithm) {
    case Algorithm::Gla:
    case Algorithm::Fgla:
    case Algorithm::Raar:
    case Algorithm::Agla: {
        ComplexMatrix coefficients;
        if (options.init == InitialPhase::Zero) { // S itself: no phase matrix needed
            coefficients = ComplexMatrix(magnitude.bins, magnitude.frames);
            for (std::size_t i = 0; i < coefficients.values.size(); ++i)
                coefficients.values[i] = magnitude.values[i];
        } else {
            coefficients = polar(magnitude, initialPhase(problem, options));
        }
        if (options.algorithm == Algorithm::Gla)
            griffinLim(std::move(coefficients), context, options.iterations, result);
        else if (options.algorithm == Algorithm::Fgla)
            fastGriffinLim(std::move(coefficients), options.momentum, context, options.iterations, result);
        else if (options.algorithm == Algorithm::Agla)
            acceleratedGriffinLim(std::move(coefficients), AglaParameters{options.momentum, options.aglaBeta, options.aglaGamma},
                                  context, options.iterations, result);
        else
            relaxedAveragedAlternatingReflections(
                std::move(coefficients), options.raarBeta,
                raarTailIterations(options), options.momentum, context, options.iterations, result);
        break;
    }
    case Algorithm::Auto: {
        const Pipeline pipeline = pipelineFor(options, params);
        result.pipeline = describePipeline(pipeline);
        ReconstructionOptions start = options;
        start.init = pipeline.init;
        runPipelineStages(polar(magnitude, initialPhase(problem, start)), pipeline, options, context, result);
        break;
    }
    case Algorithm::Istft:
    case Algorithm::Pghi:
    case Algorithm::Spsi: {
        ReconstructionOptions onePass = options;
        if (options.algorithm == Algorithm::Pghi)
            onePass.init = InitialPhase::Pghi;
        else if (options.algorithm == Algorithm::Spsi)
            onePass.init = InitialPhase::Spsi;
        else if (problem.phase)
            onePass.init = InitialPhase::Given;
        result.signal.samples.resize(static_cast<std::size_t>(length));
        {
            const ComplexMatrix coefficients = polar(magnitude, initialPhase(problem, onePass));
            plan.inverse(coefficients, result.signal.samples.data(), pool);
        }
        finishOnePass();
        break;
    }
    case Algorithm::RtisiLa: {
        RtisiLaOptions rtisi;
        rtisi.lookahead = options.lookahead;
        rtisi.iterations = options.iterations;
        result.signal.samples = rtisiLa(magnitude, params, length, rtisi, cancel, &result.cancelled);
        result.iterationsDone = options.iterations;
        finishOnePass();
        break;
    }
    }

    if (problem.referenceSignal)
        result.snr = signalToNoise(problem.referenceSignal, problem.referenceLength, result.signal.samples.data(),
                                   result.signal.length());
    result.secondsTotal = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace phaselab
