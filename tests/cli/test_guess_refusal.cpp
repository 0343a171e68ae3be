// SPDX-License-Identifier: GPL-3.0-or-later
// `guess` refuses what is no spectrogram: random bytes (5 sizes x 3 seeds) exit 1 with an error
// line naming the best reading and the evidence against it, while every real dump of the fixtures
// and the import tour pair are still accepted; the core result says so too (looksLikeSpectrogram).
#include "core/guess/guess.hpp"
#include "tests/support/cli_run.hpp"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using phaselab::test::CliRun;
using phaselab::test::runCli;

class TestGuessRefusal : public QObject {
    Q_OBJECT

    QTemporaryDir folder_;

private slots:
    void randomBytesAreRefused_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("seed");
        for (int size : {5000, 20000, 65536, 250000, 1000000})
            for (int seed : {1, 2, 3})
                QTest::newRow(qPrintable(QString("%1 bytes, seed %2").arg(size).arg(seed))) << size << seed;
    }

    void randomBytesAreRefused()
    {
        QFETCH(int, size);
        QFETCH(int, seed);
        QVERIFY(folder_.isValid());
        std::mt19937 generator(static_cast<unsigned>(seed));
        QByteArray bytes(size, '\0');
        for (auto& byte : bytes)
            byte = static_cast<char>(generator() & 0xff);
        const QString path = folder_.filePath(QString("random_%1_%2.bin").arg(size).arg(seed));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();

        const CliRun run = runCli({"guess", "--magnitude", path, "--threads", "2"});
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QCOMPARE(exitCode, 1);
        QVERIFY2(output.startsWith("error: no reading looks like a spectrogram: the best ("), qPrintable(output));
        QVERIFY2(output.contains("correlate at r = "), qPrintable(output));

        phaselab::GuessInput input;
        input.magnitudePath = path.toStdString();
        phaselab::GuessOptions options;
        options.threads = 2;
        QVERIFY(!phaselab::guess(input, options).looksLikeSpectrogram);
    }

    void realDumpsAreAccepted_data()
    {
        QTest::addColumn<QString>("magnitude");
        QTest::addColumn<QString>("phase");
        const QString fixtures = QStringLiteral(PHASELAB_FIXTURES "/guess/");
        const QString origin = fixtures + "origin/";
        QTest::newRow("scipy_hamming") << fixtures + "scipy_hamming.npy" << QString();
        QTest::newRow("torch pair") << fixtures + "torch_mag.npy" << fixtures + "torch_phase_deg.npy";
        QTest::newRow("torch magnitude") << fixtures + "torch_mag.npy" << QString();
        QTest::newRow("octave mat") << fixtures + "octave_like.mat" << QString();
        QTest::newRow("import tour pair") << QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.mag")
                                          << QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.phase");
        QTest::newRow("import tour magnitude") << QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.mag") << QString();
        for (const auto& name : {"numpy_zeros", "torch_reflect_quiet"})
            QTest::newRow(qPrintable(QString(name) + " magnitude")) << origin + name + "_mag.npy" << QString();
        QTest::newRow("rect two-sided pair") << origin + "rect_twosided_mag.csv" << origin + "rect_twosided_phase.csv";
        QTest::newRow("Q8 dB magnitude") << origin + "q8db.i16" << QString();
        QTest::newRow("Q8 dB pair") << origin + "q8db.i16" << origin + "centideg.i16";
        QTest::newRow("millirad pair") << origin + "millirad_mag.f32" << origin + "millirad_phase.i16";
    }

    void realDumpsAreAccepted()
    {
        QFETCH(QString, magnitude);
        QFETCH(QString, phase);
        QStringList arguments{"guess", "--magnitude", magnitude, "--threads", "2", "--json"};
        if (!phase.isEmpty())
            arguments << "--phase" << phase;
        const CliRun run = runCli(arguments);
        const int exitCode = run.exitCode;
        const QString output = run.output();
        QVERIFY2(exitCode == 0, qPrintable(output));
    }
};

QTEST_APPLESS_MAIN(TestGuessRefusal)
#include "test_guess_refusal.moc"
