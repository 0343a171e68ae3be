// SPDX-License-Identifier: GPL-3.0-or-later
// The phaselab binary's command line (../shared/CLI.md, "phaselab"), run as a process offscreen:
// --demo --screenshot saves a 1280x800 window (or --geometry's size) and exits 0, and so does a
// session file given as the file to open, once it is read and applied; bad files, bad sessions and
// bad options exit 1 with one "error:" line. Screenshots go to PHASELAB_SCREENSHOTS.
#include "tests/support/gui_run.hpp"

#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using phaselab::test::GuiRun;

class TestGuiLaunch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void demoScreenshotIsDefaultSize();
    void geometryAndStftOptions();
    void badFileFails();
    void sessionFileOpensBeforeTheScreenshot();
    void memoryLimitRefusesTheDemo();
    void badOptionsFail_data();
    void badOptionsFail();
    void helpListsTheOptions();

private:
    GuiRun run(const QStringList& arguments) { return phaselab::test::runGui(arguments, home_.path()); }

    QTemporaryDir home_;
};

void TestGuiLaunch::initTestCase()
{
    QVERIFY(home_.isValid());
    QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
}

void TestGuiLaunch::demoScreenshotIsDefaultSize()
{
    const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/gui_launch_demo.png");
    QFile::remove(path);
    const GuiRun result = run({QStringLiteral("--demo"), QStringLiteral("--screenshot"), path});
    QVERIFY2(result.status == 0, qPrintable(result.err));
    QVERIFY2(!result.err.contains(QStringLiteral("error:")), qPrintable(result.err));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(1280, 800));
}

void TestGuiLaunch::geometryAndStftOptions()
{
    const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/gui_launch_geometry_hamming.png");
    QFile::remove(path);
    const GuiRun result = run({QStringLiteral("--demo"), QStringLiteral("--geometry"), QStringLiteral("1000x700"),
                            QStringLiteral("--n-fft"), QStringLiteral("1024"), QStringLiteral("--hop"), QStringLiteral("128"),
                            QStringLiteral("--window"), QStringLiteral("hamming"), QStringLiteral("--screenshot"), path});
    QVERIFY2(result.status == 0, qPrintable(result.err));
    QCOMPARE(QImage(path).size(), QSize(1000, 700));
}

void TestGuiLaunch::badFileFails()
{
    const QString path = home_.filePath(QStringLiteral("never.png"));
    const GuiRun missing = run({home_.filePath(QStringLiteral("missing.wav")), QStringLiteral("--screenshot"), path});
    QCOMPARE(missing.status, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("error: ")), qPrintable(missing.err));
    QVERIFY(missing.err.contains(QStringLiteral("missing.wav")));
    QVERIFY(!QFile::exists(path));

    const QString bad = home_.filePath(QStringLiteral("bad.flac"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    const GuiRun broken = run({bad, QStringLiteral("--screenshot"), path});
    QCOMPARE(broken.status, 1);
    QVERIFY2(broken.err.contains(QStringLiteral("error: ")), qPrintable(broken.err));
    QVERIFY(!QFile::exists(path));
}

void TestGuiLaunch::sessionFileOpensBeforeTheScreenshot()
{
    const auto write = [this](const QString& name, const QByteArray& text) {
        const QString path = home_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return QString();
        return path;
    };
    const QString session = write(QStringLiteral("demo.phaselab"), R"({"format": "phaselab-session", "version": 1,
        "source": {"kind": "demo"}, "stft": {"n_fft": 1024, "hop": 128}})");
    QVERIFY(!session.isEmpty());
    const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/gui_launch_session.png");
    QFile::remove(path);
    const GuiRun opened = run({session, QStringLiteral("--screenshot"), path});
    QVERIFY2(opened.status == 0, qPrintable(opened.err));
    QVERIFY2(!opened.err.contains(QStringLiteral("error:")), qPrintable(opened.err));
    QCOMPARE(QImage(path).size(), QSize(1280, 800));

    const QString never = home_.filePath(QStringLiteral("never.png"));
    const QString bad = write(QStringLiteral("bad.phaselab"), R"({"format": "phaselab-session", "version": 99})");
    QVERIFY(!bad.isEmpty());
    const GuiRun refused = run({bad, QStringLiteral("--screenshot"), never});
    QCOMPARE(refused.status, 1);
    QVERIFY2(refused.err.contains(QStringLiteral("error: cannot open the session: ")) && refused.err.contains(QStringLiteral("version 99")),
             qPrintable(refused.err));
    QVERIFY(!QFile::exists(never));
}

void TestGuiLaunch::memoryLimitRefusesTheDemo()
{
    // The demo's signal alone (about 9 s at 44.1 kHz) is over 1 MiB: refused before reading, with
    // the figure and the option that changes it.
    const QString path = home_.filePath(QStringLiteral("never.png"));
    const GuiRun result = run({QStringLiteral("--demo"), QStringLiteral("--memory-limit"), QStringLiteral("1M"), QStringLiteral("--threads"),
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
    const GuiRun result = run(arguments + QStringList{"--screenshot", home_.filePath(QStringLiteral("x.png"))});
    QCOMPARE(result.status, 1);
    QVERIFY2(result.err.startsWith(QStringLiteral("error: ")) || result.err.contains(QStringLiteral("\nerror: ")), qPrintable(result.err));
}

void TestGuiLaunch::helpListsTheOptions()
{
    const GuiRun result = run({QStringLiteral("--help")});
    QCOMPARE(result.status, 0);
    for (const char* option : {"--demo", "--screenshot", "--geometry", "--magnitude", "--phase", "--auto", "--lesson",
                               "--algorithm", "--iterations", "--n-fft", "--hop", "--window", "--threads", "--memory-limit",
                               "--fft-backend"})
        QVERIFY2(result.out.contains(QLatin1String(option)), option);
}

QTEST_APPLESS_MAIN(TestGuiLaunch)
#include "test_gui_launch.moc"
