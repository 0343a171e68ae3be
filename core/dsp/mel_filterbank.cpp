// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/mel_filterbank.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace phaselab {
namespace {

// Slaney's Auditory Toolbox: linear (200/3 Hz a mel) below 1 kHz, logarithmic above.
constexpr double slaneyHzPerMel = 200.0 / 3.0;
constexpr double slaneyBreakHz = 1000.0;
constexpr double slaneyBreakMel = slaneyBreakHz / slaneyHzPerMel;
const double slaneyLogStep = std::log(6.4) / 27.0;

std::string number(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

} // namespace

std::string melScaleName(MelScale scale)
{
    return scale == MelScale::Htk ? "htk" : "slaney";
}

MelScale parseMelScale(const std::string& text)
{
    if (text == "htk")
        return MelScale::Htk;
    if (text == "slaney")
        return MelScale::Slaney;
    throw InputError("unknown mel scale '" + text + "': use htk or slaney");
}

std::string melNormName(MelNorm norm)
{
    return norm == MelNorm::Slaney ? "slaney" : "none";
}

MelNorm parseMelNorm(const std::string& text)
{
    if (text == "slaney")
        return MelNorm::Slaney;
    if (text == "none" || text == "null")
        return MelNorm::None;
    throw InputError("unknown mel normalisation '" + text + "': use slaney or none");
}

double hzToMel(double hz, MelScale scale)
{
    if (scale == MelScale::Htk)
        return 2595.0 * std::log10(1.0 + hz / 700.0);
    if (hz < slaneyBreakHz)
        return hz / slaneyHzPerMel;
    return slaneyBreakMel + std::log(hz / slaneyBreakHz) / slaneyLogStep;
}

double melToHz(double mel, MelScale scale)
{
    if (scale == MelScale::Htk)
        return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
    if (mel < slaneyBreakMel)
        return mel * slaneyHzPerMel;
    return slaneyBreakHz * std::exp(slaneyLogStep * (mel - slaneyBreakMel));
}

std::vector<double> melBandEdges(const MelSpec& spec, double sampleRate)
{
    const int points = spec.nMels + 2;
    const double melLow = hzToMel(spec.fmin, spec.scale);
    const double melHigh = hzToMel(spec.upperHz(sampleRate), spec.scale);
    std::vector<double> edges(static_cast<std::size_t>(std::max(points, 0)));
    for (int i = 0; i < points; ++i)
        edges[static_cast<std::size_t>(i)] = melToHz(melLow + (melHigh - melLow) * i / (points - 1), spec.scale);
    return edges;
}

MelFilterbank::MelFilterbank(const MelSpec& spec, int nFft, double sampleRate)
    : spec_(spec), bins_(nFft / 2 + 1), sampleRate_(sampleRate)
{
    if (!(sampleRate > 0) || !std::isfinite(sampleRate))
        throw InputError("a mel filterbank needs the sample rate: it is unknown");
    if (nFft < 2)
        throw InputError("a mel filterbank needs n_fft of 2 or more (got " + std::to_string(nFft) + ")");
    if (spec.nMels < 1 || spec.nMels > 4096)
        throw InputError("n_mels " + std::to_string(spec.nMels) + " is out of range: use 1 to 4096 mel channels");
    const double nyquist = sampleRate / 2;
    const double upper = spec.upperHz(sampleRate);
    if (!std::isfinite(spec.fmin) || spec.fmin < 0)
        throw InputError("fmin " + number(spec.fmin) + " Hz must be 0 or more");
    if (!std::isfinite(upper) || upper > nyquist * (1 + 1e-9))
        throw InputError("fmax " + number(upper) + " Hz is above the Nyquist frequency " + number(nyquist) + " Hz");
    if (upper <= spec.fmin)
        throw InputError("fmax " + number(upper) + " Hz must be above fmin " + number(spec.fmin) + " Hz");
    if (spec.power != 1.0 && spec.power != 2.0)
        throw InputError("the mel power " + number(spec.power) + " must be 1 (magnitude) or 2 (power)");
    spec_.fmax = upper;

    const std::vector<double> edges = melBandEdges(spec_, sampleRate);

    weights_.assign(static_cast<std::size_t>(spec.nMels) * bins_, 0.0f);
    first_.assign(spec.nMels, 0);
    last_.assign(spec.nMels, 0);
    for (int m = 0; m < spec.nMels; ++m) {
        const double left = edges[m], centre = edges[m + 1], right = edges[m + 2];
        const double gain = spec.norm == MelNorm::Slaney ? 2.0 / (right - left) : 1.0;
        int first = bins_, last = 0;
        // Only the bins under the triangle can have weight: the scan is the triangle's, not the spectrum's.
        const double binHz = nyquist / (bins_ - 1);
        const int lowest = std::clamp(static_cast<int>(std::floor(left / binHz)), 0, bins_);
        const int highest = std::clamp(static_cast<int>(std::ceil(right / binHz)) + 1, 0, bins_);
        for (int k = lowest; k < highest; ++k) {
            const double hz = k * nyquist / (bins_ - 1);
            const double rising = (hz - left) / (centre - left);
            const double falling = (right - hz) / (right - centre);
            const double w = std::max(0.0, std::min(rising, falling));
            if (w > 0) {
                weights_[static_cast<std::size_t>(m) * bins_ + k] = static_cast<float>(w * gain);
                first = std::min(first, k);
                last = k + 1;
            }
        }
        first_[m] = first < last ? first : 0;
        last_[m] = first < last ? last : 0;
    }
}

void MelFilterbank::apply(const float* values, float* mel) const
{
    for (int m = 0; m < spec_.nMels; ++m) {
        const float* row = weights_.data() + static_cast<std::size_t>(m) * bins_;
        double sum = 0.0;
        for (int k = first_[m]; k < last_[m]; ++k)
            sum += static_cast<double>(row[k]) * values[k];
        mel[m] = static_cast<float>(sum);
    }
}

void MelFilterbank::applyTransposed(const float* mel, float* out) const
{
    std::fill(out, out + bins_, 0.0f);
    for (int m = 0; m < spec_.nMels; ++m) {
        const float* row = weights_.data() + static_cast<std::size_t>(m) * bins_;
        for (int k = first_[m]; k < last_[m]; ++k)
            out[k] += row[k] * mel[m];
    }
}

RealMatrix MelFilterbank::melSpectrogram(const RealMatrix& magnitude, WorkerPool& pool) const
{
    if (magnitude.bins != bins_)
        throw InputError("the magnitude has " + std::to_string(magnitude.bins) + " bins but the mel filterbank expects "
                         + std::to_string(bins_) + " (n_fft/2+1)");
    RealMatrix mel(spec_.nMels, magnitude.frames);
    pool.forEachBlock(static_cast<std::size_t>(magnitude.frames), [&](int, std::size_t begin, std::size_t end) {
        std::vector<float> powered(static_cast<std::size_t>(bins_));
        for (std::size_t t = begin; t < end; ++t) {
            const float* frame = magnitude.frame(static_cast<int>(t));
            for (int k = 0; k < bins_; ++k)
                powered[k] = spec_.power == 2.0 ? frame[k] * frame[k] : frame[k];
            apply(powered.data(), mel.frame(static_cast<int>(t)));
        }
    });
    return mel;
}

} // namespace phaselab
