// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/reconstruction/reconstruction_json.hpp"

#include "core/algorithms/pipeline.hpp"
#include "core/algorithms/rtisi_la.hpp"

#include <cmath>
#include <optional>

namespace phaselab {
namespace {

nlohmann::json number(double value)
{
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json optionalNumber(const std::optional<PhaseErrors>& errors, double PhaseErrors::*field)
{
    return errors ? number((*errors).*field) : nlohmann::json(nullptr);
}

void addPhaseFields(nlohmann::json& entry, const std::optional<PhaseErrors>& errors)
{
    entry["phase_error"] = optionalNumber(errors, &PhaseErrors::raw);
    entry["phase_error_sign_corrected"] = optionalNumber(errors, &PhaseErrors::signCorrected);
    entry["phase_error_unweighted"] = optionalNumber(errors, &PhaseErrors::unweighted);
    entry["phase_error_component_corrected"] = optionalNumber(errors, &PhaseErrors::componentCorrected);
    entry["components"] = errors ? nlohmann::json(errors->components) : nlohmann::json(nullptr);
    entry["components_flipped"] = errors ? nlohmann::json(errors->componentsFlipped) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json reconstructionMetricsJson(const ReconstructionProblem& problem, const ReconstructionOptions& options,
                                         const ReconstructionResult& result, const ComponentOptions& components)
{
    const StftParams& params = problem.params;
    const RealMatrix& target = *problem.magnitude;
    const IterationRecord& last = result.iterations.back();
    nlohmann::json json;
    json["algorithm"] = algorithmName(options.algorithm);
    json["init"] = isIterative(options.algorithm) ? nlohmann::json(initialPhaseName(options.init)) : nlohmann::json(nullptr);
    if (!result.pipeline.empty())
        json["init"] = initialPhaseName(parsePipeline(result.pipeline).init);
    json["n_fft"] = params.nFft;
    json["win_length"] = params.winLength;
    json["hop"] = params.hop;
    json["window"] = params.window.toString();
    json["center"] = params.center;
    json["bins"] = target.bins;
    json["frames"] = target.frames;
    json["signal_length"] = result.signal.length();
    json["sample_rate"] = problem.sampleRate > 0 ? nlohmann::json(problem.sampleRate) : nlohmann::json(nullptr);
    json["threads"] = result.threads;
    json["iterations_requested"] = options.iterations;
    json["iterations_done"] = result.iterationsDone;
    if (!result.pipeline.empty())
        json["pipeline"] = result.pipeline;
    if (options.algorithm == Algorithm::Fgla || options.algorithm == Algorithm::Raar || options.algorithm == Algorithm::Agla ||
        options.algorithm == Algorithm::Auto)
        json["momentum"] = options.momentum;
    if (options.algorithm == Algorithm::Agla) {
        json["agla_beta"] = options.aglaBeta;
        json["agla_gamma"] = options.aglaGamma;
    }
    if (options.algorithm == Algorithm::Raar) {
        json["beta"] = options.raarBeta;
        json["tail_iterations"] = raarTailIterations(options);
    }
    if (options.algorithm == Algorithm::RtisiLa)
        json["lookahead"] = rtisiLookahead(params, RtisiLaOptions{options.lookahead, options.iterations});
    if (options.init == InitialPhase::Random)
        json["seed"] = options.seed;
    json["seconds_total"] = result.secondsTotal;
    json["seconds_per_iteration"] = result.secondsPerIteration;
    json["component_threshold_db"] = components.thresholdDb;
    json["components"] = problem.reference ? nlohmann::json(problem.reference->components()) : nlohmann::json(nullptr);
    nlohmann::json iterations = nlohmann::json::array();
    for (const IterationRecord& record : result.iterations) {
        nlohmann::json entry;
        entry["iteration"] = record.iteration;
        entry["spectral_convergence_db"] = number(record.spectralConvergenceDb);
        if (record.melSpectralConvergenceDb)
            entry["mel_spectral_convergence_db"] = number(*record.melSpectralConvergenceDb);
        addPhaseFields(entry, record.phase);
        entry["seconds"] = record.seconds;
        iterations.push_back(std::move(entry));
    }
    json["iterations"] = std::move(iterations);
    nlohmann::json final;
    final["spectral_convergence_db"] = number(last.spectralConvergenceDb);
    final["snr_db"] = result.snr ? number(result.snr->snrDb) : nlohmann::json(nullptr);
    final["snr_db_sign_corrected"] = result.snr ? number(result.snr->snrSignCorrectedDb) : nlohmann::json(nullptr);
    addPhaseFields(final, last.phase);
    json["final"] = std::move(final);
    return json;
}

} // namespace phaselab
