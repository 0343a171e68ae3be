// SPDX-License-Identifier: GPL-3.0-or-later
// The journeys our users come for, end to end, through what a user touches: keys, clicks on
// buttons and list rows found by their visible text, fields found by their labels, the file
// dialogs answered by typing a path. The window is built exactly as the phaselab binary builds it
// (the Workbench, as ui/shell/launcher.cpp builds it). Each journey ends in a screenshot
// (PHASELAB_SCREENSHOTS/journey_*.png).
//   J1 magnitude only: .npy and raw .f32 through Ctrl+I and Browse…, Suggest, one click on
//      candidate 1, Import, FGLA, play, Export Audio…, Save Session.
//   J2 the README's import tour: the raw pair, Suggest, Import, ISTFT of the given phase, A/B.
//   J3 audio: keys step window and hop, two runs, run 2 selected, B, save, reopen the session as
//      `phaselab FILE.phaselab` does, scrub, play.
//   J4 every lesson at 1280x800 and 1000x700, through the real binary's --screenshot.
#include "core/io/audio_file.hpp"
#include "core/io/session.hpp"
#include "tests/support/journey_support.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/playback/playback.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/workbench.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/gui_run.hpp"

#include <QApplication>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>

#include <cstdlib>
#include <memory>

using namespace phaselab;
using namespace phaselab::ui;
using namespace journey;

namespace {

constexpr int kLong = 120000; // ms: the guesser and runs under ASan on a loaded 2-core machine

struct Bench {
    phaselab::ui::Workbench workbench;
    MainWindow& window = workbench.window();
    ReconstructionPanel* panel = workbench.reconstructionPanel();
    explicit Bench(QSize size = {MainWindow::kDefaultWidth, MainWindow::kDefaultHeight})
    {
        window.resize(size);
        window.show();
        // Shortcuts (Ctrl+I, P, B) reach the active window only, as on a desktop.
        QApplication::setActiveWindow(&window);
        active = QTest::qWaitForWindowActive(&window);
    }
    bool active = false;

    /// A click on the window (its status bar) after a dialog closed: it is the active window again.
    void returnToWindow()
    {
        QApplication::setActiveWindow(&window);
        QTest::mouseClick(window.statusBar(), Qt::LeftButton);
    }
};

bool saveShot(QWidget* widget, const QString& name)
{
    return widget->grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/journey_%1.png").arg(name));
}

} // namespace

class TestJourneys : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void magnitudeOnly_data();
    void magnitudeOnly();
    void importTourAsWritten();
    void audioRunsSessionAndBack();
    void everyLessonAtTwoSizes_data();
    void everyLessonAtTwoSizes();

private:
    /// Ctrl+I, Browse… for the magnitude (and phase), Suggest, one click on candidate 1, Import.
    void importThroughDialog(Bench& bench, const QString& magnitude, const QString& phase, const QString& shot);

    QTemporaryDir folder_;
    QString demo_;
};

void TestJourneys::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(folder_.isValid());
    demo_ = QStringLiteral(PHASELAB_RESOURCES "/demo.flac");
    // The files a user with "only a magnitude spectrogram" holds.
    const phaselab::test::CliRun npy =
        phaselab::test::runCli({"analyze", demo_, "--n-fft", "1024", "--hop", "256", "--magnitude", folder_.filePath("mag.npy")});
    QVERIFY2(npy.exitCode == 0, qPrintable(npy.err));
    const phaselab::test::CliRun raw =
        phaselab::test::runCli({"analyze", demo_, "--n-fft", "512", "--hop", "128", "--magnitude", folder_.filePath("mag.f32")});
    QVERIFY2(raw.exitCode == 0, qPrintable(raw.err));
}

void TestJourneys::importThroughDialog(Bench& bench, const QString& magnitude, const QString& phase, const QString& shot)
{
    qInfo("journey: Ctrl+I");
    key(&bench.window, Qt::Key_I, Qt::ControlModifier);
    QDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window<QDialog>(QStringLiteral("Import Spectrogram"))), 10000);
    // Browse… beside "Magnitude": the path appears and the file is read at once.
    bool answered = false;
    answerFileDialog(magnitude, &answered);
    click(field<QAbstractButton>(dialog, QStringLiteral("Magnitude")));
    QTRY_VERIFY_WITH_TIMEOUT(answered, 20000);
    QCOMPARE(field<QLineEdit>(dialog, QStringLiteral("Magnitude"))->text(), magnitude);
    if (!phase.isEmpty()) {
        answered = false;
        answerFileDialog(phase, &answered);
        click(field<QAbstractButton>(dialog, QStringLiteral("Phase")));
        QTRY_VERIFY_WITH_TIMEOUT(answered, 20000);
    }
    // The files carry no sample rate: the user types the one they know.
    auto* rate = field<QDoubleSpinBox>(dialog, QStringLiteral("Sample rate"));
    QVERIFY(rate);
    rate->setFocus();
    rate->selectAll();
    QTest::keyClicks(rate, QStringLiteral("22050"));
    key(rate, Qt::Key_Tab);
    QCOMPARE(rate->value(), 22050.0);
    qInfo("journey: Suggest");
    QAbstractButton* suggest = button(dialog, QStringLiteral("Suggest"));
    QTRY_VERIFY_WITH_TIMEOUT(suggest && suggest->isEnabled(), 10000);
    click(suggest);
    auto* candidates = dialog->findChild<QTreeWidget*>();
    QTRY_VERIFY_WITH_TIMEOUT(candidates->topLevelItemCount() > 0 && button(dialog, QStringLiteral("Suggest")), kLong);
    qInfo("journey: candidate 1, Import");
    clickRow(candidates, 0);
    QAbstractButton* import = button(dialog, QStringLiteral("Import"));
    QTRY_VERIFY_WITH_TIMEOUT(import->isEnabled(), 30000);
    QVERIFY(saveShot(dialog, shot + QStringLiteral("_dialog")));
    QSignalSpy errors(&bench.window, &MainWindow::errorOccurred);
    QPointer<QDialog> open(dialog); // it deletes itself once the import worked
    click(import);
    QTRY_VERIFY_WITH_TIMEOUT(open.isNull() || !open->isVisible() || !errors.isEmpty(), kLong);
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.front().front().toString()));
    QTRY_VERIFY_WITH_TIMEOUT(bench.window.windowTitle().contains(QFileInfo(magnitude).fileName()) && !bench.window.isBusy(), kLong);
    bench.returnToWindow();
}

void TestJourneys::magnitudeOnly_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("bins");
    QTest::newRow("npy") << QStringLiteral("mag.npy") << 513;
    QTest::newRow("f32") << QStringLiteral("mag.f32") << 257;
}

void TestJourneys::magnitudeOnly()
{
    QFETCH(QString, file);
    QFETCH(int, bins);
    Bench bench;
    QTRY_VERIFY(bench.window.isVisible());
    QVERIFY(bench.active);
    importThroughDialog(bench, folder_.filePath(file), QString(), QStringLiteral("j1_") + file);
    if (QTest::currentTestFailed())
        return;
    // What the window shows: the bins of the file, no waveform yet (no phase), a title.
    QVERIFY(showsText(&bench.window, QStringLiteral("%1 bins").arg(bins)) ||
            bench.window.findChild<QLabel*>(QStringLiteral("info"))->text().contains(QString::number(bins)));

    qInfo("journey: imported; Ctrl+R");
    // Run (Ctrl+R): the panel's method, auto (the first in its list).
    QListWidget* runs = bench.panel->findChild<QListWidget*>();
    key(&bench.window, Qt::Key_R, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(runs->count() == 1 && runs->item(0)->text().contains(QStringLiteral(" dB")), kLong);
    QTRY_VERIFY_WITH_TIMEOUT(!bench.panel->busy() && !bench.window.isBusy(), kLong);

    // Play (P): the reconstruction is what can be heard (there is no original).
    Playback* playback = bench.workbench.playback();
    key(&bench.window, Qt::Key_P);
    if (playback->available()) {
        QTRY_COMPARE_WITH_TIMEOUT(playback->state(), Playback::State::Playing, 5000);
        key(&bench.window, Qt::Key_P);
    }

    qInfo("journey: Export Audio");
    // Export Audio…: a WAV of the reconstruction.
    const QString wav = folder_.filePath(file + QStringLiteral(".wav"));
    bool answered = false;
    answerFileDialog(wav, &answered);
    QAbstractButton* exportAudio = button(bench.panel, QStringLiteral("Export Audio…"));
    QVERIFY(exportAudio);
    QVERIFY(exportAudio->isEnabled());
    QSignalSpy exportErrors(bench.panel, &ReconstructionPanel::errorOccurred);
    click(exportAudio);
    QTRY_VERIFY_WITH_TIMEOUT(answered && (QFileInfo::exists(wav) || !exportErrors.isEmpty()), 30000);
    QVERIFY2(exportErrors.isEmpty(), exportErrors.isEmpty() ? "" : qPrintable(exportErrors.front().front().toString()));
    bench.returnToWindow();
    const Signal written = readAudio(QFile::encodeName(wav).toStdString());
    QVERIFY(written.length() > 22050);

    qInfo("journey: Ctrl+S");
    // Save Session (Ctrl+S): a session that names the import.
    const QString session = folder_.filePath(file + QStringLiteral(".phaselab"));
    answered = false;
    answerFileDialog(session, &answered);
    key(&bench.window, Qt::Key_S, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(answered && QFileInfo::exists(session), 30000);
    const Session saved = loadSession(QFile::encodeName(session).toStdString());
    QCOMPARE(saved.source.kind, SessionSource::Kind::Spectrogram);
    QCOMPARE(saved.runs.size(), std::size_t(1));
    QVERIFY(saveShot(&bench.window, QStringLiteral("j1_") + file));

    qInfo("journey: reopen the session");
    // Open it again, as the desktop does: `phaselab FILE.phaselab` (the launcher's openFile).
    Bench again;
    QVERIFY(again.active);
    again.window.openFile(session);
    QListWidget* restored = again.panel->findChild<QListWidget*>();
    QTRY_VERIFY_WITH_TIMEOUT(restored->count() == 1 && !again.panel->busy() && !again.window.isBusy(), kLong);
    QVERIFY(again.window.analysis() && again.window.analysis()->imported);
    QVERIFY(button(again.panel, QStringLiteral("Export Audio…"))->isEnabled()); // its sound came back
}

void TestJourneys::importTourAsWritten()
{
    // README step 2 as written: the pair, Suggest, candidate 1, Import; then the ISTFT of the
    // given phase, and A/B between the pair's own sound and the reconstruction.
    Bench bench;
    QVERIFY(bench.active);
    importThroughDialog(bench, QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.mag"),
                        QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.phase"), QStringLiteral("j2"));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(bench.window.analysis()->signal); // with phase: the inverse STFT is the waveform
    auto* algorithm = field<QComboBox>(bench.panel, QStringLiteral("Algorithm"));
    QVERIFY(algorithm);
    QVERIFY(choose(algorithm, QStringLiteral("ISTFT")));
    click(button(bench.panel, QStringLiteral("Run")));
    QListWidget* runs = bench.panel->findChild<QListWidget*>();
    QTRY_VERIFY_WITH_TIMEOUT(runs->count() == 1 && runs->item(0)->text().contains(QStringLiteral(" dB")), kLong);
    QTRY_VERIFY_WITH_TIMEOUT(!bench.panel->busy(), kLong);
    Playback* playback = bench.workbench.playback();
    QCOMPARE(playback->sourceCount(), 2);
    const int before = playback->current();
    key(&bench.window, Qt::Key_B);
    QVERIFY(playback->current() != before || !playback->available());
    QVERIFY(saveShot(&bench.window, QStringLiteral("j2")));
}

void TestJourneys::audioRunsSessionAndBack()
{
    const QString session = folder_.filePath(QStringLiteral("audio.phaselab"));
    {
        Bench bench;
        QVERIFY(bench.active);
        key(&bench.window, Qt::Key_D, Qt::ControlModifier); // Open Demo
        QTRY_VERIFY_WITH_TIMEOUT(bench.window.analysis() && !bench.window.isBusy(), kLong);
        auto* hop = field<QSpinBox>(&bench.window, QStringLiteral("Hop"));
        const int hopBefore = hop->value();
        key(&bench.window, Qt::Key_H, Qt::ShiftModifier); // halve the hop
        key(&bench.window, Qt::Key_W);                    // next window
        QTRY_VERIFY_WITH_TIMEOUT(!bench.window.isBusy() && bench.window.analysis()->spectrogram.params.hop == hopBefore / 2, kLong);
        auto* iterations = field<QSpinBox>(bench.panel, QStringLiteral("Iterations"));
        iterations->setFocus();
        iterations->selectAll();
        QTest::keyClicks(iterations, QStringLiteral("30"));
        key(iterations, Qt::Key_Tab);
        QListWidget* runs = bench.panel->findChild<QListWidget*>();
        for (int run = 1; run <= 2; ++run) {
            key(&bench.window, Qt::Key_R, Qt::ControlModifier);
            QTRY_VERIFY_WITH_TIMEOUT(runs->count() == run && !bench.panel->busy(), kLong);
        }
        clickRow(runs, 1);
        QCOMPARE(runs->currentRow(), 1);
        Playback* playback = bench.workbench.playback();
        QCOMPARE(playback->sourceCount(), 3);
        key(&bench.window, Qt::Key_B);
        // B is A/B between the original and the SELECTED run.
        if (playback->available())
            QCOMPARE(playback->sourceName(playback->current()), bench.panel->runAt(1).name);
        bool answered = false;
        answerFileDialog(session, &answered);
        key(&bench.window, Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(answered && QFileInfo::exists(session), 30000);
        bench.returnToWindow();
        QVERIFY(saveShot(&bench.window, QStringLiteral("j3_before")));
        key(&bench.window, Qt::Key_Q, Qt::ControlModifier); // quit
        QTRY_VERIFY(!bench.window.isVisible());
    }
    // `phaselab FILE.phaselab`: the launcher opens the file it is given.
    Bench bench;
    QVERIFY(bench.active);
    bench.window.openFile(session);
    QListWidget* runs = bench.panel->findChild<QListWidget*>();
    QTRY_VERIFY_WITH_TIMEOUT(runs->count() == 2 && !bench.panel->busy() && !bench.window.isBusy(), kLong);
    QVERIFY(bench.window.analysis() && !bench.window.analysis()->imported);
    QCOMPARE(bench.window.analysis()->spectrogram.params.hop, bench.window.analysis()->requestedParams.hop);
    // Every run was computed again: sound, comparison and scrubbing are back.
    QVERIFY(button(bench.panel, QStringLiteral("Export Audio…"))->isEnabled());
    QCOMPARE(bench.workbench.playback()->sourceCount(), 3);
    auto* slider = bench.panel->findChild<QSlider*>();
    QVERIFY(slider->isEnabled());
    slider->setFocus();
    // Scrubbing: each step is shown, and until then the panel says it is computing (busy).
    // (Home, End and the arrows are the window's view shortcuts; PageUp/PageDown step the slider.)
    for (Qt::Key step : {Qt::Key_PageDown, Qt::Key_PageDown, Qt::Key_PageUp, Qt::Key_PageDown, Qt::Key_PageDown}) {
        QElapsedTimer shown;
        shown.start();
        key(slider, step);
        if (bench.panel->shownIteration() != slider->value())
            QVERIFY(bench.panel->scrubPending() && bench.panel->busy());
        QTRY_VERIFY_WITH_TIMEOUT(bench.panel->shownIteration() == slider->value() && !bench.panel->busy(), kLong);
        qInfo("journey: scrubbed to iteration %d, shown after %lld ms", slider->value(), static_cast<long long>(shown.elapsed()));
    }
    key(&bench.window, Qt::Key_P);
    QVERIFY(saveShot(&bench.window, QStringLiteral("j3_reopened")));
}

void TestJourneys::everyLessonAtTwoSizes_data()
{
    QTest::addColumn<QString>("lesson");
    QTest::addColumn<QString>("geometry");
    for (const char* lesson : {"sign", "components", "components-frequency", "convergence", "window-mismatch", "overlap"})
        for (const char* geometry : {"1280x800", "1000x700"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(lesson), QLatin1String(geometry))))
                << QString::fromLatin1(lesson) << QString::fromLatin1(geometry);
}

void TestJourneys::everyLessonAtTwoSizes()
{
    QFETCH(QString, lesson);
    QFETCH(QString, geometry);
    const QString shot = QStringLiteral(PHASELAB_SCREENSHOTS "/journey_j4_%1_%2.png").arg(lesson, geometry);
    const phaselab::test::GuiRun run =
        phaselab::test::runGui({"--lesson", lesson, "--geometry", geometry, "--screenshot", shot}, folder_.path(), kLong);
    QVERIFY2(run.status == 0, qPrintable(run.err));
    QImage image(shot);
    const QStringList size = geometry.split(QLatin1Char('x'));
    QCOMPARE(image.width(), size[0].toInt());
    QCOMPARE(image.height(), size[1].toInt());
}

int main(int argc, char** argv)
{
    // A sound server for playback, as test_playback (the journeys skip listening without one).
    if (!QStandardPaths::findExecutable(QStringLiteral("pulseaudio")).isEmpty()) {
        const int status = std::system("pulseaudio --check 2>/dev/null || pulseaudio --start --exit-idle-time=10 >/dev/null 2>&1");
        (void)status;
    }
    QApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_journeys"));
    TestJourneys test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_journeys.moc"
