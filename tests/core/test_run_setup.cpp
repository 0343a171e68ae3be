// SPDX-License-Identifier: GPL-3.0-or-later
// core/reconstruction/run_setup and core/dsp/polar_parts: the set-up the CLI, the Python module
// and the workbench share, checked against closed forms (polar parts of known values, frame
// counts and lengths from the framing formulas) and a round trip (true phase through the plain
// ISTFT gives the signal back).
#include "core/base/error.hpp"
#include "core/dsp/polar_parts.hpp"
#include "core/reconstruction/run_setup.hpp"

#include <QTest>

#include <cmath>
#include <complex>
#include <numbers>

using namespace phaselab;

namespace {

StftParams params(int nFft, int hop)
{
    StftParams p;
    p.nFft = nFft;
    p.hop = hop;
    return p.resolved();
}

std::shared_ptr<Signal> tones(std::int64_t length, double rate)
{
    auto signal = std::make_shared<Signal>();
    signal->sampleRate = rate;
    signal->samples.resize(static_cast<std::size_t>(length));
    for (std::int64_t n = 0; n < length; ++n)
        signal->samples[static_cast<std::size_t>(n)] =
            static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 440.0 * n / rate) +
                               0.25 * std::sin(2 * std::numbers::pi * 1250.0 * n / rate + 0.7));
    return signal;
}

} // namespace

class TestRunSetup : public QObject {
    Q_OBJECT

private slots:
    void polarPartsOfKnownValues()
    {
        ComplexMatrix x(2, 2);
        x.values = {std::polar(2.0f, 0.5f), std::polar(3.0f, -2.5f), std::complex<float>(-1.0f, 0.0f),
                    std::complex<float>(0.0f, 4.0f)};
        const RealMatrix magnitude = magnitudeOf(x);
        const RealMatrix phase = phaseOf(x);
        QCOMPARE(magnitude.bins, 2);
        QCOMPARE(magnitude.frames, 2);
        const float expectedMagnitude[] = {2.0f, 3.0f, 1.0f, 4.0f};
        const double expectedPhase[] = {0.5, -2.5, std::numbers::pi, std::numbers::pi / 2};
        for (std::size_t i = 0; i < 4; ++i) {
            QVERIFY(std::abs(magnitude.values[i] - expectedMagnitude[i]) < 1e-6f);
            QVERIFY(std::abs(phase.values[i] - expectedPhase[i]) < 1e-6);
        }
    }

    void truePhaseGivesTheSignalBack()
    {
        WorkerPool pool(2);
        const auto signal = tones(8000, 16000);
        const Spectrogram spectrogram = stft(*signal, params(512, 128), pool);
        const RunSetup setup = runSetupWithTruth(spectrogram, signal);
        QCOMPARE(setup.signalLength, signal->length());
        QCOMPARE(setup.sampleRate, 16000.0);
        QVERIFY(setup.phase && setup.reference && setup.referenceSignal);
        ReconstructionOptions options;
        options.algorithm = Algorithm::Istft;
        startFromGivenPhase(true, false, options);
        QCOMPARE(options.init, InitialPhase::Given);
        const ReconstructionResult result = reconstruct(reconstructionProblem(setup), options, pool);
        QCOMPARE(result.signal.length(), signal->length());
        QVERIFY(result.snr && result.snr->snrDb > 100.0);
    }

    void withoutTruthOnlyTheMagnitude()
    {
        WorkerPool pool(2);
        const auto signal = tones(4000, 8000);
        const Spectrogram spectrogram = stft(*signal, params(256, 64), pool);
        const RunSetup setup = runSetupWithTruth(spectrogram, nullptr, {}, false);
        QVERIFY(setup.magnitude && !setup.phase && !setup.reference && !setup.referenceSignal);
        QCOMPARE(setup.bins(), 129);
    }

    void melTargetReachesEveryRecord()
    {
        // The mel of the set-up's own |X| as the target: the true phase through the plain ISTFT
        // gives the signal back, so the record's mel spectral convergence is float rounding.
        WorkerPool pool(2);
        const auto signal = tones(4000, 8000);
        const Spectrogram spectrogram = stft(*signal, params(256, 64), pool);
        RunSetup setup = runSetupWithTruth(spectrogram, signal);
        MelSpec spec;
        spec.nMels = 32;
        MelFilterbank bank(spec, 256, 8000);
        attachMelTarget(setup, std::make_shared<const MelTarget>(bank.melSpectrogram(*setup.magnitude, pool), bank));
        const ReconstructionProblem problem = reconstructionProblem(setup);
        QCOMPARE(problem.melTarget, setup.melTarget.get());
        ReconstructionOptions options;
        options.algorithm = Algorithm::Istft;
        const ReconstructionResult result = reconstruct(problem, options, pool);
        QCOMPARE(int(result.iterations.size()), 1);
        QVERIFY(result.iterations[0].melSpectralConvergenceDb);
        QVERIFY(*result.iterations[0].melSpectralConvergenceDb < -80.0);
        // A mel made for another n_fft, or of other frames, does not fit the magnitude.
        const MelFilterbank wider(spec, 512, 8000);
        RealMatrix otherBins(32, setup.frames());
        QVERIFY_THROWS_EXCEPTION(InputError, attachMelTarget(setup, std::make_shared<const MelTarget>(otherBins, wider)));
        RealMatrix fewerFrames(32, setup.frames() - 1);
        QVERIFY_THROWS_EXCEPTION(InputError, attachMelTarget(setup, std::make_shared<const MelTarget>(fewerFrames, bank)));
    }

    void fromFileLengthAndPhase()
    {
        WorkerPool pool(2);
        const auto signal = tones(4000, 8000);
        Spectrogram spectrogram = stft(*signal, params(256, 64), pool);
        spectrogram.signalLength = 0;
        const RunSetup withPhase = runSetupFromFile(spectrogram, true);
        QVERIFY(withPhase.phase);
        // Centred frames of hop H cover (frames - 1) * H samples.
        QCOMPARE(withPhase.signalLength, std::int64_t(spectrogram.frames() - 1) * 64);
        QVERIFY(std::abs(withPhase.phase->values[7] - std::arg(spectrogram.coefficients.values[7])) < 1e-6f);
        spectrogram.signalLength = 3999;
        const RunSetup magnitudeOnly = runSetupFromFile(spectrogram, false);
        QVERIFY(!magnitudeOnly.phase);
        QCOMPARE(magnitudeOnly.signalLength, std::int64_t(3999));
    }

    void referenceWithinOneFrame()
    {
        WorkerPool pool(2);
        const auto signal = tones(4096, 8000);
        const Spectrogram spectrogram = stft(*signal, params(256, 64), pool);
        RunSetup setup = runSetupFromFile(spectrogram, false);
        // One frame more (64 samples longer) is how producers differ: accepted, analysed with the
        // magnitude's own frame count.
        auto longer = tones(4096 + 64, 8000);
        attachReference(setup, longer, "the reference", {}, pool);
        QVERIFY(setup.reference);
        QCOMPARE(setup.reference->frames(), spectrogram.frames());
        QCOMPARE(setup.signalLength, longer->length());
        // Three frames more cannot be the same signal.
        RunSetup other = runSetupFromFile(spectrogram, false);
        QVERIFY_THROWS_EXCEPTION(InputError, attachReference(other, tones(4096 + 3 * 64, 8000), "the reference", {}, pool));
        // Another sample rate neither.
        QVERIFY_THROWS_EXCEPTION(InputError, attachReference(other, tones(4096, 16000), "the reference", {}, pool));
    }

    void lengthTheFramesCover()
    {
        WorkerPool pool(2);
        const Spectrogram spectrogram = stft(*tones(4096, 8000), params(256, 64), pool);
        const RunSetup setup = runSetupFromFile(spectrogram, false);
        const std::int64_t longest = std::int64_t(spectrogram.frames() + 1) * 64 + 256;
        requireCoveredLength(setup, longest);
        QVERIFY_THROWS_EXCEPTION(InputError, requireCoveredLength(setup, longest + 1));
    }

    void pipelineChoices()
    {
        ReconstructionOptions options;
        applyAutoPipeline(true, false, options);
        QCOMPARE(options.algorithm, Algorithm::Istft);
        QCOMPARE(options.init, InitialPhase::Zero);
        applyAutoPipeline(false, false, options);
        QCOMPARE(options.algorithm, Algorithm::Auto);
        ReconstructionOptions chosen;
        chosen.init = InitialPhase::Random;
        applyAutoPipeline(false, true, chosen);
        QCOMPARE(chosen.algorithm, Algorithm::Fgla);
        QCOMPARE(chosen.init, InitialPhase::Random);
        startFromGivenPhase(true, true, chosen);
        QCOMPARE(chosen.init, InitialPhase::Random);
        startFromGivenPhase(false, false, chosen);
        QCOMPARE(chosen.init, InitialPhase::Random);
    }
};

QTEST_GUILESS_MAIN(TestRunSetup)
#include "test_run_setup.moc"
