// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser on dumps made by numpy, scipy and torch (tests/fixtures/make_guess_origin_fixtures.py):
// the framing origin (centring, pad, pad mode) read from the first frames with a phase, frames
// without overlap, fixed-point exports; the loaded candidate's istft against the signal the dump was
// made from, at lag 0 (no alignment search), so a wrong origin shows as a low SNR. Also: the origin
// test itself is scale-free, and without phase the origin is said to be unknown.
#include "core/guess/frame_origin.hpp"
#include "core/guess/guess.hpp"
#include "core/io/audio_file.hpp"
#include "core/dsp/stft.hpp"
#include "tests/support/fixture_files.hpp"
#include "tests/support/scale_invariant_snr.hpp"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace phaselab;
using phaselab::testing::scaleInvariantSnrDb;
using phaselab::testing::fixturePath;
using phaselab::testing::readJsonFixture;

namespace {

GuessInput inputOf(const nlohmann::json& truth, bool withPhase)
{
    GuessInput input;
    input.magnitudePath = fixturePath("guess/origin/" + truth["magnitude"].get<std::string>());
    if (withPhase)
        input.phasePath = fixturePath("guess/origin/" + truth["phase"].get<std::string>());
    return input;
}

/// One-sided frames of a signal framed the way a producer would: `pad` samples (reflected or
/// zeros) before sample 0, periodic Hann 256, hop 64; phases from the frame start.
ComplexMatrix producerFrames(const std::vector<float>& signal, int pad, bool reflect)
{
    StftParams params;
    params.nFft = 256;
    params.hop = 64;
    params.window = WindowSpec{};
    params.center = false;
    std::vector<float> padded(static_cast<std::size_t>(pad), 0.0f);
    for (int j = 0; j < pad && reflect; ++j)
        padded[static_cast<std::size_t>(pad - 1 - j)] = signal[static_cast<std::size_t>(j + 1)];
    padded.insert(padded.end(), signal.begin(), signal.end());
    Signal s;
    s.samples = padded;
    s.sampleRate = 8000;
    WorkerPool pool(1);
    return stft(s, params, pool).coefficients;
}

} // namespace

class TestGuessOrigin : public QObject {
    Q_OBJECT

private slots:
    void everyClassWithPhase_data()
    {
        QTest::addColumn<QString>("name");
        const auto cases = readJsonFixture("guess/origin/cases.json")["cases"];
        for (const auto& [name, truth] : cases.items())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void everyClassWithPhase()
    {
        QFETCH(QString, name);
        const auto truth = readJsonFixture("guess/origin/cases.json")["cases"][name.toStdString()];
        const GuessInput input = inputOf(truth, true);
        GuessOptions options;
        options.top = 3;
        options.threads = 2;
        const GuessResult result = guess(input, options);
        QVERIFY(!result.candidates.empty());
        const Candidate& best = result.candidates.front();
        QCOMPARE(best.framing.nFft, truth["n_fft"].get<int>());
        QCOMPARE(best.framing.hop, truth["hop"].get<int>());
        QCOMPARE(best.framing.window.toString(), truth["window"].get<std::string>());
        QCOMPARE(best.framing.pad, truth["pad"].get<int>());
        if (truth["pad"].get<int>() > 0)
            QCOMPARE(best.framing.padMode == PadMode::Reflect ? "reflect" : "zeros", truth["pad_mode"].get<std::string>());
        if (truth.contains("magnitude_scale"))
            QCOMPARE(magnitudeScaleName(best.magnitudeScale), truth["magnitude_scale"].get<std::string>());
        if (truth.contains("db_per_unit"))
            QCOMPARE(best.dbPerUnit, truth["db_per_unit"].get<double>());
        if (truth.contains("phase_unit")) {
            QVERIFY(best.phaseUnit.has_value());
            QCOMPARE(phaseUnitName(*best.phaseUnit), truth["phase_unit"].get<std::string>());
        }

        // Sample n of the inverse is sample n of the original: no alignment search.
        const LoadedCandidate loaded = loadCandidate(input, best);
        WorkerPool pool(2);
        const Signal estimate = istft(loaded.spectrogram, pool);
        const Signal reference = readAudio(fixturePath("guess/origin/" + truth["signal"].get<std::string>()));
        const double snr = scaleInvariantSnrDb(reference.samples, estimate.samples);
        std::printf("%s: %s, SNR at lag 0 %.1f dB\n", qPrintable(name), best.summary().c_str(), snr);
        QVERIFY2(snr >= 20.0, qPrintable(QString::number(snr)));
    }

    // The measurement docs/forensics.md shows: per class, with a phase, whether rank 1 gets the
    // storage, n_fft + hop, window, scale and units, centring + padding right; without a phase
    // (separate magnitude files only), whether n_fft + hop are in the top 3; the lag-0 SNR.
    void measureTheTestSet()
    {
        const auto cases = readJsonFixture("guess/origin/cases.json")["cases"];
        const auto mark = [](bool ok) { return std::string(ok ? "yes" : "**no**"); };
        std::string table = "| case | storage | n_fft/hop | window | scale, unit | centring, pad | top-3 n_fft/hop without phase | "
                            "SNR at lag 0 (dB) |\n|---|---|---|---|---|---|---|---|\n";
        int all = 0, right = 0, withoutPhase = 0, top3 = 0, snrGood = 0;
        std::vector<double> snrs;
        for (const auto& [name, truth] : cases.items()) {
            GuessOptions options;
            options.top = 3;
            options.threads = 2;
            const GuessInput input = inputOf(truth, true);
            const GuessResult result = guess(input, options);
            QVERIFY(!result.candidates.empty());
            const Candidate& best = result.candidates.front();
            const std::string storage = truth["storage"];
            const std::string described = best.storage.describe();
            const bool storageOk = described.find(storage.substr(0, storage.find(' '))) == 0 &&
                                   (storage.find(' ') == std::string::npos ||
                                    described.find(storage.substr(storage.find(' ') + 1)) != std::string::npos);
            const bool framingOk = best.framing.nFft == truth["n_fft"].get<int>() && best.framing.hop == truth["hop"].get<int>();
            const bool windowOk = best.framing.window.toString() == truth["window"].get<std::string>();
            const bool scaleOk = magnitudeScaleName(best.magnitudeScale) == truth.value("magnitude_scale", std::string("linear")) &&
                                 best.dbPerUnit == truth.value("db_per_unit", 1.0) && best.phaseUnit &&
                                 phaseUnitName(*best.phaseUnit) == truth.value("phase_unit", std::string("rad"));
            const bool originOk = best.framing.pad == truth["pad"].get<int>() &&
                                  (best.framing.pad == 0 ||
                                   (best.framing.padMode == PadMode::Reflect ? "reflect" : "zeros") == truth["pad_mode"].get<std::string>());
            const LoadedCandidate loaded = loadCandidate(input, best);
            WorkerPool pool(2);
            const double snr = scaleInvariantSnrDb(readAudio(fixturePath("guess/origin/" + truth["signal"].get<std::string>())).samples,
                                                   istft(loaded.spectrogram, pool).samples);
            snrs.push_back(snr);
            snrGood += snr >= 20.0;
            ++all;
            right += storageOk && framingOk && windowOk && scaleOk && originOk;
            std::string magnitudeOnly = "-";
            if (truth["magnitude"] != truth["phase"]) {
                const GuessResult alone = guess(inputOf(truth, false), options);
                bool found = false;
                for (std::size_t i = 0; i < alone.candidates.size() && i < 3; ++i)
                    found = found || (alone.candidates[i].framing.nFft == truth["n_fft"].get<int>() &&
                                      alone.candidates[i].framing.hop == truth["hop"].get<int>());
                ++withoutPhase;
                top3 += found;
                magnitudeOnly = mark(found);
            }
            char snrText[32];
            std::snprintf(snrText, sizeof snrText, "%.1f", snr);
            table += "| " + name + " | " + mark(storageOk) + " | " + mark(framingOk) + " | " + mark(windowOk) + " | " +
                     mark(scaleOk) + " | " + mark(originOk) + " | " + magnitudeOnly + " | " + snrText + " |\n";
        }
        std::sort(snrs.begin(), snrs.end());
        const double median = snrs.size() % 2 ? snrs[snrs.size() / 2] : 0.5 * (snrs[snrs.size() / 2 - 1] + snrs[snrs.size() / 2]);
        std::printf("%s\nevery field right at rank 1 with phase %d/%d; n_fft and hop in top 3 without phase %d/%d; "
                    "SNR at lag 0 >= 20 dB %d/%d, median %.1f dB\n",
                    table.c_str(), right, all, top3, withoutPhase, snrGood, all, median);
        std::fflush(stdout);
        QCOMPARE(right, all);
        QVERIFY(snrGood * 100 >= all * 95);
        QVERIFY(median >= 60.0);
        QVERIFY(top3 * 10 >= withoutPhase * 8);
    }

    // The origin test compares energies inside the same frames: a signal at -120 dB decides as
    // one at +60 dB, and each padding fits only itself.
    void originTestIsScaleFree()
    {
        std::vector<float> signal(2048);
        std::uint32_t state = 12345;
        for (std::size_t n = 0; n < signal.size(); ++n) {
            state = state * 1664525u + 1013904223u;
            signal[n] = static_cast<float>(std::sin(0.05 * static_cast<double>(n)) + (state >> 8) / 16777216.0 - 0.5);
        }
        for (double level : {1e-6, 1.0, 1e3}) {
            std::vector<float> scaled(signal);
            for (auto& v : scaled)
                v = static_cast<float>(v * level);
            for (int truth = 0; truth < 3; ++truth) { // 0 not centred, 1 zeros, 2 reflect
                const ComplexMatrix frames = producerFrames(scaled, truth == 0 ? 0 : 128, truth == 2);
                Framing framing;
                framing.nFft = 256;
                framing.winLength = 256;
                framing.hop = 64;
                framing.pad = 128;
                framing.padMode = PadMode::Constant;
                const PaddingMismatch zeros = paddingMismatch(frames, framing);
                framing.padMode = PadMode::Reflect;
                const PaddingMismatch mirror = paddingMismatch(frames, framing);
                QVERIFY(zeros.measurable && mirror.measurable);
                QCOMPARE(zeros.mismatchDb <= kPaddingFitDb, truth == 1);
                QCOMPARE(mirror.mismatchDb <= kPaddingFitDb, truth == 2);
            }
        }
    }

    void withoutPhaseTheOriginIsUnknown()
    {
        const auto truth = readJsonFixture("guess/origin/cases.json")["cases"]["torch_reflect_quiet"];
        GuessOptions options;
        options.top = 1;
        options.threads = 2;
        const GuessResult result = guess(inputOf(truth, false), options);
        QVERIFY(!result.candidates.empty());
        bool said = false;
        for (const auto& sentence : result.candidates.front().evidence)
            said = said || (sentence.find("origin") != std::string::npos && sentence.find("cannot be known") != std::string::npos);
        QVERIFY(said);
        bool ambiguous = false;
        for (const auto& sentence : result.ambiguities)
            ambiguous = ambiguous || sentence.find("centred or not cannot be told without the phase") != std::string::npos;
        QVERIFY(ambiguous);

        // With the phase the first frames decide: no such ambiguity.
        const GuessResult withPhase = guess(inputOf(truth, true), options);
        for (const auto& sentence : withPhase.ambiguities)
            QVERIFY2(sentence.find("centring") == std::string::npos, sentence.c_str());
    }
};

QTEST_APPLESS_MAIN(TestGuessOrigin)
#include "test_guess_origin.moc"
