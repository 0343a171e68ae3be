// SPDX-License-Identifier: GPL-3.0-or-later
// Edit -> Undo / Redo in the workbench, offscreen, through the keys a user presses: N (n_fft), H
// (hop), M (colour map), Q (second pane) and typing into the Gain field are one step each; Ctrl+Z
// puts back the fields and the views (the STFT is recomputed with the old parameters, the panes
// take the old colours), Ctrl+Shift+Z redoes; a recompute the worker refuses leaves no step.
#include "ui/panels/display_panel.hpp"
#include "ui/model/edit_history.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panes/spectrogram_view.hpp"

#include <QAction>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

bool settle(MainWindow& window)
{
    QTest::qWait(250); // the parameter panel's debounce
    return QTest::qWaitFor([&window]() { return !window.isBusy(); }, 60000);
}

} // namespace

class TestGuiUndo : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_gui_undo"));
        QSettings().clear(); // the display settings of an earlier run would be the start
    }

    void keysAndFieldEditsUndoAndRedo()
    {
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.resize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        StftParams start;
        start.nFft = 1024;
        start.hop = 256;
        window.setStftParams(start);
        QSignalSpy changed(&window, &MainWindow::analysisChanged);
        window.openDemo();
        QVERIFY(changed.wait(20000));
        QVERIFY(settle(window));
        QUndoStack* stack = window.editHistory()->stack();
        QCOMPARE(stack->count(), 0); // opening is not a step
        const StftParams opened = window.parameterPanel()->params();
        const DisplaySettings display = window.displayPanel()->settings();
        QCOMPARE(opened.nFft, 1024);

        QTest::keyClick(&window, Qt::Key_N);
        QVERIFY(settle(window));
        const StftParams afterN = window.parameterPanel()->params();
        QCOMPARE(afterN.nFft, 2048);
        QTest::keyClick(&window, Qt::Key_H);
        QVERIFY(settle(window));
        const StftParams afterH = window.parameterPanel()->params();
        QCOMPARE(afterH.hop, 2 * afterN.hop);
        QTest::keyClick(&window, Qt::Key_M);
        QTest::keyClick(&window, Qt::Key_Q);
        QVERIFY(settle(window));
        QCOMPARE(stack->count(), 4);
        QVERIFY(window.analysis()->spectrogram.params.resolved() == afterH.resolved());
        QVERIFY(window.magnitudeView()->display().colormap != display.colormap);
        QVERIFY(window.secondView()->quantity() != display.secondPane);

        // Typing "12" into Gain is one step.
        auto* gain = window.displayPanel()->findChild<QDoubleSpinBox*>(QStringLiteral("gain"));
        QVERIFY(gain);
        gain->setFocus();
        gain->selectAll();
        QTest::keyClicks(gain, QStringLiteral("12"));
        QCOMPARE(gain->value(), 12.0);
        QCOMPARE(stack->count(), 5);
        QCOMPARE(window.magnitudeView()->display().gainDb, 12.0);
        window.setFocus();

        // Undo, step by step, through the menu's shortcut.
        QVERIFY2(window.editHistory()->undoAction()->text().contains(QStringLiteral("gain 12")),
                 qPrintable(window.editHistory()->undoAction()->text() + QStringLiteral(" | ") + [stack]() {
                     QStringList texts;
                     for (int i = 0; i < stack->count(); ++i)
                         texts << stack->text(i);
                     return texts.join(QStringLiteral("; "));
                 }()));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(gain->value(), display.gainDb);
        QCOMPARE(window.magnitudeView()->display().gainDb, display.gainDb);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(window.displayPanel()->settings().secondPane, display.secondPane);
        QCOMPARE(window.secondView()->quantity(), display.secondPane);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(window.displayPanel()->settings().colormap, display.colormap);
        QCOMPARE(window.magnitudeView()->display().colormap, display.colormap);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(settle(window));
        QCOMPARE(window.parameterPanel()->params(), afterN);
        QVERIFY(window.analysis()->spectrogram.params.resolved() == afterN.resolved());
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(settle(window));
        QCOMPARE(window.parameterPanel()->params(), opened);
        QVERIFY(window.analysis()->spectrogram.params.resolved() == opened.resolved());
        QVERIFY(!window.editHistory()->undoAction()->isEnabled());

        // Redo brings n_fft 2048 back, fields and views.
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(settle(window));
        QCOMPARE(window.parameterPanel()->params(), afterN);
        QVERIFY(window.analysis()->spectrogram.params.resolved() == afterN.resolved());
        // A new change drops what could be redone.
        QTest::keyClick(&window, Qt::Key_G);
        QCOMPARE(stack->count(), 2);
        QVERIFY(!window.editHistory()->redoAction()->isEnabled());
    }

    void refusedRecomputeLeavesNoStep()
    {
        MainWindow window;
        window.setErrorDialogsEnabled(false);
        window.show();
        QSignalSpy changed(&window, &MainWindow::analysisChanged);
        window.openDemo();
        QVERIFY(changed.wait(20000));
        QVERIFY(settle(window));
        const StftParams opened = window.parameterPanel()->params();
        QUndoStack* stack = window.editHistory()->stack();
        window.setMemoryLimit(1 << 20); // the demo's STFT is over 1 MiB: every recompute is refused
        QSignalSpy errors(&window, &MainWindow::errorOccurred);
        QTest::keyClick(&window, Qt::Key_N);
        QVERIFY(errors.wait(20000));
        QVERIFY(settle(window));
        QCOMPARE(window.parameterPanel()->params(), opened);
        QCOMPARE(stack->count(), 0);
        QVERIFY(!window.editHistory()->undoAction()->isEnabled());
    }
};

QTEST_MAIN(TestGuiUndo)
#include "test_gui_undo.moc"
