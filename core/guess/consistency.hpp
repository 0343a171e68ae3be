// SPDX-License-Identifier: GPL-3.0-or-later
// Consistency of a complex STFT with a framing hypothesis: how far a block of frames X is from the
// STFT of its own least-squares inverse, 10 log10(||STFT(ISTFT(X)) - X||^2 / ||X||^2) in dB.
// A spectrogram made with the hypothesised window, window offset and hop scores at its storage
// precision (about -130 dB for float32, -80 dB for int16 values); a wrong window or hop scores
// -5 to -30 dB. A constant scale factor (scipy's 1/sum(w), torch's normalized=True) does not
// change it. The block is inverted on its own, without padding, so centring and padding play no
// part (padding_evidence.hpp scores those on the first frames).
// Input: one-sided frames (n_fft/2+1 bins, PhaseLab's phase convention: measured from the frame
// start), frame-major (core/base/signal.hpp).
#pragma once

#include "core/guess/framing.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

namespace phaselab {

/// The value consistencyDb returns for a hypothesis that cannot be inverted (NOLA violated,
/// hop larger than the window, fewer than two frames): worse than any real score.
inline constexpr double kInconsistentDb = 0.0;

/// Consistency of frames [firstFrame, firstFrame + frameCount) of `onesided` (n_fft/2+1 bins) with
/// the framing's window, offset and hop (its pad is ignored). Returns kInconsistentDb when the
/// hypothesis cannot be evaluated; about -300 dB for an all-zero block.
/// comparedBins > 0 compares only bins below it (data whose top bins are unknown, e.g. a dropped
/// Nyquist bin, whose absence disturbs the bins next to it).
double consistencyDb(const ComplexMatrix& onesided, int firstFrame, int frameCount, const Framing& framing,
                     WorkerPool& pool, int comparedBins = 0);

/// The same measure for the block's magnitudes with pseudo-random phases (a fixed sequence): what
/// the hypothesis gives for data it did not make. With little overlap (hop near the window length)
/// almost anything is consistent, so the evidence for a framing is how far its consistency
/// falls below this reference, not the consistency alone.
double randomPhaseConsistencyDb(const ComplexMatrix& onesided, int firstFrame, int frameCount, const Framing& framing,
                                WorkerPool& pool, int comparedBins = 0);

/// The block of `frameCount` consecutive frames with the most energy (start index), so that
/// scores are not set by silence and quantisation noise.
int loudestBlock(const ComplexMatrix& matrix, int frameCount);

/// How many frames a consistency block should hold for this hop and n_fft: enough that most
/// frames have all their overlapping neighbours inside the block, at most `available`.
int consistencyBlockFrames(int nFft, int hop, int available);

} // namespace phaselab
