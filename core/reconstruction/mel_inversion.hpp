// SPDX-License-Identifier: GPL-3.0-or-later
// From a mel spectrogram back to a linear STFT magnitude, and on to sound. Each frame's
// |X|^power is the non-negative least-squares solution of F p = mel (F: the filterbank), found by
// accelerated projected gradient (FISTA with projection onto p >= 0, each bin's step from a
// diagonal majoriser of F^T F) from a smooth start that
// spreads each channel's mean level over its bins; no dense pseudo-inverse. Mel values at or below
// a floor (a log clamp, top_db clipping) are upper bounds, not equations: the dump only says the
// true value was that small or smaller.
// reconstructFromMel then runs the phase pipeline on that magnitude, optionally in rounds: after
// each round the magnitude is solved again from |STFT| of the current sound (so among the
// magnitudes the mel allows it takes the one nearest to a consistent spectrogram) and the phase
// carries on from the current sound's. Every iteration record of it carries the mel spectral
// convergence of its sound (core/reconstruction/mel_target.hpp).
// Layout: FrameMatrix throughout (mel x frames in, bins x frames out, one frame contiguous).
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/mel_filterbank.hpp"
#include "core/reconstruction/mel_target.hpp"
#include "core/reconstruction/reconstruction.hpp"

#include <optional>

namespace phaselab {

struct MelInversionOptions {
    int iterations = 300;       ///< projected-gradient steps per frame (fewer when it has converged)
    /// Mel values (filterbank output) at or below this are upper bounds; <= 0: none.
    double floor = 0.0;
};

/// |X| (bins x frames, bins = n_fft/2+1) whose mel spectrogram best matches `mel` (mel x frames,
/// decoded filterbank output). `start`, when given, is the magnitude the solver starts from.
/// Frames run in parallel on `pool`; results do not depend on the thread count.
RealMatrix melToLinearMagnitude(const RealMatrix& mel, const MelFilterbank& filterbank, WorkerPool& pool,
                                const MelInversionOptions& options = {}, const RealMatrix* start = nullptr);

struct MelReconstruction {
    ReconstructionResult result;
    RealMatrix magnitude;                  ///< the last linear magnitude the phase pipeline aimed at
    double melSpectralConvergenceDb = 0.0; ///< of the output sound's STFT against the mel (its last record's)
    int rounds = 1;
};

/// Inverts target.mel to a magnitude (or takes problem.magnitude, when it has the mel's frames and
/// the filterbank's bins, as that inversion already made), then runs `options` on it with
/// `target` as the problem's mel target; the rest of `problem` is used as given. rounds > 1 splits options.iterations into that many rounds with
/// the magnitude solved again between them. The iteration records run on across rounds.
MelReconstruction reconstructFromMel(const MelTarget& target, const MelInversionOptions& inversion,
                                     ReconstructionProblem problem, ReconstructionOptions options, int rounds,
                                     WorkerPool& pool, const ProgressCallback& progress = {});

} // namespace phaselab
