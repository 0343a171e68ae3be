// SPDX-License-Identifier: GPL-3.0-or-later
// Per-bin maps derived from a complex STFT, for the phase views and lessons: the phase itself,
// instantaneous frequency, group delay and the wrapped phase difference to a reference.
// Conventions: the STFT's phase is measured from the frame start (stft.hpp), so a stationary
// sinusoid advances by 2 pi k hop / n_fft per frame in bin k; that expected advance is removed
// before unwrapping. Units: radians in (-pi, pi]; Hz; seconds relative to the window's centre.
// Bins whose magnitude is 0 give NaN (undefined phase). Maps are FrameMatrix (frame-major).
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

namespace phaselab {

/// Wraps an angle to (-pi, pi].
double wrapPhase(double radians);

/// angle(X) per bin.
RealMatrix phaseMap(const ComplexMatrix& coefficients);

/// Instantaneous frequency in Hz from the phase advance between frames t-1 and t (frame 0 uses
/// frames 0 and 1): k fs / N + wrap(phi[t,k] - phi[t-1,k] - 2 pi k hop / N) fs / (2 pi hop).
RealMatrix instantaneousFrequencyMap(const ComplexMatrix& coefficients, const StftParams& params, double sampleRate);

/// Group delay in seconds, relative to the window's centre: the negative phase slope across
/// frequency, -wrap(phi[t,k+1] - phi[t,k]) N / (2 pi) samples from the frame start (central
/// difference inside, one-sided at the edges), minus the window centre (win_offset + win_length/2).
RealMatrix groupDelayMap(const ComplexMatrix& coefficients, const StftParams& params, double sampleRate);

/// Wrapped phase difference angle(X / Xref) per bin; `flipSign` adds pi first (the estimate -x).
/// Shapes must match (InputError).
RealMatrix phaseDifferenceMap(const ComplexMatrix& estimate, const ComplexMatrix& reference, bool flipSign = false);

/// Sets map values to NaN where |reference| is more than `belowPeakDb` dB under the reference's
/// largest magnitude (e.g. 60): near-silent bins have meaningless phase.
void maskQuietBins(RealMatrix& map, const ComplexMatrix& reference, double belowPeakDb);

} // namespace phaselab
