// SPDX-License-Identifier: GPL-3.0-or-later
// The loop the projection methods (GLA, FGLA, RAAR, AGLA) share: synthesise (inverse STFT) and
// analyse (forward STFT, each frame handed to the method while in cache, together with the
// metrics) fused frame by frame, record,
// report progress, check cancellation. Pass 0 measures the initial coefficients; pass k is
// iteration k. The signal left in the result is the one synthesised by the last pass, so its STFT
// is exactly the one the last record measured. No allocation per pass beyond the STFT's per-block
// frame buffers.
#pragma once

#include "core/reconstruction/metrics.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft.hpp"

#include <atomic>
#include <chrono>
#include <complex>

namespace phaselab {

struct LoopContext {
    const StftPlan& plan;
    WorkerPool& pool;
    const RealMatrix& magnitude;
    const PhaseReference* reference;
    const MelTarget* melTarget; ///< null: no mel spectral convergence in the records
    const ProgressCallback& progress;
    const std::atomic<bool>* cancel;
    std::chrono::steady_clock::time_point start;
    int firstIteration = 0; ///< the record number of pass 0: 0, or where an earlier stage of a pipeline stopped plus 1

    double secondsSinceStart() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

/// One projection method: what it synthesises and what it does with each analysed frame. Each
/// pass synthesises and analyses frame by frame (StftPlan::synthesiseAndAnalyse), so both calls
/// may touch only the state of their own frame.
class ProjectionStep {
public:
    virtual ~ProjectionStep() = default;
    /// Writes frame `frame` of what pass `pass` synthesises (bins values) to `coefficients`. Reads
    /// only that frame's state; may be called more than once for one frame, always before
    /// analyse() of that frame in the same pass.
    virtual void synthesiseFrame(int pass, int frame, std::complex<float>* coefficients) = 0;
    /// Frame `frame` of STFT(this pass's signal) (may be modified); prepares pass `pass + 1`.
    /// Returns sum over the frame of (|X| - S)^2. Called concurrently for different frames.
    virtual double analyse(int pass, int frame, std::complex<float>* x) = 0;
    /// Called once every frame of pass `pass` has been analysed.
    virtual void finishPass(int /*pass*/) {}
};

/// Runs pass 0 and `iterations` iterations (fewer when cancelled) into result (signal, iterations,
/// iterationsDone, secondsPerIteration, cancelled). With firstIteration > 0, pass 0 continues an
/// earlier stage and counts as its iteration firstIteration.
void runProjectionLoop(ProjectionStep& step, const LoopContext& context, int iterations, ReconstructionResult& result);

/// One record of a finished signal: its STFT against the magnitude (and the reference).
IterationRecord measureSignal(const float* signal, const LoopContext& context, int iteration);

} // namespace phaselab
