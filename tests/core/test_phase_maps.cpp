// SPDX-License-Identifier: GPL-3.0-or-later
// Phase maps against closed forms: a stationary tone's instantaneous frequency, an impulse's
// group delay, the sign flip in the phase difference map, wrapping and masking.
#include "core/dsp/phase_maps.hpp"
#include "core/dsp/stft.hpp"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace phaselab;

class TestPhaseMaps : public QObject {
    Q_OBJECT

    static StftParams params()
    {
        StftParams p;
        p.nFft = 1024;
        p.hop = 256;
        return p.resolved();
    }

private slots:
    void wrapsIntoHalfOpenInterval()
    {
        QCOMPARE(wrapPhase(0.0), 0.0);
        QVERIFY(std::abs(wrapPhase(3 * std::numbers::pi) - std::numbers::pi) < 1e-12);
        QVERIFY(std::abs(wrapPhase(-std::numbers::pi) - std::numbers::pi) < 1e-12);
        QVERIFY(std::abs(wrapPhase(7.0) - (7.0 - 2 * std::numbers::pi)) < 1e-12);
        QVERIFY(std::abs(wrapPhase(-7.0) - (-7.0 + 2 * std::numbers::pi)) < 1e-12);
    }

    void toneInstantaneousFrequency()
    {
        const double sampleRate = 16000, frequency = 1234.5;
        Signal tone;
        tone.sampleRate = sampleRate;
        for (int n = 0; n < 16000; ++n)
            tone.samples.push_back(static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * frequency * n / sampleRate)));
        WorkerPool pool(1);
        const Spectrogram spectrogram = stft(tone, params(), pool);
        const RealMatrix frequencies = instantaneousFrequencyMap(spectrogram.coefficients, params(), sampleRate);
        const int peakBin = static_cast<int>(std::lround(frequency * 1024 / sampleRate));
        for (int frame = 5; frame < spectrogram.frames() - 5; ++frame)
            for (int bin = peakBin - 1; bin <= peakBin + 1; ++bin)
                QVERIFY2(std::abs(frequencies.at(frame, bin) - frequency) < 0.5,
                         qPrintable(QString("frame %1 bin %2: %3 Hz").arg(frame).arg(bin).arg(frequencies.at(frame, bin))));
    }

    void impulseGroupDelay()
    {
        const double sampleRate = 8000;
        const int impulseAt = 5000;
        Signal impulse;
        impulse.sampleRate = sampleRate;
        impulse.samples.assign(12000, 0.0f);
        impulse.samples[impulseAt] = 1.0f;
        const StftParams p = params();
        WorkerPool pool(1);
        const Spectrogram spectrogram = stft(impulse, p, pool);
        const RealMatrix delays = groupDelayMap(spectrogram.coefficients, p, sampleRate);
        int checked = 0;
        for (int frame = 0; frame < spectrogram.frames(); ++frame) {
            const int frameStart = frame * p.hop - p.nFft / 2;
            const int offset = impulseAt - frameStart;
            if (offset < 200 || offset > 824) // inside the window, away from its near-zero tails
                continue;
            const double expected = (offset - (p.winOffset + p.winLength / 2.0)) / sampleRate;
            for (int bin = 10; bin < 500; bin += 37) {
                QVERIFY2(std::abs(delays.at(frame, bin) - expected) < 0.5 / sampleRate,
                         qPrintable(QString("frame %1 bin %2: %3 s, expected %4 s").arg(frame).arg(bin).arg(delays.at(frame, bin)).arg(expected)));
                ++checked;
            }
        }
        QVERIFY(checked > 20);
    }

    void signFlipShowsAsPi()
    {
        ComplexMatrix reference(3, 2), negated(3, 2);
        for (std::size_t i = 0; i < reference.values.size(); ++i) {
            reference.values[i] = std::polar(1.0f + i, 0.3f * static_cast<float>(i));
            negated.values[i] = -reference.values[i];
        }
        const RealMatrix raw = phaseDifferenceMap(negated, reference);
        const RealMatrix corrected = phaseDifferenceMap(negated, reference, true);
        for (std::size_t i = 0; i < raw.values.size(); ++i) {
            QVERIFY(std::abs(std::abs(raw.values[i]) - std::numbers::pi) < 1e-5);
            QVERIFY(std::abs(corrected.values[i]) < 1e-5);
        }
        QVERIFY_THROWS_EXCEPTION(std::exception, phaseDifferenceMap(ComplexMatrix(2, 2), reference));
    }

    void masksQuietBins()
    {
        ComplexMatrix reference(4, 1);
        reference.values = {1.0f, 0.1f, 0.0009f, 0.0f};
        RealMatrix map(4, 1, 0.25f);
        maskQuietBins(map, reference, 60.0);
        QCOMPARE(map.values[0], 0.25f);
        QCOMPARE(map.values[1], 0.25f);
        QVERIFY(std::isnan(map.values[2]));
        QVERIFY(std::isnan(map.values[3]));
        QVERIFY(std::isnan(phaseMap(reference).values[3]));
    }
};

QTEST_APPLESS_MAIN(TestPhaseMaps)
#include "test_phase_maps.moc"
