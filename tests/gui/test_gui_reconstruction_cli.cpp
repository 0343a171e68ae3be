// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's command line for reconstructions and lessons (CLI.md, "phaselab"): 
// `--demo --algorithm ALG --iterations K --screenshot OUT.png` runs K iterations once the demo is
// loaded and saves the window with the convergence plot filled; `--lesson NAME --screenshot`
// saves the lesson's window after its default run; bad names fail with one "error:" line.
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int status = -1;
    QString err;
};

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

    Run run(const QStringList& arguments)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("HOME"), home_.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home_.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(PHASELAB_GUI), arguments);
        Run result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.err = QString::fromLocal8Bit(process.readAllStandardError());
        return result;
    }

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
        const Run result = run({QStringLiteral("--demo"), QStringLiteral("--algorithm"), QStringLiteral("fgla"),
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
        const Run result = run({QStringLiteral("--demo"), QStringLiteral("--iterations"), QStringLiteral("5"),
                                QStringLiteral("--screenshot"), path});
        QVERIFY2(result.status == 0, qPrintable(result.err));
        QVERIFY(convergencePixels(QImage(path)) > 100);
    }

    void lessonScreenshotAfterItsDefaultRun()
    {
        const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/cli_lesson_sign.png");
        QFile::remove(path);
        const Run result = run({QStringLiteral("--lesson"), QStringLiteral("sign"), QStringLiteral("--screenshot"), path});
        QVERIFY2(result.status == 0, qPrintable(result.err));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY(convergencePixels(image) > 50);
    }

    void badNamesFailWithOneErrorLine()
    {
        for (const QStringList& arguments : {QStringList{QStringLiteral("--demo"), QStringLiteral("--algorithm"), QStringLiteral("magic")},
                                             QStringList{QStringLiteral("--lesson"), QStringLiteral("nonsense")}}) {
            const Run result = run(arguments + QStringList{QStringLiteral("--screenshot"), home_.filePath(QStringLiteral("x.png"))});
            QCOMPARE(result.status, 1);
            QVERIFY2(result.err.contains(QStringLiteral("error:")), qPrintable(result.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestGuiReconstructionCli)
#include "test_gui_reconstruction_cli.moc"
