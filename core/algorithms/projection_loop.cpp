// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/algorithms/projection_loop.hpp"

namespace phaselab {

namespace {

IterationRecord record(int pass, const LoopContext& context, const FrameMetrics& metrics)
{
    IterationRecord record;
    record.iteration = context.firstIteration + pass;
    record.spectralConvergenceDb = metrics.spectralConvergenceDb();
    record.phase = metrics.phaseErrors();
    record.melSpectralConvergenceDb = metrics.melSpectralConvergenceDb();
    record.seconds = context.secondsSinceStart();
    return record;
}

/// Synthesises pass `pass` into signal and analyses it.
IterationRecord runPass(ProjectionStep& step, int pass, float* signal, const LoopContext& context, FrameMetrics& metrics)
{
    metrics.reset();
    context.plan.synthesiseAndAnalyse(
        [&](int frame, std::complex<float>* coefficients) { step.synthesiseFrame(pass, frame, coefficients); },
        [&](int block, int frame, std::complex<float>* x) {
            metrics.addPhase(block, frame, x);
            metrics.addMel(block, frame, x); // before analyse(), which may change x
            metrics.setSpectralDifference(frame, step.analyse(pass, frame, x));
        },
        signal, context.pool);
    step.finishPass(pass);
    return record(pass, context, metrics);
}

} // namespace

void runProjectionLoop(ProjectionStep& step, const LoopContext& context, int iterations, ReconstructionResult& result)
{
    FrameMetrics metrics(context.magnitude, context.reference, context.pool.threadCount(), context.melTarget);
    result.signal.samples.resize(static_cast<std::size_t>(context.plan.signalLength()));
    float* signal = result.signal.samples.data();
    result.iterations.reserve(result.iterations.size() + static_cast<std::size_t>(iterations) + 1);

    result.iterations.push_back(runPass(step, 0, signal, context, metrics));
    if (context.firstIteration > 0)
        result.iterationsDone = context.firstIteration;
    if (context.progress)
        context.progress(result.iterations.back());

    const auto loopStart = std::chrono::steady_clock::now();
    for (int pass = 1; pass <= iterations; ++pass) {
        if (context.cancelled()) {
            result.cancelled = true;
            break;
        }
        result.iterations.push_back(runPass(step, pass, signal, context, metrics));
        result.iterationsDone = context.firstIteration + pass;
        if (context.progress)
            context.progress(result.iterations.back());
    }
    const int passesDone = result.iterationsDone - context.firstIteration;
    if (passesDone > 0)
        result.secondsPerIteration =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - loopStart).count() / passesDone;
}

IterationRecord measureSignal(const float* signal, const LoopContext& context, int iteration)
{
    FrameMetrics metrics(context.magnitude, context.reference, context.pool.threadCount(), context.melTarget);
    context.plan.forwardFrames(
        signal,
        [&](int block, int frame, std::complex<float>* x) {
            metrics.addPhase(block, frame, x);
            metrics.addMel(block, frame, x);
            metrics.setSpectralDifference(frame, frameSpectralDifference(x, context.magnitude.frame(frame),
                                                                         context.magnitude.bins));
        },
        context.pool);
    return record(iteration, context, metrics);
}

} // namespace phaselab
