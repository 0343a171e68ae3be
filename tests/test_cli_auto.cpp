// `reconstruct --auto`: a raw magnitude/phase pair written by `analyze` with parameters the test
// does not pass on is guessed and inverted; the result must match the original audio.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliAuto : public QObject {
    Q_OBJECT

    QTemporaryDir folder_;
    const QString demo_ = QString(PHASELAB_RESOURCES) + "/demo.flac";

    static QString runCli(const QStringList& arguments, int* exitCode)
    {
        QProcess process;
        process.start(PHASELAB_CLI, arguments);
        process.waitForFinished(120000);
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    }

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
        int exitCode = 0;
        const QString output = runCli({"analyze", demo_, "--n-fft", "512", "--hop", "128", "--window", "hamming",
                                       "--format", "f32le", "--layout", "frames_by_bins",
                                       "--magnitude", folder_.filePath("mag.f32"), "--phase", folder_.filePath("phase.f32")},
                                      &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));
    }

    void invertsAGuessedPairWithPhase()
    {
        int exitCode = 0;
        const QString output = runCli({"reconstruct", "--magnitude", folder_.filePath("mag.f32"), "--phase",
                                       folder_.filePath("phase.f32"), "--auto", "--sample-rate", "22050", "--reference",
                                       demo_, "--out", folder_.filePath("auto.wav"), "--metrics", folder_.filePath("auto.json")},
                                      &exitCode);
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
        int exitCode = 0;
        const QString output = runCli({"reconstruct", "--magnitude", fixtures + "scipy_hamming.npy", "--auto", "--sample-rate",
                                       "8000", "--reference", fixtures + "scipy_hamming_signal.wav", "--out",
                                       folder_.filePath("scipy.wav"), "--metrics", folder_.filePath("scipy.json")},
                                      &exitCode);
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
        int exitCode = 0;
        const QString output = runCli({"reconstruct", "--magnitude", folder_.filePath("mag.f32"), "--auto", "--sample-rate",
                                       "22050", "--iterations", "20", "--out", folder_.filePath("auto_mag.wav"),
                                       "--metrics", folder_.filePath("auto_mag.json")},
                                      &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));
        const QJsonObject json = metrics(folder_.filePath("auto_mag.json"));
        QCOMPARE(json["algorithm"].toString(), QString("fgla"));
        const double sc = json["final"].toObject()["spectral_convergence_db"].toDouble();
        qInfo("auto magnitude-only: %s %d/%d, SC %.1f dB", qPrintable(json["window"].toString()), json["n_fft"].toInt(),
              json["hop"].toInt(), sc);
        QVERIFY(sc < -10.0);
    }

    void refusesAutoWithoutMagnitude()
    {
        int exitCode = 0;
        const QString output = runCli({"reconstruct", "--audio", demo_, "--auto", "--out", folder_.filePath("x.wav")}, &exitCode);
        QCOMPARE(exitCode, 1);
        QVERIFY2(output.startsWith("error: ") && output.contains("--auto"), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestCliAuto)
#include "test_cli_auto.moc"
