// SPDX-License-Identifier: GPL-3.0-or-later
// The phaselab binary's command line (../shared/CLI.md, "phaselab"), run as a process offscreen:
// --demo --screenshot saves a 1280x800 window (or --geometry's size) and exits 0; bad files and
// bad options exit 1 with one "error:" line. Screenshots go to PHASELAB_SCREENSHOTS.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestGuiLaunch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void demoScreenshotIsDefaultSize();
    void geometryAndStftOptions();
    void badFileFails();
    void memoryLimitRefusesTheDemo();
    void badOptionsFail_data();
    void badOptionsFail();
    void helpListsTheOptions();

private:
    struct Run {
        int status = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList& arguments, int timeoutMs = 120000);

    QTemporaryDir home_;
};

void TestGuiLaunch::initTestCase()
{
    QVERIFY(home_.isValid());
    QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
}

TestGuiLaunch::Run TestGuiLaunch::run(const QStringList& arguments, int timeoutMs)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // A fresh home: no saved geometry or preferences from anyone.
    environment.insert(QStringLiteral("HOME"), home_.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home_.filePath(QStringLiteral("config")));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PHASELAB_GUI), arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

void TestGuiLaunch::demoScreenshotIsDefaultSize()
{
    const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/gui_launch_demo.png");
    QFile::remove(path);
    const Run result = run({QStringLiteral("--demo"), QStringLiteral("--screenshot"), path});
    QVERIFY2(result.status == 0, qPrintable(result.err));
    QVERIFY2(!result.err.contains(QStringLiteral("error:")), qPrintable(result.err));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(1280, 800));
}

void TestGuiLaunch::geometryAndStftOptions()
{
    const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/gui_launch_geometry_hamming.png");
    QFile::remove(path);
    const Run result = run({QStringLiteral("--demo"), QStringLiteral("--geometry"), QStringLiteral("1000x700"),
                            QStringLiteral("--n-fft"), QStringLiteral("1024"), QStringLiteral("--hop"), QStringLiteral("128"),
                            QStringLiteral("--window"), QStringLiteral("hamming"), QStringLiteral("--screenshot"), path});
    QVERIFY2(result.status == 0, qPrintable(result.err));
    QCOMPARE(QImage(path).size(), QSize(1000, 700));
}

void TestGuiLaunch::badFileFails()
{
    const QString path = home_.filePath(QStringLiteral("never.png"));
    const Run missing = run({home_.filePath(QStringLiteral("missing.wav")), QStringLiteral("--screenshot"), path});
    QCOMPARE(missing.status, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("error: ")), qPrintable(missing.err));
    QVERIFY(missing.err.contains(QStringLiteral("missing.wav")));
    QVERIFY(!QFile::exists(path));

    const QString bad = home_.filePath(QStringLiteral("bad.flac"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    const Run broken = run({bad, QStringLiteral("--screenshot"), path});
    QCOMPARE(broken.status, 1);
    QVERIFY2(broken.err.contains(QStringLiteral("error: ")), qPrintable(broken.err));
    QVERIFY(!QFile::exists(path));
}

void TestGuiLaunch::memoryLimitRefusesTheDemo()
{
    // The demo's signal alone (about 9 s at 44.1 kHz) is over 1 MiB: refused before reading, with
    // the figure and the option that changes it.
    const QString path = home_.filePath(QStringLiteral("never.png"));
    const Run result = run({QStringLiteral("--demo"), QStringLiteral("--memory-limit"), QStringLiteral("1M"), QStringLiteral("--threads"),
                            QStringLiteral("1"), QStringLiteral("--screenshot"), path});
    QCOMPARE(result.status, 1);
    QVERIFY2(result.err.contains(QStringLiteral("error: ")) && result.err.contains(QStringLiteral("memory limit is 1.0 MiB")) &&
                 result.err.contains(QStringLiteral("give --memory-limit")),
             qPrintable(result.err));
    QVERIFY(!QFile::exists(path));
}

void TestGuiLaunch::badOptionsFail_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("hop not a number") << QStringList{"--demo", "--hop", "abc"};
    QTest::newRow("unknown window") << QStringList{"--demo", "--window", "triangle-ish"};
    QTest::newRow("hop larger than window") << QStringList{"--demo", "--n-fft", "512", "--hop", "1024"};
    QTest::newRow("bad geometry") << QStringList{"--demo", "--geometry", "12"};
    QTest::newRow("unknown option") << QStringList{"--demo", "--frobnicate"};
    QTest::newRow("demo and file") << QStringList{"--demo", "x.wav"};
    QTest::newRow("no lesson") << QStringList{"--lesson", "no-such-lesson"};
    QTest::newRow("negative threads") << QStringList{"--demo", "--threads", "-1"};
    QTest::newRow("memory limit not a size") << QStringList{"--demo", "--memory-limit", "lots"};
    QTest::newRow("unknown fft backend") << QStringList{"--demo", "--fft-backend", "fftw3"};
}

void TestGuiLaunch::badOptionsFail()
{
    QFETCH(QStringList, arguments);
    const Run result = run(arguments + QStringList{"--screenshot", home_.filePath(QStringLiteral("x.png"))});
    QCOMPARE(result.status, 1);
    QVERIFY2(result.err.startsWith(QStringLiteral("error: ")) || result.err.contains(QStringLiteral("\nerror: ")), qPrintable(result.err));
}

void TestGuiLaunch::helpListsTheOptions()
{
    const Run result = run({QStringLiteral("--help")});
    QCOMPARE(result.status, 0);
    for (const char* option : {"--demo", "--screenshot", "--geometry", "--magnitude", "--phase", "--auto", "--lesson",
                               "--algorithm", "--iterations", "--n-fft", "--hop", "--window", "--threads", "--memory-limit",
                               "--fft-backend"})
        QVERIFY2(result.out.contains(QLatin1String(option)), option);
}

QTEST_APPLESS_MAIN(TestGuiLaunch)
#include "test_gui_launch.moc"
