// SPDX-License-Identifier: GPL-3.0-or-later
// STFT against torch.stft fixtures (fixtures/stft, made by fixtures/make_stft_fixtures.py), a
// direct DFT for the scipy-style window offset, the least-squares inverse's round trip for every
// window, NOLA refusal, and independence from the thread count.
#include "core/base/error.hpp"
#include "core/dsp/stft.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>
#include <random>

using namespace phaselab;

namespace {

Signal fixtureSignal()
{
    const auto meta = testing::readJsonFixture("stft/stft_cases.json");
    Signal signal;
    signal.samples = testing::readFloat32Fixture("stft/signal.f32");
    signal.sampleRate = meta["signal"]["sample_rate"];
    return signal;
}

Signal noiseAndTones(int length, unsigned seed)
{
    std::mt19937 generator(seed);
    std::normal_distribution<float> noise(0.0f, 0.1f);
    Signal signal;
    signal.sampleRate = 16000;
    signal.samples.resize(static_cast<std::size_t>(length));
    for (int n = 0; n < length; ++n)
        signal.samples[static_cast<std::size_t>(n)] =
            0.4f * std::sin(0.05f * n) + 0.2f * std::sin(0.731f * n + 1.0f) + noise(generator);
    return signal;
}

double snrDb(const std::vector<float>& reference, const std::vector<float>& estimate)
{
    double signalEnergy = 0, errorEnergy = 0;
    for (std::size_t n = 0; n < reference.size(); ++n) {
        signalEnergy += static_cast<double>(reference[n]) * reference[n];
        const double error = static_cast<double>(reference[n]) - estimate[n];
        errorEnergy += error * error;
    }
    return 10.0 * std::log10(signalEnergy / std::max(errorEnergy, 1e-300));
}

} // namespace

class TestStft : public QObject {
    Q_OBJECT
private slots:
    void matchesTorchStft_data()
    {
        QTest::addColumn<int>("caseIndex");
        const auto meta = testing::readJsonFixture("stft/stft_cases.json");
        for (std::size_t i = 0; i < meta["cases"].size(); ++i)
            QTest::newRow(meta["cases"][i]["name"].get<std::string>().c_str()) << static_cast<int>(i);
    }

    void matchesTorchStft()
    {
        QFETCH(int, caseIndex);
        const auto meta = testing::readJsonFixture("stft/stft_cases.json");
        const auto& config = meta["cases"][static_cast<std::size_t>(caseIndex)];
        StftParams params;
        params.nFft = config["n_fft"];
        params.winLength = config["win_length"];
        params.hop = config["hop"];
        params.window = WindowSpec::parse(config["window"].get<std::string>());
        params.center = config["center"];
        params.padMode = parsePadMode(config["pad_mode"].get<std::string>());
        const auto expected = testing::readFloat32Fixture("stft/" + config["name"].get<std::string>() + ".c64");

        WorkerPool pool(2);
        const Spectrogram result = stft(fixtureSignal(), params, pool);
        QCOMPARE(result.bins(), config["bins"].get<int>());
        QCOMPARE(result.frames(), config["frames"].get<int>());
        double largest = 0, worst = 0;
        for (std::size_t i = 0; i < result.coefficients.size(); ++i)
            largest = std::max(largest, static_cast<double>(std::hypot(expected[2 * i], expected[2 * i + 1])));
        for (std::size_t i = 0; i < result.coefficients.size(); ++i) {
            const auto value = result.coefficients.values[i];
            worst = std::max(worst, static_cast<double>(std::hypot(value.real() - expected[2 * i], value.imag() - expected[2 * i + 1])));
        }
        qInfo("max |error| / max |X| = %.3g", worst / largest);
        QVERIFY(worst <= 1e-5 * largest);
    }

    void windowOffsetZeroMatchesDirectDft()
    {
        // scipy/numpy/Octave put a shorter window at the start of the frame: check one frame
        // against a direct double-precision DFT of exactly that framing.
        const Signal signal = noiseAndTones(3000, 1);
        StftParams params;
        params.nFft = 256;
        params.winLength = 200;
        params.winOffset = 0;
        params.hop = 50;
        params.center = false;
        WorkerPool pool(1);
        const Spectrogram result = stft(signal, params, pool);
        const auto window = makeWindow(params.window, 200);
        const int frame = 7;
        for (int bin : {0, 1, 17, 100, 128}) {
            std::complex<double> sum = 0;
            for (int m = 0; m < 200; ++m)
                sum += static_cast<double>(signal.samples[static_cast<std::size_t>(frame * 50 + m)]) * window[static_cast<std::size_t>(m)] *
                       std::polar(1.0, -2.0 * M_PI * bin * m / 256.0);
            const auto value = result.coefficients.at(frame, bin);
            QVERIFY(std::abs(std::complex<double>(value.real(), value.imag()) - sum) < 1e-4);
        }
    }

    void roundTripEveryWindow_data()
    {
        QTest::addColumn<QString>("window");
        QTest::addColumn<int>("nFft");
        QTest::addColumn<int>("winLength");
        QTest::addColumn<int>("hop");
        QTest::addColumn<bool>("center");
        for (const char* window : {"hann", "hamming", "blackman", "blackman-harris", "bartlett", "sine", "sqrt-hann",
                                   "kaiser:8", "gauss:0.125", "hann,symmetric", "hamming,symmetric"})
            QTest::newRow(window) << QString(window) << 1024 << 1024 << 256 << true;
        QTest::newRow("rect hop=win") << "rect" << 512 << 512 << 512 << true;
        QTest::newRow("hann 512/400/160") << "hann" << 512 << 400 << 160 << true;
        QTest::newRow("hann uncentred") << "hann" << 512 << 512 << 128 << false;
        QTest::newRow("odd n_fft 255") << "hann" << 255 << 255 << 64 << true;
    }

    void roundTripEveryWindow()
    {
        QFETCH(QString, window);
        QFETCH(int, nFft);
        QFETCH(int, winLength);
        QFETCH(int, hop);
        QFETCH(bool, center);
        StftParams params;
        params.nFft = nFft;
        params.winLength = winLength;
        params.hop = hop;
        params.window = WindowSpec::parse(window.toStdString());
        params.center = center;
        const Signal signal = noiseAndTones(20000, 2);
        WorkerPool pool(2);
        const Spectrogram spectrogram = stft(signal, params, pool);
        const Signal back = istft(spectrogram, pool);
        QCOMPARE(back.length(), signal.length());
        // Uncentred framing leaves the first and last samples under near-zero window weight;
        // compare where the frames give full coverage.
        const std::size_t margin = center ? 0 : static_cast<std::size_t>(nFft);
        std::vector<float> reference(signal.samples.begin() + static_cast<long>(margin), signal.samples.end() - static_cast<long>(margin));
        std::vector<float> estimate(back.samples.begin() + static_cast<long>(margin), back.samples.end() - static_cast<long>(margin));
        const double snr = snrDb(reference, estimate);
        qInfo("round trip SNR %.1f dB", snr);
        QVERIFY(snr >= 100.0);
    }

    void refusesNolaViolations()
    {
        StftParams params;
        params.nFft = 512;
        params.hop = 512;
        params.window = WindowSpec::parse("hann,symmetric"); // zero at both ends: gaps at hop = W
        QVERIFY(!satisfiesNola(params));
        WorkerPool pool(1);
        const Spectrogram spectrogram = stft(noiseAndTones(4000, 3), params, pool); // analysis is fine
        try {
            istft(spectrogram, pool);
            QFAIL("a NOLA-violating inverse must throw");
        } catch (const InputError& error) {
            QVERIFY(QString(error.what()).contains("NOLA"));
            QVERIFY(QString(error.what()).contains("`hop`"));
        }
    }

    void rejectsBadParameters()
    {
        auto expectInvalid = [](StftParams params) { QVERIFY_THROWS_EXCEPTION(InputError, params.validate()); };
        StftParams base;
        base.nFft = 1;
        expectInvalid(base);
        base = {};
        base.winLength = 4096;
        expectInvalid(base);
        base = {};
        base.hop = 4096;
        expectInvalid(base);
        base = {};
        base.winLength = 1000;
        base.winOffset = 1100;
        expectInvalid(base);
        WorkerPool pool(1);
        StftParams reflect;
        reflect.nFft = 1024;
        QVERIFY_THROWS_EXCEPTION(InputError, stft(noiseAndTones(300, 4), reflect, pool));
        reflect.center = false;
        QVERIFY_THROWS_EXCEPTION(InputError, stft(noiseAndTones(300, 4), reflect, pool));
        reflect.center = true;
        reflect.padMode = PadMode::Constant;
        QCOMPARE(stft(noiseAndTones(300, 4), reflect, pool).frames(), 2); // 1 + 300 / 256
        QVERIFY_THROWS_EXCEPTION(InputError, stft(Signal{}, StftParams{}, pool));
    }

    void independentOfThreadCount()
    {
        const Signal signal = noiseAndTones(50000, 5);
        StftParams params;
        params.nFft = 1024;
        params.hop = 256;
        WorkerPool one(1), two(2), three(3);
        const Spectrogram a = stft(signal, params, one);
        const Spectrogram b = stft(signal, params, two);
        const Spectrogram c = stft(signal, params, three);
        QVERIFY(a.coefficients.values == b.coefficients.values);
        QVERIFY(a.coefficients.values == c.coefficients.values);
        QVERIFY(istft(a, one).samples == istft(a, two).samples);
        QVERIFY(istft(a, one).samples == istft(a, three).samples);
        // Pools made without a count follow the process-wide choice (phaselab --threads).
        setDefaultThreadCount(3);
        QCOMPARE(WorkerPool().threadCount(), 3);
        setDefaultThreadCount(0);
        QCOMPARE(WorkerPool().threadCount(), hardwareThreadCount());
    }

    void fusedSynthesisAndAnalysisMatchesInverseThenForward_data()
    {
        QTest::addColumn<int>("nFft");
        QTest::addColumn<int>("winLength");
        QTest::addColumn<int>("hop");
        QTest::addColumn<bool>("center");
        QTest::addColumn<bool>("reflect");
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("frames"); // -1: the framing's own count
        QTest::newRow("centred reflect 1024/256") << 1024 << 1024 << 256 << true << true << 20000 << -1;
        QTest::newRow("centred reflect 2048/512") << 2048 << 2048 << 512 << true << true << 30011 << -1;
        QTest::newRow("centred constant, short window") << 512 << 300 << 100 << true << false << 9001 << -1;
        QTest::newRow("uncentred") << 256 << 256 << 64 << false << false << 5000 << -1;
        QTest::newRow("hop = window (rectangular)") << 128 << 128 << 128 << true << false << 3000 << -1;
        QTest::newRow("more frames than the signal gives") << 256 << 256 << 64 << true << true << 3000 << 60;
        QTest::newRow("fewer frames than the signal gives") << 256 << 256 << 64 << false << false << 3000 << 20;
        QTest::newRow("few frames, more threads than blocks") << 512 << 512 << 128 << true << true << 700 << -1;
    }

    void fusedSynthesisAndAnalysisMatchesInverseThenForward()
    {
        QFETCH(int, nFft);
        QFETCH(int, winLength);
        QFETCH(int, hop);
        QFETCH(bool, center);
        QFETCH(bool, reflect);
        QFETCH(int, length);
        QFETCH(int, frames);
        StftParams params;
        params.nFft = nFft;
        params.winLength = winLength;
        params.hop = hop;
        params.center = center;
        params.padMode = reflect ? PadMode::Reflect : PadMode::Constant;
        if (hop == winLength)
            params.window.type = WindowType::Rect;
        const StftPlan plan(params, length, frames);
        std::mt19937 generator(7);
        std::normal_distribution<float> normal;
        ComplexMatrix source(plan.bins(), plan.frames());
        for (auto& value : source.values)
            value = {normal(generator), normal(generator)};

        // The reference: the two transforms one after the other, one thread.
        WorkerPool one(1);
        std::vector<float> expectedSignal(static_cast<std::size_t>(length));
        plan.inverse(source, expectedSignal.data(), one);
        ComplexMatrix expected(plan.bins(), plan.frames());
        plan.forwardFrames(
            expectedSignal.data(),
            [&](int, int frame, std::complex<float>* x) { std::copy_n(x, plan.bins(), expected.frame(frame)); }, one);

        for (int threads : {1, 2, 3}) {
            WorkerPool pool(threads);
            ComplexMatrix state = source;
            ComplexMatrix analysed(plan.bins(), plan.frames());
            std::vector<std::atomic<int>> analyses(static_cast<std::size_t>(plan.frames()));
            std::vector<float> signal(static_cast<std::size_t>(length), 123.0f); // overwritten
            plan.synthesiseAndAnalyse(
                [&](int frame, std::complex<float>* out) { std::copy_n(state.frame(frame), plan.bins(), out); },
                [&](int, int frame, std::complex<float>* x) {
                    std::copy_n(x, plan.bins(), analysed.frame(frame));
                    // A synthesis of this frame after its analysis would read this.
                    std::fill_n(state.frame(frame), plan.bins(), std::complex<float>(1e6f, 0.0f));
                    ++analyses[static_cast<std::size_t>(frame)];
                },
                signal.data(), pool);
            QVERIFY2(signal == expectedSignal, qPrintable(QStringLiteral("signal differs on %1 threads").arg(threads)));
            QVERIFY2(analysed.values == expected.values,
                     qPrintable(QStringLiteral("analysis differs on %1 threads").arg(threads)));
            QVERIFY(std::all_of(analyses.begin(), analyses.end(), [](const std::atomic<int>& count) { return count == 1; }));
        }
    }

    void progressAndCancellation()
    {
        const Signal signal = noiseAndTones(300000, 6);
        StftParams params;
        params.nFft = 1024;
        params.hop = 256;
        WorkerPool pool(2);
        // Progress: increasing shares of "STFT" on the calling thread, the result unchanged.
        std::vector<double> shares;
        const auto caller = std::this_thread::get_id();
        bool otherThread = false;
        JobControl control;
        control.progress = [&](double fraction, const std::string& stage) {
            QCOMPARE(stage, std::string("STFT"));
            otherThread = otherThread || std::this_thread::get_id() != caller;
            shares.push_back(fraction);
        };
        const Spectrogram watched = stft(signal, params, pool, control);
        QVERIFY(watched.coefficients.values == stft(signal, params, pool).coefficients.values);
        QVERIFY(!otherThread);
        QVERIFY2(shares.size() >= 3, qPrintable(QString::number(shares.size())));
        QVERIFY(std::is_sorted(shares.begin(), shares.end()));
        QCOMPARE(shares.front(), 0.0);
        QCOMPARE(shares.back(), 1.0);
        // Cancelled before the first check, and part-way through (from the progress callback).
        std::atomic<bool> cancel{true};
        control.progress = {};
        control.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, stft(signal, params, pool, control));
        cancel = false;
        int calls = 0;
        control.progress = [&](double, const std::string&) {
            if (++calls == 2)
                cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, stft(signal, params, pool, control));
        QCOMPARE(calls, 2); // stopped at the next check after the flag
    }

    void forwardOnlyPlan()
    {
        const Signal signal = noiseAndTones(20000, 7);
        StftParams params;
        params.nFft = 512;
        params.hop = 128;
        WorkerPool pool(2);
        const StftPlan both(params, signal.length());
        const StftPlan forwardOnly(params, signal.length(), -1, StftPlan::Use::ForwardOnly);
        ComplexMatrix a, b;
        both.forward(signal.samples.data(), a, pool);
        forwardOnly.forward(signal.samples.data(), b, pool);
        QVERIFY(a.values == b.values);
        QVERIFY(forwardOnly.invertible()); // NOLA holds; the plan just has no inverse normalisation
        std::vector<float> output(signal.samples.size());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, forwardOnly.inverse(a, output.data(), pool));
    }

    void frameCountsFollowTorch()
    {
        StftParams params;
        params.nFft = 2048;
        params.hop = 512;
        QCOMPARE(params.frameCount(44100), 1 + 44100 / 512);
        QCOMPARE(params.defaultSignalLength(87), static_cast<std::int64_t>(512 * 86));
        params.center = false;
        QCOMPARE(params.frameCount(44100), 1 + (44100 - 2048) / 512);
        QCOMPARE(params.defaultSignalLength(83), static_cast<std::int64_t>(2048 + 512 * 82));
        QCOMPARE(params.frameCount(2047), 0);
    }
};

QTEST_APPLESS_MAIN(TestStft)
#include "test_stft.moc"
