// SPDX-License-Identifier: GPL-3.0-or-later
// The one interface to every phase-reconstruction method (GLA, FGLA, RAAR, AGLA, RTISI-LA, SPSI,
// PGHI, plain ISTFT, and `auto`: a pipeline of them chosen for the iteration budget): a target
// magnitude S and STFT parameters in, a signal and per-iteration records out.
// Conventions: S is |STFT| as core/dsp/stft.hpp computes it (unnormalised, one-sided, frame-major
// bins x frames); phases are measured from the frame start; the output signal is the
// least-squares ISTFT of the last synthesised coefficients.
// Records: entry 0 is measured after the initial phase (for one-pass methods: after the method),
// entry k after iteration k; each one's spectral convergence comes from the STFT that iteration
// computes anyway, and so does the mel spectral convergence where the problem has a mel target
// (a magnitude inverted from a mel dump: how well the same sound reproduces the dump itself).
// Progress: `progress` is called after every record, on the calling thread.
// Cancellation: `cancel` is read after every iteration (every frame for RTISI-LA); when set, the
// result so far comes back with cancelled = true (no exception).
#pragma once

#include "core/reconstruction/metrics.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace phaselab {

struct MelTarget; // core/reconstruction/mel_target.hpp

enum class Algorithm { Istft, Gla, Fgla, Raar, RtisiLa, Spsi, Pghi, Agla, Auto };
enum class InitialPhase { Zero, Random, Pghi, Spsi, Given };

std::string algorithmName(Algorithm algorithm);              ///< "gla", "rtisi-la", ...
Algorithm parseAlgorithm(const std::string& name);           ///< InputError listing the names
const std::vector<std::string>& algorithmNames();
std::string initialPhaseName(InitialPhase init);             ///< "zero", "random", "pghi", "spsi", "given"
InitialPhase parseInitialPhase(const std::string& name);     ///< InputError listing the names
bool isIterative(Algorithm algorithm);                       ///< gla, fgla, raar, agla, auto

struct ReconstructionOptions {
    Algorithm algorithm = Algorithm::Fgla;
    InitialPhase init = InitialPhase::Zero;
    int iterations = 100;        ///< gla/fgla/raar: iterations; rtisi-la: iterations per new frame
    double momentum = 0.99;      ///< fgla's alpha (Perraudin et al.), also raar's tail and agla's alpha; 0 gives GLA
    double aglaBeta = 1.1;       ///< agla's anchor momentum beta (Nenov et al.), >= 0
    double aglaGamma = 1.1;      ///< agla's weight gamma of the new projection, in (0, 2) (docs/quality.md: tuned on speech)
    int lookahead = -1;          ///< rtisi-la: frames of look-ahead; -1: ceil(win_length / hop) - 1
    double raarBeta = 0.99;      ///< raar's relaxation beta in (0, 1]
    int raarGlaIterations = -1;  ///< raar: the last iterations run as Griffin-Lim (FGLA with `momentum`, GLA when 0); -1: 30 %
    std::uint64_t seed = 0;      ///< random initial phase, and PGHI's phase of negligible bins
    double pghiTolerance = 1e-10; ///< PGHI: bins below tolerance * max get random phase
    /// auto: a pipeline in text form ("pghi -> agla x170 -> fgla x30", core/algorithms/pipeline.hpp)
    /// run instead of the measured choice; its stages' iterations replace `iterations`.
    std::string pipeline;
};

struct ReconstructionProblem {
    const RealMatrix* magnitude = nullptr;  ///< S, bins = params.bins(); required
    StftParams params;                      ///< resolved or not; validated
    std::int64_t signalLength = 0;          ///< output samples; <= 0: params.defaultSignalLength(frames)
    double sampleRate = 0.0;                ///< copied into the result's signal
    const RealMatrix* phase = nullptr;      ///< initial phase for InitialPhase::Given and Algorithm::Istft
    const PhaseReference* reference = nullptr; ///< enables phase errors per record
    const float* referenceSignal = nullptr; ///< enables the SNR of the result
    std::int64_t referenceLength = 0;
    /// Enables the mel spectral convergence per record: the mel the magnitude was inverted from,
    /// with the magnitude's frames and its filterbank's bins = params.bins().
    const MelTarget* melTarget = nullptr;
};

struct IterationRecord {
    int iteration = 0;
    double spectralConvergenceDb = 0.0;
    std::optional<PhaseErrors> phase;       ///< with a reference only
    std::optional<double> melSpectralConvergenceDb; ///< with a mel target only (mel_target.hpp)
    double seconds = 0.0;                   ///< since the start of reconstruct()
};

struct ReconstructionResult {
    Signal signal;
    std::vector<IterationRecord> iterations;
    std::optional<SnrFigures> snr;          ///< with a reference signal only
    int threads = 1;
    int iterationsDone = 0;                 ///< iterations run (rtisi-la: per frame)
    double secondsTotal = 0.0;
    double secondsPerIteration = 0.0;       ///< of the iteration loop alone; 0 for one-pass methods
    bool cancelled = false;
    std::string pipeline;                   ///< auto: what ran, in text form; empty for the other methods
};

using ProgressCallback = std::function<void(const IterationRecord&)>;

/// raar: how many of the last iterations run as FGLA (the option, or its default).
int raarTailIterations(const ReconstructionOptions& options);

/// Runs the method. InputError for unusable input (sizes, NOLA, a missing phase, bad options).
ReconstructionResult reconstruct(const ReconstructionProblem& problem, const ReconstructionOptions& options,
                                 WorkerPool& pool, const ProgressCallback& progress = {},
                                 const std::atomic<bool>* cancel = nullptr);

/// The initial phase alone (frame-major, radians, frame-start convention) for the given choice.
RealMatrix initialPhase(const ReconstructionProblem& problem, const ReconstructionOptions& options);

} // namespace phaselab
