// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser on synthetic cases made with PhaseLab's own STFT and written in every storage
// (raw int16/float32/float64 either byte order and layout, with and without a header, .npy,
// CSV), on small files written by scipy, torch and scipy.io.savemat (tests/fixtures/guess,
// made by make_guess_fixtures.py), and its building blocks against closed forms: consistency,
// GCC-PHAT hop, frame envelope, padding, FFT sizes, value scales, phase units. Never needs the corpus.
#include "core/base/error.hpp"
#include "core/guess/consistency.hpp"
#include "core/guess/fft_size.hpp"
#include "core/guess/frame_envelope.hpp"
#include "core/guess/guess.hpp"
#include "core/guess/hop_from_phase.hpp"
#include "core/guess/magnitude_scale.hpp"
#include "core/guess/number_text.hpp"
#include "core/guess/padding_evidence.hpp"
#include "core/guess/phase_evidence.hpp"
#include "core/guess/phase_retrieval_probe.hpp"
#include "core/io/npy.hpp"
#include "core/io/value_codec.hpp"
#include "core/dsp/stft.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <random>

using namespace phaselab;

namespace {

Signal testSignal(int length, double sampleRate, unsigned seed = 3)
{
    std::mt19937 generator(seed);
    std::normal_distribution<float> noise(0.0f, 0.03f);
    Signal signal;
    signal.sampleRate = sampleRate;
    signal.samples.resize(static_cast<std::size_t>(length));
    for (int n = 0; n < length; ++n) {
        const double t = n / sampleRate;
        const double envelope = 0.6 + 0.4 * std::sin(2.0 * std::numbers::pi * 3.0 * t);
        signal.samples[static_cast<std::size_t>(n)] = static_cast<float>(
            envelope * (0.3 * std::sin(2 * std::numbers::pi * 440.0 * t) + 0.2 * std::sin(2 * std::numbers::pi * (300.0 + 900.0 * t) * t) +
                        0.1 * std::sin(2 * std::numbers::pi * 2500.0 * t)) +
            noise(generator));
    }
    return signal;
}

/// The producer's STFT: PhaseLab's STFT of the equivalent parameters, phase re-referenced back.
ComplexMatrix producerStft(const Signal& signal, const Framing& framing, WorkerPool& pool)
{
    Spectrogram spectrogram = stft(signal, framing.phaselabParams(), pool);
    ComplexMatrix values = spectrogram.coefficients;
    if (framing.pad == 0) {
        // Uncentred producers keep only frames that fit: PhaseLab's count is the same.
    }
    applyFramePhaseShift(values, framing.nFft, -framing.phaseShift());
    return values;
}

enum class Sides { One, NoNyquist, Two };

/// bins as stored: one-sided, without the Nyquist bin, or two-sided (Hermitian extension).
ComplexMatrix storedBins(const ComplexMatrix& onesided, int nFft, Sides sides)
{
    const int bins = sides == Sides::One ? nFft / 2 + 1 : (sides == Sides::NoNyquist ? nFft / 2 : nFft);
    ComplexMatrix result(bins, onesided.frames);
    for (int t = 0; t < onesided.frames; ++t)
        for (int k = 0; k < bins; ++k)
            result.at(t, k) = k <= nFft / 2 ? onesided.at(t, k) : std::conj(onesided.at(t, nFft - k));
    return result;
}

/// Values in file order for a layout.
std::vector<double> fileOrder(const ComplexMatrix& matrix, bool phase, MatrixLayout layout, MagnitudeScale scale = MagnitudeScale::Linear,
                              double degreesOrScale = 0.0)
{
    std::vector<double> values;
    values.reserve(matrix.values.size());
    auto value = [&](int t, int k) {
        const auto z = std::complex<double>(matrix.at(t, k));
        if (phase)
            return degreesOrScale > 0 ? std::arg(z) * degreesOrScale : std::arg(z);
        const double a = std::abs(z);
        if (scale == MagnitudeScale::Power)
            return a * a;
        if (scale == MagnitudeScale::Db)
            return 20.0 * std::log10(std::max(a, 1e-6));
        return a;
    };
    if (layout == MatrixLayout::FramesByBins) {
        for (int t = 0; t < matrix.frames; ++t)
            for (int k = 0; k < matrix.bins; ++k)
                values.push_back(value(t, k));
    } else {
        for (int k = 0; k < matrix.bins; ++k)
            for (int t = 0; t < matrix.frames; ++t)
                values.push_back(value(t, k));
    }
    return values;
}

void writeRaw(const std::string& path, const std::vector<double>& values, DType dtype, ByteOrder order,
              const std::vector<unsigned char>& header = {})
{
    std::vector<unsigned char> bytes(values.size() * static_cast<std::size_t>(bytesPerValue(dtype)));
    encodeRealValues(values.data(), values.size(), dtype, order, bytes.data());
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<unsigned char> intHeader(const std::vector<std::int32_t>& fields, std::size_t size)
{
    std::vector<unsigned char> header(size, 0);
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (int b = 0; b < 4; ++b)
            header[4 * i + static_cast<std::size_t>(b)] = static_cast<unsigned char>((static_cast<std::uint32_t>(fields[i]) >> (8 * b)) & 0xff);
    return header;
}

const Candidate& best(const GuessResult& result)
{
    if (result.candidates.empty())
        throw std::runtime_error("no candidate");
    return result.candidates.front();
}

void expectFraming(const Candidate& candidate, const Framing& truth)
{
    QCOMPARE(candidate.framing.nFft, truth.nFft);
    QCOMPARE(candidate.framing.hop, truth.hop);
    QCOMPARE(candidate.framing.window.name(), truth.window.name());
}

double snrDb(const std::vector<float>& reference, const std::vector<float>& estimate, std::size_t from, std::size_t to)
{
    double error = 0.0, energy = 0.0;
    for (std::size_t i = from; i < to && i < reference.size() && i < estimate.size(); ++i) {
        error += std::pow(static_cast<double>(reference[i]) - estimate[i], 2);
        energy += std::pow(static_cast<double>(reference[i]), 2);
    }
    return 10.0 * std::log10(energy / std::max(error, 1e-30));
}

} // namespace

class TestGuess : public QObject {
    Q_OBJECT

private:
    WorkerPool pool{2};
    QTemporaryDir directory;

    std::string path(const std::string& name) const { return directory.filePath(QString::fromStdString(name)).toStdString(); }

private slots:
    void consistencySeparatesWindowsAndHops()
    {
        const Signal signal = testSignal(6000, 16000);
        const Framing truth{512, 512, 0, 128, WindowSpec::parse("hann"), 0, PadMode::Constant};
        const ComplexMatrix x = producerStft(signal, truth, pool);
        QVERIFY(consistencyDb(x, 4, 24, truth, pool) < -100.0);
        Framing wrongHop = truth;
        wrongHop.hop = 160;
        QVERIFY(consistencyDb(x, 4, 24, wrongHop, pool) > -40.0);
        Framing wrongWindow = truth;
        wrongWindow.window = WindowSpec::parse("hamming");
        QVERIFY(consistencyDb(x, 4, 24, wrongWindow, pool) > -40.0);
        // A scale factor changes nothing.
        ComplexMatrix scaled = x;
        for (auto& v : scaled.values)
            v *= 0.0039f;
        QVERIFY(std::abs(consistencyDb(scaled, 4, 24, truth, pool) - consistencyDb(x, 4, 24, truth, pool)) < 10.0);
        QCOMPARE(consistencyDb(x, 4, 24, Framing{512, 512, 0, 600, WindowSpec::parse("hann"), 0, PadMode::Constant}, pool),
                 kInconsistentDb);
    }

    void hopFromPhaseFindsTheHop()
    {
        const Signal signal = testSignal(9000, 16000);
        for (int hop : {64, 100, 128, 200, 441 / 2}) {
            const Framing truth{512, 512, 0, hop, WindowSpec::parse("hann"), 256, PadMode::Reflect};
            const auto peaks = hopsFromPhase(producerStft(signal, truth, pool), 512, 3, pool);
            QVERIFY(!peaks.empty());
            QCOMPARE(peaks.front().hop, hop);
        }
    }

    void envelopeShowsTheWindowPlacement()
    {
        const Signal signal = testSignal(8000, 16000);
        const Framing truth{512, 400, 56, 160, WindowSpec::parse("hann"), 256, PadMode::Reflect};
        const auto envelope = frameEnergyEnvelope(producerStft(signal, truth, pool), 512, pool);
        const auto support = envelopeSupport(envelope);
        QVERIFY(support.begin >= 56 && support.begin <= 64);
        QVERIFY(support.begin + support.length <= 456 && support.begin + support.length >= 448);
    }

    void paddingIsReadFromTheFirstFrames()
    {
        const Signal signal = testSignal(6000, 16000);
        for (const auto& truth : {Framing{512, 512, 0, 128, WindowSpec::parse("hann"), 256, PadMode::Reflect},
                                  Framing{512, 400, 0, 100, WindowSpec::parse("hann"), 200, PadMode::Constant}}) {
            const auto evidence = scorePadding(producerStft(signal, truth, pool), truth, pool);
            QVERIFY(evidence.informative);
            double bestDb = 1e9;
            PaddingScore bestScore;
            for (std::size_t i = 1; i < evidence.scores.size(); ++i)
                if (evidence.scores[i].consistencyDb < bestDb) {
                    bestDb = evidence.scores[i].consistencyDb;
                    bestScore = evidence.scores[i];
                }
            QCOMPARE(bestScore.pad, truth.pad);
            QVERIFY(bestScore.mode == truth.padMode);
        }
        const Framing truth{256, 256, 0, 64, WindowSpec::parse("hann"), 0, PadMode::Constant};
        QVERIFY(expectedFrameCounts(truth, 1000).front() == 1 + (1000 - 256) / 64);
    }

    void fftSizesAndSymmetry()
    {
        auto options = fftSizesForBins(513, 0.0);
        QCOMPARE(options.front().nFft, 1024);
        QVERIFY(options.front().layout == BinLayout::OneSided);
        options = fftSizesForBins(256, 0.0);
        QVERIFY(std::any_of(options.begin(), options.end(), [](const FftSizeOption& o) {
            return o.nFft == 512 && o.layout == BinLayout::NyquistDropped;
        }));
        QVERIFY(std::any_of(options.begin(), options.end(), [](const FftSizeOption& o) {
            return o.nFft == 256 && o.layout == BinLayout::TwoSided;
        }));
        QVERIFY(smoothFftSize(400) && smoothFftSize(441) && !smoothFftSize(1026));
        const Signal signal = testSignal(3000, 16000);
        const ComplexMatrix x = producerStft(signal, Framing{256, 256, 0, 64, WindowSpec::parse("hann"), 128, PadMode::Reflect}, pool);
        QVERIFY(hermitianMismatch(storedBins(x, 256, Sides::Two), false) < 1e-10);
        QVERIFY(hermitianMismatch(storedBins(x, 256, Sides::One), true) > 1e-2);
    }

    void valueScalesAndPhaseUnits()
    {
        const Signal signal = testSignal(16000, 16000, 11);
        const ComplexMatrix x = producerStft(signal, Framing{512, 512, 0, 128, WindowSpec::parse("hann"), 256, PadMode::Reflect}, pool);
        ComplexMatrix linear(x.bins, x.frames), power(x.bins, x.frames), db(x.bins, x.frames);
        for (std::size_t i = 0; i < x.values.size(); ++i) {
            const float a = std::abs(x.values[i]);
            linear.values[i] = a;
            power.values[i] = a * a;
            db.values[i] = std::max(-120.0f, 20.0f * std::log10(std::max(a, 1e-30f)));
        }
        QVERIFY(guessMagnitudeScale(linear, false).front().scale == MagnitudeScale::Linear);
        QVERIFY(guessMagnitudeScale(power, false).front().scale == MagnitudeScale::Power);
        const auto dbGuess = guessMagnitudeScale(db, true).front();
        QVERIFY(dbGuess.scale == MagnitudeScale::Db);

        QVERIFY(guessPhaseUnit(3.14159, DType::Float32).unit == PhaseUnit::Radians);
        QVERIFY(guessPhaseUnit(179.99, DType::Float64).unit == PhaseUnit::Degrees);
        const auto integer = guessPhaseUnit(32767, DType::Int16);
        QVERIFY(integer.unit == PhaseUnit::Radians);
        QVERIFY(std::abs(integer.scale - std::numbers::pi / 32767.0) < 1e-12);
        QCOMPARE(groupedInteger(1052712), std::string("1 052 712"));
    }

    void rawFloat32FramesByBinsWithPhase()
    {
        const Signal signal = testSignal(12000, 16000);
        const Framing truth{512, 512, 0, 128, WindowSpec::parse("hann"), 256, PadMode::Reflect};
        const ComplexMatrix x = producerStft(signal, truth, pool);
        writeRaw(path("a_mag.f32"), fileOrder(x, false, MatrixLayout::FramesByBins), DType::Float32, ByteOrder::Little);
        writeRaw(path("a_phase.f32"), fileOrder(x, true, MatrixLayout::FramesByBins), DType::Float32, ByteOrder::Little);
        GuessInput input{path("a_mag.f32"), path("a_phase.f32"), 0.0, 0};
        const GuessResult result = guess(input, {3, 2});
        const Candidate& c = best(result);
        QVERIFY(c.storage.container == Container::Raw && c.storage.dtype == DType::Float32);
        QVERIFY(c.storage.layout == MatrixLayout::FramesByBins && c.storage.headerBytes == 0);
        QCOMPARE(c.bins, 257);
        expectFraming(c, truth);
        QCOMPARE(c.framing.pad, 256);
        QVERIFY(c.framing.padMode == PadMode::Reflect);
        QVERIFY(c.score > 0.5 && c.score <= 1.0);
        QVERIFY(!c.evidence.empty());
        // The loaded candidate inverts to the signal.
        const LoadedCandidate loaded = loadCandidate(input, c);
        QVERIFY(loaded.hasPhase);
        const Signal back = istft(loaded.spectrogram, pool, signal.length());
        QVERIFY(snrDb(signal.samples, back.samples, 0, signal.samples.size()) > 60.0);
    }

    void rawFloat64BigEndianBinsByFramesDbDegrees()
    {
        const Signal signal = testSignal(9000, 16000, 5);
        const Framing truth{256, 256, 0, 64, WindowSpec::parse("hamming,symmetric"), 0, PadMode::Constant};
        const ComplexMatrix x = producerStft(signal, truth, pool);
        writeRaw(path("b_db.f64"), fileOrder(x, false, MatrixLayout::BinsByFrames, MagnitudeScale::Db), DType::Float64, ByteOrder::Big);
        writeRaw(path("b_deg.f64"), fileOrder(x, true, MatrixLayout::BinsByFrames, MagnitudeScale::Linear, 180.0 / std::numbers::pi),
                 DType::Float64, ByteOrder::Big);
        const GuessResult result = guess({path("b_db.f64"), path("b_deg.f64"), 0.0, 0}, {3, 2});
        const Candidate& c = best(result);
        QVERIFY(c.storage.dtype == DType::Float64 && c.storage.byteOrder == ByteOrder::Big);
        QVERIFY(c.storage.layout == MatrixLayout::BinsByFrames);
        QVERIFY(c.magnitudeScale == MagnitudeScale::Db);
        QVERIFY(c.phaseUnit && *c.phaseUnit == PhaseUnit::Degrees);
        expectFraming(c, truth);
        QVERIFY(!c.framing.window.periodic);
        QCOMPARE(c.framing.pad, 0);
    }

    void rawInt16WithHeaderShortWindow()
    {
        const Signal signal = testSignal(12000, 16000, 9);
        const Framing truth{512, 400, 0, 160, WindowSpec::parse("hann"), 200, PadMode::Constant};
        const ComplexMatrix x = producerStft(signal, truth, pool);
        auto magnitudes = fileOrder(x, false, MatrixLayout::BinsByFrames);
        double peak = 0.0;
        for (double v : magnitudes)
            peak = std::max(peak, v);
        for (double& v : magnitudes)
            v = std::round(v / peak * 32767.0);
        auto phases = fileOrder(x, true, MatrixLayout::BinsByFrames, MagnitudeScale::Linear, 32767.0 / std::numbers::pi);
        for (double& v : phases)
            v = std::round(v);
        const auto header = intHeader({512, 160, x.bins, x.frames}, 32);
        writeRaw(path("c_mag.i16"), magnitudes, DType::Int16, ByteOrder::Little, header);
        writeRaw(path("c_phase.i16"), phases, DType::Int16, ByteOrder::Little, header);
        const GuessResult result = guess({path("c_mag.i16"), path("c_phase.i16"), 0.0, 0}, {3, 2});
        const Candidate& c = best(result);
        QVERIFY(c.storage.dtype == DType::Int16);
        QCOMPARE(c.storage.headerBytes, std::int64_t(32));
        QVERIFY(c.storage.layout == MatrixLayout::BinsByFrames);
        expectFraming(c, truth);
        QCOMPARE(c.framing.winLength, 400);
        QCOMPARE(c.framing.winOffset, 0);
        QCOMPARE(c.framing.pad, 200);
        QVERIFY(std::abs(c.phaseScale - std::numbers::pi / 32767.0) < 1e-12);
    }

    void npyTwoSidedComplex()
    {
        const Signal signal = testSignal(8000, 16000, 4);
        const Framing truth{256, 256, 0, 128, WindowSpec::parse("sqrt-hann"), 128, PadMode::Reflect};
        const ComplexMatrix two = storedBins(producerStft(signal, truth, pool), 256, Sides::Two);
        writeNpy(path("d.npy"), std::span<const std::complex<float>>(two.values), {two.frames, two.bins});
        const std::string file = path("d.npy");
        const GuessResult result = guess({file, file, 0.0, 0}, {3, 2});
        const Candidate& c = best(result);
        QVERIFY(c.complexFile && c.storage.container == Container::Npy);
        QVERIFY(c.storage.layout == MatrixLayout::FramesByBins);
        QVERIFY(!c.onesided());
        expectFraming(c, truth);
    }

    void csvWithoutNyquistPowerAndDegrees()
    {
        const Signal signal = testSignal(10000, 16000, 8);
        const Framing truth{512, 512, 0, 256, WindowSpec::parse("blackman"), 0, PadMode::Constant};
        const ComplexMatrix x = storedBins(producerStft(signal, truth, pool), 512, Sides::NoNyquist);
        for (bool phase : {false, true}) {
            std::ofstream out(path(phase ? "e_phase.csv" : "e_power.csv"));
            for (int t = 0; t < x.frames; ++t) {
                for (int k = 0; k < x.bins; ++k) {
                    const auto z = std::complex<double>(x.at(t, k));
                    char buffer[40];
                    std::snprintf(buffer, sizeof buffer, "%.9g", phase ? std::arg(z) * 180.0 / std::numbers::pi : std::norm(z));
                    out << (k ? "," : "") << buffer;
                }
                out << "\n";
            }
        }

        const GuessResult result = guess({path("e_power.csv"), path("e_phase.csv"), 0.0, 0}, {3, 2});
        const Candidate& c = best(result);
        QVERIFY(c.storage.container == Container::Csv && c.storage.layout == MatrixLayout::FramesByBins);
        QVERIFY(c.nyquistDropped());
        QVERIFY(c.magnitudeScale == MagnitudeScale::Power);
        QVERIFY(c.phaseUnit && *c.phaseUnit == PhaseUnit::Degrees);
        expectFraming(c, truth);
    }

    void kaiserParameterIsRecovered()
    {
        const Signal signal = testSignal(9000, 16000, 12);
        const Framing truth{512, 512, 0, 128, WindowSpec::parse("kaiser:6"), 256, PadMode::Reflect};
        const ComplexMatrix x = producerStft(signal, truth, pool);
        writeNpy(path("g.npy"), std::span<const std::complex<float>>(x.values), {x.frames, x.bins});
        const GuessResult result = guess({path("g.npy"), path("g.npy"), 0.0, 0}, {3, 2});
        const Candidate& c = best(result);
        QVERIFY(c.framing.window.type == WindowType::Kaiser);
        QVERIFY(std::abs(c.framing.window.parameter - 6.0) <= 0.5);
    }

    void magnitudeOnlyKeepsTheFramingInTheTopThree()
    {
        const Signal signal = testSignal(16000, 16000, 13);
        const Framing truth{512, 512, 0, 128, WindowSpec::parse("hann"), 256, PadMode::Reflect};
        const ComplexMatrix x = producerStft(signal, truth, pool);
        std::vector<float> power;
        for (int k = 0; k < x.bins; ++k)
            for (int t = 0; t < x.frames; ++t)
                power.push_back(std::norm(x.at(t, k)));
        writeNpy(path("f.npy"), std::span<const float>(power), {x.bins, x.frames});
        const GuessResult result = guess({path("f.npy"), "", 0.0, 0}, {5, 2});
        QVERIFY(!best(result).hasPhase());
        QVERIFY(best(result).magnitudeScale == MagnitudeScale::Power);
        bool found = false;
        for (std::size_t i = 0; i < result.candidates.size() && i < 3; ++i)
            found = found || (result.candidates[i].framing.nFft == 512 && result.candidates[i].framing.hop == 128);
        QVERIFY(found);
        const LoadedCandidate loaded = loadCandidate({path("f.npy"), "", 0.0, 0}, best(result));
        QVERIFY(!loaded.hasPhase);
        QCOMPARE(loaded.spectrogram.coefficients.bins, 257);

        // Cancelled as the framing search starts: Cancelled, not a result.
        std::atomic<bool> cancel{false};
        JobControl control;
        control.cancel = &cancel;
        control.progress = [&](double, const std::string& stage) {
            if (stage == "framing")
                cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, guess({path("f.npy"), "", 0.0, 0}, {5, 2}, control));
        // The phase-retrieval probe itself stops at the flag (it runs on pool threads, where the
        // guesser cannot throw).
        RealMatrix magnitudes(x.bins, 24);
        for (int t = 0; t < 24; ++t)
            for (int k = 0; k < x.bins; ++k)
                magnitudes.frame(t)[k] = std::abs(x.at(t + 10, k));
        const Framing block{512, 512, 0, 128, WindowSpec::parse("hann"), 0, PadMode::Constant};
        QVERIFY(fastGriffinLimConvergenceDb(magnitudes, block, 30, pool) < -10.0);
        QCOMPARE(fastGriffinLimConvergenceDb(magnitudes, block, 30, pool, control), 0.0);
    }

    void filesWrittenByScipyTorchAndSavemat()
    {
        const auto cases = testing::readJsonFixture("guess/guess_cases.json");
        {
            const auto& truth = cases["scipy_hamming"];
            const std::string file = testing::fixturePath("guess/" + truth["file"].get<std::string>());
            const Candidate c = best(guess({file, file, 0.0, 0}, {3, 2}));
            QVERIFY(c.storage.container == Container::Npy && c.storage.layout == MatrixLayout::BinsByFrames);
            QCOMPARE(c.framing.nFft, truth["n_fft"].get<int>());
            QCOMPARE(c.framing.hop, truth["hop"].get<int>());
            QCOMPARE(c.framing.window.name(), std::string("hamming"));
            QCOMPARE(c.framing.pad, truth["pad"].get<int>());
            QVERIFY(c.framing.padMode == PadMode::Constant);
        }
        {
            const auto& truth = cases["torch"];
            const GuessInput input{testing::fixturePath("guess/" + truth["magnitude"].get<std::string>()),
                                   testing::fixturePath("guess/" + truth["phase"].get<std::string>()), 8000.0,
                                   cases["signal_length"].get<std::int64_t>()};
            const Candidate c = best(guess(input, {3, 2}));
            QVERIFY(c.storage.layout == MatrixLayout::FramesByBins);
            QVERIFY(c.phaseUnit && *c.phaseUnit == PhaseUnit::Degrees);
            QCOMPARE(c.framing.nFft, 256);
            QCOMPARE(c.framing.winLength, 200);
            QCOMPARE(c.framing.winOffset, 28);
            QCOMPARE(c.framing.hop, 80);
            QCOMPARE(c.framing.pad, 128);
            QVERIFY(c.framing.padMode == PadMode::Reflect);
        }
        {
            const auto& truth = cases["mat"];
            const std::string file = testing::fixturePath("guess/" + truth["file"].get<std::string>());
            const Candidate c = best(guess({file, file, 0.0, 0}, {3, 2}));
            QVERIFY(c.storage.container == Container::Mat && c.storage.layout == MatrixLayout::BinsByFrames);
            QCOMPARE(c.framing.nFft, 256);
            QCOMPARE(c.framing.hop, 128);
            QVERIFY(c.framing.window.type == WindowType::Hann && !c.framing.window.periodic);
            QCOMPARE(c.framing.pad, 0);
        }
    }

    void badInputsGiveClearErrors()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, guess({path("missing.bin"), "", 0.0, 0}));
        {
            std::ofstream(path("empty.bin"));
        }
        QVERIFY_THROWS_EXCEPTION(InputError, guess({path("empty.bin"), "", 0.0, 0}));
        {
            std::ofstream out(path("seven.bin"), std::ios::binary);
            out << "1234567";
        }
        QVERIFY_THROWS_EXCEPTION(InputError, guess({path("seven.bin"), "", 0.0, 0}));
        // A real file given as both magnitude and phase.
        writeRaw(path("real.f32"), std::vector<double>(4096, 1.0), DType::Float32, ByteOrder::Little);
        QVERIFY_THROWS_EXCEPTION(InputError, guess({path("real.f32"), path("real.f32"), 0.0, 0}));
        // Random bytes: refused (looksLikeSpectrogram false) or an error, never a crash.
        std::mt19937 generator(1);
        std::vector<double> noise(20000);
        for (double& v : noise)
            v = static_cast<double>(generator() % 65536) - 32768.0;
        writeRaw(path("noise.i16"), noise, DType::Int16, ByteOrder::Little);
        try {
            const GuessResult result = guess({path("noise.i16"), "", 0.0, 0}, {2, 2});
            QVERIFY(!result.looksLikeSpectrogram);
            QVERIFY(!result.verdict.empty());
        } catch (const InputError&) {
        }
    }
};

QTEST_APPLESS_MAIN(TestGuess)
#include "test_guess.moc"
