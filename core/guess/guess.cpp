// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/guess.hpp"

#include "core/base/error.hpp"
#include "core/dsp/polar_parts.hpp"
#include "core/guess/bin_layout_evidence.hpp"
#include "core/guess/candidate_ranking.hpp"
#include "core/guess/consistency.hpp"
#include "core/guess/file_probe.hpp"
#include "core/guess/magnitude_scale.hpp"
#include "core/guess/magnitude_search.hpp"
#include "core/guess/matrix_source.hpp"
#include "core/guess/number_text.hpp"
#include "core/guess/phase_evidence.hpp"
#include "core/guess/phase_search.hpp"
#include "core/guess/scale_evidence.hpp"
#include "core/guess/spectrogram_likeness.hpp"
#include "core/guess/scoring_constants.hpp"
#include "core/guess/storage_guess.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <map>
#include <numbers>
#include <optional>

namespace phaselab {
namespace {

using namespace guess_scoring;

bool sameFile(const std::string& a, const std::string& b)
{
    if (a == b)
        return true;
    std::error_code error;
    return std::filesystem::equivalent(a, b, error) && !error;
}

double phaseToRadians(PhaseUnit unit, double scale)
{
    return unit == PhaseUnit::Degrees ? scale * std::numbers::pi / 180.0 : scale;
}

/// Complex coefficients from stored magnitudes (linear) and stored phases.
ComplexMatrix combine(const std::vector<float>& magnitude, const ComplexMatrix* phase, double toRadians, int bins, int frames)
{
    ComplexMatrix result(bins, frames);
    for (std::size_t i = 0; i < result.values.size(); ++i) {
        const double angle = phase ? static_cast<double>(phase->values[i].real()) * toRadians : 0.0;
        result.values[i] = std::polar(magnitude[i], static_cast<float>(angle));
    }
    return result;
}

/// One-sided n_fft/2+1 bins from the stored bins for a layout.
ComplexMatrix toOneSided(const ComplexMatrix& stored, int nFft, BinLayout layout)
{
    const int bins = nFft / 2 + 1;
    ComplexMatrix result(bins, stored.frames);
    const int copy = std::min(bins, stored.bins);
    for (int t = 0; t < stored.frames; ++t)
        std::copy(stored.frame(t), stored.frame(t) + copy, result.frame(t));
    (void)layout; // two-sided: the first half; dropped Nyquist: the missing bin stays 0
    return result;
}

double maxAbsReal(const ComplexMatrix& matrix)
{
    double peak = 0.0;
    for (const auto& v : matrix.values)
        if (std::isfinite(v.real()))
            peak = std::max(peak, static_cast<double>(std::abs(v.real())));
    return peak;
}

FramingHints makeHints(const GuessInput& input, const StorageHypothesis& storage, int nFft)
{
    FramingHints hints;
    hints.sampleRate = input.sampleRate;
    hints.signalLength = input.signalLength;
    for (int value : storage.headerIntegers) {
        if (value == storage.magnitude.bins || value == storage.magnitude.frames || value == nFft)
            continue;
        if (value >= 1 && value <= nFft) {
            hints.hops.push_back(value);
            hints.winLengths.push_back(value);
        }
    }
    if (input.sampleRate > 0)
        for (double ms : kCommonWindowMs) {
            const int length = static_cast<int>(std::lround(input.sampleRate * ms / 1000.0));
            if (length >= kMinHintWindow && length < nFft)
                hints.winLengths.push_back(length);
        }
    if (input.sampleRate > 0)
        for (double ms : kCommonHopMs) {
            const int hop = static_cast<int>(std::lround(input.sampleRate * ms / 1000.0));
            if (hop >= 1 && hop <= nFft)
                hints.hops.push_back(hop);
        }
    return hints;
}

/// What separates two close candidates, and what would tell them apart.
std::vector<std::string> differences(const Candidate& a, const Candidate& b)
{
    std::vector<std::string> result;
    const Framing& fa = a.framing;
    const Framing& fb = b.framing;
    const auto framingText = [](const Framing& f) { return std::to_string(f.nFft) + "/" + std::to_string(f.hop); };
    if (a.storage.describe() != b.storage.describe())
        result.push_back("the storage (" + a.storage.describe() + " or " + b.storage.describe() +
                         "): a header, the producer's code or a known frame count would tell them apart");
    if (fa.nFft != fb.nFft || fa.hop != fb.hop)
        result.push_back("n_fft/hop (" + framingText(fa) + " or " + framingText(fb) + "): " +
                         (a.hasPhase() ? std::string("the consistency of a longer excerpt, or the signal length")
                                       : std::string("a phase file (consistency decides) or the signal length")) +
                         " would tell them apart");
    else if (!(fa.window == fb.window) || fa.winLength != fb.winLength)
        result.push_back("the window (" + fa.window.toString() + " " + std::to_string(fa.winLength) + " or " +
                         fb.window.toString() + " " + std::to_string(fb.winLength) + "): " +
                         (a.hasPhase() ? std::string("they frame the data almost alike; a louder, broader-band excerpt would tell them apart")
                                       : std::string("a phase file would tell them apart (consistency)")));
    if (fa.pad != fb.pad || (fa.pad > 0 && fa.padMode != fb.padMode))
        result.push_back(std::string("centring and padding (") + (fa.pad > 0 ? "pad " + std::to_string(fa.pad) : "not centred") +
                         " or " + (fb.pad > 0 ? "pad " + std::to_string(fb.pad) : "not centred") + "): " +
                         (a.hasPhase() ? "the first frames are silent, so they cannot show the padding"
                                       : "centred or not cannot be told without the phase"));
    if (a.magnitudeScale != b.magnitudeScale)
        result.push_back("the magnitude scale (" + magnitudeScaleName(a.magnitudeScale) + " or " +
                         magnitudeScaleName(b.magnitudeScale) + "): a phase file would tell them apart");
    return result;
}

/// Linear magnitudes of the values a candidate reads, as stored (no folding, no DFT scale).
RealMatrix storedMagnitudeOf(const GuessInput& input, const Candidate& candidate)
{
    const ComplexMatrix stored = readStoredMatrix(input.magnitudePath, candidate.storage);
    if (candidate.complexFile)
        return magnitudeOf(stored);
    RealMatrix result(stored.bins, stored.frames);
    result.values = toLinearMagnitude(stored, candidate.magnitudeScale, candidate.dbFloor, candidate.dbPerUnit);
    return result;
}

/// What the search over readings gathers.
struct SearchTally {
    std::vector<ScoredHypothesis> scored;
    std::string lastError;     ///< why the last unreadable reading failed
    std::string unlikeReading; ///< the first reading refused for showing no structure, with why
    int searched = 0;          ///< framing searches run, for progress
};

/// One way of reading the file(s): the stored values, the magnitude scales they may have, and the
/// stored phase with its unit.
struct Reading {
    const StorageHypothesis* storage = nullptr;
    ComplexMatrix stored;
    ComplexMatrix phaseValues;
    PhaseUnitGuess unit;
    std::vector<MagnitudeScaleGuess> scales;
    bool withPhase = false;
};

/// The framings searched at the first magnitude scale, by n_fft and layout, reused by the others.
using FramingMemo = std::map<std::string, std::vector<ScoredFraming>>;

/// The search below one storage reading: scales, then bin layouts, then framings, each level
/// searching the alternatives close enough to its best (scoring_constants.hpp).
class ReadingSearch {
public:
    ReadingSearch(const GuessInput& input, WorkerPool& pool, const JobControl& control, SearchTally& tally)
        : input_(input), pool_(pool), control_(control), tally_(tally)
    {
    }

    void search(const StorageHypothesis& storage)
    {
        std::optional<Reading> reading = read(storage);
        if (!reading)
            return;
        FramingMemo firstScaleFramings;
        const std::size_t maxScales = reading->withPhase ? kMaxScalesWithPhase : kMaxScalesWithoutPhase;
        const double scaleGap = reading->withPhase ? kScaleGapWithPhase : kScaleGapWithoutPhase;
        for (std::size_t c = 0; c < reading->scales.size() && c < maxScales; ++c) {
            if (c > 0 && reading->scales[c].logScore < reading->scales[0].logScore - scaleGap)
                break;
            control_.checkCancelled();
            searchScale(*reading, c, firstScaleFramings);
        }
    }

private:
    std::optional<Reading> read(const StorageHypothesis& storage)
    {
        Reading reading;
        reading.storage = &storage;
        try {
            reading.stored = readStoredMatrix(input_.magnitudePath, storage.magnitude);
        } catch (const InputError& error) {
            tally_.lastError = error.what();
            return std::nullopt;
        }
        if (storage.complexFile) {
            MagnitudeScaleGuess linear;
            linear.evidence = "complex values: the magnitude is |X| and the phase its angle";
            reading.scales.push_back(linear);
        } else {
            reading.scales = guessMagnitudeScale(reading.stored, storage.decibelValues, isInteger(storage.magnitude.dtype));
            if (storage.hasPhaseFile) {
                try {
                    reading.phaseValues = readStoredMatrix(input_.phasePath, storage.phase);
                } catch (const InputError& error) {
                    tally_.lastError = error.what();
                    return std::nullopt;
                }
                reading.unit = guessPhaseUnit(maxAbsReal(reading.phaseValues), storage.phase.dtype);
            }
        }
        reading.withPhase = storage.complexFile || storage.hasPhaseFile;
        return reading;
    }

    static ComplexMatrix valuesAtScale(const Reading& reading, const MagnitudeScaleGuess& scale)
    {
        if (reading.storage->complexFile)
            return reading.stored;
        const auto linear = toLinearMagnitude(reading.stored, scale.scale, scale.dbFloor, scale.dbPerUnit);
        return combine(linear, reading.storage->hasPhaseFile ? &reading.phaseValues : nullptr,
                       phaseToRadians(reading.unit.unit, reading.unit.scale), reading.stored.bins, reading.stored.frames);
    }

    void searchScale(const Reading& reading, std::size_t c, FramingMemo& firstScaleFramings)
    {
        const MagnitudeScaleGuess& scale = reading.scales[c];
        const ComplexMatrix values = valuesAtScale(reading, scale);
        if (!reading.withPhase) {
            // Without a phase nothing could later prove a structureless reading to be a
            // spectrogram: it is not searched (random bytes would cost a full search).
            const SpectrogramLikeness likeness = judgeSpectrogramLikeness(magnitudeOf(values));
            if (!likeness.looksLikeSpectrogram) {
                if (tally_.unlikeReading.empty())
                    tally_.unlikeReading = reading.storage->magnitude.describe() + ", " + magnitudeScaleName(scale.scale) +
                                           "): " + likeness.reason;
                return;
            }
        }
        const std::vector<BinLayoutOption> layouts = rankBinLayouts(values, reading.withPhase, input_.sampleRate);
        for (std::size_t l = 0; l < layouts.size() && l < kMaxLayouts; ++l) {
            if (l > 0 && layouts[l].logScore < layouts[0].logScore - kLayoutGap)
                break;
            const int nFft = layouts[l].size.nFft;
            if (nFft < kMinFftSize || nFft > kMaxFftSize || !smoothFftSize(nFft))
                continue;
            const std::vector<ScoredFraming> framings = framingsAt(reading, c, values, layouts[l], firstScaleFramings);
            addCandidates(reading, scale, values, layouts, l, framings);
        }
    }

    std::vector<ScoredFraming> framingsAt(const Reading& reading, std::size_t c, const ComplexMatrix& values,
                                          const BinLayoutOption& layout, FramingMemo& firstScaleFramings)
    {
        const int nFft = layout.size.nFft;
        FramingHints hints = makeHints(input_, *reading.storage, nFft);
        if (layout.size.layout == BinLayout::NyquistDropped)
            hints.comparedBins = std::max(2, nFft / 2 - kBinsBesideMissingNyquist);
        const ComplexMatrix onesided = toOneSided(values, nFft, layout.size.layout);
        std::vector<ScoredFraming> framings;
        control_.report(0.2 + 0.7 * std::min(1.0, tally_.searched / 4.0), "framing");
        const auto searchStart = std::chrono::steady_clock::now();
        const std::string layoutKey = std::to_string(nFft) + "/" + binLayoutName(layout.size.layout);
        const auto earlier = firstScaleFramings.find(layoutKey);
        bool searchAgain = c == 0 || earlier == firstScaleFramings.end() || earlier->second.empty();
        if (!searchAgain && reading.withPhase) {
            // Another magnitude scale with phase: consistency at the first scale's best framing
            // decides whether it deserves a search of its own.
            ScoredFraming alternative = earlier->second.front();
            const int block = consistencyBlockFrames(nFft, alternative.framing.hop, onesided.frames);
            const int first = loudestBlock(onesided, block);
            alternative.consistencyDb = consistencyDb(onesided, first, block, alternative.framing, pool_, hints.comparedBins);
            alternative.consistencyGainDb =
                alternative.consistencyDb -
                randomPhaseConsistencyDb(onesided, first, block, alternative.framing, pool_, hints.comparedBins);
            if (alternative.consistencyGainDb < earlier->second.front().consistencyGainDb - kRescaleConsistencyLossDb)
                searchAgain = true;
            else
                framings.push_back(alternative);
        } else if (!searchAgain) {
            // Without phase the short runs cannot judge the scale: the same framings, the scale's own score.
            framings = earlier->second;
        }
        if (searchAgain) {
            ++tally_.searched;
            if (reading.withPhase)
                framings = searchFramingWithPhase(onesided, nFft, hints, pool_, control_);
            else
                framings = searchFramingMagnitudeOnly(magnitudeOf(onesided), nFft, hints, pool_, control_);
            if (c == 0)
                firstScaleFramings[layoutKey] = framings;
        }
        if (std::getenv("PHASELAB_GUESS_DEBUG"))
            std::fprintf(stderr, "search %s | %s | n_fft %d %s: %.2f s, storage %.2f scale %.2f layout %.2f best %.2f\n",
                         reading.storage->magnitude.describe().c_str(),
                         magnitudeScaleName(reading.scales[c].scale).c_str(), nFft,
                         binLayoutName(layout.size.layout).c_str(),
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - searchStart).count(),
                         reading.storage->logScore, reading.scales[c].logScore, layout.logScore,
                         framings.empty() ? 0.0 : framings.front().logScore);
        return framings;
    }

    void addCandidates(const Reading& reading, const MagnitudeScaleGuess& scale, const ComplexMatrix& values,
                       const std::vector<BinLayoutOption>& layouts, std::size_t l,
                       const std::vector<ScoredFraming>& framings)
    {
        const BinLayoutOption& layout = layouts[l];
        // Without phase, short phase-retrieval runs rank framings of one arrangement of the
        // data; they say nothing about the arrangement itself, so each search's best counts 0.
        const double framingOffset = !reading.withPhase && !framings.empty() ? framings.front().logScore : 0.0;
        double peakMagnitude = 0.0;
        for (const auto& z : values.values)
            peakMagnitude = std::max(peakMagnitude, static_cast<double>(std::abs(z)));
        std::string layoutSentence = layout.evidence;
        if (layoutSentence.empty() && (layout.size.nFft != layouts.front().size.nFft || l > 0))
            layoutSentence = std::to_string(reading.stored.bins) + " bins read as n_fft " + std::to_string(layout.size.nFft) +
                             " " + binLayoutName(layout.size.layout);
        for (std::size_t f = 0; f < framings.size() && f < kFramingsPerSearch; ++f) {
            const ScoredFraming& framing = framings[f];
            Candidate candidate = candidateFor(reading, scale, layout, layoutSentence, framing);
            const double scaleLogScore = weighFftScaling(candidate, peakMagnitude, isInteger(reading.storage->magnitude.dtype));
            const double logScore = reading.storage->logScore + scale.logScore + layout.logScore + framing.logScore -
                                    framingOffset + scaleLogScore;
            tally_.scored.push_back({std::move(candidate), logScore, framing.consistencyGainDb});
        }
    }

    static Candidate candidateFor(const Reading& reading, const MagnitudeScaleGuess& scale, const BinLayoutOption& layout,
                                  const std::string& layoutSentence, const ScoredFraming& framing)
    {
        const StorageHypothesis& storage = *reading.storage;
        Candidate candidate;
        candidate.storage = storage.magnitude;
        candidate.phaseStorage = storage.phase;
        candidate.hasPhaseFile = storage.hasPhaseFile;
        candidate.complexFile = storage.complexFile;
        candidate.bins = reading.stored.bins;
        candidate.frames = reading.stored.frames;
        candidate.binLayout = layout.size.layout;
        candidate.framing = framing.framing;
        candidate.magnitudeScale = scale.scale;
        candidate.dbFloor = scale.dbFloor;
        candidate.dbPerUnit = scale.dbPerUnit;
        if (reading.withPhase) {
            candidate.phaseUnit = storage.complexFile ? PhaseUnit::Radians : reading.unit.unit;
            candidate.phaseScale = storage.complexFile ? 1.0 : reading.unit.scale;
        }
        candidate.consistencyDb = framing.consistencyDb;
        candidate.evidence = storage.evidence;
        if (!layoutSentence.empty())
            candidate.evidence.push_back(layoutSentence);
        if (!scale.evidence.empty())
            candidate.evidence.push_back(scale.evidence);
        if (storage.hasPhaseFile && !reading.unit.evidence.empty())
            candidate.evidence.push_back(reading.unit.evidence);
        candidate.evidence.insert(candidate.evidence.end(), framing.evidence.begin(), framing.evidence.end());
        return candidate;
    }

    /// The DFT scaling the values' size implies; it also separates scipy's zero padding from the
    /// others where the first frames cannot. Integer dumps carry an unknown quantisation scale:
    /// their size says nothing.
    static double weighFftScaling(Candidate& candidate, double peakMagnitude, bool integerValues)
    {
        const auto scalings = integerValues ? std::vector<FftScaleGuess>{} : fftScaleOptions(peakMagnitude, candidate.framing);
        if (scalings.empty())
            return 0.0;
        const FftScaleGuess& scaling = scalings.front();
        candidate.fftScale = scaling.fftScale;
        candidate.fftScaleConvention = scaling.convention;
        char amplitude[64];
        std::snprintf(amplitude, sizeof amplitude, "%.3g", scaling.amplitude);
        candidate.evidence.push_back("largest magnitude " + fixedText(peakMagnitude, peakMagnitude < 10 ? 4 : 1) + ": with " +
                                     scaling.convention + " scaling the loudest component has amplitude " + amplitude +
                                     (scalings.size() > 1 ? std::string(", a plausible audio level") : std::string()));
        return std::max(scaling.logScore, kFftScaleFloor);
    }

    const GuessInput& input_;
    WorkerPool& pool_;
    const JobControl& control_;
    SearchTally& tally_;
};

void checkGuessInput(const GuessInput& input)
{
    if (input.magnitudePath.empty())
        throw InputError("no magnitude file given: use `magnitude_file`");
    if (input.sampleRate < 0 || !std::isfinite(input.sampleRate))
        throw InputError("the sample rate must be a positive number of Hz");
    if (input.signalLength < 0)
        throw InputError("the signal length must be a positive number of samples");
}

/// The storage readings worth searching, best first.
std::vector<StorageHypothesis> storageReadings(const GuessInput& input, const JobControl& control)
{
    const FileProbe magnitude = probeFile(input.magnitudePath);
    const bool complexRequested = !input.phasePath.empty() && sameFile(input.phasePath, input.magnitudePath);
    std::optional<FileProbe> phase;
    if (!input.phasePath.empty() && !complexRequested)
        phase = probeFile(input.phasePath);
    auto storages = guessStorage(magnitude, phase ? &*phase : nullptr, input.sampleRate, control);
    control.report(0.15, "storage");
    if (complexRequested) {
        // The same file as magnitude and phase: it must be complex.
        storages.erase(std::remove_if(storages.begin(), storages.end(), [](const StorageHypothesis& h) { return !h.complexFile; }),
                       storages.end());
        if (storages.empty())
            throw InputError("'" + input.magnitudePath + "' was given as both magnitude and phase but holds no complex values");
    }
    const double best = storages.front().logScore;
    const bool confirmable = phase || complexRequested;
    std::vector<StorageHypothesis> kept;
    for (std::size_t s = 0; s < storages.size() && s < kMaxStorages; ++s) {
        // Without phase a storage alternative costs a full search for weak evidence: only close ones.
        const double gap = confirmable || storages[s].complexFile ? kStorageGapWithPhase : kStorageGapWithoutPhase;
        if (storages[s].logScore < best - gap)
            break;
        kept.push_back(std::move(storages[s]));
    }
    return kept;
}

/// Does the best reading look like a spectrogram at all? Proof from the phase first.
void judgeBestReading(const GuessInput& input, double consistencyGainDb, GuessResult& result)
{
    const Candidate& best = result.candidates.front();
    bool mirrored = false;
    for (const auto& sentence : best.evidence)
        mirrored = mirrored || sentence.find("mirror each other") != std::string::npos;
    const std::string reading = best.summary();
    if (!std::isnan(consistencyGainDb) && consistencyGainDb <= kSpectrogramProofGainDb) {
        result.verdict = "the best reading (" + reading + ") is " + fixedText(-consistencyGainDb, 0) +
                         " dB more consistent than random phases: a spectrogram";
    } else if (mirrored) {
        result.verdict = "the best reading (" + reading + ") is two-sided with mirrored bins: a spectrogram";
    } else {
        const SpectrogramLikeness likeness = judgeSpectrogramLikeness(storedMagnitudeOf(input, best));
        result.looksLikeSpectrogram = likeness.looksLikeSpectrogram;
        result.verdict = (likeness.looksLikeSpectrogram ? "the best reading (" : "no reading looks like a spectrogram: the best (") +
                         reading + ", score " + fixedText(best.score, 2) + "): " + likeness.reason;
        if (!std::isnan(consistencyGainDb) && !likeness.looksLikeSpectrogram)
            result.verdict += ", and its phase is only " + fixedText(-consistencyGainDb, 1) +
                              " dB more consistent than random phases";
    }
}

/// What the evidence cannot tell apart: the padding where it was assumed, and close ranks.
void noteAmbiguities(GuessResult& result)
{
    const Candidate& best = result.candidates.front();
    bool originGuessed = !best.hasPhase();
    for (const auto& sentence : best.evidence)
        originGuessed = originGuessed || sentence.find("a guess from what producers usually do") != std::string::npos;
    if (originGuessed)
        result.ambiguities.push_back(best.hasPhase()
                                         ? "centring and padding: the first frames are silent at every origin tried, so "
                                           "padding cannot be told from a silent start"
                                         : "centring and padding: centred or not cannot be told without the phase "
                                           "(n_fft/2 reflected samples assumed); a phase file decides it");
    if (result.candidates.size() > 1 && result.candidates[1].score >= kCloseScoreRatio * result.candidates[0].score)
        for (const auto& difference : differences(result.candidates[0], result.candidates[1]))
            result.ambiguities.push_back("ranks 1 and 2 are close (scores " + fixedText(result.candidates[0].score, 2) + " and " +
                                         fixedText(result.candidates[1].score, 2) + ") and differ in " + difference);
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

GuessResult guess(const GuessInput& input, const GuessOptions& options, const JobControl& control)
{
    const auto started = std::chrono::steady_clock::now();
    checkGuessInput(input);
    WorkerPool pool(options.threads);
    control.report(0.0, "reading");
    const std::vector<StorageHypothesis> storages = storageReadings(input, control);

    SearchTally tally;
    ReadingSearch search(input, pool, control, tally);
    for (const StorageHypothesis& storage : storages) {
        control.checkCancelled();
        search.search(storage);
    }
    if (tally.scored.empty() && !tally.unlikeReading.empty()) {
        GuessResult refused;
        refused.looksLikeSpectrogram = false;
        refused.verdict = "no reading looks like a spectrogram: the best (" + tally.unlikeReading;
        refused.seconds = secondsSince(started);
        control.report(1.0, "done");
        return refused;
    }
    if (tally.scored.empty())
        throw InputError(tally.lastError.empty() ? "no reading of '" + input.magnitudePath + "' gives a usable spectrogram"
                                                 : tally.lastError);

    std::vector<ScoredHypothesis> ranked = rankHypotheses(std::move(tally.scored));
    GuessResult result;
    result.candidates = topCandidates(ranked, options.top);
    judgeBestReading(input, ranked.front().consistencyGainDb, result);
    noteAmbiguities(result);
    result.seconds = secondsSince(started);
    control.report(1.0, "done");
    return result;
}

LoadedCandidate loadCandidate(const GuessInput& input, const Candidate& candidate)
{
    const ComplexMatrix stored = readStoredMatrix(input.magnitudePath, candidate.storage);
    ComplexMatrix values;
    if (candidate.complexFile) {
        values = stored;
    } else {
        const auto linear = toLinearMagnitude(stored, candidate.magnitudeScale, candidate.dbFloor, candidate.dbPerUnit);
        ComplexMatrix phase;
        if (candidate.hasPhaseFile) {
            if (input.phasePath.empty())
                throw InputError("the candidate needs a phase file: use `phase_file`");
            phase = readStoredMatrix(input.phasePath, candidate.phaseStorage);
            if (phase.bins != stored.bins || phase.frames != stored.frames)
                throw InputError("the phase file does not hold the magnitude file's " + std::to_string(stored.bins) + " x " +
                                 std::to_string(stored.frames) + " values");
        }
        values = combine(linear, candidate.hasPhaseFile ? &phase : nullptr,
                         phaseToRadians(candidate.phaseUnit.value_or(PhaseUnit::Radians), candidate.phaseScale), stored.bins,
                         stored.frames);
    }
    if (candidate.fftScale > 0.0 && candidate.fftScale != 1.0)
        for (auto& v : values.values)
            v /= static_cast<float>(candidate.fftScale);
    LoadedCandidate loaded;
    loaded.hasPhase = candidate.hasPhase();
    const int nFft = candidate.framing.nFft;
    loaded.spectrogram.coefficients = toOneSided(values, nFft, candidate.binLayout);
    if (loaded.hasPhase)
        applyFramePhaseShift(loaded.spectrogram.coefficients, nFft, candidate.framing.phaseShift());
    loaded.spectrogram.params = candidate.phaselabParams().resolved();
    loaded.spectrogram.sampleRate = input.sampleRate;
    loaded.spectrogram.signalLength =
        input.signalLength > 0 ? input.signalLength
                               : loaded.spectrogram.params.defaultSignalLength(loaded.spectrogram.coefficients.frames);
    return loaded;
}

} // namespace phaselab
