// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser on mel dumps made by torchaudio in four producers' conventions (fixtures/mel, by
// fixtures/make_mel_fixtures.py), as .npy and as raw float32 frame after frame: each is recognised
// as mel with its channel count, value scale, formula, fmax (within 5 %) and its n_fft and hop
// among the top 3 (first with the sample rate given); a linear magnitude dump is not taken for mel.
#include "core/guess/guess.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTest>

#include <cmath>

using namespace phaselab;

class TestMelGuess : public QObject {
    Q_OBJECT
private slots:
    void recognisesEveryConvention()
    {
        for (const auto& c : testing::readJsonFixture("mel/mel_cases.json")) {
            const std::string name = c["name"];
            for (const bool raw : {false, true}) {
                for (const bool rateGiven : {true, false}) {
                    const QString what = QString("%1%2%3").arg(QString::fromStdString(name), raw ? " raw" : " npy",
                                                               rateGiven ? "" : " without sample rate");
                    GuessInput input;
                    input.magnitudePath = testing::fixturePath("mel/" + name + (raw ? ".f32" : ".npy"));
                    input.sampleRate = rateGiven ? double(c["sample_rate"]) : 0.0;
                    const GuessResult result = guess(input, {3, 2});
                    QVERIFY2(!result.candidates.empty(), qPrintable(what));
                    const Candidate& best = result.candidates.front();
                    QVERIFY2(best.mel.has_value(), qPrintable(what + ": " + QString::fromStdString(best.summary())));
                    QCOMPARE(best.mel->nMels, int(c["n_mels"]));
                    QCOMPARE(best.frames, int(c["frames"]));
                    QCOMPARE(melValueScaleName(best.melValueScale), std::string(c["value_scale"]));
                    QCOMPARE(best.storage.layout, raw ? MatrixLayout::FramesByBins : MatrixLayout::BinsByFrames);
                    if (!rateGiven)
                        continue; // the producer's own rate is assumed, and may not be this one
                    QCOMPARE(melScaleName(best.mel->scale), std::string(c["mel_scale"]));
                    QCOMPARE(melNormName(best.mel->norm), std::string(c["norm"]));
                    QCOMPARE(best.mel->power, double(c["power"]));
                    QVERIFY2(std::abs(best.mel->fmax - double(c["fmax"])) <= 0.05 * double(c["fmax"]), qPrintable(what));
                    QCOMPARE(best.framing.nFft, int(c["n_fft"]));
                    QCOMPARE(best.framing.hop, int(c["hop"]));
                }
            }
        }
    }

    void linearDumpIsNotMel()
    {
        GuessInput input;
        input.magnitudePath = testing::fixturePath("guess/torch_mag.npy");
        const GuessResult result = guess(input, {3, 2});
        QVERIFY(!result.candidates.empty());
        for (const Candidate& candidate : result.candidates)
            QVERIFY(!candidate.mel.has_value());
    }
};

QTEST_APPLESS_MAIN(TestMelGuess)
#include "test_mel_guess.moc"
