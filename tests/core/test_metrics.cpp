// SPDX-License-Identifier: GPL-3.0-or-later
// core/reconstruction/metrics: spectral convergence, phase errors (raw, sign-corrected, unweighted,
// component-corrected) and SNR against closed forms and synthetic cases with known answers.
#include "core/dsp/polar_parts.hpp"
#include "core/reconstruction/metrics.hpp"
#include "core/dsp/stft.hpp"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace phaselab;

namespace {

constexpr double kPi = std::numbers::pi;

StftParams params(int nFft, int hop)
{
    StftParams p;
    p.nFft = nFft;
    p.hop = hop;
    return p.resolved();
}

/// A tone burst with a Hann envelope from `start` for `duration` samples.
void addBurst(std::vector<float>& samples, std::size_t start, std::size_t duration, double frequency, double rate,
              double amplitude)
{
    for (std::size_t i = 0; i < duration && start + i < samples.size(); ++i) {
        const double envelope = 0.5 - 0.5 * std::cos(2 * kPi * i / duration);
        samples[start + i] += static_cast<float>(amplitude * envelope * std::sin(2 * kPi * frequency * i / rate + 0.3));
    }
}

Signal noise(std::size_t n)
{
    Signal signal;
    signal.sampleRate = 16000;
    signal.samples.resize(n);
    unsigned state = 7;
    for (auto& value : signal.samples) {
        state = state * 1664525u + 1013904223u;
        value = static_cast<float>(static_cast<double>(state >> 8) / 16777216.0 - 0.5);
    }
    return signal;
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private slots:
    void spectralConvergenceClosedForms()
    {
        WorkerPool pool(1);
        const Spectrogram spectrum = stft(noise(4000), params(256, 64), pool);
        const RealMatrix target = magnitudeOf(spectrum.coefficients);
        ComplexMatrix doubled = spectrum.coefficients;
        for (auto& value : doubled.values)
            value *= 2.0f;
        QVERIFY(std::abs(spectralConvergenceDb(doubled, target)) < 1e-4);          // || 2S - S || = ||S||
        ComplexMatrix scaled = spectrum.coefficients;
        for (auto& value : scaled.values)
            value *= std::polar(1.1f, 0.7f);                                          // phase does not matter
        QVERIFY(std::abs(spectralConvergenceDb(scaled, target) - (-20.0)) < 1e-3);  // 0.1 ||S||
        QVERIFY(spectralConvergenceDb(spectrum.coefficients, target) < -300.0 ||
                std::isinf(spectralConvergenceDb(spectrum.coefficients, target)));
    }

    void negatedSignalHasPiErrorAndZeroSignCorrected()
    {
        WorkerPool pool(1);
        const Signal x = noise(4000);
        Signal negated = x;
        for (auto& value : negated.samples)
            value = -value;
        const Spectrogram reference = stft(x, params(256, 64), pool);
        const Spectrogram estimate = stft(negated, params(256, 64), pool);
        const PhaseReference phaseReference(reference.coefficients);
        const PhaseErrors errors = phaseErrors(estimate.coefficients, phaseReference);
        QVERIFY2(std::abs(errors.raw - kPi * kPi) < 1e-4, qPrintable(QString::number(errors.raw)));
        QVERIFY(errors.signCorrected < 1e-8);
        QVERIFY(std::abs(errors.unweighted - kPi * kPi) < 1e-3);
        QVERIFY(errors.componentCorrected < 1e-8);
        const PhaseErrors same = phaseErrors(reference.coefficients, phaseReference);
        QVERIFY(same.raw < 1e-10 && same.unweighted < 1e-10 && same.componentCorrected < 1e-10);
        QCOMPARE(same.componentsFlipped, 0);
    }

    void constantOffsetGivesItsSquare()
    {
        WorkerPool pool(1);
        const Spectrogram reference = stft(noise(3000), params(128, 32), pool);
        const PhaseReference phaseReference(reference.coefficients);
        for (double offset : {0.3, 1.0, 2.5}) {
            ComplexMatrix rotated = reference.coefficients;
            for (auto& value : rotated.values)
                value *= std::polar(1.0f, static_cast<float>(offset));
            const PhaseErrors errors = phaseErrors(rotated, phaseReference);
            QVERIFY(std::abs(errors.raw - offset * offset) < 1e-4);
            QVERIFY(std::abs(errors.unweighted - offset * offset) < 1e-4);
            QVERIFY(std::abs(errors.signCorrected - std::min(offset * offset, (kPi - offset) * (kPi - offset))) < 1e-4);
        }
    }

    void componentsSeparatedInTimeOrFrequency_data()
    {
        QTest::addColumn<bool>("inTime");
        QTest::newRow("time") << true;
        QTest::newRow("frequency") << false;
    }

    void componentsSeparatedInTimeOrFrequency()
    {
        QFETCH(bool, inTime);
        WorkerPool pool(2);
        const double rate = 16000;
        std::vector<float> first(16000, 0.0f), second(16000, 0.0f);
        if (inTime) {
            addBurst(first, 1000, 4000, 700.0, rate, 0.5);
            addBurst(second, 10000, 4000, 1100.0, rate, 0.5);
        } else {
            addBurst(first, 2000, 12000, 500.0, rate, 0.5);
            addBurst(second, 2000, 12000, 5000.0, rate, 0.5);
        }
        Signal reference, flipped;
        reference.sampleRate = flipped.sampleRate = rate;
        for (std::size_t i = 0; i < first.size(); ++i) {
            reference.samples.push_back(first[i] + second[i]);
            flipped.samples.push_back(first[i] - second[i]);
        }
        const StftParams p = params(512, 128);
        const PhaseReference phaseReference(stft(reference, p, pool).coefficients);
        const Spectrogram estimate = stft(flipped, p, pool);
        const PhaseErrors errors = phaseErrors(estimate.coefficients, phaseReference);
        qInfo("%s: components %d, flipped %d, raw %.4f, sign-corrected %.4f, component-corrected %.2e",
              inTime ? "time" : "frequency", errors.components, errors.componentsFlipped, errors.raw, errors.signCorrected,
              errors.componentCorrected);
        QCOMPARE(errors.components, 2);
        QCOMPARE(errors.componentsFlipped, 1);
        QVERIFY(errors.signCorrected > 3.0); // half the energy is off by pi: about pi^2 / 2
        QVERIFY(errors.componentCorrected < 1e-3); // what is left: bins below the -60 dB threshold

        // The per-block partial sums (two threads) give the same figures.
        FrameMetrics metrics(phaseReference.magnitude(), &phaseReference, 2);
        metrics.reset();
        pool.forEachBlock(static_cast<std::size_t>(estimate.frames()), [&](int block, std::size_t begin, std::size_t end) {
            for (std::size_t frame = begin; frame < end; ++frame)
                metrics.addFrame(block, static_cast<int>(frame), estimate.coefficients.frame(static_cast<int>(frame)));
        });
        const PhaseErrors parallel = *metrics.phaseErrors();
        QCOMPARE(parallel.raw, errors.raw);
        QCOMPARE(parallel.componentsFlipped, errors.componentsFlipped);
        QVERIFY(std::abs(parallel.componentCorrected - errors.componentCorrected) < 1e-12);
    }

    void connectivityFourOrEight()
    {
        // Two bins touching only diagonally: one region with 8 neighbours, two with 4.
        ComplexMatrix spectrum(4, 3);
        spectrum.at(0, 1) = 1.0f;
        spectrum.at(1, 2) = 1.0f;
        spectrum.at(2, 0) = 1e-4f; // -80 dB: below the default threshold
        QCOMPARE(PhaseReference(spectrum).components(), 1);
        ComponentOptions four;
        four.eightConnected = false;
        QCOMPARE(PhaseReference(spectrum, four).components(), 2);
        ComponentOptions low;
        low.thresholdDb = -100.0;
        QCOMPARE(PhaseReference(spectrum, low).components(), 2);
        QCOMPARE(PhaseReference(spectrum).labels()[static_cast<std::size_t>(2 * 4 + 0)], -1);
    }

    void signalToNoiseClosedForms()
    {
        const std::vector<float> reference = {0.5f, -0.25f, 1.0f, 0.0f, -0.75f};
        std::vector<float> half(reference), negated(reference);
        for (auto& value : half)
            value *= 0.5f;
        for (auto& value : negated)
            value = -value;
        const SnrFigures a = signalToNoise(reference.data(), 5, half.data(), 5);
        QVERIFY(std::abs(a.snrDb - 10.0 * std::log10(4.0)) < 1e-9);
        QCOMPARE(a.snrDb, a.snrSignCorrectedDb);
        const SnrFigures b = signalToNoise(reference.data(), 5, negated.data(), 5);
        QVERIFY(std::abs(b.snrDb - 10.0 * std::log10(0.25)) < 1e-9);
        QVERIFY(std::isinf(b.snrSignCorrectedDb));
        // A shorter estimate counts as zeros past its end.
        const SnrFigures c = signalToNoise(reference.data(), 5, reference.data(), 3);
        const double tail = 0.0 * 0.0 + 0.75 * 0.75;
        const double energy = 0.25 + 0.0625 + 1.0 + 0.0 + 0.5625;
        QVERIFY(std::abs(c.snrDb - 10.0 * std::log10(energy / tail)) < 1e-9);
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
