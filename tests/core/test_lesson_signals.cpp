// SPDX-License-Identifier: GPL-3.0-or-later
// The lessons' synthetic cases with known answers: -x as the estimate gives the raw
// weighted phase error pi^2 and a sign-corrected error of 0; two bursts separated in time (or in
// frequency) with one flipped give a component-corrected error of ~0 while the sign-corrected one
// stays large; and a reconstruction from one flipped component keeps that flip.
#include "core/dsp/comparison_maps.hpp"
#include "core/base/error.hpp"
#include "core/lessons/lesson_signals.hpp"
#include "core/reconstruction/metrics.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft.hpp"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numbers>

using namespace phaselab;

namespace {

constexpr double kPi2 = std::numbers::pi * std::numbers::pi;

StftParams lessonParams()
{
    StftParams params;
    params.nFft = 1024;
    params.hop = 256;
    return params;
}

double energy(const Signal& signal, double begin, double end)
{
    double sum = 0.0;
    for (auto n = static_cast<std::int64_t>(begin * signal.sampleRate);
         n < static_cast<std::int64_t>(end * signal.sampleRate) && n < signal.length(); ++n)
        sum += double(signal.samples[std::size_t(n)]) * signal.samples[std::size_t(n)];
    return sum;
}

} // namespace

class TestLessonSignals : public QObject {
    Q_OBJECT
private slots:
    void burstsAreWhereTheySayTheyAre()
    {
        const ComponentPair pair = componentPair(ComponentSeparation::Time);
        const Signal x = componentSignal(pair, false);
        QCOMPARE(x.length(), std::int64_t(32000));
        QCOMPARE(x.sampleRate, 16000.0);
        // Each burst carries half the energy; nothing between them.
        const double first = energy(x, 0.0, 1.0), second = energy(x, 1.0, 2.0);
        QVERIFY(first > 100.0);
        QVERIFY(std::abs(first - second) / first < 0.01);
        QCOMPARE(energy(x, 0.81, 1.19), 0.0);
        // Closed form of the envelope's energy: amplitude^2 * 3/8 * duration * rate / 2.
        QVERIFY(std::abs(first - 0.25 * 0.375 * 0.7 * 16000 / 2) / first < 0.01);
        // Flipping the second burst negates exactly those samples.
        const Signal flipped = componentSignal(pair, true);
        for (std::int64_t n = 0; n < x.length(); ++n) {
            const float expected = n < 16000 ? x.samples[std::size_t(n)] : -x.samples[std::size_t(n)];
            QCOMPARE(flipped.samples[std::size_t(n)], expected);
        }
    }

    void negatedAndExcerpt()
    {
        const Signal x = componentSignal(componentPair(ComponentSeparation::Frequency), false);
        const Signal minus = negated(x);
        for (std::size_t n = 0; n < x.samples.size(); n += 97)
            QCOMPARE(minus.samples[n], -x.samples[n]);
        const Signal part = excerpt(x, 0.5, 0.75);
        QCOMPARE(part.length(), std::int64_t(4000));
        QCOMPARE(part.samples[0], x.samples[8000]);
        QVERIFY_THROWS_EXCEPTION(InputError, excerpt(x, 3.0, 4.0));
        QVERIFY_THROWS_EXCEPTION(InputError, synthesiseToneBursts({}, 0.0, 1.0));
        QVERIFY_THROWS_EXCEPTION(InputError, synthesiseToneBursts({}, 16000.0, 1e9));
    }

    void minusXHasRawErrorPiSquaredAndNoSignCorrectedError()
    {
        WorkerPool pool(2);
        const Signal x = componentSignal(componentPair(ComponentSeparation::Time), false);
        const Spectrogram reference = stft(x, lessonParams(), pool);
        const Spectrogram estimate = stft(negated(x), lessonParams(), pool);
        const PhaseReference phaseReference(reference.coefficients);
        const PhaseErrors errors = phaseErrors(estimate.coefficients, phaseReference);
        qInfo("-x: raw %.6f (pi^2 = %.6f), sign-corrected %.3g, component-corrected %.3g, unweighted %.4f",
              errors.raw, kPi2, errors.signCorrected, errors.componentCorrected, errors.unweighted);
        QVERIFY(std::abs(errors.raw - kPi2) < 1e-3 * kPi2);
        QVERIFY(errors.signCorrected < 1e-6);
        // Bins below the -60 dB threshold belong to no region and stay off by pi: ~1e-5 of pi^2.
        QVERIFY(errors.componentCorrected < 1e-4);
        QCOMPARE(errors.components, 2);
        QCOMPARE(errors.componentsFlipped, 2);
    }

    void oneFlippedComponentIsCorrectedOnlyPerComponent_data()
    {
        QTest::addColumn<int>("separation");
        QTest::newRow("time") << int(ComponentSeparation::Time);
        QTest::newRow("frequency") << int(ComponentSeparation::Frequency);
    }

    void oneFlippedComponentIsCorrectedOnlyPerComponent()
    {
        QFETCH(int, separation);
        WorkerPool pool(2);
        const ComponentPair pair = componentPair(ComponentSeparation(separation));
        const Spectrogram reference = stft(componentSignal(pair, false), lessonParams(), pool);
        const Spectrogram estimate = stft(componentSignal(pair, true), lessonParams(), pool);
        // The two spectrograms are the same (up to float rounding).
        QVERIFY(spectralConvergenceDb(estimate.coefficients, phaselab::PhaseReference(reference.coefficients).magnitude()) < -100.0);
        const PhaseReference phaseReference(reference.coefficients);
        const PhaseErrors errors = phaseErrors(estimate.coefficients, phaseReference);
        qInfo("one flipped (%s): raw %.4f, sign-corrected %.4f, component-corrected %.3g, %d components, %d flipped",
              separation == int(ComponentSeparation::Time) ? "time" : "frequency", errors.raw, errors.signCorrected,
              errors.componentCorrected, errors.components, errors.componentsFlipped);
        QCOMPARE(errors.components, 2);
        QCOMPARE(errors.componentsFlipped, 1);
        QVERIFY(errors.componentCorrected < 1e-4);
        // Half the energy is off by pi whichever global sign is taken.
        QVERIFY(errors.signCorrected > 0.4 * kPi2);
        QVERIFY(errors.raw > 0.4 * kPi2);
    }

    void comparisonMapsShowWhichComponentIsFlipped()
    {
        WorkerPool pool(2);
        const ComponentPair pair = componentPair(ComponentSeparation::Time);
        const Spectrogram reference = stft(componentSignal(pair, false), lessonParams(), pool);
        const Spectrogram estimate = stft(componentSignal(pair, true), lessonParams(), pool);
        const PhaseReference phaseReference(reference.coefficients);
        const PhaseOffsets offsets = bestPhaseOffsets(estimate.coefficients, phaseReference);
        QCOMPARE(int(offsets.regionFlipped.size()), 2);
        QCOMPARE(int(offsets.regionFlipped[0]) + int(offsets.regionFlipped[1]), 1);
        const RealMatrix raw = phaseErrorMap(estimate.coefficients, phaseReference, PhaseCorrection::None);
        const RealMatrix component = phaseErrorMap(estimate.coefficients, phaseReference, PhaseCorrection::Component);
        const RealMatrix sign = phaseErrorMap(estimate.coefficients, phaseReference, PhaseCorrection::Sign);
        // In every bin of a region: the raw map is 0 in the first burst and +-pi in the second;
        // the component-corrected map is 0 everywhere; the sign-corrected map keeps one burst at pi.
        int first = 0, second = 0;
        for (int frame = 0; frame < raw.frames; ++frame) {
            const bool early = (frame * 256.0) / 16000.0 < 1.0;
            for (int bin = 0; bin < raw.bins; ++bin) {
                if (phaseReference.labels()[std::size_t(frame) * raw.bins + bin] < 0)
                    continue;
                const float r = raw.at(frame, bin), c = component.at(frame, bin), g = sign.at(frame, bin);
                QVERIFY(std::abs(c) < 1e-3f);
                if (early) {
                    QVERIFY(std::abs(r) < 1e-3f);
                    ++first;
                } else {
                    QVERIFY(std::abs(std::abs(r) - float(std::numbers::pi)) < 1e-3f);
                    ++second;
                }
                QVERIFY(std::abs(std::abs(g) - float(std::numbers::pi) / 2.0f) > 1.0f); // 0 or pi, never between
            }
        }
        QVERIFY(first > 100 && second > 100);
        // The magnitude error of a flipped component is nothing but float rounding.
        const RealMatrix error = magnitudeErrorMap(estimate.coefficients, phaseReference.magnitude());
        float largest = 0.0f;
        for (float value : error.values)
            largest = std::max(largest, value);
        QVERIFY(largest < 1e-3f * *std::max_element(phaseReference.magnitude().values.begin(), phaseReference.magnitude().values.end()));
        QVERIFY_THROWS_EXCEPTION(InputError, phaseErrorMap(ComplexMatrix(3, 2), phaseReference, PhaseCorrection::None));
    }

    void reconstructionKeepsAFlippedComponent()
    {
        // FGLA started from the phase of a - b stays there: a consistent spectrogram with the
        // right magnitudes (spectral convergence at the float floor) that only the
        // component-corrected error calls perfect.
        WorkerPool pool(2);
        const ComponentPair pair = componentPair(ComponentSeparation::Time);
        const Signal x = componentSignal(pair, false);
        const Spectrogram reference = stft(x, lessonParams(), pool);
        const Spectrogram flipped = stft(componentSignal(pair, true), lessonParams(), pool);
        const PhaseReference phaseReference(reference.coefficients);
        RealMatrix phase(flipped.bins(), flipped.frames());
        for (std::size_t i = 0; i < phase.values.size(); ++i)
            phase.values[i] = std::arg(flipped.coefficients.values[i]);
        ReconstructionProblem problem;
        problem.magnitude = &phaseReference.magnitude();
        problem.params = lessonParams();
        problem.signalLength = x.length();
        problem.sampleRate = x.sampleRate;
        problem.phase = &phase;
        problem.reference = &phaseReference;
        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.init = InitialPhase::Given;
        options.iterations = 10;
        const ReconstructionResult result = reconstruct(problem, options, pool);
        QCOMPARE(int(result.iterations.size()), 11);
        const PhaseErrors& last = *result.iterations.back().phase;
        qInfo("FGLA from a - b: SC %.1f dB, raw %.3f, sign %.3f, component %.3g",
              result.iterations.back().spectralConvergenceDb, last.raw, last.signCorrected, last.componentCorrected);
        QVERIFY(result.iterations.back().spectralConvergenceDb < -60.0);
        QVERIFY(last.componentCorrected < 1e-3);
        QVERIFY(last.signCorrected > 0.4 * kPi2);
    }
};

QTEST_APPLESS_MAIN(TestLessonSignals)
#include "test_lesson_signals.moc"
