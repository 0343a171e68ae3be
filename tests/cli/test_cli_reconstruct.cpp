// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli reconstruct` end to end (CLI.md): analyze -> reconstruct --algorithm istft round
// trips for every window, the metrics JSON's fields, every algorithm reachable, thread-count
// independence, refusals.
#include "core/io/audio_file.hpp"
#include "tests/support/cli_run.hpp"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <numbers>

using namespace phaselab;
using phaselab::test::CliRun;
using phaselab::test::runCli;

namespace {

nlohmann::json readJson(const QString& path)
{
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

} // namespace

class TestCliReconstruct : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        Signal signal;
        signal.sampleRate = 16000;
        signal.samples.resize(8000);
        unsigned state = 3;
        for (std::size_t i = 0; i < signal.samples.size(); ++i) {
            state = state * 1664525u + 1013904223u;
            const double noise = (static_cast<double>(state >> 8) / 16777216.0 - 0.5) * 0.02;
            signal.samples[i] = static_cast<float>(0.4 * std::sin(2 * std::numbers::pi * 440.0 * i / 16000.0) +
                                                   0.2 * std::sin(2 * std::numbers::pi * 1870.0 * i / 16000.0 + 1.0) + noise);
        }
        writeAudio(path("in.wav").toStdString(), signal);
    }

    void istftRoundTripForEveryWindow_data()
    {
        QTest::addColumn<QString>("window");
        QTest::addColumn<int>("nFft");
        QTest::addColumn<int>("hop");
        for (const char* window : {"hann", "hamming", "blackman", "blackman-harris", "bartlett", "sine", "sqrt-hann",
                                   "kaiser:8", "gauss:0.125"})
            QTest::newRow(window) << QString(window) << 512 << 128;
        // hop = win: 8000 samples give 1 + 8000/500 = 17 frames, which cover the whole signal (with
        // 512 the last 64 samples would lie in no frame, as in torch.stft).
        QTest::newRow("rect, hop = win") << QString("rect") << 500 << 500;
        QTest::newRow("rect, hop < win") << QString("rect") << 512 << 200;
    }

    void istftRoundTripForEveryWindow()
    {
        QFETCH(QString, window);
        QFETCH(int, nFft);
        QFETCH(int, hop);
        const QString stft[] = {"--n-fft", QString::number(nFft), "--hop", QString::number(hop), "--window", window};
        QStringList analyze = {"analyze", path("in.wav"), "--magnitude", path("m.npy"), "--phase", path("p.npy")};
        for (const auto& item : stft)
            analyze << item;
        const CliRun a = runCli(analyze);
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        QStringList reconstruct = {"reconstruct", "--magnitude", path("m.npy"), "--phase", path("p.npy"), "--algorithm",
                                   "istft", "--reference", path("in.wav"), "--out", path("istft.wav"), "--metrics",
                                   path("istft.json")};
        for (const auto& item : stft)
            reconstruct << item;
        const CliRun r = runCli(reconstruct);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto metrics = readJson(path("istft.json"));
        const double snr = metrics["final"]["snr_db"].get<double>();
        qInfo("%s hop %d: SNR %.1f dB, SC %.1f dB", qPrintable(window), hop, snr,
              metrics["final"]["spectral_convergence_db"].get<double>());
        QVERIFY2(snr >= 100.0, qPrintable(QString::number(snr)));
        QCOMPARE(metrics["algorithm"].get<std::string>(), std::string("istft"));
        QCOMPARE(metrics["iterations"].size(), std::size_t(1));
        const Signal out = readAudio(path("istft.wav").toStdString());
        QCOMPARE(out.length(), std::int64_t(8000));
        QCOMPARE(out.sampleRate, 16000.0);
    }

    void metricsJsonHasEveryField()
    {
        const CliRun r = runCli({"reconstruct", "--audio", path("in.wav"), "--n-fft", "256", "--hop", "64", "--algorithm",
                              "fgla", "--iterations", "5", "--threads", "2", "--out", path("fgla.wav"), "--metrics",
                              path("fgla.json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto m = readJson(path("fgla.json"));
        for (const char* key : {"algorithm", "n_fft", "hop", "window", "bins", "frames", "threads", "seconds_total",
                                "seconds_per_iteration", "iterations", "final", "components"})
            QVERIFY2(m.contains(key), key);
        QCOMPARE(m["algorithm"].get<std::string>(), std::string("fgla"));
        QCOMPARE(m["n_fft"].get<int>(), 256);
        QCOMPARE(m["hop"].get<int>(), 64);
        QCOMPARE(m["window"].get<std::string>(), std::string("hann"));
        QCOMPARE(m["bins"].get<int>(), 129);
        QCOMPARE(m["frames"].get<int>(), 8000 / 64 + 1);
        QCOMPARE(m["threads"].get<int>(), 2);
        QCOMPARE(m["iterations"].size(), std::size_t(6));
        for (std::size_t k = 0; k < m["iterations"].size(); ++k) {
            const auto& entry = m["iterations"][k];
            QCOMPARE(entry["iteration"].get<std::size_t>(), k);
            for (const char* key : {"spectral_convergence_db", "phase_error", "phase_error_sign_corrected",
                                    "phase_error_unweighted", "phase_error_component_corrected", "components",
                                    "components_flipped"})
                QVERIFY2(entry.contains(key) && entry[key].is_number(), key);
        }
        QVERIFY(m["iterations"][5]["spectral_convergence_db"].get<double>() < m["iterations"][0]["spectral_convergence_db"].get<double>());
        for (const char* key : {"spectral_convergence_db", "snr_db", "snr_db_sign_corrected", "phase_error",
                                "phase_error_sign_corrected", "phase_error_unweighted", "phase_error_component_corrected"})
            QVERIFY2(m["final"].contains(key) && m["final"][key].is_number(), key);
        QCOMPARE(m["final"]["spectral_convergence_db"].get<double>(), m["iterations"][5]["spectral_convergence_db"].get<double>());
        QVERIFY(m["seconds_per_iteration"].get<double>() > 0.0);
        QCOMPARE(readAudio(path("fgla.wav").toStdString()).length(), std::int64_t(8000));
    }

    void withoutReferenceThePhaseFiguresAreNull()
    {
        QVERIFY(runCli({"analyze", path("in.wav"), "--n-fft", "256", "--hop", "64", "--magnitude", path("m2.npy")}).exitCode == 0);
        const CliRun r = runCli({"reconstruct", "--magnitude", path("m2.npy"), "--hop", "64", "--sample-rate", "16000",
                              "--iterations", "3", "--out", path("noref.wav"), "--metrics", path("noref.json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto m = readJson(path("noref.json"));
        QCOMPARE(m["n_fft"].get<int>(), 256); // from the file's bins
        QVERIFY(m["final"]["snr_db"].is_null());
        QVERIFY(m["final"]["phase_error"].is_null());
        QVERIFY(m["iterations"][0]["phase_error_sign_corrected"].is_null());
        QVERIFY(m["iterations"][3]["spectral_convergence_db"].is_number());
    }

    void everyAlgorithmIsReachable()
    {
        for (const char* algorithm : {"gla", "fgla", "rtisi-la", "pghi", "spsi", "istft", "raar", "agla"}) {
            const CliRun r = runCli({"reconstruct", "--audio", path("in.wav"), "--n-fft", "256", "--hop", "64", "--algorithm",
                                  algorithm, "--iterations", "4", "--metrics", path("any.json")});
            QVERIFY2(r.exitCode == 0, qPrintable(QString(algorithm) + ": " + r.err));
            QCOMPARE(readJson(path("any.json"))["algorithm"].get<std::string>(), std::string(algorithm));
        }
        const CliRun agla = runCli({"reconstruct", "--audio", path("in.wav"), "--n-fft", "256", "--hop", "64", "--algorithm", "agla",
                                 "--agla-beta", "0.5", "--agla-gamma", "0.9", "--iterations", "3", "--metrics", path("agla.json")});
        QVERIFY2(agla.exitCode == 0, qPrintable(agla.err));
        QCOMPARE(readJson(path("agla.json"))["agla_beta"].get<double>(), 0.5);
        QCOMPARE(readJson(path("agla.json"))["agla_gamma"].get<double>(), 0.9);
        const CliRun badGamma = runCli({"reconstruct", "--audio", path("in.wav"), "--algorithm", "agla", "--agla-gamma", "2",
                                     "--out", path("never.wav")});
        QCOMPARE(badGamma.exitCode, 1);
        QVERIFY2(badGamma.err.startsWith("error: ") && badGamma.err.contains("gamma"), qPrintable(badGamma.err));
        for (const char* init : {"zero", "random", "pghi", "spsi"}) {
            const CliRun r = runCli({"reconstruct", "--audio", path("in.wav"), "--n-fft", "256", "--hop", "64", "--algorithm",
                                  "gla", "--init", init, "--iterations", "2", "--seed", "5", "--metrics", path("init.json")});
            QVERIFY2(r.exitCode == 0, qPrintable(QString(init) + ": " + r.err));
            QCOMPARE(readJson(path("init.json"))["init"].get<std::string>(), std::string(init));
        }
    }

    void threadCountDoesNotChangeTheMetrics()
    {
        nlohmann::json runs[2];
        for (int threads : {1, 2}) {
            const QString json = path(QString("t%1.json").arg(threads));
            const CliRun r = runCli({"reconstruct", "--audio", path("in.wav"), "--n-fft", "256", "--hop", "64", "--algorithm",
                                  "raar", "--iterations", "10", "--threads", QString::number(threads), "--metrics", json});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            runs[threads - 1] = readJson(json);
        }
        for (const char* key : {"spectral_convergence_db", "snr_db", "phase_error", "phase_error_unweighted"})
            QCOMPARE(runs[0]["final"][key].get<double>(), runs[1]["final"][key].get<double>());
        QVERIFY(std::abs(runs[0]["final"]["phase_error_component_corrected"].get<double>() -
                         runs[1]["final"]["phase_error_component_corrected"].get<double>()) < 1e-9);
    }

    void refusals()
    {
        struct Case {
            QStringList arguments;
            QString expected;
        };
        const QList<Case> cases = {
            {{"reconstruct", "--audio", path("in.wav"), "--out", path("in.wav")}, "input"},
            {{"reconstruct", "--audio", path("in.wav"), "--algorithm", "magic", "--out", path("x.wav")}, "magic"},
            {{"reconstruct", "--out", path("x.wav")}, "--audio"},
            {{"reconstruct", "--audio", path("in.wav")}, "nothing to write"},
            {{"reconstruct", "--audio", path("in.wav"), "--init", "given", "--out", path("x.wav")}, "phase"},
            {{"reconstruct", "--audio", path("in.wav"), "--momentum", "1.5", "--out", path("x.wav")}, "momentum"},
            {{"reconstruct", "--audio", path("in.wav"), "--n-fft", "256", "--hop", "256", "--window", "hann,symmetric",
              "--out", path("x.wav")}, "NOLA"},
            {{"reconstruct", "--magnitude", path("m2.npy"), "--hop", "64", "--out", path("x.wav")}, "sample rate"},
            {{"reconstruct", "--audio", path("in.wav"), "--length", "99999999", "--out", path("x.wav")}, "length"},
        };
        for (const Case& c : cases) {
            const CliRun r = runCli(c.arguments);
            QVERIFY2(r.exitCode == 1, qPrintable(c.arguments.join(' ') + " -> " + QString::number(r.exitCode)));
            QVERIFY2(r.err.startsWith("error:") && r.err.contains(c.expected, Qt::CaseInsensitive),
                     qPrintable(c.arguments.join(' ') + " -> " + r.err));
        }
    }

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    QTemporaryDir dir_;
};

QTEST_APPLESS_MAIN(TestCliReconstruct)
#include "test_cli_reconstruct.moc"
