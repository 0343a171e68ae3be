// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/guess.hpp"

#include "core/base/error.hpp"
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
#include "core/guess/storage_guess.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <map>
#include <numbers>
#include <set>

namespace phaselab {
namespace {

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

RealMatrix magnitudesOf(const ComplexMatrix& matrix)
{
    RealMatrix result(matrix.bins, matrix.frames);
    for (std::size_t i = 0; i < matrix.values.size(); ++i)
        result.values[i] = std::abs(matrix.values[i]);
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
        for (double ms : {20.0, 25.0, 30.0, 40.0, 50.0}) {
            const int length = static_cast<int>(std::lround(input.sampleRate * ms / 1000.0));
            if (length >= 8 && length < nFft)
                hints.winLengths.push_back(length);
        }
    if (input.sampleRate > 0)
        for (double ms : {5.0, 10.0, 12.5, 20.0}) {
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
                         (a.hasPhase() ? std::string("the consistency of a longer excerpt, or the signal length (--signal-length)")
                                       : std::string("a phase file (consistency decides) or the signal length (--signal-length)")) +
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
    RealMatrix result(stored.bins, stored.frames);
    if (candidate.complexFile) {
        for (std::size_t i = 0; i < stored.values.size(); ++i)
            result.values[i] = std::abs(stored.values[i]);
    } else {
        result.values = toLinearMagnitude(stored, candidate.magnitudeScale, candidate.dbFloor, candidate.dbPerUnit);
    }
    return result;
}

struct Scored {
    Candidate candidate;
    double logScore;
    double consistencyGainDb;
};

} // namespace

GuessResult guess(const GuessInput& input, const GuessOptions& options, const JobControl& control)
{
    const auto started = std::chrono::steady_clock::now();
    if (input.magnitudePath.empty())
        throw InputError("no magnitude file given: use --magnitude FILE");
    if (input.sampleRate < 0 || !std::isfinite(input.sampleRate))
        throw InputError("the sample rate must be a positive number of Hz");
    if (input.signalLength < 0)
        throw InputError("the signal length must be a positive number of samples");
    WorkerPool pool(options.threads);
    control.report(0.0, "reading");
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
    const double bestStorage = storages.front().logScore;

    std::vector<Scored> scored;
    std::string lastError;
    std::string unlikeReading; // the first reading refused for showing no structure, with why
    int searched = 0;
    for (std::size_t s = 0; s < storages.size() && s < 3; ++s) {
        const StorageHypothesis& storage = storages[s];
        // Without phase a storage alternative costs a full search for weak evidence: only close ones.
        if (storage.logScore < bestStorage - (phase || complexRequested || storage.complexFile ? 8.0 : 3.0))
            break;
        control.checkCancelled();
        ComplexMatrix stored;
        try {
            stored = readStoredMatrix(input.magnitudePath, storage.magnitude);
        } catch (const InputError& error) {
            lastError = error.what();
            continue;
        }
        const int bins = stored.bins, frames = stored.frames;

        std::vector<MagnitudeScaleGuess> scales;
        ComplexMatrix phaseValues;
        PhaseUnitGuess unit;
        if (storage.complexFile) {
            MagnitudeScaleGuess linear;
            linear.evidence = "complex values: the magnitude is |X| and the phase its angle";
            scales.push_back(linear);
        } else {
            scales = guessMagnitudeScale(stored, storage.decibelValues, isInteger(storage.magnitude.dtype));
            if (storage.hasPhaseFile) {
                try {
                    phaseValues = readStoredMatrix(input.phasePath, storage.phase);
                } catch (const InputError& error) {
                    lastError = error.what();
                    continue;
                }
                unit = guessPhaseUnit(maxAbsReal(phaseValues), storage.phase.dtype);
            }
        }
        const bool withPhase = storage.complexFile || storage.hasPhaseFile;

        std::map<std::string, std::vector<ScoredFraming>> firstScaleFramings;
        for (std::size_t c = 0; c < scales.size() && c < (withPhase ? 4u : 2u); ++c) {
            const MagnitudeScaleGuess& scale = scales[c];
            if (c > 0 && (withPhase ? scale.logScore < scales[0].logScore - 12.0 : scale.logScore < scales[0].logScore - 4.0))
                break;
            control.checkCancelled();
            ComplexMatrix values;
            if (storage.complexFile) {
                values = stored;
            } else {
                const auto linear = toLinearMagnitude(stored, scale.scale, scale.dbFloor, scale.dbPerUnit);
                values = combine(linear, storage.hasPhaseFile ? &phaseValues : nullptr,
                                 phaseToRadians(unit.unit, unit.scale), bins, frames);
            }
            if (!withPhase) {
                // Without a phase nothing could later prove a structureless reading to be a
                // spectrogram: it is not searched (random bytes would cost a full search).
                const SpectrogramLikeness likeness = judgeSpectrogramLikeness(magnitudesOf(values));
                if (!likeness.looksLikeSpectrogram) {
                    if (unlikeReading.empty())
                        unlikeReading = storage.magnitude.describe() + ", " + magnitudeScaleName(scale.scale) + "): " + likeness.reason;
                    continue;
                }
            }

            // Bin layouts, sharpened by symmetry and the real Nyquist bin.
            struct LayoutOption {
                FftSizeOption size;
                double logScore;
                std::string evidence;
            };
            std::vector<LayoutOption> layouts;
            for (const auto& size : fftSizesForBins(bins, input.sampleRate)) {
                LayoutOption option{size, size.logPrior, {}};
                if (size.layout == BinLayout::TwoSided) {
                    const double mismatch = hermitianMismatch(values, !withPhase);
                    const double mismatchDb = 10.0 * std::log10(std::max(mismatch, 1e-30));
                    if (mismatchDb < -50.0) {
                        option.logScore += 12.0;
                        option.evidence = "bins k and " + std::to_string(bins) + "-k mirror each other (" +
                                          (withPhase ? "X[n-k] = conj X[k]" : "|X[n-k]| = |X[k]|") + " to " +
                                          fixedText(mismatchDb, 0) + " dB): two-sided, n_fft " + std::to_string(bins);
                    } else {
                        option.logScore -= 15.0;
                    }
                } else if (withPhase && size.layout != BinLayout::TwoSided) {
                    // Is the last stored bin real (a Nyquist bin)?
                    std::vector<double> lastPhase, lastMagnitude;
                    for (int t = 0; t < frames; ++t) {
                        const auto z = values.at(t, bins - 1);
                        lastPhase.push_back(std::arg(std::complex<double>(z)));
                        lastMagnitude.push_back(std::abs(std::complex<double>(z)));
                    }
                    double peak = 0.0;
                    for (const auto& z : values.values)
                        peak = std::max(peak, static_cast<double>(std::abs(z)));
                    const auto test = realBinFraction(lastPhase, lastMagnitude, std::numbers::pi, 0, 1,
                                                      static_cast<std::size_t>(frames), 1e-7 * peak);
                    const bool evenOneSided = size.layout == BinLayout::OneSided && size.nFft % 2 == 0;
                    if (test.tested >= 4 && test.fraction > 0.95) {
                        option.logScore += evenOneSided ? 3.0 : -8.0;
                        if (evenOneSided)
                            option.evidence = "the last bin's phase is 0 or pi in " + percentText(test.fraction) +
                                              " of frames: it is the Nyquist bin, n_fft " + std::to_string(size.nFft);
                    } else if (test.tested >= 4 && test.fraction < 0.3) {
                        option.logScore += evenOneSided ? -6.0 : 2.0;
                        if (size.layout == BinLayout::NyquistDropped)
                            option.evidence = "the last bin's phase is 0 or pi in only " + percentText(test.fraction) +
                                              " of frames: not a Nyquist bin, so n_fft " + std::to_string(size.nFft) +
                                              " without its Nyquist bin (as Octave's specgram writes)";
                    }
                }
                layouts.push_back(option);
            }
            std::stable_sort(layouts.begin(), layouts.end(),
                             [](const LayoutOption& a, const LayoutOption& b) { return a.logScore > b.logScore; });

            for (std::size_t l = 0; l < layouts.size() && l < 2; ++l) {
                const LayoutOption& layout = layouts[l];
                if (l > 0 && layout.logScore < layouts[0].logScore - 6.0)
                    break;
                const int nFft = layout.size.nFft;
                if (nFft < 4 || nFft > (1 << 20) || !smoothFftSize(nFft))
                    continue;
                FramingHints hints = makeHints(input, storage, nFft);
                if (layout.size.layout == BinLayout::NyquistDropped)
                    hints.comparedBins = std::max(2, nFft / 2 - 8); // the missing bin disturbs its neighbours
                ComplexMatrix onesided = toOneSided(values, nFft, layout.size.layout);
                std::vector<ScoredFraming> framings;
                control.report(0.2 + 0.7 * std::min(1.0, searched / 4.0), "framing");
                const auto searchStart = std::chrono::steady_clock::now();
                const std::string layoutKey = std::to_string(nFft) + "/" + binLayoutName(layout.size.layout);
                const auto earlier = firstScaleFramings.find(layoutKey);
                bool searchAgain = c == 0 || earlier == firstScaleFramings.end() || earlier->second.empty();
                if (!searchAgain && withPhase) {
                    // Another magnitude scale with phase: consistency at the first scale's best framing
                    // decides whether it deserves a search of its own.
                    ScoredFraming alternative = earlier->second.front();
                    const int block = consistencyBlockFrames(nFft, alternative.framing.hop, onesided.frames);
                    const int first = loudestBlock(onesided, block);
                    alternative.consistencyDb = consistencyDb(onesided, first, block, alternative.framing, pool, hints.comparedBins);
                    alternative.consistencyGainDb =
                        alternative.consistencyDb -
                        randomPhaseConsistencyDb(onesided, first, block, alternative.framing, pool, hints.comparedBins);
                    if (alternative.consistencyGainDb < earlier->second.front().consistencyGainDb - 6.0)
                        searchAgain = true;
                    else
                        framings.push_back(alternative);
                } else if (!searchAgain) {
                    // Without phase the short runs cannot judge the scale: the same framings, the scale's own score.
                    framings = earlier->second;
                }
                if (searchAgain) {
                    ++searched;
                    if (withPhase)
                        framings = searchFramingWithPhase(onesided, nFft, hints, pool, control);
                    else
                        framings = searchFramingMagnitudeOnly(magnitudesOf(onesided), nFft, hints, pool, control);
                    if (c == 0)
                        firstScaleFramings[layoutKey] = framings;
                }
                if (std::getenv("PHASELAB_GUESS_DEBUG"))
                    std::fprintf(stderr, "search %s | %s | n_fft %d %s: %.2f s, storage %.2f scale %.2f layout %.2f best %.2f\n",
                                 storage.magnitude.describe().c_str(), magnitudeScaleName(scale.scale).c_str(), nFft,
                                 binLayoutName(layout.size.layout).c_str(),
                                 std::chrono::duration<double>(std::chrono::steady_clock::now() - searchStart).count(),
                                 storage.logScore, scale.logScore, layout.logScore,
                                 framings.empty() ? 0.0 : framings.front().logScore);
                // Without phase, short phase-retrieval runs rank framings of one arrangement of the
                // data; they say nothing about the arrangement itself, so each search's best counts 0.
                const double framingOffset = !withPhase && !framings.empty() ? framings.front().logScore : 0.0;
                double peakMagnitude = 0.0;
                for (const auto& z : values.values)
                    peakMagnitude = std::max(peakMagnitude, static_cast<double>(std::abs(z)));
                for (std::size_t f = 0; f < framings.size() && f < 8; ++f) {
                    const ScoredFraming& framing = framings[f];
                    Candidate candidate;
                    candidate.storage = storage.magnitude;
                    candidate.phaseStorage = storage.phase;
                    candidate.hasPhaseFile = storage.hasPhaseFile;
                    candidate.complexFile = storage.complexFile;
                    candidate.bins = bins;
                    candidate.frames = frames;
                    candidate.binLayout = layout.size.layout;
                    candidate.framing = framing.framing;
                    candidate.magnitudeScale = scale.scale;
                    candidate.dbFloor = scale.dbFloor;
                    candidate.dbPerUnit = scale.dbPerUnit;
                    if (withPhase) {
                        candidate.phaseUnit = storage.complexFile ? PhaseUnit::Radians : unit.unit;
                        candidate.phaseScale = storage.complexFile ? 1.0 : unit.scale;
                    }
                    candidate.consistencyDb = framing.consistencyDb;
                    candidate.evidence = storage.evidence;
                    if (!layout.evidence.empty())
                        candidate.evidence.push_back(layout.evidence);
                    else if (layout.size.nFft != layouts.front().size.nFft || l > 0)
                        candidate.evidence.push_back(std::to_string(bins) + " bins read as n_fft " + std::to_string(nFft) + " " +
                                                     binLayoutName(layout.size.layout));
                    if (!scale.evidence.empty())
                        candidate.evidence.push_back(scale.evidence);
                    if (storage.hasPhaseFile && !unit.evidence.empty())
                        candidate.evidence.push_back(unit.evidence);
                    candidate.evidence.insert(candidate.evidence.end(), framing.evidence.begin(), framing.evidence.end());
                    // The DFT scaling the values' size implies; it also separates scipy's zero padding
                    // from the others where the first frames cannot.
                    double scaleLogScore = 0.0;
                    // Integer dumps carry an unknown quantisation scale: their size says nothing.
                    const bool integerValues = isInteger(storage.magnitude.dtype);
                    const auto scalings = integerValues ? std::vector<FftScaleGuess>{}
                                                        : fftScaleOptions(peakMagnitude, candidate.framing);
                    if (!scalings.empty()) {
                        const FftScaleGuess& scaling = scalings.front();
                        candidate.fftScale = scaling.fftScale;
                        candidate.fftScaleConvention = scaling.convention;
                        scaleLogScore = std::max(scaling.logScore, -20.0);
                        char amplitude[64];
                        std::snprintf(amplitude, sizeof amplitude, "%.3g", scaling.amplitude);
                        candidate.evidence.push_back("largest magnitude " + fixedText(peakMagnitude, peakMagnitude < 10 ? 4 : 1) +
                                                     ": with " + scaling.convention +
                                                     " scaling the loudest component has amplitude " + amplitude +
                                                     (scalings.size() > 1 ? std::string(", a plausible audio level") : std::string()));
                    }
                    const double logScore =
                        storage.logScore + scale.logScore + layout.logScore + framing.logScore - framingOffset + scaleLogScore;
                    scored.push_back({std::move(candidate), logScore, framing.consistencyGainDb});
                }
            }
        }
    }
    if (scored.empty() && !unlikeReading.empty()) {
        GuessResult refused;
        refused.looksLikeSpectrogram = false;
        refused.verdict = "no reading looks like a spectrogram: the best (" + unlikeReading;
        refused.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        control.report(1.0, "done");
        return refused;
    }
    if (scored.empty())
        throw InputError(lastError.empty() ? "no reading of '" + input.magnitudePath + "' gives a usable spectrogram"
                                           : lastError);

    // With phase, consistency compares across storages and layouts too: a hypothesis far less
    // consistent than the best cannot be how the data were made.
    double bestConsistency = 1e9;
    for (const auto& item : scored)
        if (!std::isnan(item.consistencyGainDb))
            bestConsistency = std::min(bestConsistency, item.consistencyGainDb);
    for (auto& item : scored)
        if (!std::isnan(item.consistencyGainDb))
            item.logScore += consistencyLogScore(item.consistencyGainDb, bestConsistency);

    std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.logScore > b.logScore; });
    // Scores: a softmax over every distinct hypothesis examined.
    // Framings whose frame windows are the same samples (kaiser:0 and rect; symmetric Hann of W and
    // periodic Hann of W-1 plus a zero) are one hypothesis: the better-named one keeps both shares.
    std::vector<Scored> distinct;
    std::map<std::string, std::size_t> seen;
    for (auto& item : scored) {
        const Candidate& c = item.candidate;
        std::string key = c.storage.describe() + "|" + binLayoutName(c.binLayout) + "|" + magnitudeScaleName(c.magnitudeScale) + std::to_string(c.dbPerUnit) +
                          "|" + std::to_string(c.framing.nFft) + "/" + std::to_string(c.framing.hop) + "|" +
                          std::to_string(c.framing.pad) + (c.framing.padMode == PadMode::Reflect ? "r" : "z") + "|";
        try {
            std::uint64_t hash = 1469598103934665603ull;
            for (float w : frameWindow(c.framing.blockParams())) {
                hash ^= static_cast<std::uint64_t>(std::llround(static_cast<double>(w) * 1e4));
                hash *= 1099511628211ull;
            }
            key += std::to_string(hash);
        } catch (const InputError&) {
            key += c.framing.describe();
        }
        const auto found = seen.find(key);
        if (found == seen.end()) {
            seen.emplace(key, distinct.size());
            distinct.push_back(std::move(item));
        } else {
            // log(exp(a) + exp(b)) with a >= b (the list is sorted).
            Scored& kept = distinct[found->second];
            kept.logScore += std::log1p(std::exp(item.logScore - kept.logScore));
        }
    }
    std::stable_sort(distinct.begin(), distinct.end(), [](const Scored& a, const Scored& b) { return a.logScore > b.logScore; });
    // Order: the best candidate of each (storage, n_fft, hop) group first, groups by their best;
    // then the rest. Without phase the window is a weak guess, so the top ranks show different
    // framings rather than one framing with several windows.
    {
        std::vector<Scored> ordered, rest;
        std::set<std::string> groups;
        for (auto& item : distinct) {
            const std::string group = item.candidate.storage.describe() + "|" + std::to_string(item.candidate.framing.nFft) +
                                      "|" + std::to_string(item.candidate.framing.hop);
            if (groups.insert(group).second)
                ordered.push_back(std::move(item));
            else
                rest.push_back(std::move(item));
        }
        for (auto& item : rest)
            ordered.push_back(std::move(item));
        distinct = std::move(ordered);
    }
    const double top = distinct.front().logScore;
    double total = 0.0;
    for (const auto& item : distinct)
        total += std::exp(item.logScore - top);
    GuessResult result;
    const int keep = std::max(1, options.top);
    for (std::size_t i = 0; i < distinct.size() && static_cast<int>(i) < keep; ++i) {
        Candidate candidate = std::move(distinct[i].candidate);
        candidate.rank = static_cast<int>(i) + 1;
        candidate.score = std::exp(distinct[i].logScore - top) / total;
        result.candidates.push_back(std::move(candidate));
    }
    // Does the best reading look like a spectrogram at all? Proof from the phase first.
    {
        const Candidate& best = result.candidates.front();
        const double gain = distinct.front().consistencyGainDb;
        bool mirrored = false;
        for (const auto& sentence : best.evidence)
            mirrored = mirrored || sentence.find("mirror each other") != std::string::npos;
        const std::string reading = best.summary();
        if (!std::isnan(gain) && gain <= -10.0) {
            result.verdict = "the best reading (" + reading + ") is " + fixedText(-gain, 0) +
                             " dB more consistent than random phases: a spectrogram";
        } else if (mirrored) {
            result.verdict = "the best reading (" + reading + ") is two-sided with mirrored bins: a spectrogram";
        } else {
            const SpectrogramLikeness likeness = judgeSpectrogramLikeness(storedMagnitudeOf(input, best));
            result.looksLikeSpectrogram = likeness.looksLikeSpectrogram;
            result.verdict = (likeness.looksLikeSpectrogram ? "the best reading (" : "no reading looks like a spectrogram: the best (") +
                             reading + ", score " + fixedText(best.score, 2) + "): " + likeness.reason;
            if (!std::isnan(gain) && !likeness.looksLikeSpectrogram)
                result.verdict += ", and its phase is only " + fixedText(-gain, 1) + " dB more consistent than random phases";
        }
    }
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
    }
    if (result.candidates.size() > 1 && result.candidates[1].score >= 0.5 * result.candidates[0].score)
        for (const auto& difference : differences(result.candidates[0], result.candidates[1]))
            result.ambiguities.push_back("ranks 1 and 2 are close (scores " + fixedText(result.candidates[0].score, 2) + " and " +
                                         fixedText(result.candidates[1].score, 2) + ") and differ in " + difference);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
                throw InputError("the candidate needs a phase file: use --phase FILE");
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
