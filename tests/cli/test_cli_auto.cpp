// SPDX-License-Identifier: GPL-3.0-or-later
// `reconstruct --auto`: a raw magnitude/phase pair written by `analyze` with parameters the test
// does not pass on is guessed and inverted; the result must match the original audio.
#include "tests/support/cli_run.hpp"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using phaselab::test::CliRun;
using phaselab::test::runCli;

class TestCliAuto : public QObject {
    Q_OBJECT

    QTemporaryDir folder_;
    const QString demo_ = QString(PHASELAB_RESOURCES) + "/demo.flac";

    QJsonObject metrics(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(folder_.isValid());
        const CliRun run = runCli({"analyze", demo_, "--n-fft", "512", "--hop", "128", "--window", "hamming",
                                   "--format", "f32le", "--layout", "frames_by_bins",
                                   "--magnitude", folder_.filePath("mag.f32"), "--phase", folder_.filePath("phase.f32")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
    }

    void invertsAGuessedPairWithPhase()
    {
        const CliRun run = runCli({"reconstruct", "--magnitude", folder_.filePath("mag.f32"), "--phase",
                                   folder_.filePath("phase.f32"), "--auto", "--sample-rate", "22050", "--reference",
                                   demo_, "--out", folder_.filePath("auto.wav"), "--metrics", folder_.filePath("auto.json")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
        QVERIFY2(output.contains("auto:"), qPrintable(output));
        const QJsonObject json = metrics(folder_.filePath("auto.json"));
        QCOMPARE(json["algorithm"].toString(), QString("istft"));
        QCOMPARE(json["n_fft"].toInt(), 512);
        QCOMPARE(json["hop"].toInt(), 128);
        QVERIFY2(json["window"].toString().startsWith("hamming"), qPrintable(json["window"].toString()));
        const double snr = json["final"].toObject()["snr_db"].toDouble();
        qInfo("auto istft SNR %.1f dB", snr);
        QVERIFY(snr >= 60.0);
    }

    void referenceOfAPaddedScipyStft()
    {
        // scipy.signal.stft (padded=True) gives one frame more than the torch framing of the same
        // signal: the reference must still be analysed to the file's frame count, not refused.
        const QString fixtures = QStringLiteral(PHASELAB_FIXTURES "/guess/");
        const CliRun run = runCli({"reconstruct", "--magnitude", fixtures + "scipy_hamming.npy", "--auto", "--sample-rate",
                                   "8000", "--reference", fixtures + "scipy_hamming_signal.wav", "--out",
                                   folder_.filePath("scipy.wav"), "--metrics", folder_.filePath("scipy.json")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
        const QJsonObject json = metrics(folder_.filePath("scipy.json"));
        QCOMPARE(json["n_fft"].toInt(), 256);
        QCOMPARE(json["hop"].toInt(), 64);
        const double snr = json["final"].toObject()["snr_db"].toDouble();
        const double phaseError = json["final"].toObject()["phase_error"].toDouble();
        qInfo("scipy padded=True: istft SNR %.1f dB, phase error %.2e rad", snr, phaseError);
        QVERIFY(snr >= 60.0);
        QVERIFY(phaseError < 1e-3);
    }

    void retrievesPhaseForAGuessedMagnitude()
    {
        const CliRun run = runCli({"reconstruct", "--magnitude", folder_.filePath("mag.f32"), "--auto", "--sample-rate",
                                   "22050", "--iterations", "20", "--out", folder_.filePath("auto_mag.wav"),
                                   "--metrics", folder_.filePath("auto_mag.json")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
        const QJsonObject json = metrics(folder_.filePath("auto_mag.json"));
        QCOMPARE(json["algorithm"].toString(), QString("auto"));
        QVERIFY(json["pipeline"].toString().startsWith("pghi"));
        const double sc = json["final"].toObject()["spectral_convergence_db"].toDouble();
        qInfo("auto magnitude-only: %s %d/%d, SC %.1f dB", qPrintable(json["window"].toString()), json["n_fft"].toInt(),
              json["hop"].toInt(), sc);
        QVERIFY(sc < -10.0);
    }

    void linesUpWithTheOriginalAtLagZero_data()
    {
        QTest::addColumn<QString>("magnitude");
        QTest::addColumn<QString>("phase");
        QTest::addColumn<QString>("signal");
        // Zero padding of n_fft/2 (torch pad_mode='constant'; np.pad + np.hanning), fixed-point dB.
        QTest::newRow("torch zeros") << "torch_zeros.npy" << "torch_zeros.npy" << "torch_zeros.wav";
        QTest::newRow("numpy zeros") << "numpy_zeros_mag.npy" << "numpy_zeros_phase.npy" << "numpy_zeros.wav";
        QTest::newRow("Q8 dB, centidegrees") << "q8db.i16" << "centideg.i16" << "q8db_centideg.wav";
    }

    // The padding found is removed: the output's sample n is the signal's sample n, so the metrics'
    // SNR (no alignment search, no scale fit) is high only when the origin is right.
    void linesUpWithTheOriginalAtLagZero()
    {
        QFETCH(QString, magnitude);
        QFETCH(QString, phase);
        QFETCH(QString, signal);
        const QString origin = QStringLiteral(PHASELAB_FIXTURES "/guess/origin/");
        const CliRun run = runCli({"reconstruct", "--auto", "--magnitude", origin + magnitude, "--phase", origin + phase,
                                   "--reference", origin + signal, "--out", folder_.filePath("lag0.wav"), "--metrics",
                                   folder_.filePath("lag0.json")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
        const double snr = metrics(folder_.filePath("lag0.json"))["final"].toObject()["snr_db"].toDouble();
        qInfo("%s: SNR at lag 0 %.1f dB", qPrintable(magnitude), snr);
        QVERIFY(snr >= 60.0);
    }

    void refusesRandomBytes()
    {
        QFile file(folder_.filePath("random.bin"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray bytes(8000, '\0');
        quint32 state = 99;
        for (auto& byte : bytes) {
            state = state * 1664525u + 1013904223u;
            byte = static_cast<char>(state >> 24);
        }
        file.write(bytes);
        file.close();
        const CliRun run = runCli({"reconstruct", "--auto", "--magnitude", file.fileName(), "--sample-rate", "8000",
                                   "--out", folder_.filePath("random.wav")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QCOMPARE(exitCode, 1);
        QVERIFY2(output.contains("error: --auto: no reading looks like a spectrogram"), qPrintable(output));
    }

    void refusesAutoWithoutMagnitude()
    {
        const CliRun run = runCli({"reconstruct", "--audio", demo_, "--auto", "--out", folder_.filePath("x.wav")});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QCOMPARE(exitCode, 1);
        QVERIFY2(output.startsWith("error: ") && output.contains("--auto"), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestCliAuto)
#include "test_cli_auto.moc"
