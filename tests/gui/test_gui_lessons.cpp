// SPDX-License-Identifier: GPL-3.0-or-later
// Every guided lesson opens offscreen, runs its default runs, shows its focus run, and
// saves a screenshot (PHASELAB_SCREENSHOTS/lesson_NAME.png); the lessons' answers hold: the sign
// lesson's -x has raw error ~pi^2 and sign-corrected ~0, the components lessons' a - b has
// component-corrected ~0 with sign-corrected large, the window-mismatch lesson's right parameters
// are far more consistent than the wrong ones, the overlap lesson improves with redundancy.
#include "core/reconstruction/metrics.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"
#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_controller.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panes/plot_widget.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/workbench.hpp"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

constexpr double kPi2 = std::numbers::pi * std::numbers::pi;

const IterationRecord& last(const ReconstructionRun& run)
{
    return run.records.back();
}

} // namespace

class TestGuiLessons : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_gui_lessons"));
    }

    void unknownLessonIsRefused()
    {
        Workbench workbench;
        QString error;
        QVERIFY(!workbench.lessons()->open(QStringLiteral("nonsense"), true, &error));
        QVERIFY(error.contains(QStringLiteral("sign")));
    }

    void everyLessonOpensRunsAndSavesAScreenshot_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString& name : lessonNames())
            QTest::newRow(qPrintable(name)) << name;
    }

    void everyLessonOpensRunsAndSavesAScreenshot()
    {
        QFETCH(QString, name);
        Workbench workbench;
        MainWindow& window = workbench.window();
        window.setErrorDialogsEnabled(false);
        ReconstructionPanel* panel = workbench.reconstructionPanel();
        panel->setErrorDialogsEnabled(false);
        window.resize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight);
        window.show();
        QSignalSpy errors(panel, &ReconstructionPanel::errorOccurred);
        QString error;
        QVERIFY2(workbench.lessons()->open(name, true, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis() && panel->runCount() > 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy() && !panel->busy() && panel->runAt(panel->runCount() - 1).ended(), 60000);
        // The lesson's summary is made in a job once the last run has ended.
        QTRY_VERIFY_WITH_TIMEOUT(!window.isBusy() && !panel->busy() && !workbench.lessons()->busy(), 20000);
        QCOMPARE(errors.count(), 0);
        QCOMPARE(workbench.lessons()->current(), name);

        const Lesson* lesson = findLesson(name);
        QVERIFY(lesson);
        QCOMPARE(panel->runCount(), int(lesson->runs(*window.analysis()).size()));
        for (int i = 0; i < panel->runCount(); ++i)
            QCOMPARE(panel->runAt(i).status, ReconstructionRun::Status::Finished);
        QCOMPARE(panel->selectedRun(), lesson->focusRun);
        QCOMPARE(panel->comparisonQuantity(), lesson->comparison);
        QVERIFY(panel->comparisonPane()->image().analysis);
        auto* text = window.findChild<QTextBrowser*>(QStringLiteral("lessonText"));
        QVERIFY(text);
        QVERIFY2(!text->toPlainText().contains(QStringLiteral("missing")), qPrintable(text->toPlainText().left(200)));
        QVERIFY(text->toPlainText().contains(QStringLiteral("Take-away")));
        // Every pane's axis labels fit their axes (shortened rather than clipped).
        for (PlotWidget* pane : window.findChildren<PlotWidget*>()) {
            if (!pane->isVisible())
                continue;
            pane->replot(QCustomPlot::rpImmediateRefresh);
            for (QCPAxis* axis : pane->axisRect()->axes()) {
                if (!axis->visible() || axis->label().isEmpty())
                    continue;
                const int room = axis->orientation() == Qt::Vertical ? axis->axisRect()->height() : axis->axisRect()->width();
                QVERIFY2(QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label()) <= room,
                         qPrintable(pane->objectName() + ": " + axis->label()));
            }
        }

        for (int i = 0; i < panel->runCount(); ++i) {
            const ReconstructionRun& run = panel->runAt(i);
            const IterationRecord& record = last(run);
            qInfo("%s / %s: SC %.1f dB, raw %.4f, sign %.4f, unweighted %.3f, component %.2g (%d of %d flipped)",
                  qPrintable(name), qPrintable(run.name), record.spectralConvergenceDb, record.phase->raw,
                  record.phase->signCorrected, record.phase->unweighted, record.phase->componentCorrected,
                  record.phase->componentsFlipped, record.phase->components);
        }
        if (name == QLatin1String("sign")) {
            const IterationRecord& minusX = last(panel->runAt(0));
            QVERIFY(std::abs(minusX.phase->raw - kPi2) < 0.01 * kPi2);
            QVERIFY(minusX.phase->signCorrected < 1e-3);
            // The pi^2 curve is the lesson's point: it runs below the plot's title box, not under it.
            ConvergencePlot* plot = window.convergencePlot();
            plot->replot(QCustomPlot::rpImmediateRefresh);
            const double titleBottom = plot->axisRect()->top() + QFontMetrics(QFont(plot->font().family(), 9, QFont::Bold)).height() + 4;
            QVERIFY2(plot->yAxis2->coordToPixel(minusX.phase->raw) > titleBottom,
                     qPrintable(QStringLiteral("pi^2 at %1 px, title down to %2 px").arg(plot->yAxis2->coordToPixel(minusX.phase->raw)).arg(titleBottom)));
        } else if (name.startsWith(QLatin1String("components"))) {
            const IterationRecord& flipped = last(panel->runAt(0));
            QVERIFY(flipped.phase->componentCorrected < 1e-3);
            QVERIFY(flipped.phase->signCorrected > 0.4 * kPi2);
            QCOMPARE(flipped.phase->componentsFlipped, 1);
        } else if (name == QLatin1String("convergence")) {
            // FGLA gets further than GLA in the same number of iterations.
            QVERIFY(last(panel->runAt(1)).spectralConvergenceDb < last(panel->runAt(0)).spectralConvergenceDb);
            // The seed's unweighted measure stays far from 0 while the spectral convergence falls.
            QVERIFY(last(panel->runAt(1)).phase->unweighted > 1.0);
        } else if (name == QLatin1String("window-mismatch")) {
            const double right = panel->runAt(0).records.front().spectralConvergenceDb;
            for (int i = 1; i < panel->runCount(); ++i)
                QVERIFY(panel->runAt(i).records.front().spectralConvergenceDb > right + 20.0);
        } else if (name == QLatin1String("overlap")) {
            // Measured on one common fine STFT, more redundancy gives a better reconstruction
            // (each run's own curve is measured in its own STFT and says otherwise).
            WorkerPool pool(2);
            StftParams common;
            common.nFft = 1024;
            common.hop = 128;
            const Spectrogram reference = stft(*window.analysis()->signal, common, pool);
            const PhaseReference phaseReference(reference.coefficients);
            double previous = 0.0;
            for (int i = 0; i < panel->runCount(); ++i) {
                const Spectrogram estimate = stft(*panel->runAt(i).analysis->signal, common, pool);
                const double sc = spectralConvergenceDb(estimate.coefficients, phaseReference.magnitude());
                qInfo("overlap / %s on the common STFT: %.1f dB", qPrintable(panel->runAt(i).name), sc);
                QVERIFY(sc < previous);
                previous = sc;
            }
            QVERIFY(window.findChild<QLabel*>(QStringLiteral("lessonNotes"))->text().contains(QStringLiteral("common STFT")));
        }
        auto* notes = window.findChild<QLabel*>(QStringLiteral("lessonNotes"));
        QVERIFY(notes && notes->text().contains(QStringLiteral("Final figures")));

        window.replotPanes();
        QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
        QVERIFY(window.grabWindow().save(QStringLiteral(PHASELAB_SCREENSHOTS "/lesson_%1.png").arg(name)));
        window.close();
    }
};

QTEST_MAIN(TestGuiLessons)
#include "test_gui_lessons.moc"
