// SPDX-License-Identifier: GPL-3.0-or-later
// FFT length from the bin count. A real signal's spectrum is stored one-sided (n_fft/2+1 bins,
// as scipy, torch, numpy.rfft), one-sided without the Nyquist bin (n_fft/2, as Octave's specgram
// and some MATLAB code) or two-sided (n_fft bins in FFT order, which must then be Hermitian:
// X[n-k] = conj(X[k]), or |X[n-k]| = |X[k]| for magnitudes). Priors favour powers of two, then
// 5-smooth lengths and round durations at the sample rate.
#pragma once

#include "core/base/signal.hpp"

#include <string>
#include <vector>

namespace phaselab {

enum class BinLayout { OneSided, NyquistDropped, TwoSided };

struct FftSizeOption {
    int nFft = 0;
    BinLayout layout = BinLayout::OneSided;
    double logPrior = 0.0;
};

/// Log prior of an FFT length (0 for a power of two).
double fftSizeLogPrior(int nFft, double sampleRate);

/// The FFT lengths `bins` allows, each with its log prior (layout and length), best first.
std::vector<FftSizeOption> fftSizesForBins(int bins, double sampleRate);

/// True when n_fft has no prime factor above 7: the FFT lengths producers use, and the ones
/// KissFFT transforms quickly (the guesser does not search framings for the others).
bool smoothFftSize(int nFft);

/// Best log prior over fftSizesForBins (how plausible `bins` is as a bin count).
double binCountLogPrior(int bins, double sampleRate);

/// Relative mismatch of Hermitian symmetry over all frames of a two-sided matrix (bins = n_fft):
/// sum |X[n-k] - conj(X[k])|^2 / sum |X[k]|^2 for k = 1 .. n/2-1 (magnitudes only: |X[n-k]| - |X[k]|).
double hermitianMismatch(const ComplexMatrix& twoSided, bool magnitudesOnly);

/// Name for sentences: "one-sided", "one-sided without the Nyquist bin", "two-sided".
std::string binLayoutName(BinLayout layout);

} // namespace phaselab
