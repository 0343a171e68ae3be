// SPDX-License-Identifier: GPL-3.0-or-later
// Streaming STFT: the frames of a long signal computed block by block from a sample source that is
// read once, in order, never holding the whole signal or spectrogram. The numbers are exactly
// those of StftPlan::forward on the whole signal (torch.stft framing, centring with reflect or
// constant padding at both ends; see stft.hpp), because each block is the uncentred transform of
// the padded segment its frames cover, built sample for sample as the whole-signal transform
// reads it. Layout: each block is a FrameMatrix (frame-major, see signal.hpp).
// Memory: about blockFrames x bins complex values plus the samples those frames span.
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

#include <cstdint>
#include <functional>

namespace phaselab {

/// Fills `out` with up to `count` next samples of the signal; returns how many (0: the end).
using SampleSource = std::function<std::int64_t(float* out, std::int64_t count)>;
/// Receives frames [firstFrame, firstFrame + block.frames) in order; `block` is reused afterwards.
using FrameBlockSink = std::function<void(std::int64_t firstFrame, const ComplexMatrix& block)>;

class StreamingStft {
public:
    /// Validates like StftPlan (InputError: bad parameters, a signal too short for one frame or
    /// for reflect padding). blockFrames <= 0: about 8 MiB of coefficients per block.
    StreamingStft(const StftParams& params, std::int64_t signalLength, int blockFrames = 0);

    const StftParams& params() const { return params_; }
    int bins() const { return params_.bins(); }
    std::int64_t frames() const { return frames_; }
    std::int64_t signalLength() const { return signalLength_; }
    int blockFrames() const { return blockFrames_; }
    /// Working memory of run() in bytes (block, segment, sample window, plan), for budgets.
    std::int64_t workingBytes() const;

    /// Reads signalLength() samples from `source` (all of them, also those no frame covers) and
    /// hands the frames to `sink` block by block. Returns the samples the source gave: less than
    /// signalLength() when it ended early, in which case the blocks given so far are incomplete
    /// and the caller should start again with the true length (the sink saw no wrong frame: a block
    /// is computed only once every sample it reads has arrived).
    std::int64_t run(const SampleSource& source, const FrameBlockSink& sink, WorkerPool& pool) const;

    /// Default block size for `bins` bins.
    static int defaultBlockFrames(int bins);

private:
    StftParams params_;
    std::int64_t signalLength_;
    std::int64_t frames_;
    int blockFrames_;
};

} // namespace phaselab
