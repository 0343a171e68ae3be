// SPDX-License-Identifier: GPL-3.0-or-later
// Mel filterbanks as librosa.filters.mel and torchaudio.functional.melscale_fbanks build them:
// n_mels triangles equally spaced on the mel scale between fmin and fmax (HTK's 2595 log10(1 + f/700)
// or Slaney's linear-below-1-kHz, logarithmic-above formula), sampled at the n_fft/2+1 one-sided
// bin frequencies k * sample_rate / n_fft; "slaney" normalisation divides each triangle by half its
// width in Hz (constant energy per channel), "none" leaves peaks at 1.
// A mel spectrogram is M = F * |X|^power per frame (power 1: magnitude, 2: power), with |X| the
// unnormalised STFT magnitude of core/dsp/stft.hpp. Layout: weights are mel-major (the bins of one
// mel channel contiguous); matrices in and out are FrameMatrix (one frame contiguous).
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <string>
#include <vector>

namespace phaselab {

enum class MelScale { Htk, Slaney };
enum class MelNorm { None, Slaney };

std::string melScaleName(MelScale scale); ///< "htk" | "slaney"
MelScale parseMelScale(const std::string& text); ///< InputError listing the names
std::string melNormName(MelNorm norm);    ///< "none" | "slaney"
MelNorm parseMelNorm(const std::string& text);   ///< "none" (also "null"), "slaney"; InputError otherwise

double hzToMel(double hz, MelScale scale);
double melToHz(double mel, MelScale scale);

/// How a mel spectrogram was made on top of its STFT.
struct MelSpec {
    int nMels = 80;
    double fmin = 0.0;  ///< Hz
    double fmax = 0.0;  ///< Hz; <= 0: sample_rate / 2
    MelScale scale = MelScale::Slaney;
    MelNorm norm = MelNorm::Slaney;
    double power = 1.0; ///< 1: filterbank of |X|, 2: of |X|^2

    /// fmax with the default resolved.
    double upperHz(double sampleRate) const { return fmax > 0 ? fmax : sampleRate / 2; }
    bool operator==(const MelSpec&) const = default;
};

/// The n_mels + 2 band edges in Hz (equally spaced in mel from fmin to fmax, as librosa and
/// torchaudio): channel m's triangle rises from edge m to its peak at edge m + 1 and falls to m + 2.
/// No checks: MelFilterbank's constructor makes them.
std::vector<double> melBandEdges(const MelSpec& spec, double sampleRate);

class MelFilterbank {
public:
    /// InputError (naming n_mels, fmin, fmax, power, n_fft or the sample rate) for parameters that
    /// make no filterbank: n_mels < 1, fmin < 0, fmax <= fmin or above the Nyquist frequency, a
    /// power other than 1 or 2, an unknown sample rate.
    MelFilterbank(const MelSpec& spec, int nFft, double sampleRate);

    const MelSpec& spec() const { return spec_; }
    int melCount() const { return spec_.nMels; }
    int binCount() const { return bins_; }
    double sampleRate() const { return sampleRate_; }
    /// Weight of bin `bin` in mel channel `mel`.
    float weight(int mel, int bin) const { return weights_[static_cast<std::size_t>(mel) * bins_ + bin]; }
    /// Bins [first, last) where channel `mel` is non-zero (empty when no bin falls inside it).
    int firstBin(int mel) const { return first_[mel]; }
    int lastBin(int mel) const { return last_[mel]; }

    /// mel[m] = sum_k F[m][k] values[k]: one frame, `values` binCount() long, `mel` melCount().
    void apply(const float* values, float* mel) const;
    /// out[k] = sum_m F[m][k] mel[m] (the transpose).
    void applyTransposed(const float* mel, float* out) const;
    /// The mel spectrogram of a linear magnitude (bins x frames): F * |X|^power per frame.
    RealMatrix melSpectrogram(const RealMatrix& magnitude, WorkerPool& pool) const;

private:
    MelSpec spec_;
    int bins_ = 0;
    double sampleRate_ = 0.0;
    std::vector<float> weights_;
    std::vector<int> first_;
    std::vector<int> last_;
};

} // namespace phaselab
