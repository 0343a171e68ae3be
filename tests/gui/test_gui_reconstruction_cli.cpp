// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's command line for reconstructions and lessons (CLI.md, "phaselab"): 
// `--demo --algorithm ALG --iterations K --screenshot OUT.png` runs K iterations once the demo is
// loaded and saves the window with the convergence plot filled; `--lesson NAME --screenshot`
// saves the lesson's window after its default run; bad names fail with one "error:" line.
#include "tests/support/gui_run.hpp"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using phaselab::test::GuiRun;

namespace {

/// Pixels of the first run's colour (the convergence plot's first curve) in the lowest 170 rows
/// of the pane column (left of the docks).
int convergencePixels(const QImage& image)
{
    int count = 0;
    for (int y = image.height() - 170; y < image.height() - 20; ++y)
        for (int x = 0; x < image.width() - 330; ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - 31) < 12 && std::abs(c.green() - 119) < 12 && std::abs(c.blue() - 180) < 12)
                ++count;
        }
    return count;
}

} // namespace

class TestGuiReconstructionCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir home_;

    GuiRun run(const QStringList& arguments) { return phaselab::test::runGui(arguments, home_.path(), 60000); }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
    }

    void demoRunsTheIterationsBeforeTheScreenshot()
    {
        const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/cli_demo_fgla.png");
        QFile::remove(path);
        const GuiRun result = run({QStringLiteral("--demo"), QStringLiteral("--algorithm"), QStringLiteral("fgla"),
                                QStringLiteral("--iterations"), QStringLiteral("15"), QStringLiteral("--screenshot"), path});
        QVERIFY2(result.status == 0, qPrintable(result.err));
        QVERIFY2(!result.err.contains(QStringLiteral("error:")), qPrintable(result.err));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(1280, 800));
        const int pixels = convergencePixels(image);
        qInfo("%d pixels of the run's colour in the convergence plot", pixels);
        QVERIFY(pixels > 150);
    }

    void defaultAlgorithmIsFgla()
    {
        const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/cli_demo_iterations_only.png");
        QFile::remove(path);
        const GuiRun result = run({QStringLiteral("--demo"), QStringLiteral("--iterations"), QStringLiteral("5"),
                                QStringLiteral("--screenshot"), path});
        QVERIFY2(result.status == 0, qPrintable(result.err));
        QVERIFY(convergencePixels(QImage(path)) > 100);
    }

    void lessonScreenshotAfterItsDefaultRun()
    {
        const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/cli_lesson_sign.png");
        QFile::remove(path);
        const GuiRun result = run({QStringLiteral("--lesson"), QStringLiteral("sign"), QStringLiteral("--screenshot"), path});
        QVERIFY2(result.status == 0, qPrintable(result.err));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY(convergencePixels(image) > 50);
    }

    void badNamesFailWithOneErrorLine()
    {
        for (const QStringList& arguments : {QStringList{QStringLiteral("--demo"), QStringLiteral("--algorithm"), QStringLiteral("magic")},
                                             QStringList{QStringLiteral("--lesson"), QStringLiteral("nonsense")}}) {
            const GuiRun result = run(arguments + QStringList{QStringLiteral("--screenshot"), home_.filePath(QStringLiteral("x.png"))});
            QCOMPARE(result.status, 1);
            QVERIFY2(result.err.contains(QStringLiteral("error:")), qPrintable(result.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestGuiReconstructionCli)
#include "test_gui_reconstruction_cli.moc"
