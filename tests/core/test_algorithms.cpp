// SPDX-License-Identifier: GPL-3.0-or-later
// The reconstruction engine (core/reconstruction/reconstruction.hpp, core/algorithms/*): exact inversion with the
// true phase, GLA's monotone inconsistency, PGHI on closed-form signals, FGLA against torchaudio's
// figure on a committed clip, cancellation, seeds, thread-count independence, every method runs.
#include "core/dsp/polar_parts.hpp"
#include "core/algorithms/pghi.hpp"
#include "core/algorithms/spsi.hpp"
#include "core/base/error.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTest>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <numbers>

using namespace phaselab;

namespace {

/// Raised-cosine fades of `seconds` at both ends: keeps the edges (and the reflect padding) from
/// adding broadband clicks that no phase-from-magnitude method models.
void fadeEdges(Signal& signal, double seconds)
{
    const std::size_t n = signal.samples.size();
    const std::size_t fade = std::min(n / 2, static_cast<std::size_t>(seconds * signal.sampleRate));
    for (std::size_t i = 0; i < fade; ++i) {
        const float gain = static_cast<float>(0.5 - 0.5 * std::cos(std::numbers::pi * i / fade));
        signal.samples[i] *= gain;
        signal.samples[n - 1 - i] *= gain;
    }
}

Signal makeChirp(double seconds, double rate)
{
    Signal signal;
    signal.sampleRate = rate;
    const int n = static_cast<int>(seconds * rate);
    signal.samples.resize(static_cast<std::size_t>(n));
    // 200 Hz -> 3000 Hz linear sweep
    const double f0 = 200.0, f1 = 3000.0;
    for (int i = 0; i < n; ++i) {
        const double t = i / rate;
        signal.samples[static_cast<std::size_t>(i)] =
            static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * (f0 * t + 0.5 * (f1 - f0) / seconds * t * t)));
    }
    fadeEdges(signal, 0.1);
    return signal;
}

Signal makeTones(double seconds, double rate)
{
    Signal signal;
    signal.sampleRate = rate;
    const int n = static_cast<int>(seconds * rate);
    signal.samples.resize(static_cast<std::size_t>(n));
    const double frequencies[] = {220.0, 440.0 * 1.01, 1234.5, 2500.0};
    const double amplitudes[] = {0.3, 0.2, 0.15, 0.1};
    for (int i = 0; i < n; ++i) {
        double value = 0.0;
        for (int k = 0; k < 4; ++k)
            value += amplitudes[k] * std::sin(2 * std::numbers::pi * frequencies[k] * i / rate + k);
        signal.samples[static_cast<std::size_t>(i)] = static_cast<float>(value);
    }
    fadeEdges(signal, 0.1);
    return signal;
}

Signal fixtureClip()
{
    std::ifstream in(testing::fixturePath("alg_clip.s16"), std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Signal signal;
    signal.sampleRate = 22050;
    signal.samples.resize(bytes.size() / 2);
    for (std::size_t i = 0; i < signal.samples.size(); ++i) {
        const auto lo = static_cast<unsigned char>(bytes[2 * i]);
        const auto hi = static_cast<unsigned char>(bytes[2 * i + 1]);
        const auto value = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
        signal.samples[i] = static_cast<float>(value) / 32768.0f;
    }
    return signal;
}

StftParams params(int nFft, int hop, const std::string& window = "hann")
{
    StftParams p;
    p.nFft = nFft;
    p.hop = hop;
    p.window = WindowSpec::parse(window);
    return p.resolved();
}

/// Everything a reconstruction of `signal` needs, kept alive together.
struct Case {
    Spectrogram spectrogram;
    RealMatrix magnitude;
    PhaseReference reference;
    Signal signal;
    ReconstructionProblem problem;

    Case(const Signal& input, const StftParams& p, WorkerPool& pool)
        : spectrogram(stft(input, p, pool)), magnitude(magnitudeOf(spectrogram.coefficients)),
          reference(spectrogram.coefficients), signal(input)
    {
        problem.magnitude = &magnitude;
        problem.params = p;
        problem.signalLength = signal.length();
        problem.sampleRate = signal.sampleRate;
        problem.reference = &reference;
        problem.referenceSignal = signal.samples.data();
        problem.referenceLength = signal.length();
    }
};

} // namespace

class TestAlgorithms : public QObject {
    Q_OBJECT

private slots:
    void truePhaseThroughIstftIsExact()
    {
        WorkerPool pool(2);
        Case c(makeTones(0.5, 16000), params(512, 128), pool);
        const RealMatrix phase = phaseOf(c.spectrogram.coefficients);
        c.problem.phase = &phase;
        ReconstructionOptions options;
        options.algorithm = Algorithm::Istft;
        const ReconstructionResult result = reconstruct(c.problem, options, pool);
        QCOMPARE(result.iterations.size(), std::size_t(1));
        QVERIFY2(result.iterations[0].spectralConvergenceDb < -100.0,
                 qPrintable(QString::number(result.iterations[0].spectralConvergenceDb)));
        QVERIFY(result.snr && result.snr->snrDb > 100.0);
        QVERIFY(result.iterations[0].phase && result.iterations[0].phase->raw < 1e-8);
    }

    void glaInconsistencyNeverIncreases()
    {
        WorkerPool pool(2);
        Case c(fixtureClip(), params(512, 128), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Gla;
        options.init = InitialPhase::Random;
        options.iterations = 60;
        const ReconstructionResult result = reconstruct(c.problem, options, pool);
        QCOMPARE(result.iterations.size(), std::size_t(61));
        for (std::size_t k = 1; k < result.iterations.size(); ++k)
            QVERIFY2(result.iterations[k].spectralConvergenceDb <= result.iterations[k - 1].spectralConvergenceDb + 1e-4,
                     qPrintable(QString("iteration %1: %2 after %3").arg(k)
                                    .arg(result.iterations[k].spectralConvergenceDb)
                                    .arg(result.iterations[k - 1].spectralConvergenceDb)));
        QVERIFY(result.iterations.back().spectralConvergenceDb < result.iterations.front().spectralConvergenceDb - 5.0);
    }

    void pghiOnChirpAndTonesWithGaussianWindow_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("chirp") << 0;
        QTest::newRow("tones") << 1;
    }

    void pghiOnChirpAndTonesWithGaussianWindow()
    {
        QFETCH(int, kind);
        WorkerPool pool(2);
        const Signal input = kind == 0 ? makeChirp(1.0, 16000) : makeTones(1.0, 16000);
        Case c(input, params(1024, 128, "gauss:0.125"), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Pghi;
        const ReconstructionResult result = reconstruct(c.problem, options, pool);
        const double sc = result.iterations.at(0).spectralConvergenceDb;
        qInfo("PGHI %s, gauss:0.125 1024/128: SC %.2f dB", kind == 0 ? "chirp" : "tones", sc);
        QVERIFY2(sc <= -30.0, qPrintable(QString::number(sc)));
    }

    void pghiBeatsZeroPhaseWithHann()
    {
        WorkerPool pool(2);
        Case c(makeChirp(1.0, 16000), params(1024, 256), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Pghi;
        const double pghi = reconstruct(c.problem, options, pool).iterations.at(0).spectralConvergenceDb;
        options.algorithm = Algorithm::Istft;
        const double zero = reconstruct(c.problem, options, pool).iterations.at(0).spectralConvergenceDb;
        qInfo("chirp hann 1024/256: PGHI %.2f dB, zero phase %.2f dB", pghi, zero);
        QVERIFY(pghi < -30.0);
        QVERIFY(pghi < zero - 10.0);
    }

    void spsiOnTones()
    {
        WorkerPool pool(2);
        Case c(makeTones(1.0, 16000), params(1024, 256), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Spsi;
        const double spsi = reconstruct(c.problem, options, pool).iterations.at(0).spectralConvergenceDb;
        options.algorithm = Algorithm::Istft;
        const double zero = reconstruct(c.problem, options, pool).iterations.at(0).spectralConvergenceDb;
        qInfo("tones hann 1024/256: SPSI %.2f dB, zero phase %.2f dB", spsi, zero);
        QVERIFY(spsi < -25.0);
        QVERIFY(spsi < zero - 10.0);
    }

    void fglaMatchesTorchaudio()
    {
        const auto figures = testing::readJsonFixture("alg_torchaudio.json");
        WorkerPool pool(2);
        const Signal clip = fixtureClip();
        QCOMPARE(clip.length(), figures["length"].get<std::int64_t>());
        Case c(clip, params(figures["n_fft"].get<int>(), figures["hop"].get<int>()), pool);
        for (const char* name : {"fgla", "gla"}) {
            ReconstructionOptions options;
            options.algorithm = std::string(name) == "fgla" ? Algorithm::Fgla : Algorithm::Gla;
            options.iterations = 100;
            const ReconstructionResult result = reconstruct(c.problem, options, pool);
            for (const char* k : {"10", "50", "100"}) {
                const double ours = result.iterations.at(static_cast<std::size_t>(std::atoi(k))).spectralConvergenceDb;
                const double theirs = figures[name][k].get<double>();
                qInfo("%s %s iterations: PhaseLab %.3f dB, torchaudio %.3f dB", name, k, ours, theirs);
                QVERIFY2(std::abs(ours - theirs) <= 1.0, qPrintable(QString("%1 %2: %3 vs %4").arg(name, k).arg(ours).arg(theirs)));
            }
        }
    }

    void everyMethodImprovesOnZeroPhase()
    {
        WorkerPool pool(2);
        Case c(fixtureClip(), params(512, 128), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Istft;
        const double zero = reconstruct(c.problem, options, pool).iterations.at(0).spectralConvergenceDb;
        for (Algorithm algorithm : {Algorithm::Gla, Algorithm::Fgla, Algorithm::Raar, Algorithm::RtisiLa, Algorithm::Pghi,
                                    Algorithm::Spsi, Algorithm::Agla}) {
            options.algorithm = algorithm;
            options.iterations = algorithm == Algorithm::RtisiLa ? 5 : 30;
            const ReconstructionResult result = reconstruct(c.problem, options, pool);
            const double sc = result.iterations.back().spectralConvergenceDb;
            qInfo("%s: SC %.2f dB (zero phase %.2f dB)", algorithmName(algorithm).c_str(), sc, zero);
            QVERIFY2(sc < zero - 3.0, qPrintable(QString::fromStdString(algorithmName(algorithm))));
            QCOMPARE(result.signal.length(), c.signal.length());
            QVERIFY(result.snr.has_value());
        }
        for (InitialPhase init : {InitialPhase::Random, InitialPhase::Pghi, InitialPhase::Spsi}) {
            options.algorithm = Algorithm::Fgla;
            options.init = init;
            options.iterations = 5;
            const ReconstructionResult result = reconstruct(c.problem, options, pool);
            QCOMPARE(result.iterations.size(), std::size_t(6));
        }
    }

    void aglaWithoutAccelerationIsGla()
    {
        // alpha = beta = 0, gamma = 1: t = P_C(P_A(c)), c = t, and the pass synthesises P_A(c) -- GLA's sequence.
        WorkerPool pool(2);
        Case c(fixtureClip(), params(512, 128), pool);
        ReconstructionOptions gla;
        gla.algorithm = Algorithm::Gla;
        gla.iterations = 20;
        ReconstructionOptions agla = gla;
        agla.algorithm = Algorithm::Agla;
        agla.momentum = 0.0;
        agla.aglaBeta = 0.0;
        agla.aglaGamma = 1.0;
        const ReconstructionResult a = reconstruct(c.problem, gla, pool), b = reconstruct(c.problem, agla, pool);
        QCOMPARE(b.iterations.size(), a.iterations.size());
        for (std::size_t k = 0; k < a.iterations.size(); ++k)
            QVERIFY2(std::abs(a.iterations[k].spectralConvergenceDb - b.iterations[k].spectralConvergenceDb) < 1e-3,
                     qPrintable(QStringLiteral("iteration %1: %2 vs %3 dB").arg(k).arg(a.iterations[k].spectralConvergenceDb)
                                    .arg(b.iterations[k].spectralConvergenceDb)));
    }

    void aglaConvergesFasterThanGlaAndFgla()
    {
        // On the defaults tuned on speech (alpha 0.99, beta 1.1, gamma 1.1), on speech and on a chirp.
        WorkerPool pool(2);
        for (const Signal& signal : {fixtureClip(), makeChirp(1.5, 16000)}) {
            Case c(signal, params(512, 128), pool);
            ReconstructionOptions options;
            options.iterations = 100;
            std::map<Algorithm, std::vector<double>> curves;
            for (Algorithm algorithm : {Algorithm::Gla, Algorithm::Fgla, Algorithm::Agla}) {
                options.algorithm = algorithm;
                for (const IterationRecord& record : reconstruct(c.problem, options, pool).iterations)
                    curves[algorithm].push_back(record.spectralConvergenceDb);
            }
            for (int k : {30, 100}) {
                const double gla = curves[Algorithm::Gla][static_cast<std::size_t>(k)];
                const double fgla = curves[Algorithm::Fgla][static_cast<std::size_t>(k)];
                const double agla = curves[Algorithm::Agla][static_cast<std::size_t>(k)];
                qInfo("%d iterations: gla %.2f, fgla %.2f, agla %.2f dB", k, gla, fgla, agla);
                QVERIFY2(agla < gla - 3.0, qPrintable(QStringLiteral("agla %1 vs gla %2 dB").arg(agla).arg(gla)));
                QVERIFY2(agla < fgla, qPrintable(QStringLiteral("agla %1 vs fgla %2 dB").arg(agla).arg(fgla)));
            }
        }
    }

    void aglaRefusesBadParameters()
    {
        WorkerPool pool(1);
        Case c(makeTones(0.5, 8000), params(256, 64), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Agla;
        options.iterations = 2;
        options.aglaGamma = 0.0;
        QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(c.problem, options, pool));
        options.aglaGamma = 0.2;
        options.aglaBeta = -1.0;
        QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(c.problem, options, pool));
    }

    void cancellationStopsWithinOneIteration()
    {
        WorkerPool pool(2);
        Case c(fixtureClip(), params(512, 128), pool);
        for (Algorithm algorithm : {Algorithm::Gla, Algorithm::Fgla, Algorithm::Raar, Algorithm::Agla}) {
            std::atomic<bool> cancel{false};
            int calls = 0;
            ReconstructionOptions options;
            options.algorithm = algorithm;
            options.iterations = 1000;
            const ReconstructionResult result = reconstruct(
                c.problem, options, pool,
                [&](const IterationRecord& record) {
                    ++calls;
                    if (record.iteration == 3)
                        cancel = true;
                },
                &cancel);
            QVERIFY(result.cancelled);
            QCOMPARE(result.iterationsDone, 3);
            QCOMPARE(result.iterations.size(), std::size_t(4));
            QCOMPARE(calls, 4);
            QCOMPARE(result.signal.length(), c.signal.length());
        }
        std::atomic<bool> cancel{true};
        ReconstructionOptions options;
        options.algorithm = Algorithm::RtisiLa;
        const ReconstructionResult result = reconstruct(c.problem, options, pool, {}, &cancel);
        QVERIFY(result.cancelled);
    }

    void seedGivesTheSameResultTwice()
    {
        WorkerPool pool(2);
        Case c(fixtureClip(), params(512, 128), pool);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.init = InitialPhase::Random;
        options.iterations = 10;
        options.seed = 42;
        const ReconstructionResult a = reconstruct(c.problem, options, pool);
        const ReconstructionResult b = reconstruct(c.problem, options, pool);
        QVERIFY(a.signal.samples == b.signal.samples);
        QCOMPARE(a.iterations.back().spectralConvergenceDb, b.iterations.back().spectralConvergenceDb);
        options.seed = 43;
        const ReconstructionResult other = reconstruct(c.problem, options, pool);
        QVERIFY(other.signal.samples != a.signal.samples);
        // Random phases are uniform in [0, 2 pi): mean of cos near 0.
        ReconstructionProblem problem = c.problem;
        const RealMatrix phase = initialPhase(problem, options);
        double cosSum = 0.0, minimum = 10.0, maximum = -10.0;
        for (float value : phase.values) {
            cosSum += std::cos(value);
            minimum = std::min(minimum, static_cast<double>(value));
            maximum = std::max(maximum, static_cast<double>(value));
        }
        QVERIFY(std::abs(cosSum / phase.values.size()) < 0.02);
        QVERIFY(minimum >= 0.0 && minimum < 0.01);
        QVERIFY(maximum < 2 * std::numbers::pi && maximum > 2 * std::numbers::pi - 0.01);
    }

    void threadCountDoesNotChangeTheFigures()
    {
        WorkerPool one(1), two(2);
        const Signal clip = fixtureClip();
        Case c(clip, params(512, 128), one);
        for (Algorithm algorithm : {Algorithm::Gla, Algorithm::Fgla, Algorithm::Raar}) {
            ReconstructionOptions options;
            options.algorithm = algorithm;
            options.iterations = 20;
            const ReconstructionResult a = reconstruct(c.problem, options, one);
            const ReconstructionResult b = reconstruct(c.problem, options, two);
            QCOMPARE(a.threads, 1);
            QCOMPARE(b.threads, 2);
            QCOMPARE(a.iterations.size(), b.iterations.size());
            for (std::size_t k = 0; k < a.iterations.size(); ++k) {
                QCOMPARE(a.iterations[k].spectralConvergenceDb, b.iterations[k].spectralConvergenceDb);
                QCOMPARE(a.iterations[k].phase->raw, b.iterations[k].phase->raw);
                QCOMPARE(a.iterations[k].phase->unweighted, b.iterations[k].phase->unweighted);
                QVERIFY(std::abs(a.iterations[k].phase->componentCorrected - b.iterations[k].phase->componentCorrected) <=
                        1e-9 * (1.0 + a.iterations[k].phase->componentCorrected));
            }
            QVERIFY(a.signal.samples == b.signal.samples);
        }
    }

    void badInputIsRefused()
    {
        WorkerPool pool(1);
        Case c(makeTones(0.2, 16000), params(512, 128), pool);
        ReconstructionOptions options;
        ReconstructionProblem problem = c.problem;
        problem.params.nFft = 1024;
        QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(problem, options, pool));
        problem = c.problem;
        options.init = InitialPhase::Given;
        QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(problem, options, pool));
        options = {};
        options.momentum = 1.5;
        QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(problem, options, pool));
        options = {};
        RealMatrix zeros(c.magnitude.bins, c.magnitude.frames);
        problem.magnitude = &zeros;
        QVERIFY_THROWS_EXCEPTION(InputError, reconstruct(problem, options, pool));
        QVERIFY_THROWS_EXCEPTION(InputError, parseAlgorithm("griffin"));
        QCOMPARE(parseAlgorithm("rtisi-la"), Algorithm::RtisiLa);
        QCOMPARE(parseInitialPhase("pghi"), InitialPhase::Pghi);
    }

    void pghiGammaConstants()
    {
        QCOMPARE(pghiLambda(params(1000, 250, "hann")), 0.25645 * 1e6);
        QVERIFY(std::abs(pghiLambda(params(1000, 250, "gauss:0.1")) - 2 * std::numbers::pi * 100.0 * 100.0) < 1e-6);
        // The least-squares Gaussian fit used for other windows reproduces Průša's Blackman constant closely.
        const double fitted = pghiLambda(params(1000, 250, "kaiser:8")) / 1e6;
        QVERIFY(fitted > 0.1 && fitted < 0.3);
    }
};

QTEST_APPLESS_MAIN(TestAlgorithms)
#include "test_algorithms.moc"
