// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser on mel dumps made by torchaudio in five producers' conventions (fixtures/mel, by
// fixtures/make_mel_fixtures.py), as .npy and as raw float32 frame after frame: each is recognised
// as mel with its channel count, value scale, formula, fmax (within 5 %) and its n_fft and hop
// among the top 3 (first with the sample rate given); a linear magnitude dump is not taken for mel.
// A making no convention describes (fixtures/mel/unconventional.npy) is measured from the values.
#include "core/guess/guess.hpp"
#include "core/io/npy.hpp"
#include "core/io/spectrogram_io.hpp"
#include "tests/support/fixture_files.hpp"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <span>

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

    /// The layouts the fixtures do not have: .npy saved as (frames, n_mels) (librosa users' mel.T)
    /// and raw float32 channel after channel, written here from the fixtures' values.
    void recognisesTheOtherLayouts()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        for (const auto& c : testing::readJsonFixture("mel/mel_cases.json")) {
            const std::string name = c["name"];
            StorageSpec storage;
            storage.layout = MatrixLayout::BinsByFrames;
            const RealMatrix mel = readRealMatrix(testing::fixturePath("mel/" + name + ".npy"), storage);
            const std::string transposed = folder.filePath(QString::fromStdString(name) + "_T.npy").toStdString();
            writeNpy(transposed, std::span<const float>(mel.values), {mel.frames, mel.bins}); // frame-major = (frames, mels)
            const std::string raw = folder.filePath(QString::fromStdString(name) + "_channels.f32").toStdString();
            {
                std::ofstream out(raw, std::ios::binary);
                for (int m = 0; m < mel.bins; ++m)
                    for (int t = 0; t < mel.frames; ++t)
                        out.write(reinterpret_cast<const char*>(&mel.at(t, m)), sizeof(float)); // little-endian host
            }
            for (const auto& [path, layout] : {std::pair{transposed, MatrixLayout::FramesByBins},
                                               std::pair{raw, MatrixLayout::BinsByFrames}}) {
                GuessInput input;
                input.magnitudePath = path;
                input.sampleRate = c["sample_rate"];
                const GuessResult result = guess(input, {3, 2});
                QVERIFY2(!result.candidates.empty(), path.c_str());
                const Candidate& best = result.candidates.front();
                QVERIFY2(best.mel.has_value(), (path + ": " + best.summary()).c_str());
                QCOMPARE(best.mel->nMels, int(c["n_mels"]));
                QCOMPARE(best.frames, int(c["frames"]));
                QCOMPARE(best.storage.layout, layout);
                QCOMPARE(melValueScaleName(best.melValueScale), std::string(c["value_scale"]));
                QCOMPARE(best.framing.nFft, int(c["n_fft"]));
                QCOMPARE(best.framing.hop, int(c["hop"]));
            }
        }
    }

    /// A making no producer's defaults describe: only the values can tell its filterbank.
    void measuresAnUnconventionalFilterbank()
    {
        const auto c = testing::readJsonFixture("mel/unconventional_case.json");
        for (const bool rateGiven : {true, false}) {
            GuessInput input;
            input.magnitudePath = testing::fixturePath("mel/unconventional.npy");
            input.sampleRate = rateGiven ? double(c["sample_rate"]) : 0.0;
            const GuessResult result = guess(input, {3, 2});
            QVERIFY(!result.candidates.empty());
            const Candidate& best = result.candidates.front();
            QVERIFY2(best.mel.has_value(), best.summary().c_str());
            QCOMPARE(best.mel->nMels, int(c["n_mels"]));
            QCOMPARE(best.mel->fmin, double(c["fmin"]));
            QCOMPARE(best.mel->fmax, double(c["fmax"]));
            QCOMPARE(melScaleName(best.mel->scale), std::string(c["mel_scale"]));
            QCOMPARE(melNormName(best.mel->norm), std::string(c["norm"]));
            QCOMPARE(best.mel->power, double(c["power"])); // decibels: only 10 log10 keeps the relations
            QCOMPARE(melValueScaleName(best.melValueScale), std::string(c["value_scale"]));
            const bool measured = std::any_of(best.evidence.begin(), best.evidence.end(), [](const std::string& e) {
                return e.find("exact channel relations hold") != std::string::npos;
            });
            QVERIFY(measured);
            // n_fft and the rate come together: without the rate, 32 ms frames at any rate fit alike.
            QCOMPARE(best.framing.nFft / best.sampleRate, int(c["n_fft"]) / double(c["sample_rate"]));
            if (rateGiven) {
                QCOMPARE(best.framing.nFft, int(c["n_fft"]));
                bool hopInTop3 = false;
                for (const Candidate& candidate : result.candidates)
                    hopInTop3 = hopInTop3 || (candidate.framing.nFft == int(c["n_fft"]) && candidate.framing.hop == int(c["hop"]));
                QVERIFY(hopInTop3);
            } else {
                const bool named = std::any_of(result.ambiguities.begin(), result.ambiguities.end(), [](const std::string& a) {
                    return a.find("make the same filterbank") != std::string::npos;
                });
                QVERIFY(named);
            }
        }
    }

    /// A convention whose filterbank has relations the dump breaks is ruled out, however well its
    /// channel count and value scale fit: the ASR dump read as torchaudio's 128-mel htk making fails.
    void conventionsAreJudgedByTheirRelations()
    {
        GuessInput input;
        input.magnitudePath = testing::fixturePath("mel/asr.npy");
        input.sampleRate = 16000;
        const GuessResult result = guess(input, {20, 2});
        const Candidate& best = result.candidates.front();
        const bool kept = std::any_of(best.evidence.begin(), best.evidence.end(), [](const std::string& e) {
            return e.find("exact channel relations hold") != std::string::npos;
        });
        QVERIFY(kept);
        for (const Candidate& candidate : result.candidates) {
            if (!candidate.mel || candidate.mel->scale == best.mel->scale)
                continue;
            const bool broken = std::any_of(candidate.evidence.begin(), candidate.evidence.end(), [](const std::string& e) {
                return e.find("breaks its") != std::string::npos || e.find("relations of another filterbank") != std::string::npos;
            });
            QVERIFY2(broken, candidate.summary().c_str());
            QVERIFY(candidate.score < 1e-4 * best.score);
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
