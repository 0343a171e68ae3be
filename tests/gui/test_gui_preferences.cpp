// SPDX-License-Identifier: GPL-3.0-or-later
// Edit -> Preferences, found through its menu text as a user finds it: the FFT backend chosen
// there is what new transforms use at once, it is stored, Cancel changes nothing, and the stored
// choice is applied at the next start (unless PHASELAB_FFT_BACKEND says otherwise).
#include "core/dsp/fft.hpp"
#include "ui/dialogs/preferences_dialog.hpp"
#include "ui/shell/main_window.hpp"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

QString plainText(const QAction* action)
{
    return action->text().remove(QLatin1Char('&'));
}

/// The action `text` of the menu `menuText` of the window's menu bar, or nullptr.
QAction* menuAction(QMainWindow& window, const QString& menuText, const QString& text)
{
    for (QAction* menuEntry : window.menuBar()->actions()) {
        if (plainText(menuEntry) != menuText || !menuEntry->menu())
            continue;
        for (QAction* action : menuEntry->menu()->actions())
            if (plainText(action) == text)
                return action;
    }
    return nullptr;
}

/// Opens the dialog through Edit -> Preferences… and returns it (owned by the window).
PreferencesDialog* openPreferences(MainWindow& window)
{
    QAction* action = menuAction(window, QStringLiteral("Edit"), QStringLiteral("Preferences…"));
    if (!action)
        return nullptr;
    action->trigger();
    // open() shows it at once (window-modal, no nested event loop).
    PreferencesDialog* dialog = window.findChild<PreferencesDialog*>();
    return dialog && dialog->isVisible() ? dialog : nullptr;
}

FftBackend otherBackend(FftBackend backend)
{
    return backend == FftBackend::Fftw ? FftBackend::Kiss : FftBackend::Fftw;
}

} // namespace

class TestGuiPreferences : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        qunsetenv("PHASELAB_FFT_BACKEND");
        QSettings().remove(QStringLiteral("fftBackend"));
    }

    void cleanupTestCase() { QSettings().remove(QStringLiteral("fftBackend")); }

    void menuEntryHasItsShortcut()
    {
        MainWindow window;
        QAction* action = menuAction(window, QStringLiteral("Edit"), QStringLiteral("Preferences…"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    }

    void choosingABackendAppliesAndStoresIt()
    {
        if (!fftBackendAvailable(FftBackend::Fftw))
            QSKIP("built without FFTW: there is only one backend to choose");
        const FftBackend before = fftBackend();
        const FftBackend chosen = otherBackend(before);
        MainWindow window;
        window.show();
        PreferencesDialog* dialog = openPreferences(window);
        QVERIFY(dialog);
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("fftBackend"));
        QVERIFY(combo);
        QCOMPARE(combo->currentData().toString(), QString::fromStdString(fftBackendName(before)));
        combo->setCurrentIndex(combo->findData(QString::fromStdString(fftBackendName(chosen))));
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!window.findChild<PreferencesDialog*>() || !window.findChild<PreferencesDialog*>()->isVisible());

        QCOMPARE(fftBackend(), chosen);
        QCOMPARE(RealFft(256).backend(), chosen);            // new plans
        QCOMPARE(threadLocalRealFft(256).backend(), chosen); // what runs and views use
        QCOMPARE(QSettings().value(QStringLiteral("fftBackend")).toString(), QString::fromStdString(fftBackendName(chosen)));

        // The next start: the stored choice is applied...
        setFftBackend(before);
        applyStoredPreferences();
        QCOMPARE(fftBackend(), chosen);
        // ...unless the environment names a backend for this run.
        setFftBackend(before);
        qputenv("PHASELAB_FFT_BACKEND", fftBackendName(before).c_str());
        applyStoredPreferences();
        QCOMPARE(fftBackend(), before);
        qunsetenv("PHASELAB_FFT_BACKEND");
    }

    void cancelChangesNothing()
    {
        if (!fftBackendAvailable(FftBackend::Fftw))
            QSKIP("built without FFTW: there is only one backend to choose");
        QSettings().remove(QStringLiteral("fftBackend"));
        const FftBackend before = fftBackend();
        MainWindow window;
        window.show();
        PreferencesDialog* dialog = openPreferences(window);
        QVERIFY(dialog);
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("fftBackend"));
        combo->setCurrentIndex(combo->findData(QString::fromStdString(fftBackendName(otherBackend(before)))));
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
        QCOMPARE(fftBackend(), before);
        QVERIFY(!QSettings().contains(QStringLiteral("fftBackend")));
    }

    void storedValueThisBuildCannotUseIsIgnored()
    {
        const FftBackend before = fftBackend();
        QSettings().setValue(QStringLiteral("fftBackend"), QStringLiteral("fftw3-or-something"));
        applyStoredPreferences();
        QCOMPARE(fftBackend(), before);
        QSettings().remove(QStringLiteral("fftBackend"));
    }
};

int main(int argc, char** argv)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_preferences"));
    TestGuiPreferences test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_preferences.moc"
