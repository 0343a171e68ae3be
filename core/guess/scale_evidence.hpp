// SPDX-License-Identifier: GPL-3.0-or-later
// The DFT scaling a producer applied, read from the size of the numbers. A sinusoid of amplitude
// A gives a spectral peak of A * sum(w) / 2 in an unscaled DFT (torch, numpy, Octave), A / 2 with
// scipy.signal.stft's 'spectrum' scaling (1/sum(w)), A * sum(w) / (2 sqrt(n_fft)) with torch's
// normalized=True, A * sum(w) / (2 sqrt(sum(w^2))) with torchaudio's. Audio read as float
// peaks between about 0.01 and 1 (as int16 numbers, thousands), so the convention that makes the
// loudest peak such an amplitude is the likely one; the two differ by a factor of sum(w) (hundreds).
// It also tells scipy (zero padding of win_length/2) from the others when the first frames cannot.
#pragma once

#include "core/guess/framing.hpp"

#include <string>
#include <vector>

namespace phaselab {

struct FftScaleGuess {
    double fftScale = 1.0;  ///< factor the producer applied to the raw DFT (manifest's fft_scale)
    std::string convention; ///< "unscaled", "scipy 'spectrum' (1/sum(w))", ...
    double amplitude = 0.0; ///< the loudest component's amplitude under this scaling
    double logScore = 0.0;  ///< log plausibility of that amplitude
};

/// Log prior of a peak amplitude: float audio (around 0.2, a factor e^1.5 either way) or int16
/// numbers (around 6000).
double amplitudeLogPrior(double amplitude);

/// The scalings consistent with the framing (scipy's only with win_length/2 zero padding and the
/// window at offset 0), best first. peakMagnitude: the largest linear magnitude in the file.
std::vector<FftScaleGuess> fftScaleOptions(double peakMagnitude, const Framing& framing);

} // namespace phaselab
