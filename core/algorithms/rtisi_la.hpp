// SPDX-License-Identifier: GPL-3.0-or-later
// RTISI-LA, real-time iterative spectrogram inversion with look-ahead: Zhu, Beauregard & Wyse,
// "Real-time signal estimation from modified short-time Fourier transform magnitude spectra",
// IEEE TASLP 15(5), 2007. Frames arrive in order; when frame n + L arrives, the L + 1 frames
// n .. n + L not yet committed are each re-estimated `iterations` times (oldest first, each from
// the current overlap-add of every frame so far: STFT of that segment, magnitude replaced,
// inverse), then frame n is committed and never changes again. The new frame's first estimate
// takes its phase from the overlap of the frames before it (RTISI's initial estimate).
// Segments are normalised by the sum of squared windows of the frames present, so the overlap-add
// is the least-squares signal of the frames so far. Works on the padded signal (frame k starts at
// k hop) and crops the padding at the end, without tying the padding to the signal (reflection).
// Single-threaded: the method is sequential by design. Not implemented: the paper's asymmetric
// analysis window for the newest frames.
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

#include <atomic>
#include <cstdint>
#include <vector>

namespace phaselab {

struct RtisiLaOptions {
    int lookahead = -1;        ///< L; -1: ceil(win_length / hop) - 1
    int iterations = 5;        ///< per new frame, for every frame in the look-ahead buffer
};

/// Frames of look-ahead used for `options` (the default resolved).
int rtisiLookahead(const StftParams& params, const RtisiLaOptions& options);

/// The signal (signalLength samples). Checks `cancel` once per frame; returns what it has so far
/// (uncommitted frames included) and sets *cancelled when it stops early.
std::vector<float> rtisiLa(const RealMatrix& magnitude, const StftParams& params, std::int64_t signalLength,
                           const RtisiLaOptions& options, const std::atomic<bool>* cancel = nullptr,
                           bool* cancelled = nullptr);

} // namespace phaselab
