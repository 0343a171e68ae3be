// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/reconstruction/run_setup.hpp"

#include "core/base/error.hpp"
#include "core/dsp/polar_parts.hpp"

#include <cstdlib>

namespace phaselab {

RunSetup runSetupWithTruth(const Spectrogram& spectrogram, std::shared_ptr<const Signal> signal,
                           const ComponentOptions& components, bool hasPhase)
{
    RunSetup setup;
    auto reference = std::make_shared<const PhaseReference>(spectrogram.coefficients, components);
    // PhaseReference keeps |X| already: share it as the target instead of a second copy.
    setup.magnitude = std::shared_ptr<const RealMatrix>(reference, &reference->magnitude());
    setup.params = spectrogram.params.resolved();
    setup.signalLength = signal ? signal->length() : spectrogram.signalLength;
    setup.sampleRate = spectrogram.sampleRate;
    if (hasPhase) {
        setup.phase = std::shared_ptr<const RealMatrix>(reference, &reference->phase());
        setup.reference = std::move(reference);
    }
    setup.referenceSignal = std::move(signal);
    return setup;
}

RunSetup runSetupFromFile(const Spectrogram& spectrogram, bool hasPhase)
{
    RunSetup setup;
    setup.magnitude = std::make_shared<const RealMatrix>(magnitudeOf(spectrogram.coefficients));
    if (hasPhase)
        setup.phase = std::make_shared<const RealMatrix>(phaseOf(spectrogram.coefficients));
    setup.params = spectrogram.params.resolved();
    setup.signalLength = spectrogram.signalLength > 0 ? spectrogram.signalLength
                                                      : setup.params.defaultSignalLength(setup.frames());
    setup.sampleRate = spectrogram.sampleRate;
    return setup;
}

ComplexMatrix stftWithFrames(const float* samples, std::int64_t length, const StftParams& params, int frames,
                             WorkerPool& pool)
{
    const StftPlan plan(params, length, frames, StftPlan::Use::ForwardOnly);
    ComplexMatrix coefficients;
    plan.forward(samples, coefficients, pool);
    return coefficients;
}

void attachReference(RunSetup& setup, std::shared_ptr<const Signal> signal, const std::string& name,
                     const ComponentOptions& components, WorkerPool& pool)
{
    if (setup.sampleRate > 0 && signal->sampleRate > 0 && signal->sampleRate != setup.sampleRate)
        throw InputError(name + " is at " + std::to_string(signal->sampleRate) + " Hz but the input is at " +
                         std::to_string(setup.sampleRate) + " Hz");
    const int frames = setup.frames();
    const std::int64_t ownFrames = setup.params.frameCount(signal->length());
    if (std::abs(ownFrames - frames) > 1)
        throw InputError(name + " (" + std::to_string(signal->length()) + " samples) gives " + std::to_string(ownFrames) +
                         " frames with " + setup.params.describe() + ", the magnitude has " + std::to_string(frames) +
                         ": use the reference the magnitude was made from");
    setup.reference = std::make_shared<const PhaseReference>(
        stftWithFrames(signal->samples.data(), signal->length(), setup.params, frames, pool), components);
    if (signal->sampleRate > 0)
        setup.sampleRate = signal->sampleRate;
    setup.signalLength = signal->length();
    setup.referenceSignal = std::move(signal);
}

void attachMelTarget(RunSetup& setup, std::shared_ptr<const MelTarget> target)
{
    requireMatchingMagnitude(*target, setup.bins(), setup.frames());
    setup.melTarget = std::move(target);
}

ReconstructionProblem reconstructionProblem(const RunSetup& setup)
{
    ReconstructionProblem problem;
    problem.magnitude = setup.magnitude.get();
    problem.params = setup.params;
    problem.signalLength = setup.signalLength;
    problem.sampleRate = setup.sampleRate;
    problem.phase = setup.phase.get();
    problem.reference = setup.reference.get();
    problem.melTarget = setup.melTarget.get();
    if (setup.referenceSignal) {
        problem.referenceSignal = setup.referenceSignal->samples.data();
        problem.referenceLength = setup.referenceSignal->length();
    }
    return problem;
}

void requireCoveredLength(const RunSetup& setup, std::int64_t length)
{
    const std::int64_t longest = static_cast<std::int64_t>(setup.frames() + 1) * setup.params.hop + setup.params.nFft;
    if (length > longest)
        throw InputError("`length` " + std::to_string(length) + " is longer than the " +
                         std::to_string(setup.frames()) + " frames can cover (" + std::to_string(longest) + " samples)");
}

void startFromGivenPhase(bool hasGivenPhase, bool initChosen, ReconstructionOptions& options)
{
    if (hasGivenPhase && !initChosen)
        options.init = InitialPhase::Given;
}

void applyAutoPipeline(bool hasPhase, bool initChosen, ReconstructionOptions& options)
{
    // With an initial phase chosen the user asked for a plain FGLA start; otherwise the measured
    // pipeline for the budget (PGHI, then FGLA and AGLA), which also beats FGLA from PGHI on the
    // NNLS magnitudes beneath mel dumps.
    if (hasPhase)
        options.algorithm = Algorithm::Istft;
    else
        options.algorithm = initChosen ? Algorithm::Fgla : Algorithm::Auto;
}

} // namespace phaselab
