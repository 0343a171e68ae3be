// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/padding_evidence.hpp"

#include "core/guess/consistency.hpp"
#include "core/dsp/stft.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {
namespace {

double energyOf(const ComplexMatrix& matrix, int first, int count)
{
    double sum = 0.0;
    for (int t = first; t < first + count; ++t) {
        const auto* frame = matrix.frame(t);
        for (int k = 0; k < matrix.bins; ++k)
            sum += std::norm(std::complex<double>(frame[k]));
    }
    return sum;
}

double paddedConsistency(const ComplexMatrix& onesided, int frames, const Framing& framing, WorkerPool& pool, int comparedBins)
{
    if (!framing.representable())
        return kInconsistentDb;
    const StftParams params = framing.phaselabParams();
    if (!satisfiesNola(params))
        return kInconsistentDb;
    const int nFft = framing.nFft;
    // The signal up to the end of the last frame: no frame reads padding on the right.
    const std::int64_t length = static_cast<std::int64_t>(frames - 1) * framing.hop + nFft - nFft / 2;
    if (length <= nFft / 2)
        return kInconsistentDb;
    StftPlan plan(params, length, frames);
    ComplexMatrix block(onesided.bins, frames);
    std::copy(onesided.frame(0), onesided.frame(0) + block.size(), block.values.begin());
    applyFramePhaseShift(block, nFft, framing.phaseShift());
    std::vector<float> signal(static_cast<std::size_t>(length));
    plan.inverse(block, signal.data(), pool);
    ComplexMatrix again;
    plan.forward(signal.data(), again, pool);
    double error = 0.0, energy = 0.0;
    const int compared = comparedBins > 0 ? std::min(comparedBins, block.bins) : block.bins;
    for (int t = 0; t < frames; ++t)
        for (int k = 0; k < compared; ++k) {
            error += std::norm(std::complex<double>(again.at(t, k)) - std::complex<double>(block.at(t, k)));
            energy += std::norm(std::complex<double>(block.at(t, k)));
        }
    if (energy <= 0.0)
        return -300.0;
    return 10.0 * std::log10(std::max(error / energy, 1e-30));
}

} // namespace

PaddingEvidence scorePadding(const ComplexMatrix& onesided, const Framing& framing, WorkerPool& pool, int comparedBins)
{
    PaddingEvidence evidence;
    const int nFft = framing.nFft;
    if (nFft < 2 || framing.hop < 1 || onesided.bins != nFft / 2 + 1 || onesided.frames < 2)
        return evidence;
    const int overlap = (nFft + framing.hop - 1) / framing.hop;
    const int frames = std::min(onesided.frames, 2 * overlap + 4);

    Framing base = framing;
    base.pad = 0;
    evidence.scores.push_back({0, PadMode::Constant, consistencyDb(onesided, 0, frames, base, pool, comparedBins), false});

    // The signal the first frames give without padding: its leading samples tell whether zero
    // padding could be seen at all.
    std::vector<float> unpadded;
    {
        const StftParams params = base.blockParams();
        if (satisfiesNola(params)) {
            const std::int64_t length = static_cast<std::int64_t>(frames - 1) * framing.hop + framing.nFft;
            StftPlan plan(params, length, frames);
            ComplexMatrix block(onesided.bins, frames);
            std::copy(onesided.frame(0), onesided.frame(0) + block.size(), block.values.begin());
            unpadded.resize(static_cast<std::size_t>(length));
            plan.inverse(block, unpadded.data(), pool);
        }
    }
    auto silentFor = [&](int pad) {
        if (unpadded.empty() || static_cast<std::size_t>(2 * pad) > unpadded.size())
            return false;
        double head = 0.0, rest = 0.0;
        // Skip where the first window's tail is near zero: those samples are unreliable.
        const int from = std::min(pad, framing.winOffset + framing.winLength / 16);
        for (int n = from; n < pad; ++n)
            head += static_cast<double>(unpadded[static_cast<std::size_t>(n)]) * unpadded[static_cast<std::size_t>(n)];
        for (std::size_t n = static_cast<std::size_t>(pad); n < unpadded.size(); ++n)
            rest += static_cast<double>(unpadded[n]) * unpadded[n];
        const double headMean = head / std::max(1, pad - from);
        const double restMean = rest / static_cast<double>(unpadded.size() - static_cast<std::size_t>(pad));
        return restMean > 0.0 && headMean <= 1e-7 * restMean;
    };

    std::vector<int> pads = {nFft / 2};
    if (framing.winLength / 2 != nFft / 2)
        pads.push_back(framing.winLength / 2);
    for (int pad : pads) {
        for (PadMode mode : {PadMode::Reflect, PadMode::Constant}) {
            Framing padded = framing;
            padded.pad = pad;
            padded.padMode = mode;
            if (pad <= 0 || !padded.representable())
                continue;
            evidence.scores.push_back({pad, mode, paddedConsistency(onesided, frames, padded, pool, comparedBins),
                                       mode == PadMode::Constant ? silentFor(pad) : silentFor(2 * pad + 1)});
        }
    }

    double loudest = 0.0;
    for (int t = 0; t < onesided.frames; ++t)
        loudest = std::max(loudest, energyOf(onesided, t, 1));
    const double start = energyOf(onesided, 0, std::min(frames, overlap + 1)) / std::max(1, std::min(frames, overlap + 1));
    evidence.startLevelDb = loudest > 0.0 ? 10.0 * std::log10(std::max(start / loudest, 1e-30)) : -300.0;
    // Informative when the first frames reject some padding: then the ones that fit have passed a test.
    for (std::size_t i = 1; i < evidence.scores.size(); ++i)
        if (evidence.scores[i].consistencyDb > evidence.scores.front().consistencyDb + 10.0)
            evidence.informative = true;
    return evidence;
}

std::vector<int> expectedFrameCounts(const Framing& framing, std::int64_t length)
{
    std::vector<int> counts;
    const int nFft = framing.nFft, hop = framing.hop, win = framing.winLength;
    if (length <= 0 || hop < 1 || nFft < 1)
        return counts;
    auto add = [&](std::int64_t count) {
        if (count >= 1 && count < (1LL << 30))
            counts.push_back(static_cast<int>(count));
    };
    if (framing.pad > 0) {
        add(1 + (length + 2 * framing.pad - nFft) / hop); // torch and friends: frames that fit the padded signal
        // scipy padded=True: pad win/2 both sides, then zeros up to a whole frame.
        const std::int64_t padded = length + 2 * (win / 2);
        add(padded <= win ? 1 : 1 + (padded - win + hop - 1) / hop);
    } else if (length >= nFft) {
        add(1 + (length - nFft) / hop);
        if ((length - nFft) % hop == 0)
            add((length - nFft) / hop); // Octave specgram drops a frame ending at the signal end
    }
    return counts;
}

} // namespace phaselab
