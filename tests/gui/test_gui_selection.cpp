// SPDX-License-Identifier: GPL-3.0-or-later
// Playback in the workbench, offscreen, driven by keys and the mouse: B switches between the
// original and the run selected in the run list (not the first run); a plain click on a time pane
// moves the play position there, stopped or playing; Ctrl+drag (or a drag with the Selection Tool)
// selects a time region shaded on every time pane, shown in the status bar, that Zoom to Selection,
// Loop and Play Selection use and Clear Selection removes. Screenshot (PHASELAB_SCREENSHOTS):
// gui_selection_region.png. Playing needs an audio device (PulseAudio's null sink is started when
// installed); without one the playing parts are skipped.
#include "ui/shell/main_window.hpp"
#include "ui/playback/play_cursor.hpp"
#include "ui/playback/playback.hpp"
#include "ui/playback/playback_controls.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/workbench.hpp"
#include "ui/shell/selection_actions.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/model/time_selection.hpp"
#include "ui/panes/waveform_view.hpp"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtTest>

#include <cmath>
#include <cstdlib>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

struct Bench {
    phaselab::ui::Workbench workbench;
    MainWindow& window = workbench.window();
    ReconstructionPanel* panel = workbench.reconstructionPanel();
    Playback* playback = nullptr;

    Bench()
    {
        window.setErrorDialogsEnabled(false);
        panel->setErrorDialogsEnabled(false);
        playback = workbench.playback();
        playback->setVolume(0.0);
        window.resize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight);
        window.show();
    }
    ~Bench() { window.close(); }

    bool settled() const { return !window.isBusy() && !panel->busy(); }
    bool canPlay() const { return playback->available(); }
};

bool openDemo(Bench& bench)
{
    QSignalSpy changed(&bench.window, &MainWindow::analysisChanged);
    bench.window.openDemo();
    return changed.wait(20000) && bench.window.analysis();
}

/// The pixel of a time on a pane, halfway up.
QPoint at(PlotWidget* pane, double seconds)
{
    return QPoint(qRound(pane->xAxis->coordToPixel(seconds)), pane->axisRect()->rect().center().y());
}

void drag(PlotWidget* pane, double from, double to, Qt::KeyboardModifiers modifiers)
{
    QTest::mousePress(pane, Qt::LeftButton, modifiers, at(pane, from));
    QTest::mouseMove(pane, (at(pane, from) + at(pane, to)) / 2);
    QTest::mouseMove(pane, at(pane, to));
    QTest::mouseRelease(pane, Qt::LeftButton, modifiers, at(pane, to));
}

/// How many time panes show a visible selection shade from `begin` to `end` (s).
int shadedPanes(MainWindow& window, double begin, double end)
{
    int shaded = 0;
    for (PlotWidget* pane : QList<PlotWidget*>{window.waveformView(), window.magnitudeView(), window.secondView(), window.comparisonView()})
        for (int i = 0; i < pane->itemCount(); ++i)
            if (auto* rect = qobject_cast<QCPItemRect*>(pane->item(i));
                rect && rect->layer()->name() == QLatin1String("timeSelection") && rect->visible() &&
                std::abs(rect->topLeft->coords().x() - begin) < 1e-9 && std::abs(rect->bottomRight->coords().x() - end) < 1e-9)
                ++shaded;
    return shaded;
}

} // namespace

class TestGuiSelection : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_gui_selection"));
    }

    void abPlaysTheSelectedRun()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        for (Algorithm algorithm : {Algorithm::Gla, Algorithm::Spsi, Algorithm::Fgla}) {
            ReconstructionOptions options;
            options.algorithm = algorithm;
            options.iterations = 2;
            bench.panel->setOptions(options);
            QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
            QVERIFY(bench.panel->run() > 0);
            QVERIFY(ended.wait(30000));
        }
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 30000);
        QCOMPARE(bench.panel->runCount(), 3);
        QCOMPARE(bench.playback->sourceCount(), 4);
        const auto original = bench.window.analysis()->signal;
        QCOMPARE(bench.playback->sourceSignal(bench.playback->current()), original);

        auto pressB = [&bench]() {
            QAction* ab = bench.workbench.playbackControls()->abAction();
            if (ab->isEnabled())
                QTest::keyClick(&bench.window, Qt::Key_B);
            else
                bench.playback->toggleAB(); // no audio device: the action is off, the switch is the same
        };
        for (int selected : {2, 0, 1}) {
            bench.panel->selectRun(selected);
            QCOMPARE(bench.playback->current(), 0);
            pressB();
            QVERIFY2(bench.playback->sourceSignal(bench.playback->current()) == bench.panel->runAt(selected).analysis->signal,
                     qPrintable(QStringLiteral("run %1 selected, hearing \"%2\"")
                                    .arg(selected + 1)
                                    .arg(bench.playback->sourceName(bench.playback->current()))));
            pressB();
            QCOMPARE(bench.playback->sourceSignal(bench.playback->current()), original);
        }
        // Hearing a run, selecting another switches to it; B goes back to the original.
        bench.panel->selectRun(0);
        pressB();
        bench.panel->selectRun(2);
        QCOMPARE(bench.playback->sourceSignal(bench.playback->current()), bench.panel->runAt(2).analysis->signal);
        pressB();
        QCOMPARE(bench.playback->current(), 0);
    }

    void clickOnAPaneSeeks()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        const double pixel = bench.window.magnitudeView()->xAxis->range().size() / bench.window.magnitudeView()->axisRect()->width();
        QTest::mouseClick(bench.window.magnitudeView(), Qt::LeftButton, Qt::NoModifier, at(bench.window.magnitudeView(), 2.0));
        QVERIFY2(std::abs(bench.playback->position() - 2.0) <= 1.5 * pixel, qPrintable(QString::number(bench.playback->position())));
        // The cursor shows where play will start.
        QVERIFY(std::abs(bench.workbench.playCursor()->position() - 2.0) <= 1.5 * pixel);
        QTest::mouseClick(bench.window.waveformView(), Qt::LeftButton, Qt::NoModifier, at(bench.window.waveformView(), 5.0));
        QVERIFY(std::abs(bench.playback->position() - 5.0) <= 1.5 * pixel);
        // A drag pans (or selects) and does not seek.
        drag(bench.window.magnitudeView(), 3.0, 4.0, Qt::NoModifier);
        QVERIFY(std::abs(bench.playback->position() - 5.0) <= 1.5 * pixel);
        if (!bench.canPlay())
            QSKIP("no audio output device: seeking while playing not exercised");
        QTest::keyClick(&bench.window, Qt::Key_P);
        QCOMPARE(bench.playback->state(), Playback::State::Playing);
        QTRY_VERIFY_WITH_TIMEOUT(bench.playback->position() > 5.05, 10000);
        const double target = bench.window.magnitudeView()->xAxis->pixelToCoord(at(bench.window.magnitudeView(), 1.0).x());
        QTest::mouseClick(bench.window.secondView(), Qt::LeftButton, Qt::NoModifier, at(bench.window.secondView(), target));
        QCOMPARE(bench.playback->state(), Playback::State::Playing);
        const double heard = bench.playback->position();
        QVERIFY2(heard >= target - 1.5 * pixel && heard < target + 0.5, qPrintable(QString::number(heard)));
        QTRY_VERIFY_WITH_TIMEOUT(bench.playback->position() > target + 0.05, 10000);
        bench.playback->stop();
    }

    void selectedRegionIsShadedZoomedLoopedAndPlayed()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        TimeSelection* selection = bench.workbench.timeSelection();
        QVERIFY(selection);
        QVERIFY(selection->isEmpty());
        SpectrogramView* magnitude = bench.window.magnitudeView();
        const double pixel = magnitude->xAxis->range().size() / magnitude->axisRect()->width();

        // Ctrl+drag, right to left, selects [1.5, 3.5] s; no pan.
        const QCPRange view = magnitude->xAxis->range();
        drag(magnitude, 3.5, 1.5, Qt::ControlModifier);
        QCOMPARE(magnitude->xAxis->range(), view);
        QVERIFY2(std::abs(selection->begin() - 1.5) <= 1.5 * pixel && std::abs(selection->end() - 3.5) <= 1.5 * pixel,
                 qPrintable(QStringLiteral("%1 .. %2").arg(selection->begin()).arg(selection->end())));
        QCOMPARE(shadedPanes(bench.window, selection->begin(), selection->end()), 4);
        auto* label = bench.window.statusBar()->findChild<QLabel*>(QStringLiteral("selectionLabel"));
        QVERIFY(label && label->isVisible());
        QCOMPARE(label->text(), QStringLiteral("Selection %1 – %2 (%3)")
                                    .arg(formatSeconds(selection->begin()), formatSeconds(selection->end()),
                                         formatSeconds(selection->end() - selection->begin())));
        QVERIFY(label->text().startsWith(QStringLiteral("Selection 1.5")) || label->text().startsWith(QStringLiteral("Selection 1.4")));

        QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
        QTest::qWait(100); // the status bar lays out the label it just showed
        bench.window.replotPanes();
        QVERIFY(bench.window.grabWindow().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_selection_region.png")));

        // Loop (O) loops over the selection.
        if (bench.canPlay()) {
            QTest::keyClick(&bench.window, Qt::Key_O);
            QVERIFY(bench.playback->looping());
            QCOMPARE(bench.playback->loopBegin(), selection->begin());
            QCOMPARE(bench.playback->loopEnd(), selection->end());
            QTest::keyClick(&bench.window, Qt::Key_O);
            QVERIFY(!bench.playback->looping());
        }

        // Zoom to Selection (Shift+Z): every time pane shows exactly the selection.
        const double begin = selection->begin(), end = selection->end();
        QTest::keyClick(&bench.window, Qt::Key_Z, Qt::ShiftModifier);
        QCOMPARE(magnitude->xAxis->range().lower, begin);
        QCOMPARE(magnitude->xAxis->range().upper, end);
        QCOMPARE(bench.window.waveformView()->xAxis->range(), magnitude->xAxis->range());
        QCOMPARE(bench.window.comparisonView()->xAxis->range(), magnitude->xAxis->range());

        // Play Selection (Ctrl+Space) plays it once, from its start.
        if (bench.canPlay()) {
            QTest::keyClick(&bench.window, Qt::Key_Space, Qt::ControlModifier);
            QCOMPARE(bench.playback->state(), Playback::State::Playing);
            QVERIFY(bench.playback->position() >= begin && bench.playback->position() < end);
            QTRY_COMPARE_WITH_TIMEOUT(bench.playback->state(), Playback::State::Stopped, 15000);
        }

        // Clear Selection (Ctrl+Shift+A): nothing shaded, the label goes; Loop is the view's again.
        QTest::keyClick(&bench.window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(selection->isEmpty());
        QCOMPARE(shadedPanes(bench.window, begin, end), 0);
        QVERIFY(!label->isVisible());

        // The Selection Tool (S): a plain drag selects instead of panning; S again: it pans.
        QTest::keyClick(&bench.window, Qt::Key_S);
        const QCPRange zoomed = magnitude->xAxis->range();
        const double a = zoomed.lower + 0.25 * zoomed.size(), b = zoomed.lower + 0.5 * zoomed.size();
        drag(bench.window.waveformView(), a, b, Qt::NoModifier);
        QCOMPARE(magnitude->xAxis->range(), zoomed);
        QVERIFY(std::abs(selection->begin() - a) < 0.02 && std::abs(selection->end() - b) < 0.02);
        QTest::keyClick(&bench.window, Qt::Key_S);
        drag(bench.window.waveformView(), b, a, Qt::NoModifier);
        QVERIFY(magnitude->xAxis->range() != zoomed);
        // Select All (Ctrl+A) takes the whole signal.
        QTest::keyClick(&bench.window, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(selection->begin(), 0.0);
        QCOMPARE(selection->end(), bench.window.analysis()->durationSeconds());
    }
};

int main(int argc, char** argv)
{
    // As test_playback: PulseAudio's null sink when PulseAudio is installed but not running.
    if (!QStandardPaths::findExecutable(QStringLiteral("pulseaudio")).isEmpty()) {
        const int status = std::system("pulseaudio --check 2>/dev/null || pulseaudio --start --exit-idle-time=10 >/dev/null 2>&1");
        (void)status;
    }
    QApplication application(argc, argv);
    TestGuiSelection test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_selection.moc"
