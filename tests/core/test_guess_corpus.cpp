// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser over the public forensics corpus (../shared/corpus, PHASELAB_CORPUS; QSKIP when it
// is absent): for every case, whether rank 1 gets the storage, n_fft/hop, window, padding and
// value conventions right, whether n_fft/hop are in the top 3 without phase, and the
// scale-invariant SNR of the istft of the rank-1 candidate against the case's audio.wav.
// Prints a markdown table (docs/forensics.md holds a copy) and checks the goals.
#include "core/guess/guess.hpp"
#include "core/io/audio_file.hpp"
#include "core/dsp/stft.hpp"
#include "tests/support/scale_invariant_snr.hpp"

#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace phaselab;
using phaselab::testing::scaleInvariantSnrDb;

namespace {

std::string corpusDirectory()
{
    const char* fromEnvironment = std::getenv("PHASELAB_CORPUS");
    return fromEnvironment && *fromEnvironment ? std::string(fromEnvironment) : std::string(PHASELAB_CORPUS);
}

bool storageMatches(const Candidate& candidate, const nlohmann::json& storage)
{
    const std::string container = storage["container"];
    if (containerName(candidate.storage.container) != container)
        return false;
    if (container != "csv") {
        if (dtypeName(candidate.storage.dtype) != storage["dtype"].get<std::string>())
            return false;
        if (byteOrderName(candidate.storage.byteOrder) != storage["byte_order"].get<std::string>())
            return false;
    }
    if (layoutName(candidate.storage.layout) != storage["layout"].get<std::string>())
        return false;
    return container == "npy" || candidate.storage.headerBytes == storage["header_bytes"].get<std::int64_t>();
}


} // namespace

class TestGuessCorpus : public QObject {
    Q_OBJECT

private slots:
    void everyCase()
    {
        const std::string directory = corpusDirectory();
        const std::string manifestPath = directory + "/manifest.json";
        if (!std::filesystem::exists(manifestPath))
            QSKIP("no corpus at PHASELAB_CORPUS");
        std::ifstream in(manifestPath);
        const auto manifest = nlohmann::json::parse(in);

        int cases = 0, storageRight = 0, phaseCases = 0, framingRight = 0, windowRight = 0, magnitudeOnly = 0,
            magnitudeTop3 = 0, snrCases = 0, snrGood = 0, placementRight = 0, placementCases = 0;
        std::vector<double> snrs;
        std::string table =
            "| id | producer | storage | n_fft/hop (rank 1) | window (rank 1) | win/offset/pad | scale, unit | top-3 n_fft/hop | score | SNR dB | s |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|\n";
        const auto mark = [](bool ok) { return std::string(ok ? "yes" : "**no**"); };
        for (const auto& item : manifest["cases"]) {
            const std::string id = item["id"];
            const auto& files = item["files"];
            GuessInput input;
            input.magnitudePath = directory + "/" + id + "/" + files["magnitude"].get<std::string>();
            if (!files["phase"].is_null())
                input.phasePath = directory + "/" + id + "/" + files["phase"].get<std::string>();
            GuessOptions options;
            options.top = 5;
            options.threads = 2;
            GuessResult result;
            try {
                result = guess(input, options);
            } catch (const std::exception& error) {
                QFAIL(qPrintable(QString::fromStdString(id + ": " + error.what())));
            }
            QVERIFY2(result.looksLikeSpectrogram, qPrintable(QString::fromStdString(id + ": " + result.verdict)));
            QVERIFY(!result.candidates.empty());
            const Candidate& best = result.candidates.front();
            ++cases;

            const int nFft = item["n_fft"], hop = item["hop"], winLength = item["win_length"], winOffset = item["win_offset"];
            const bool hasPhase = !files["phase"].is_null();
            const bool storageOk = storageMatches(best, item["storage"]);
            const bool framingOk = best.framing.nFft == nFft && best.framing.hop == hop;
            const std::string windowName = item["window"]["name"];
            const bool windowOk = best.framing.window.name() == windowName;
            // Centring and padding are findings: the pad and, when padded, its mode.
            const bool placementOk = best.framing.winLength == winLength && best.framing.winOffset == winOffset &&
                                     best.framing.pad == item["pad_left"].get<int>() &&
                                     (best.framing.pad == 0 || item["pad_mode"].is_null() ||
                                      (best.framing.padMode == PadMode::Reflect ? "reflect" : "zeros") ==
                                          item["pad_mode"].get<std::string>());
            const bool scaleOk = magnitudeScaleName(best.magnitudeScale) == item["magnitude_scale"].get<std::string>() &&
                                 (item["phase_unit"].is_null() ? !best.phaseUnit
                                                               : best.phaseUnit && phaseUnitName(*best.phaseUnit) ==
                                                                                       item["phase_unit"].get<std::string>());
            bool top3 = false;
            for (std::size_t i = 0; i < result.candidates.size() && i < 3; ++i)
                top3 = top3 || (result.candidates[i].framing.nFft == nFft && result.candidates[i].framing.hop == hop);
            storageRight += storageOk;
            windowRight += windowOk;
            if (hasPhase) {
                ++phaseCases;
                framingRight += framingOk;
                ++placementCases;
                placementRight += placementOk;
            } else {
                ++magnitudeOnly;
                magnitudeTop3 += top3;
            }

            std::string snrText = "-";
            if (hasPhase) {
                const LoadedCandidate loaded = loadCandidate(input, best);
                WorkerPool pool(2);
                const Signal estimate = istft(loaded.spectrogram, pool);
                const Signal reference = readAudio(directory + "/" + id + "/" + files["audio"].get<std::string>());
                const double snr = scaleInvariantSnrDb(reference.samples, estimate.samples);
                ++snrCases;
                snrGood += snr >= 20.0;
                snrs.push_back(snr);
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, "%.1f", snr);
                snrText = buffer;
            }
            const Framing& f = best.framing;
            char score[32], seconds[32];
            std::snprintf(score, sizeof score, "%.2f", best.score);
            std::snprintf(seconds, sizeof seconds, "%.1f", result.seconds);
            const std::string placement = std::to_string(f.winLength) + "/" + std::to_string(f.winOffset) + "/" +
                                          std::to_string(f.pad) + (f.pad > 0 ? (f.padMode == PadMode::Reflect ? " refl" : " zero") : "");
            table += "| " + id + " | " + item["producer"]["tool"].get<std::string>() + " | " + mark(storageOk) + " | " +
                     std::to_string(f.nFft) + "/" + std::to_string(f.hop) + (hasPhase ? " " + mark(framingOk) : "") +
                     " | " + f.window.toString() + " " + mark(windowOk) + " | " + placement + " " + mark(placementOk) +
                     " | " + magnitudeScaleName(best.magnitudeScale) + ", " +
                     (best.phaseUnit ? phaseUnitName(*best.phaseUnit) : std::string("none")) + " " + mark(scaleOk) + " | " +
                     (hasPhase ? std::string("-") : mark(top3)) + " | " + score + " | " + snrText + " | " + seconds + " |\n";
        }
        std::sort(snrs.begin(), snrs.end());
        const double median = snrs.empty() ? 0.0
                                           : (snrs.size() % 2 ? snrs[snrs.size() / 2]
                                                              : 0.5 * (snrs[snrs.size() / 2 - 1] + snrs[snrs.size() / 2]));
        char summary[640];
        std::snprintf(summary, sizeof summary,
                      "\nrank-1 storage %d/%d; n_fft and hop rank 1 with phase %d/%d; window family rank 1 %d/%d; "
                      "window placement, centring and padding rank 1 with phase %d/%d; "
                      "n_fft and hop in top 3 without phase %d/%d; istft SNR at lag 0 >= 20 dB %d/%d, median %.1f dB\n",
                      storageRight, cases, framingRight, phaseCases, windowRight, cases, placementRight, placementCases,
                      magnitudeTop3, magnitudeOnly, snrGood, snrCases, median);
        std::printf("%s%s", table.c_str(), summary);
        std::fflush(stdout);
        QCOMPARE(storageRight, cases);
        QCOMPARE(framingRight, phaseCases);
        QVERIFY(windowRight * 10 >= cases * 8);
        QVERIFY(magnitudeTop3 * 10 >= magnitudeOnly * 8);
        QCOMPARE(snrGood, snrCases);
        QCOMPARE(placementRight, placementCases);
    }
};

QTEST_APPLESS_MAIN(TestGuessCorpus)
#include "test_guess_corpus.moc"
