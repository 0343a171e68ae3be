// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/mel_guess.hpp"

#include "core/base/error.hpp"
#include "core/guess/file_probe.hpp"
#include "core/guess/filterbank_fingerprint.hpp"
#include "core/guess/number_text.hpp"
#include "core/guess/phase_retrieval_probe.hpp"
#include "core/guess/scoring_constants.hpp"
#include "core/guess/storage_guess.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/reconstruction/mel_inversion.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace phaselab {
namespace {

using namespace guess_scoring;

/// How producers make mel spectrograms: their defaults, which is what most dumps hold.
struct MelConvention {
    const char* producer;
    double sampleRate;
    int nFft;
    int hop;
    int nMels;
    double fmin;
    double fmax; ///< 0: sample rate / 2
    MelScale scale;
    MelNorm norm;
    double power;
    MelValueScale valueScale;
};

const std::vector<MelConvention>& conventions()
{
    static const std::vector<MelConvention> list = {
        {"HiFi-GAN/Tacotron 2 (ln of the clamped magnitude)", 22050, 1024, 256, 80, 0, 8000, MelScale::Slaney,
         MelNorm::Slaney, 1, MelValueScale::Ln},
        {"Whisper/ASR front ends (log10 of the clamped power)", 16000, 400, 160, 80, 0, 8000, MelScale::Slaney,
         MelNorm::Slaney, 2, MelValueScale::Log10},
        {"Whisper's encoder features ((log10 + 4) / 4 of the power, 8 decades deep)", 16000, 400, 160, 80, 0, 8000,
         MelScale::Slaney, MelNorm::Slaney, 2, MelValueScale::Whisper},
        {"ESPnet/ParallelWaveGAN (log10 of the clamped magnitude, 80-7600 Hz)", 22050, 1024, 256, 80, 80, 7600,
         MelScale::Slaney, MelNorm::Slaney, 1, MelValueScale::Log10},
        {"librosa power_to_db(melspectrogram()) defaults", 22050, 2048, 512, 128, 0, 0, MelScale::Slaney,
         MelNorm::Slaney, 2, MelValueScale::Db},
        {"torchaudio MelSpectrogram() defaults", 16000, 400, 200, 128, 0, 0, MelScale::Htk, MelNorm::None, 2,
         MelValueScale::Linear},
        {"torchaudio MelSpectrogram() in dB (AmplitudeToDB)", 16000, 400, 200, 128, 0, 0, MelScale::Htk,
         MelNorm::None, 2, MelValueScale::Db},
        {"SpeechBrain/Kaldi-style filterbank features (25 ms / 10 ms)", 16000, 400, 160, 40, 0, 8000, MelScale::Htk,
         MelNorm::None, 2, MelValueScale::Db},
        {"librosa melspectrogram() defaults, linear power", 22050, 2048, 512, 128, 0, 0, MelScale::Slaney,
         MelNorm::Slaney, 2, MelValueScale::Linear},
    };
    return list;
}

bool typicalMelCount(int n)
{
    return n == 40 || n == 64 || n == 80 || n == 128;
}

bool plausibleMelCount(int n)
{
    return n >= 16 && n <= 256;
}

/// n = n_fft/2+1 of an n_fft producers use for linear spectrograms.
bool linearBinCount(int n)
{
    const int nFft = 2 * (n - 1);
    if (nFft >= 64 && (nFft & (nFft - 1)) == 0)
        return true;
    return nFft == 400 || nFft == 800 || nFft == 1200 || nFft == 320 || nFft == 640;
}

struct ValueFindings {
    MelValueScale scale = MelValueScale::Linear;
    double logScore = 0.0;       ///< evidence that the values are a mel dump at all
    std::string evidence;
    bool clamped = false;
};

/// What the stored numbers say: their sign, their range and a repeated minimum at a producer's clamp.
std::vector<ValueFindings> readValues(const RealMatrix& stored)
{
    const auto [low, high] = std::minmax_element(stored.values.begin(), stored.values.end());
    const double minimum = *low, maximum = *high;
    const double atMinimum = static_cast<double>(std::count_if(stored.values.begin(), stored.values.end(), [&](float v) {
                                 return v <= minimum + 1e-4 * std::max(1.0, std::abs(minimum));
                             })) / static_cast<double>(stored.values.size());
    const bool repeated = atMinimum >= 0.002;
    const std::string share = percentText(atMinimum) + " of the values";
    std::vector<ValueFindings> found;
    if (minimum >= 0) {
        found.push_back({MelValueScale::Linear, 0.0, "no negative values: linear filterbank output", false});
        return found;
    }
    const double lnClamp = std::log(1e-5);
    if (repeated && std::abs(minimum - lnClamp) < 0.01) {
        found.push_back({MelValueScale::Ln, kMelClampFound,
                         share + " sit at " + fixedText(minimum, 2) + " = ln 1e-5: ln of a magnitude clamped at 1e-5 "
                                 "(HiFi-GAN, Tacotron 2)", true});
        return found;
    }
    if (repeated && std::abs(minimum + 10.0) < 0.01) {
        found.push_back({MelValueScale::Log10, kMelClampFound,
                         share + " sit at " + fixedText(minimum, 2) + " = log10 1e-10: log10 clamped at 1e-10 (Whisper, ESPnet)",
                         true});
        return found;
    }
    if (repeated && std::abs(minimum + 100.0) < 0.01) {
        found.push_back({MelValueScale::Db, kMelClampFound,
                         share + " sit at " + fixedText(minimum, 1) + " dB = 10 log10 1e-10: decibels clamped at amin 1e-10 "
                                 "(torchaudio AmplitudeToDB, librosa power_to_db with ref 1)", true});
        return found;
    }
    if (repeated && std::abs(maximum - minimum - 2.0) < 1e-3) {
        found.push_back({MelValueScale::Whisper, kMelClampFound,
                         share + " sit at " + fixedText(minimum, 3) + ", 2 below the maximum " + fixedText(maximum, 3) +
                                 ": Whisper's log10 clipped 8 decades below its maximum and rescaled (x + 4) / 4",
                         true});
        return found;
    }
    if (repeated && std::abs(maximum - minimum - 80.0) < 0.05) {
        found.push_back({MelValueScale::Db, kMelClampFound,
                         share + " sit at " + fixedText(minimum, 1) + " dB, 80 dB below the maximum " + fixedText(maximum, 1) +
                                 " dB: decibels clipped at top_db 80" + (std::abs(maximum) < 0.01 ? " relative to the maximum (ref=max)" : ""),
                         true});
        return found;
    }
    const double range = maximum - minimum;
    if (range > 30.0) {
        found.push_back({MelValueScale::Db, kMelDecibelRange, "values span " + fixedText(range, 0) + " units: decibels", false});
        return found;
    }
    found.push_back({MelValueScale::Ln, kMelNaturalLog, "values span " + fixedText(range, 1) + " units with negatives: a logarithm, natural as most vocoders store it", false});
    found.push_back({MelValueScale::Log10, kMelDecimalLog, "values span " + fixedText(range, 1) + " units with negatives: a logarithm, decimal", false});
    return found;
}

/// Correlation of values `stride` apart: neighbours along the other axis of the matrix.
double strideCorrelation(const std::vector<float>& values, std::size_t stride)
{
    if (stride == 0 || stride >= values.size())
        return 0.0;
    const std::size_t count = std::min<std::size_t>(values.size() - stride, 200000);
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const double a = values[i], b = values[i + stride];
        sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b;
    }
    const double n = static_cast<double>(count);
    const double cov = sab / n - sa / n * sb / n;
    const double va = saa / n - sa / n * sa / n, vb = sbb / n - sb / n * sb / n;
    const double correlation = va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0.0;
    return std::isfinite(correlation) ? correlation : 0.0;
}

/// Correlation of neighbouring frames (same channel) and of neighbouring channels (same frame), in a
/// log domain: both are high in any spectrogram, near 0 in noise or a misread file.
std::pair<double, double> neighbourCorrelations(const RealMatrix& stored)
{
    const bool negative = std::any_of(stored.values.begin(), stored.values.end(), [](float v) { return v < 0; });
    std::vector<float> logValues(stored.values);
    if (!negative)
        for (float& v : logValues)
            v = std::log(std::max(v, 1e-20f));
    // Frame-major: stride 1 is the next channel, stride `bins` the next frame. Pairs across a frame
    // boundary are few (1 in bins) and do not change the figure much.
    return {strideCorrelation(logValues, static_cast<std::size_t>(stored.bins)), strideCorrelation(logValues, 1)};
}

struct Reading {
    StorageSpec storage; ///< resolved, bins = channels
    double logScore = 0.0;
    std::vector<std::string> evidence;
};

/// Ways to read the file as channels x frames with a plausible mel channel count, best first.
std::vector<Reading> melReadings(const GuessInput& input, const FileProbe& probe, const JobControl& control)
{
    std::vector<Reading> readings;
    if (probe.container == Container::Raw) {
        const auto storages = guessStorage(probe, nullptr, input.sampleRate, control);
        if (storages.empty() || isComplex(storages.front().magnitude.dtype))
            return readings;
        StorageSpec base = storages.front().magnitude;
        base.bins = base.frames = 0;
        const std::int64_t values = (probe.size - base.headerBytes) / bytesPerValue(base.dtype);
        if (values < 64 || values > (std::int64_t(1) << 31))
            return readings;
        // Values as the storage reads them, in a log domain so loud frames do not dominate.
        StorageSpec all = base;
        all.layout = MatrixLayout::FramesByBins;
        all.bins = 1;
        all.frames = static_cast<int>(values);
        std::vector<float> flat;
        try {
            flat = readRealMatrix(input.magnitudePath, all).values;
        } catch (const InputError&) {
            return readings;
        }
        if (std::any_of(flat.begin(), flat.end(), [](float v) { return !std::isfinite(v); }))
            return readings; // NaN or infinity: no mel dump of any producer
        const bool negative = std::any_of(flat.begin(), flat.end(), [](float v) { return v < 0; });
        if (!negative)
            for (float& v : flat)
                v = std::log(std::max(v, 1e-20f));
        for (int n = 16; n <= 256; ++n) {
            if (values % n != 0 || values / n < 8)
                continue;
            const std::int64_t frames = values / n;
            for (const MatrixLayout layout : {MatrixLayout::FramesByBins, MatrixLayout::BinsByFrames}) {
                // Same channel in neighbouring frames (frames_by_bins) or neighbouring channels in one
                // frame (bins_by_frames): the row length that makes them alike is the shape.
                const double correlation =
                    strideCorrelation(flat, layout == MatrixLayout::FramesByBins ? static_cast<std::size_t>(n)
                                                                                 : static_cast<std::size_t>(frames));
                Reading reading;
                reading.storage = base;
                reading.storage.layout = layout;
                reading.storage.bins = n;
                reading.storage.frames = static_cast<int>(frames);
                reading.logScore = 20.0 * correlation + (typicalMelCount(n) ? kMelTypicalCount : 0.0);
                reading.evidence.push_back(base.describe().substr(0, base.describe().find(' ', 4)) + " read as " +
                                           std::to_string(n) + " mel channels x " + std::to_string(frames) + " frames, " +
                                           layoutName(layout) + ": neighbours correlate " + fixedText(correlation, 2));
                readings.push_back(reading);
            }
        }
    } else {
        StorageSpec spec;
        spec.container = probe.container;
        spec.layout = MatrixLayout::BinsByFrames;
        RealMatrix matrix;
        try {
            matrix = readRealMatrix(input.magnitudePath, spec);
        } catch (const InputError&) {
            return readings;
        }
        for (const MatrixLayout layout : {MatrixLayout::BinsByFrames, MatrixLayout::FramesByBins}) {
            const int channels = layout == MatrixLayout::BinsByFrames ? spec.bins : spec.frames;
            const int frames = layout == MatrixLayout::BinsByFrames ? spec.frames : spec.bins;
            if (!plausibleMelCount(channels) || frames < 4)
                continue;
            Reading reading;
            reading.storage = spec;
            reading.storage.layout = layout;
            reading.storage.bins = channels;
            reading.storage.frames = frames;
            reading.logScore = typicalMelCount(channels) ? kMelTypicalCount : 0.0;
            if (linearBinCount(frames) && !linearBinCount(channels))
                reading.logScore -= 1.0; // the other axis could be n_fft/2+1 bins
            reading.evidence.push_back(containerName(spec.container) + " " + std::to_string(spec.bins) + " x " +
                                       std::to_string(spec.frames) + " read as " + std::to_string(channels) +
                                       " mel channels x " + std::to_string(frames) + " frames (" + layoutName(layout) + ")" +
                                       (typicalMelCount(channels) ? ", a usual mel channel count" : ""));
            readings.push_back(reading);
        }
    }
    std::stable_sort(readings.begin(), readings.end(), [](const Reading& a, const Reading& b) { return a.logScore > b.logScore; });
    return readings;
}

/// Evidence of the framing: the gain of a short fast Griffin-Lim run on the inverted mel of a loud
/// block over the same frames shuffled (negative dB; lower is more consistent).
double consistencyGainDb(const RealMatrix& melBlock, const MelSpec& spec, int nFft, int hop, double sampleRate,
                         const MelInversionOptions& inversion, WorkerPool& pool)
{
    const MelFilterbank filterbank(spec, nFft, sampleRate);
    const RealMatrix magnitude = melToLinearMagnitude(melBlock, filterbank, pool, inversion);
    Framing framing;
    framing.nFft = nFft;
    framing.winLength = nFft;
    framing.winOffset = 0;
    framing.hop = hop;
    framing.window = WindowSpec::parse("hann");
    framing.pad = nFft / 2;
    framing.padMode = PadMode::Reflect;
    const double ordered = fastGriffinLimConvergenceDb(magnitude, framing, 30, pool);
    const double shuffled = fastGriffinLimConvergenceDb(magnitudeBlock(magnitude, 0, magnitude.frames, true), framing, 30, pool);
    return ordered - shuffled;
}

RealMatrix loudestBlock(const RealMatrix& mel, int count)
{
    count = std::min(count, mel.frames);
    double best = -1;
    int first = 0;
    for (int start = 0; start + count <= mel.frames; start += std::max(1, count / 4)) {
        double energy = 0;
        for (int t = start; t < start + count; ++t)
            for (int m = 0; m < mel.bins; ++m)
                energy += mel.at(t, m);
        if (energy > best)
            best = energy, first = start;
    }
    return magnitudeBlock(mel, first, count, false);
}

struct Hypothesis {
    Candidate candidate;
    double logScore = 0.0;
    bool filterbankMeasured = false; ///< its filterbank's exact channel relations hold in the dump
    bool powerMeasured = false;      ///< only its power's decoding keeps them (decibels)
    std::size_t reading = 0;         ///< which of the file's mel readings it reads
};

/// A file read as a mel dump: its values as stored, what they look like, how many channels.
struct MelReading {
    Reading reading;
    RealMatrix stored;
    std::vector<ValueFindings> findings;
    int channels = 0;
};

/// A reading of the file as a mel dump: its values as stored, what they look like, how many
/// channels; nothing when they are not finite or have no structure of sound.
std::optional<MelReading> asMelReading(const GuessInput& input, const Reading& reading)
{
    MelReading mel;
    mel.reading = reading;
    StorageSpec storage = mel.reading.storage;
    mel.stored = readRealMatrix(input.magnitudePath, storage);
    for (float v : mel.stored.values)
        if (!std::isfinite(v))
            return std::nullopt;
    const auto [acrossFrames, acrossChannels] = neighbourCorrelations(mel.stored);
    if (acrossFrames < 0.3 || acrossChannels < 0.3)
        return std::nullopt; // no structure of sound: the linear guesser says why
    mel.findings = readValues(mel.stored);
    mel.channels = mel.reading.storage.bins;
    return mel;
}

/// Mel or linear? The channel count and a producer's clamp against a bin count of n_fft/2+1.
bool looksMel(const MelReading& mel)
{
    double melScore = (typicalMelCount(mel.channels) ? kMelTypicalCount : 0.0) +
                      (mel.findings.front().clamped ? kMelClampedValues : 0.0);
    if (linearBinCount(mel.channels))
        melScore += kMelLinearBinCount;
    const double linearScore = linearBinCount(mel.reading.storage.frames) ? kMelOtherAxisLinear : 0.0;
    return melScore >= kMelThreshold && melScore > linearScore;
}

/// The file's readings as a mel dump, best first: the best one decides whether it is one at all
/// (else nothing, and the linear guesser says what it is); close runners-up compete on their
/// hypotheses, where a filterbank's kept relations can tell a raw file's shape the correlations
/// of neighbouring values cannot (128 channels read as 64 correlate almost as well).
std::vector<MelReading> melReadingsOf(const GuessInput& input, const JobControl& control)
{
    if (!input.phasePath.empty())
        return {};
    const FileProbe probe = probeFile(input.magnitudePath);
    if (probe.npy && isComplex(probe.npy->dtype))
        return {};
    const std::vector<Reading> readings = melReadings(input, probe, control);
    std::vector<MelReading> result;
    for (std::size_t i = 0; i < readings.size() && result.size() < kMaxMelReadings; ++i) {
        if (readings[i].logScore < readings.front().logScore - kMelReadingGap)
            break;
        std::optional<MelReading> mel = asMelReading(input, readings[i]);
        const bool isMel = mel && looksMel(*mel);
        if (i == 0 && !isMel)
            return {};
        if (isMel)
            result.push_back(std::move(*mel));
    }
    return result;
}

/// The filterbank a producer's convention implies for this many channels at this sample rate.
MelSpec conventionSpec(const MelConvention& convention, int channels, double sampleRate)
{
    MelSpec spec;
    spec.nMels = channels;
    spec.fmin = convention.fmin;
    spec.fmax = convention.fmax > 0 ? std::min(convention.fmax, sampleRate / 2) : sampleRate / 2;
    spec.scale = convention.scale;
    spec.norm = convention.norm;
    spec.power = convention.power;
    return spec;
}

/// Consistency gain (dB, lower is better) of the loudest frames for the convention's framing and
/// those next to it (producers keep n_fft and hop in samples when they change the sample rate).
/// Framings whose n_fft `ruledOut` names are listed without a gain (NaN): their filterbank's
/// relations already decide against them, and the runs cost most of a guess.
std::vector<std::pair<std::pair<int, int>, double>> framingGains(const RealMatrix& decoded, const MelSpec& spec,
                                                                 const MelConvention& convention, double sampleRate,
                                                                 WorkerPool& pool,
                                                                 const std::function<bool(int nFft)>& ruledOut)
{
    MelInversionOptions inversion;
    inversion.floor = clampedFloor(decoded);
    inversion.iterations = 100;
    const RealMatrix block = loudestBlock(decoded, 48);
    const int nFft = convention.nFft;
    const int hop = convention.hop;
    const std::vector<std::pair<int, int>> framings = {
        {nFft, hop}, {nFft, nFft / 2}, {nFft, nFft / 4}, {nFft * 2, hop * 2}, {nFft / 2, hop / 2}};
    std::vector<std::pair<std::pair<int, int>, double>> gains;
    for (const auto& [n, h] : framings) {
        if (h < 1 || h > n)
            continue;
        if (ruledOut(n)) {
            gains.push_back({{n, h}, std::numeric_limits<double>::quiet_NaN()});
            continue;
        }
        try {
            gains.push_back({{n, h}, consistencyGainDb(block, spec, n, h, sampleRate, inversion, pool)});
        } catch (const InputError&) {
        }
    }
    return gains;
}

/// Where the hypothesis comes from, in words, and the score that origin earns.
std::pair<std::string, double> conventionOrigin(const MelConvention& convention, int channels, const GuessInput& input,
                                                double sampleRate)
{
    double score = 0.0;
    std::string origin = "the making of " + std::string(convention.producer) + ": ";
    if (convention.nMels == channels) {
        score += kMelConventionCount;
        origin += std::to_string(channels) + " mels as it makes them";
    } else {
        origin += std::to_string(channels) + " mels where it makes " + std::to_string(convention.nMels);
    }
    if (input.sampleRate > 0) {
        if (input.sampleRate == convention.sampleRate) {
            score += kMelConventionRate;
            origin += ", at its " + fixedText(sampleRate, 0) + " Hz";
        } else {
            origin += ", at the given " + fixedText(sampleRate, 0) + " Hz (its own is " +
                      fixedText(convention.sampleRate, 0) + " Hz)";
        }
    } else {
        origin += ", at its " + fixedText(sampleRate, 0) + " Hz (no sample rate given)";
    }
    return {origin, score};
}

std::string filterbankText(const MelSpec& spec, int nFft, double sampleRate)
{
    return "fmin " + fixedText(spec.fmin, 0) + " Hz, fmax " + fixedText(spec.upperHz(sampleRate), 0) + " Hz, " +
           melScaleName(spec.scale) + " formula, " + melNormName(spec.norm) + " normalisation at n_fft " +
           std::to_string(nFft) + " and " + fixedText(sampleRate, 0) + " Hz";
}

/// The dump's filterbank fingerprint for one value scale: the usual filterbanks whose exact
/// channel relations it keeps. Decibels decode differently for power 1 and 2 (20 or 10 log10), and
/// only the right decoding keeps relations, so both are searched; logarithms decode alike for both.
struct FilterbankEvidence {
    FilterbankSearch search;
    RealMatrix decoded;
    double floor = 0.0;
    double power = 2.0;
    bool powerMeasured = false;
};

FilterbankEvidence filterbankEvidence(const RealMatrix& stored, MelValueScale scale, const GuessInput& input,
                                      WorkerPool& pool, const JobControl& control)
{
    std::vector<double> rates = {8000, 16000, 22050, 24000, 32000, 44100, 48000};
    if (input.sampleRate > 0)
        rates = {input.sampleRate};
    // HiFi-GAN's ln is of a magnitude mel; Whisper's log10, librosa's and torchaudio's are of power.
    const std::vector<double> powers = scale == MelValueScale::Db ? std::vector<double>{2.0, 1.0}
                                       : scale == MelValueScale::Ln ? std::vector<double>{1.0}
                                                                    : std::vector<double>{2.0};
    std::vector<FilterbankEvidence> found;
    for (const double power : powers) {
        FilterbankEvidence evidence;
        evidence.power = power;
        evidence.decoded = stored;
        try {
            decodeMelValues(evidence.decoded, scale, power);
        } catch (const InputError&) {
            continue;
        }
        evidence.floor = clampedFloor(evidence.decoded);
        evidence.search = searchFilterbanks(evidence.decoded, evidence.floor, rates, power, pool, control);
        found.push_back(std::move(evidence));
    }
    if (found.empty())
        return {};
    const auto withMatches = std::count_if(found.begin(), found.end(), [](const FilterbankEvidence& e) {
        return !e.search.matches.empty();
    });
    auto best = std::find_if(found.begin(), found.end(), [](const FilterbankEvidence& e) { return !e.search.matches.empty(); });
    FilterbankEvidence result = std::move(best != found.end() ? *best : found.front());
    result.powerMeasured = powers.size() > 1 && withMatches == 1;
    return result;
}

bool sameFilterbank(const FilterbankMatch& match, const MelSpec& spec, int nFft, double sampleRate)
{
    return match.nFft == nFft && match.sampleRate == sampleRate && match.spec.fmin == spec.fmin &&
           match.spec.upperHz(sampleRate) == spec.upperHz(sampleRate) && match.spec.scale == spec.scale &&
           match.spec.norm == spec.norm;
}

/// What the fingerprint says of one filterbank: the score it earns and the sentence saying why.
std::pair<double, std::string> filterbankVerdict(const FilterbankEvidence& evidence, const MelSpec& spec, int nFft,
                                                 double sampleRate)
{
    const std::string making = filterbankText(spec, nFft, sampleRate);
    RelationFit fit;
    try {
        fit = fitFilterbank(evidence.decoded, evidence.floor, spec, nFft, sampleRate);
    } catch (const InputError&) {
        return {kMelRelationsBroken, making + ": no filterbank can be made of it"};
    }
    if (fit.relations > 0 && fit.frames >= kMinRelationFrames) {
        if (fit.residual <= kKeptRelationResidual)
            return {kMelRelationsKept + kMelPerKeptRelation * fit.relations,
                    making + ": its " + std::to_string(fit.relations) + " exact channel relations hold in " +
                        std::to_string(fit.frames) + " frames to " + scientificText(fit.residual) +
                        " (rounding), so the filterbank is measured, not assumed"};
        return {kMelRelationsBroken, making + ": the dump breaks its " + std::to_string(fit.relations) +
                                         " exact channel relations (residual " + scientificText(fit.residual) +
                                         " where rounding leaves 1e-7), so it is not the filterbank used"};
    }
    if (!evidence.search.matches.empty()) {
        const FilterbankMatch& kept = evidence.search.matches.front();
        return {kMelOtherRelationsKept, making + ": the dump keeps the relations of another filterbank (" +
                                            filterbankText(kept.spec, kept.nFft, kept.sampleRate) + ")"};
    }
    return {0.0, making + ": the convention's; this filterbank has no exact channel relations (neighbouring channels "
                          "share two bins or more), and none of the " + std::to_string(evidence.search.tried) +
                          " usual filterbanks tried has relations the dump keeps, so its values keep no trace of it"};
}

/// One candidate: the dump read with filterbank `spec` under framing n/h, scored by its values
/// and the reading only (callers add where the making comes from).
Hypothesis melHypothesis(const MelReading& mel, const ValueFindings& values, const MelSpec& spec, double sampleRate,
                         int n, int h)
{
    Hypothesis hypothesis;
    Candidate& c = hypothesis.candidate;
    c.storage = mel.reading.storage;
    c.bins = mel.channels;
    c.frames = mel.reading.storage.frames;
    c.framing.nFft = n;
    c.framing.winLength = n;
    c.framing.winOffset = 0;
    c.framing.hop = h;
    c.framing.window = WindowSpec::parse("hann");
    c.framing.pad = n / 2;
    // Without phase the padding cannot be told (guess.cpp says the same of linear dumps);
    // reflect is what most producers use, and constant padding also reconstructs worse.
    c.framing.padMode = PadMode::Reflect;
    c.mel = spec;
    c.melValueScale = values.scale;
    c.sampleRate = sampleRate;
    c.evidence = mel.reading.evidence;
    c.evidence.push_back(values.evidence);
    hypothesis.logScore = values.logScore + mel.reading.logScore;
    return hypothesis;
}

/// Adds what the fingerprint says of the hypothesis's filterbank (filterbankVerdict) to it.
void judgeFilterbank(Hypothesis& hypothesis, const std::pair<double, std::string>& verdict,
                     const FilterbankEvidence& evidence)
{
    hypothesis.logScore += verdict.first;
    hypothesis.filterbankMeasured = verdict.first > 0;
    hypothesis.powerMeasured = hypothesis.filterbankMeasured && evidence.powerMeasured;
    hypothesis.candidate.evidence.push_back(verdict.second);
}

/// Adds the consistency of each framing (weak: a few dB apart) to its hypotheses.
void addConsistency(Hypothesis& hypothesis, int n, int h, double gain, double bestGain)
{
    if (std::isnan(gain)) {
        hypothesis.candidate.evidence.push_back("consistency not measured: the filterbank's relations rule it out");
        return;
    }
    hypothesis.logScore += kMelConsistencyPerDb * (bestGain - gain);
    hypothesis.candidate.evidence.push_back(
        "the inverted mel of the loudest frames under " + std::to_string(n) + "/" + std::to_string(h) + " is " +
        fixedText(-gain, 1) + " dB more consistent than the same frames shuffled" +
        (gain <= bestGain + 1e-9 ? " (the best of the framings tried)" : ""));
}

double bestOf(const std::vector<std::pair<std::pair<int, int>, double>>& gains)
{
    double best = 0;
    for (const auto& framing : gains)
        if (!std::isnan(framing.second))
            best = std::min(best, framing.second);
    return best;
}

/// Hypotheses from the producers' conventions whose value scale matches, with the framings next
/// to their own, each judged by its filterbank's relations.
void conventionHypotheses(const MelReading& mel, const ValueFindings& values, const FilterbankEvidence& evidence,
                          const GuessInput& input, WorkerPool& pool, const JobControl& control,
                          std::vector<Hypothesis>& hypotheses, std::set<std::string>& seen)
{
    for (const MelConvention& convention : conventions()) {
        if (convention.valueScale != values.scale)
            continue;
        control.checkCancelled();
        const double sampleRate = input.sampleRate > 0 ? input.sampleRate : convention.sampleRate;
        MelSpec spec = conventionSpec(convention, mel.channels, sampleRate);
        if (evidence.powerMeasured)
            spec.power = evidence.power;
        RealMatrix decoded = mel.stored;
        try {
            decodeMelValues(decoded, values.scale, spec.power);
        } catch (const InputError&) {
            continue;
        }
        std::map<int, std::pair<double, std::string>> verdicts; // by n_fft: each has its own filterbank
        const auto verdictFor = [&](int n) -> const std::pair<double, std::string>& {
            auto found = verdicts.find(n);
            if (found == verdicts.end())
                found = verdicts.emplace(n, filterbankVerdict(evidence, spec, n, sampleRate)).first;
            return found->second;
        };
        const auto gains = framingGains(decoded, spec, convention, sampleRate, pool,
                                        [&](int n) { return verdictFor(n).first < 0; });
        const double bestGain = bestOf(gains);
        for (const auto& [framing, gain] : gains) {
            const auto [n, h] = framing;
            const std::string key = std::to_string(n) + "/" + std::to_string(h) + "|" + convention.producer;
            if (!seen.insert(key).second)
                continue;
            Hypothesis hypothesis = melHypothesis(mel, values, spec, sampleRate, n, h);
            auto [origin, originScore] = conventionOrigin(convention, mel.channels, input, sampleRate);
            hypothesis.logScore += originScore;
            if (n == convention.nFft && h == convention.hop) {
                hypothesis.logScore += kMelConventionFraming;
                origin += "; its n_fft " + std::to_string(n) + " and hop " + std::to_string(h);
            }
            hypothesis.candidate.evidence.push_back(origin);
            judgeFilterbank(hypothesis, verdictFor(n), evidence);
            addConsistency(hypothesis, n, h, gain, bestGain);
            hypotheses.push_back(std::move(hypothesis));
        }
    }
}

/// Hypotheses from the filterbanks whose relations the dump keeps and no convention made: hops of
/// a quarter and a half of n_fft and of 10 and 12.5 ms, judged by consistency.
void measuredFilterbankHypotheses(const MelReading& mel, const ValueFindings& values, const FilterbankEvidence& evidence,
                                  WorkerPool& pool, const JobControl& control, std::vector<Hypothesis>& hypotheses)
{
    const auto& matches = evidence.search.matches;
    for (std::size_t i = 0; i < matches.size() && i < kMaxFilterbankMatches; ++i) {
        const FilterbankMatch& match = matches[i];
        if (match.fit.relations < matches.front().fit.relations)
            break;
        const bool conventional = std::any_of(hypotheses.begin(), hypotheses.end(), [&](const Hypothesis& h) {
            const Candidate& c = h.candidate;
            return c.mel && sameFilterbank(match, *c.mel, c.framing.nFft, c.sampleRate);
        });
        if (conventional)
            continue;
        control.checkCancelled();
        MelInversionOptions inversion;
        inversion.floor = evidence.floor;
        inversion.iterations = 100;
        const RealMatrix block = loudestBlock(evidence.decoded, 48);
        std::set<int> hops = {match.nFft / 4, match.nFft / 2};
        for (const double seconds : {0.010, 0.0125}) {
            const double hop = seconds * match.sampleRate;
            if (hop == std::round(hop) && hop < match.nFft)
                hops.insert(static_cast<int>(hop));
        }
        std::vector<std::pair<std::pair<int, int>, double>> gains;
        for (const int hop : hops)
            if (hop >= 1)
                gains.push_back({{match.nFft, hop},
                                 consistencyGainDb(block, match.spec, match.nFft, hop, match.sampleRate, inversion, pool)});
        const double bestGain = bestOf(gains);
        for (const auto& [framing, gain] : gains) {
            const auto [n, h] = framing;
            Hypothesis hypothesis = melHypothesis(mel, values, match.spec, match.sampleRate, n, h);
            hypothesis.candidate.evidence.push_back(
                "no producer's convention: the filterbank its relations fix, at " + fixedText(match.sampleRate, 0) + " Hz" +
                (evidence.powerMeasured ? "; power " + fixedText(evidence.power, 0) + " (the dB decoding that keeps them)"
                                        : "; power " + fixedText(evidence.power, 0) + " as " +
                                              melValueScaleName(values.scale) + " dumps usually hold"));
            judgeFilterbank(hypothesis, filterbankVerdict(evidence, match.spec, n, match.sampleRate), evidence);
            addConsistency(hypothesis, n, h, gain, bestGain);
            hypotheses.push_back(std::move(hypothesis));
        }
    }
}

/// Every hypothesis for every value scale the numbers allow.
std::vector<Hypothesis> melHypotheses(const MelReading& mel, const GuessInput& input, WorkerPool& pool,
                                      const JobControl& control)
{
    std::vector<Hypothesis> hypotheses;
    std::set<std::string> seen;
    for (const ValueFindings& values : mel.findings) {
        const FilterbankEvidence evidence = filterbankEvidence(mel.stored, values.scale, input, pool, control);
        conventionHypotheses(mel, values, evidence, input, pool, control, hypotheses, seen);
        measuredFilterbankHypotheses(mel, values, evidence, pool, control, hypotheses);
    }
    return hypotheses;
}

} // namespace

std::optional<GuessResult> guessMelDump(const GuessInput& input, const GuessOptions& options, const JobControl& control)
{
    const auto started = std::chrono::steady_clock::now();
    const std::vector<MelReading> readings = melReadingsOf(input, control);
    WorkerPool pool(options.threads);
    std::vector<Hypothesis> hypotheses;
    for (std::size_t r = 0; r < readings.size(); ++r)
        for (Hypothesis& hypothesis : melHypotheses(readings[r], input, pool, control)) {
            hypothesis.reading = r;
            hypotheses.push_back(std::move(hypothesis));
        }
    if (hypotheses.empty())
        return std::nullopt;
    std::stable_sort(hypotheses.begin(), hypotheses.end(),
                     [](const Hypothesis& a, const Hypothesis& b) { return a.logScore > b.logScore; });
    GuessResult result;
    const MelReading& mel = readings[hypotheses.front().reading];
    const bool measured = hypotheses.front().filterbankMeasured;
    const bool powerMeasured = hypotheses.front().powerMeasured;
    const double top = hypotheses.front().logScore;
    double total = 0;
    for (const auto& h : hypotheses)
        total += std::exp(h.logScore - top);
    for (std::size_t i = 0; i < hypotheses.size() && static_cast<int>(i) < std::max(1, options.top); ++i) {
        Candidate candidate = std::move(hypotheses[i].candidate);
        candidate.rank = static_cast<int>(i) + 1;
        candidate.score = std::exp(hypotheses[i].logScore - top) / total;
        result.candidates.push_back(std::move(candidate));
    }
    const ValueFindings& values = mel.findings.front();
    result.verdict = "the best reading (" + result.candidates.front().summary() + ") is a mel spectrogram: " +
                     std::to_string(mel.channels) + " channels" + (values.clamped ? ", " + values.evidence : "");
    if (measured) {
        if (!powerMeasured)
            result.ambiguities.push_back("power: the filterbank's channel relations hold for |X| and |X|^2 alike, so it "
                                         "follows the value scale's producers");
        if (input.sampleRate <= 0) {
            std::string same;
            for (std::size_t i = 1; i < result.candidates.size(); ++i) {
                const Candidate& other = result.candidates[i];
                if (other.mel == result.candidates.front().mel && other.sampleRate != result.candidates.front().sampleRate &&
                    other.score >= 0.999 * result.candidates.front().score)
                    same += ", " + fixedText(other.sampleRate, 0) + " Hz with n_fft " + std::to_string(other.framing.nFft);
            }
            result.ambiguities.push_back(
                same.empty() ? "sample rate: not given; the relations fix it with n_fft"
                             : "sample rate: not given; " + fixedText(result.candidates.front().sampleRate, 0) +
                                   " Hz with n_fft " + std::to_string(result.candidates.front().framing.nFft) + same +
                                   " make the same filterbank; giving the sample rate decides it");
        }
    } else {
        result.ambiguities.push_back("the filterbank (fmin, fmax, formula, normalisation) follows the producer's convention: "
                                     "no usual filterbank of " + std::to_string(mel.channels) +
                                     " channels has exact channel relations this dump keeps, so its values keep little "
                                     "trace of it");
        if (input.sampleRate <= 0)
            result.ambiguities.push_back("sample rate: not given, the producer's own assumed; giving the sample rate decides it");
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    control.report(1.0, "done");
    return result;
}

RealMatrix readMelCandidate(const GuessInput& input, const Candidate& candidate)
{
    if (!candidate.mel)
        throw InputError("the candidate is no mel spectrogram");
    StorageSpec storage = candidate.storage;
    RealMatrix values = readRealMatrix(input.magnitudePath, storage);
    if (values.bins != candidate.mel->nMels)
        throw InputError("'" + input.magnitudePath + "' does not hold " + std::to_string(candidate.mel->nMels) + " mel channels");
    decodeMelValues(values, candidate.melValueScale, candidate.mel->power);
    return values;
}

LoadedCandidate loadMelCandidate(const GuessInput& input, const Candidate& candidate)
{
    auto target = std::make_shared<const MelTarget>(readMelCandidate(input, candidate),
                                                    MelFilterbank(*candidate.mel, candidate.framing.nFft, candidate.sampleRate));
    MelInversionOptions inversion;
    inversion.floor = clampedFloor(target->mel);
    WorkerPool pool;
    const RealMatrix magnitude = melToLinearMagnitude(target->mel, target->filterbank, pool, inversion);
    LoadedCandidate loaded;
    loaded.melTarget = std::move(target);
    loaded.spectrogram.coefficients = ComplexMatrix(magnitude.bins, magnitude.frames);
    for (std::size_t i = 0; i < magnitude.values.size(); ++i)
        loaded.spectrogram.coefficients.values[i] = magnitude.values[i];
    loaded.spectrogram.params = candidate.phaselabParams().resolved();
    loaded.spectrogram.sampleRate = candidate.sampleRate;
    loaded.spectrogram.signalLength =
        input.signalLength > 0 ? input.signalLength : loaded.spectrogram.params.defaultSignalLength(magnitude.frames);
    return loaded;
}

} // namespace phaselab
