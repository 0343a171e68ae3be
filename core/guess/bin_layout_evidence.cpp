// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/bin_layout_evidence.hpp"

#include "core/guess/number_text.hpp"
#include "core/guess/phase_evidence.hpp"
#include "core/guess/scoring_constants.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace phaselab {
namespace {

using namespace guess_scoring;

void weighMirroredBins(const ComplexMatrix& values, bool withPhase, BinLayoutOption& option)
{
    const int bins = values.bins;
    const double mismatch = hermitianMismatch(values, !withPhase);
    const double mismatchDb = 10.0 * std::log10(std::max(mismatch, 1e-30));
    if (mismatchDb < kMirrorMismatchDb) {
        option.logScore += kMirroredBonus;
        option.evidence = "bins k and " + std::to_string(bins) + "-k mirror each other (" +
                          (withPhase ? "X[n-k] = conj X[k]" : "|X[n-k]| = |X[k]|") + " to " + fixedText(mismatchDb, 0) +
                          " dB): two-sided, n_fft " + std::to_string(bins);
    } else {
        option.logScore += kUnmirroredPenalty;
    }
}

/// Is the last stored bin real in every frame, as a Nyquist bin is?
void weighLastBin(const ComplexMatrix& values, BinLayoutOption& option)
{
    const int bins = values.bins;
    const int frames = values.frames;
    std::vector<double> lastPhase, lastMagnitude;
    for (int t = 0; t < frames; ++t) {
        const auto z = values.at(t, bins - 1);
        lastPhase.push_back(std::arg(std::complex<double>(z)));
        lastMagnitude.push_back(std::abs(std::complex<double>(z)));
    }
    double peak = 0.0;
    for (const auto& z : values.values)
        peak = std::max(peak, static_cast<double>(std::abs(z)));
    const auto test = realBinFraction(lastPhase, lastMagnitude, std::numbers::pi, 0, 1, static_cast<std::size_t>(frames),
                                      kSilentBinFraction * peak);
    const FftSizeOption& size = option.size;
    const bool evenOneSided = size.layout == BinLayout::OneSided && size.nFft % 2 == 0;
    if (test.tested >= kMinNyquistFramesTested && test.fraction > kNyquistRealShare) {
        option.logScore += evenOneSided ? kRealLastBinEvenOneSided : kRealLastBinOther;
        if (evenOneSided)
            option.evidence = "the last bin's phase is 0 or pi in " + percentText(test.fraction) +
                              " of frames: it is the Nyquist bin, n_fft " + std::to_string(size.nFft);
    } else if (test.tested >= kMinNyquistFramesTested && test.fraction < kNotNyquistRealShare) {
        option.logScore += evenOneSided ? kComplexLastBinEvenOneSided : kComplexLastBinOther;
        if (size.layout == BinLayout::NyquistDropped)
            option.evidence = "the last bin's phase is 0 or pi in only " + percentText(test.fraction) +
                              " of frames: not a Nyquist bin, so n_fft " + std::to_string(size.nFft) +
                              " without its Nyquist bin (as Octave's specgram writes)";
    }
}

} // namespace

std::vector<BinLayoutOption> rankBinLayouts(const ComplexMatrix& values, bool withPhase, double sampleRate)
{
    std::vector<BinLayoutOption> layouts;
    for (const auto& size : fftSizesForBins(values.bins, sampleRate)) {
        BinLayoutOption option{size, size.logPrior, {}};
        if (size.layout == BinLayout::TwoSided)
            weighMirroredBins(values, withPhase, option);
        else if (withPhase)
            weighLastBin(values, option);
        layouts.push_back(option);
    }
    std::stable_sort(layouts.begin(), layouts.end(),
                     [](const BinLayoutOption& a, const BinLayoutOption& b) { return a.logScore > b.logScore; });
    return layouts;
}

} // namespace phaselab
