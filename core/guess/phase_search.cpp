// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/phase_search.hpp"

#include "core/guess/consistency.hpp"
#include "core/guess/frame_envelope.hpp"
#include "core/guess/frame_joins.hpp"
#include "core/guess/frame_origin.hpp"
#include "core/guess/hop_from_phase.hpp"
#include "core/guess/number_text.hpp"
#include "core/guess/padding_evidence.hpp"
#include "core/guess/scoring_constants.hpp"
#include "core/guess/window_candidates.hpp"
#include "core/guess/window_fit.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace phaselab {

using namespace guess_scoring;
namespace {

/// Memoised consistency of framings on a block chosen per hop.
class ConsistencyCache {
public:
    ConsistencyCache(const ComplexMatrix& onesided, WorkerPool& pool, const JobControl& control, int comparedBins)
        : matrix_(onesided), pool_(pool), control_(control), comparedBins_(comparedBins) {}

    double operator()(const Framing& framing)
    {
        const std::string key = framing.describe() + "|" + std::to_string(framing.winOffset);
        const auto found = values_.find(key);
        if (found != values_.end())
            return found->second;
        control_.checkCancelled();
        auto block = blocks_.find(framing.hop);
        if (block == blocks_.end()) {
            const int frames = consistencyBlockFrames(framing.nFft, framing.hop, matrix_.frames);
            block = blocks_.emplace(framing.hop, std::make_pair(loudestBlock(matrix_, frames), frames)).first;
        }
        const double value = consistencyDb(matrix_, block->second.first, block->second.second, framing, pool_, comparedBins_);
        const double reference =
            randomPhaseConsistencyDb(matrix_, block->second.first, block->second.second, framing, pool_, comparedBins_);
        const double gain = value - reference;
        values_.emplace(key, gain);
        evaluated_.push_back({framing, value, gain});
        return gain;
    }

    /// consistencyDb: of the data; gainDb: consistencyDb minus the random-phase reference (the score).
    struct Entry {
        Framing framing;
        double consistencyDb;
        double gainDb;
    };
    const std::vector<Entry>& evaluated() const { return evaluated_; }

private:
    const ComplexMatrix& matrix_;
    WorkerPool& pool_;
    const JobControl& control_;
    int comparedBins_;
    std::map<std::string, double> values_;
    std::map<int, std::pair<int, int>> blocks_;
    std::vector<Entry> evaluated_;
};

bool valid(const Framing& framing)
{
    return framing.winLength >= 1 && framing.winLength <= framing.nFft && framing.winOffset >= 0 &&
           framing.winOffset + framing.winLength <= framing.nFft && framing.hop >= 1 && framing.hop <= framing.winLength;
}

/// Golden-section search of a window parameter (Kaiser beta, Gaussian sigma) on [low, high].
void refineParameter(Framing& framing, double& best, ConsistencyCache& score, double low, double high)
{
    const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
    auto at = [&](double parameter) {
        Framing trial = framing;
        trial.window.parameter = std::round(parameter * 1000.0) / 1000.0;
        return score(trial);
    };
    double a = low, b = high;
    double c = b - ratio * (b - a), d = a + ratio * (b - a);
    double fc = at(c), fd = at(d);
    for (int i = 0; i < 22; ++i) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - ratio * (b - a);
            fc = at(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + ratio * (b - a);
            fd = at(d);
        }
    }
    double parameter = std::round((fc < fd ? c : d) * 1000.0) / 1000.0;
    double value = std::min(fc, fd);
    // Producers type round numbers: prefer one when it scores as well.
    const double step = framing.window.type == WindowType::Kaiser ? 0.5 : 0.005;
    const double rounded = std::round(parameter / step) * step;
    const double roundedValue = at(rounded);
    if (roundedValue <= value + 1.0) {
        parameter = rounded;
        value = std::min(value, roundedValue);
    }
    if (value < best) {
        framing.window.parameter = parameter;
        best = value;
    }
}

/// Moves window length and offset one or two samples while consistency improves.
void refinePlacement(Framing& framing, double& best, ConsistencyCache& score)
{
    for (int step = 0; step < 16; ++step) {
        Framing bestTrial = framing;
        double bestValue = best;
        const int moves[][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, -1}, {-2, 1}, {1, -1}, {-1, 1}, {2, 0}, {-2, 0}};
        for (const auto& move : moves) {
            Framing trial = framing;
            trial.winLength += move[0];
            trial.winOffset += move[1];
            if (!valid(trial))
                continue;
            const double value = score(trial);
            if (value < bestValue - 0.5) {
                bestValue = value;
                bestTrial = trial;
            }
        }
        if (bestTrial == framing)
            return;
        framing = bestTrial;
        best = bestValue;
    }
}

std::string windowSentenceName(const Framing& framing)
{
    return framing.window.toString() + " " + std::to_string(framing.nFft) + "/" + std::to_string(framing.winLength) +
           "/" + std::to_string(framing.hop) +
           (framing.winLength < framing.nFft ? " (offset " + std::to_string(framing.winOffset) + ")" : "");
}

/// How often producers pad this way: torch reflects n_fft/2, scipy pads win_length/2 zeros,
/// hand-written loops (numpy, Octave, MATLAB; they use symmetric windows) do not pad.
double paddingLogPrior(int pad, PadMode mode, const Framing& framing)
{
    const bool symmetric = !framing.window.periodic && framing.window.type != WindowType::Rect;
    const bool shorter = framing.winLength < framing.nFft;
    double prior = 0.0;
    if (shorter && framing.winOffset == 0) {
        // A shorter window at the frame start is scipy's nperseg < nfft: zeros of nperseg/2.
        if (pad == 0)
            prior = 0.25;
        else if (mode == PadMode::Constant && pad == framing.winLength / 2)
            prior = 0.65;
        else
            prior = 0.03;
    } else if (shorter) {
        // A centred shorter window is torch's win_length < n_fft: reflect n_fft/2.
        if (pad == 0)
            prior = 0.2;
        else if (mode == PadMode::Reflect && pad == framing.nFft / 2)
            prior = 0.65;
        else
            prior = mode == PadMode::Constant && pad == framing.nFft / 2 ? 0.1 : 0.02;
    } else if (pad == 0) {
        prior = symmetric ? 0.7 : 0.33;
    } else if (mode == PadMode::Reflect) {
        prior = pad == framing.nFft / 2 ? (symmetric ? 0.1 : 0.35) : 0.02;
    } else {
        prior = (pad == framing.winLength / 2 ? (symmetric ? 0.15 : 0.25) : 0.0) + (pad == framing.nFft / 2 ? 0.05 : 0.0);
    }
    return std::log(std::max(prior, 0.005));
}

bool sameFamily(const Framing& a, const Framing& b)
{
    return a.window.type == b.window.type && a.window.periodic == b.window.periodic;
}

} // namespace

double consistencyLogScore(double consistencyDb, double bestDb)
{
    const double excess = consistencyDb - bestDb - kConsistencyToleranceDb;
    return excess <= 0.0 ? 0.0 : -std::min(excess / kConsistencyDbPerNat, kConsistencyPenaltyCap);
}

double framingLogPrior(const Framing& framing, const FramingHints& hints)
{
    double prior = 0.0;
    const auto hinted = [](const std::vector<int>& values, int value) {
        return std::find(values.begin(), values.end(), value) != values.end();
    };
    if (framing.winLength != framing.nFft)
        prior += hinted(hints.winLengths, framing.winLength) ? -0.5 : (framing.winLength % 8 == 0 ? -1.5 : -3.0);
    const int centred = (framing.nFft - framing.winLength) / 2;
    if (framing.winOffset != 0 && framing.winOffset != centred)
        prior -= 3.0;
    bool simpleHop = hinted(hints.hops, framing.hop);
    for (int divisor : {1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 32})
        if (framing.hop * divisor == framing.winLength || framing.hop * divisor == framing.nFft)
            simpleHop = true;
    if (!simpleHop)
        prior -= (framing.hop % 10 == 0 || framing.hop % 16 == 0) ? 0.5 : 1.5;
    return prior;
}

namespace {

/// Hops to try: the phase's own correlation peaks, then the hints.
std::vector<int> candidateHops(const std::vector<HopPeak>& peaks, const FramingHints& hints, int nFft)
{
    std::vector<int> hops;
    for (const auto& peak : peaks)
        if (hops.size() < 3 && (peak.strength >= 0.2 || hops.empty()))
            hops.push_back(peak.hop);
    for (int hop : hints.hops)
        if (hop >= 1 && hop <= nFft && std::find(hops.begin(), hops.end(), hop) == hops.end() && hops.size() < 6)
            hops.push_back(hop);
    if (hops.empty())
        hops = {std::max(1, nFft / 4), std::max(1, nFft / 2)};
    return hops;
}

/// Consistency of every window family at every candidate hop, the best few refined, then every
/// window and hop again at the best placement so all are compared on equal terms.
void exploreFramings(ConsistencyCache& score, const std::vector<WindowShapeFit>& fits, const std::vector<int>& hops, int nFft)
{
    // Stage A: every fitted window at every candidate hop.
    for (int hop : hops)
        for (const auto& fit : fits) {
            Framing framing{nFft, fit.winLength, fit.winOffset, hop, fit.window, 0, PadMode::Constant};
            if (valid(framing))
                score(framing);
        }
    // Stage B: refine the best few distinct windows.
    auto ranked = score.evaluated();
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.gainDb < b.gainDb; });
    std::vector<Framing> refined;
    for (const auto& entry : ranked) {
        if (refined.size() >= kRefinedWindows)
            break;
        if (std::any_of(refined.begin(), refined.end(), [&](const Framing& f) { return sameFamily(f, entry.framing); }))
            continue;
        Framing framing = entry.framing;
        double best = entry.gainDb;
        if (framing.window.type == WindowType::Kaiser)
            refineParameter(framing, best, score, 0.0, 30.0);
        else if (framing.window.type == WindowType::Gauss)
            refineParameter(framing, best, score, 0.02, 1.0);
        refinePlacement(framing, best, score);
        refined.push_back(framing);
    }
    if (refined.empty())
        return;
    const Framing lead = refined.front();
    const auto tryFraming = [&](Framing framing) {
        if (valid(framing))
            score(framing);
    };
    for (const auto& fit : fits) {
        Framing framing = lead;
        framing.window = fit.window;
        tryFraming(framing);
    }
    for (int hop : hops) {
        Framing framing = lead;
        framing.hop = hop;
        tryFraming(framing);
    }
    for (int delta : {-1, 1}) {
        Framing framing = lead;
        framing.hop += delta;
        tryFraming(framing);
    }
}

std::string contiguousFramesSentence(const FrameJoins& joins)
{
    return "frame joins: the last sample of each frame runs on into the first of the next (step " +
           fixedText(joins.joinStepDb, 1) + " dB against the steps inside frames, " + std::to_string(joins.joins) +
           " joins) and frames carry sound to their edges (" + fixedText(joins.edgeLevelDb, 1) +
           " dB of their mean): a rectangular window without overlap, hop = n_fft";
}

/// Every framing evaluated, with its log score, best first.
std::vector<ScoredFraming> scoreFramings(const ConsistencyCache& score, const std::vector<double>& correlation,
                                         const FramingHints& hints, const FrameJoins& joins, const Framing& contiguous)
{
    const auto all = score.evaluated();
    double bestDb = 1e9;
    for (const auto& entry : all)
        bestDb = std::min(bestDb, entry.gainDb);
    std::vector<ScoredFraming> scored;
    for (const auto& entry : all) {
        ScoredFraming item;
        item.framing = entry.framing;
        item.consistencyDb = entry.consistencyDb;
        item.consistencyGainDb = entry.gainDb;
        // A hop the frames do not share content at is implausible however consistent: with little
        // overlap almost any spectrogram is consistent.
        const double shared = entry.framing.hop < static_cast<int>(correlation.size())
                                  ? correlation[static_cast<std::size_t>(entry.framing.hop)]
                                  : 0.0;
        item.logScore = consistencyLogScore(entry.gainDb, bestDb) + std::log(windowPrior(entry.framing.window)) +
                        framingLogPrior(entry.framing, hints) +
                        kSharedContentWeight * std::log(std::clamp(shared, kMinSharedContent, 1.0));
        if (joins.contiguous && entry.framing == contiguous) {
            item.logScore += kContiguousFramesBonus;
            item.evidence.push_back(contiguousFramesSentence(joins));
        }
        scored.push_back(std::move(item));
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const ScoredFraming& a, const ScoredFraming& b) { return a.logScore > b.logScore; });
    return scored;
}

bool sameForm(const Framing& a, const Framing& b)
{
    return sameFamily(a, b) && a.hop == b.hop && a.winLength == b.winLength;
}

/// One entry per window family and form (the best of each), at most 6.
std::vector<ScoredFraming> distinctForms(const std::vector<ScoredFraming>& scored)
{
    std::vector<ScoredFraming> distinct;
    for (const auto& item : scored) {
        if (distinct.size() >= kMaxFramingForms)
            break;
        const bool seen = std::any_of(distinct.begin(), distinct.end(),
                                      [&](const ScoredFraming& other) { return sameForm(other.framing, item.framing); });
        if (!seen)
            distinct.push_back(item);
    }
    return distinct;
}

std::string hopSentence(const std::vector<HopPeak>& peaks)
{
    if (peaks.empty())
        return {};
    std::string sentence = "phase: consecutive frames match best shifted by " + std::to_string(peaks[0].hop) +
                           " samples (GCC-PHAT)";
    if (peaks.size() > 1)
        sentence += ", next " + std::to_string(peaks[1].hop) + " at " + percentText(peaks[1].strength) + " of that peak";
    return sentence;
}

std::string envelopeSentence(const EnvelopeSupport& support, const std::vector<WindowShapeFit>& fits, int nFft)
{
    const double floorDb = 10.0 * std::log10(std::max(support.floor, 1e-30));
    std::string sentence = "time-domain frames carry energy in samples " + std::to_string(support.begin) + ".." +
                           std::to_string(support.begin + support.length - 1) + " of " + std::to_string(nFft) +
                           " (10 dB above a floor at " + fixedText(floorDb, 0) + " dB)";
    if (!fits.empty())
        sentence += "; its shape fits " + fits.front().window.toString() + " of " + std::to_string(fits.front().winLength) +
                    " samples best (" + fixedText(fits.front().errorDb, 1) + " dB rms)";
    return sentence;
}

/// The consistency of `base` next to the best alternative with another window or hop. Framings
/// within 3 dB frame the data the same way (e.g. symmetric Hann of W = periodic Hann of W-1 plus
/// a zero): they are named as equivalent, not as rivals.
std::string consistencySentence(const ScoredFraming& base, const std::vector<ScoredFraming>& scored)
{
    const ScoredFraming* rival = nullptr;
    int equivalents = 0;
    for (const auto& other : scored) {
        if (sameForm(other.framing, base.framing))
            continue;
        if (other.consistencyGainDb <= base.consistencyGainDb + kEquivalentFramingDb) {
            ++equivalents;
            continue;
        }
        if (!rival || other.consistencyGainDb < rival->consistencyGainDb)
            rival = &other;
    }
    std::string sentence = "consistency " + fixedText(base.consistencyDb, 1) + " dB with " + windowSentenceName(base.framing) +
                           " (random phases: " + fixedText(base.consistencyDb - base.consistencyGainDb, 1) + " dB)";
    if (rival)
        sentence += ", next best " + fixedText(rival->consistencyDb, 1) + " dB (" + windowSentenceName(rival->framing) + ")";
    if (equivalents > 0)
        sentence += "; " + std::to_string(equivalents) + " equivalent framing" + (equivalents > 1 ? "s" : "") +
                    " (the same frame window written another way)" + (equivalents > 1 ? " tie" : " ties");
    return sentence;
}

/// The time-domain origin test of every padding option of one framing.
struct OriginTests {
    std::vector<PaddingMismatch> mismatches; ///< one per padding option
    bool anyFit = false;                     ///< some padding's origin fits the first frames
    bool allPaddedMeasured = true;           ///< every padding's origin could be tested
    std::string summary;                     ///< "mirror about 512: -40 dB, zeros before 256: -3 dB"
};

OriginTests testOrigins(const ComplexMatrix& onesided, const Framing& framing, const PaddingEvidence& padding)
{
    // The first frames' time-domain content decides the origin whenever it carries energy.
    OriginTests tests;
    for (const auto& option : padding.scores) {
        Framing padded = framing;
        padded.pad = option.pad;
        padded.padMode = option.mode;
        tests.mismatches.push_back(paddingMismatch(onesided, padded));
        const PaddingMismatch& test = tests.mismatches.back();
        if (option.pad > 0) {
            tests.allPaddedMeasured = tests.allPaddedMeasured && test.measurable;
            tests.anyFit = tests.anyFit || (test.measurable && test.mismatchDb <= kPaddingFitDb);
        }
    }
    for (std::size_t o = 0; o < padding.scores.size(); ++o)
        if (padding.scores[o].pad > 0 && tests.mismatches[o].measurable)
            tests.summary += std::string(tests.summary.empty() ? "" : ", ") +
                             (padding.scores[o].mode == PadMode::Reflect ? "mirror about " : "zeros before ") +
                             std::to_string(padding.scores[o].pad) + ": " + fixedText(tests.mismatches[o].mismatchDb, 0) +
                             " dB";
    return tests;
}

/// The log-score adjustment of one padding option and the sentence that says why.
std::pair<double, std::string> weighPadding(const PaddingScore& option, const PaddingMismatch& test,
                                            const OriginTests& origins, const PaddingEvidence& padding, double baseline,
                                            double consistencyDb)
{
    const std::string name = option.pad == 0 ? std::string("no padding (not centred)")
                                             : std::to_string(option.pad) + " samples of " +
                                                   (option.mode == PadMode::Reflect ? "reflected" : "zero") + " padding";
    const bool decided = option.pad == 0 ? origins.anyFit || origins.allPaddedMeasured : test.measurable;
    if (decided) {
        const bool fits = option.pad == 0 ? !origins.anyFit : test.mismatchDb <= kPaddingFitDb;
        if (option.pad == 0)
            return {fits ? kOriginFits : kOriginMisfit,
                    "first frames in the time domain (" + origins.summary + "): " +
                        (fits ? "neither mirror-symmetric nor zero before any padding's origin, so not centred"
                              : "they show padding, so not " + name)};
        return {fits ? kOriginFits : kOriginMisfit,
                "first frames in the time domain: " +
                    std::string(option.mode == PadMode::Reflect ? "samples / window mirror-symmetric about sample "
                                                                : "samples zero before sample ") +
                    std::to_string(option.pad) + " to " + fixedText(test.mismatchDb, 0) + " dB (" +
                    (fits ? "fits " + name : "does not fit " + name) + "; the test does not depend on the level)"};
    }
    if (!padding.informative)
        return {0.0, "first frames fit every padding equally (signal starts at " + fixedText(padding.startLevelDb, 0) +
                         " dB of the loudest frame): " + name + " is a guess from what producers usually do"};
    if (option.pad == 0)
        return {0.0, "first frames: " + name + " fits (" + fixedText(option.consistencyDb, 1) +
                         " dB), as it always does, while some padding does not"};
    if (option.silentStart && option.consistencyDb <= std::max(baseline, consistencyDb) + kPaddingSlackDb)
        return {0.0, "read without padding the signal starts with at least " +
                         std::to_string(option.mode == PadMode::Reflect ? 2 * option.pad + 1 : option.pad) +
                         " silent samples, so " + name + " fits but proves nothing: a guess from what producers usually do"};
    const double excess = option.consistencyDb - std::max(baseline, consistencyDb) - kPaddingSlackDb;
    return {excess <= 0.0 ? kPaddingConsistent : -std::min(excess / kConsistencyDbPerNat, kPaddingPenaltyCap),
            "first frames with " + name + ": consistency " + fixedText(option.consistencyDb, 1) + " dB (" +
                (excess <= 0.0 ? "fits" : "does not fit") + ")"};
}

/// Does the frame count fit a signal of the hinted length with this padding?
double weighFrameCount(ScoredFraming& item, int frames, std::int64_t signalLength)
{
    const auto counts = expectedFrameCounts(item.framing, signalLength);
    const bool match = std::find(counts.begin(), counts.end(), frames) != counts.end();
    item.evidence.push_back(std::to_string(frames) + " frames " + (match ? "match" : "do not match") + " a signal of " +
                            groupedInteger(signalLength) + " samples with " +
                            (item.framing.pad > 0 ? "padding " + std::to_string(item.framing.pad) : "no padding"));
    return match ? kFrameCountMatch : -kFrameCountMatch;
}

/// `base` at every padding the first frames allow, each scored and with its sentences; `leading`
/// sentences open the evidence of the first.
void addPaddedFramings(const ComplexMatrix& onesided, const ScoredFraming& base, const std::string& consistency,
                       const std::vector<std::string>& leading, const FramingHints& hints, WorkerPool& pool,
                       std::vector<ScoredFraming>& result)
{
    const PaddingEvidence padding = scorePadding(onesided, base.framing, pool, hints.comparedBins);
    const double baseline = padding.scores.empty() ? 0.0 : padding.scores.front().consistencyDb;
    const OriginTests origins = testOrigins(onesided, base.framing, padding);
    for (std::size_t o = 0; o < padding.scores.size(); ++o) {
        const PaddingScore& option = padding.scores[o];
        ScoredFraming item = base;
        item.framing.pad = option.pad;
        item.framing.padMode = option.mode;
        auto [adjust, padSentence] =
            weighPadding(option, origins.mismatches[o], origins, padding, baseline, item.consistencyDb);
        adjust += paddingLogPrior(option.pad, option.mode, base.framing);
        if (hints.signalLength > 0)
            adjust += weighFrameCount(item, onesided.frames, hints.signalLength);
        item.logScore += adjust;
        item.evidence.insert(item.evidence.begin(), padSentence);
        item.evidence.insert(item.evidence.begin(), consistency);
        item.evidence.insert(item.evidence.begin() + 1, leading.begin(), leading.end());
        result.push_back(std::move(item));
    }
}

} // namespace

std::vector<ScoredFraming> searchFramingWithPhase(const ComplexMatrix& onesided, int nFft, const FramingHints& hints,
                                                  WorkerPool& pool, const JobControl& control)
{
    std::vector<ScoredFraming> result;
    if (nFft < 2 || onesided.bins != nFft / 2 + 1 || onesided.frames < 2)
        return result;

    const auto correlation = hopCorrelation(onesided, nFft, pool);
    const auto peaks = hopPeaks(correlation, 6);
    const std::vector<int> hops = candidateHops(peaks, hints, nFft);
    const auto envelope = frameEnergyEnvelope(onesided, nFft, pool);
    const auto support = envelopeSupport(envelope);
    std::vector<WindowSpec> windows;
    for (const auto& candidate : windowCandidates())
        windows.push_back(candidate.window);
    const auto fits = fitWindowShapes(envelope, windows, hints.winLengths);
    control.checkCancelled();

    ConsistencyCache score(onesided, pool, control, hints.comparedBins);
    // Frames without overlap: consistency cannot see them, continuity across the joins can.
    const FrameJoins joins = testFrameJoins(onesided, nFft);
    const Framing contiguous{nFft, nFft, 0, nFft, WindowSpec{WindowType::Rect, true, 0.0}, 0, PadMode::Constant};
    if (joins.contiguous && valid(contiguous))
        score(contiguous);
    exploreFramings(score, fits, hops, nFft);
    control.checkCancelled();

    const std::vector<ScoredFraming> scored = scoreFramings(score, correlation, hints, joins, contiguous);
    const std::vector<ScoredFraming> distinct = distinctForms(scored);
    // Evidence shared by all, given with the best: the hop correlation and the envelope.
    std::vector<std::string> shared;
    if (const std::string hop = hopSentence(peaks); !hop.empty())
        shared.push_back(hop);
    shared.push_back(envelopeSentence(support, fits, nFft));
    for (std::size_t i = 0; i < distinct.size(); ++i) {
        control.checkCancelled();
        addPaddedFramings(onesided, distinct[i], consistencySentence(distinct[i], scored),
                          i == 0 ? shared : std::vector<std::string>{}, hints, pool, result);
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const ScoredFraming& a, const ScoredFraming& b) { return a.logScore > b.logScore; });
    return result;
}

} // namespace phaselab
