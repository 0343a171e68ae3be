// SPDX-License-Identifier: GPL-3.0-or-later
// A mel spectrogram a reconstruction answers to, and how well a sound reproduces it: the mel
// spectral convergence 20 log10(||F |X|^p - mel||_F / ||mel||_F), with F the filterbank, p its
// power and X the STFT of the sound (core/dsp/stft.hpp: unnormalised, one-sided, n_fft/2+1 bins).
// `mel` is the dump's decoded filterbank output (core/dsp/mel_value_scale.hpp decodes it), not its
// stored logarithm. One measure for the per-iteration records and the final figure: both add up
// frameMelDifference and turn the sums into dB with melConvergenceDb.
// Layout: FrameMatrix (n_mels x frames, one frame's channels contiguous).
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/mel_filterbank.hpp"

namespace phaselab {

struct MelTarget {
    /// InputError when the matrix does not have the filterbank's channel count.
    MelTarget(RealMatrix mel, MelFilterbank filterbank);

    RealMatrix mel;            ///< decoded filterbank output F |X|^power, n_mels x frames
    MelFilterbank filterbank;  ///< the one the dump was made with (its power included)
};

/// InputError when a magnitude of `bins` x `frames` cannot be measured against the target: other
/// frames, or bins other than the filterbank's n_fft/2+1.
void requireMatchingMagnitude(const MelTarget& target, int bins, int frames);

/// Sum over one frame's channels of (F |X|^p - mel)^2, from that frame's |X| (binCount values).
/// `scratch` holds binCount + melCount floats (callers on several threads bring their own).
double frameMelDifference(const MelFilterbank& filterbank, const float* magnitude, const float* mel, float* scratch);

/// 10 log10(difference / energy) of the summed squares: the dB of the measure. 0 when the mel is
/// silent everywhere; an exact match reads -300 dB rather than -inf.
double melConvergenceDb(double difference, double energy);

/// The mel spectral convergence of a magnitude (bins x frames) against `mel` (InputError when the
/// shapes do not meet).
double melSpectralConvergenceDb(const RealMatrix& mel, const MelFilterbank& filterbank, const RealMatrix& magnitude,
                                WorkerPool& pool);

} // namespace phaselab
