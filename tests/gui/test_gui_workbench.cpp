// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench main window, offscreen: opens the demo, checks that the colour map's cells are the
// engine's STFT magnitudes in dB, changes window and hop through the parameter panel, checks the
// crosshair readout, the frequency axes, exports, level of detail on a long file, and that a bad
// file shows an error and changes nothing. Every step saves a screenshot to PHASELAB_SCREENSHOTS.
#include "core/io/audio_file.hpp"
#include "core/io/npy.hpp"
#include "core/dsp/stft.hpp"
#include "ui/model/audio_source.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/workbench.hpp"
#include "ui/dialogs/shortcuts_dialog.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/panes/waveform_view.hpp"

#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_controller.hpp"
#include "ui/playback/play_cursor.hpp"
#include "ui/playback/playback.hpp"
#include "ui/playback/playback_controls.hpp"
#include "ui/model/time_selection.hpp"
#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/waveform_overlay.hpp"

#include <QComboBox>
#include <QDockWidget>
#include <QMenuBar>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace phaselab;
using namespace phaselab::ui;

class TestGuiWorkbench : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void opensDemoWithEngineMagnitudes();
    void changingWindowAndHopRecomputes();
    void crosshairReadout();
    void frequencyAxesAndSecondPane();
    void zoomPanAndFit();
    void exportsVisibleSpectrogram();
    void badFileKeepsState();
    void longFileUsesLevelOfDetail();
    void shortcutsPageListsEveryAction();
    void rubberBandAndDrop();
    void windowFitsASmallScreen();
    void workbenchBuildsEveryPartInPlace();

private:
    void waitSettled(MainWindow& window, int timeoutMs = 60000);
    void screenshot(MainWindow& window, const QString& name);
    static Signal demoSignal();

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
};

void TestGuiWorkbench::initTestCase()
{
    // Keep the user's preferences out of the tests and the tests out of the user's preferences.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_workbench"));
    QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
}

void TestGuiWorkbench::init()
{
    QSettings().clear(); // every test starts from the default preferences
}

void TestGuiWorkbench::waitSettled(MainWindow& window, int timeoutMs)
{
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis() && !window.isBusy(), timeoutMs);
}

void TestGuiWorkbench::screenshot(MainWindow& window, const QString& name)
{
    const QString path = QStringLiteral(PHASELAB_SCREENSHOTS "/gui_workbench_%1.png").arg(name);
    QVERIFY2(window.grabWindow().save(path), qPrintable(path));
}

Signal TestGuiWorkbench::demoSignal()
{
    return loadAudio(demoResourcePath());
}

static float engineDb(const Spectrogram& spectrogram, int frame, int bin)
{
    const float power = std::norm(spectrogram.coefficients.at(frame, bin));
    return 10.0f * std::log10(std::max(power, 1e-20f));
}

void TestGuiWorkbench::opensDemoWithEngineMagnitudes()
{
    MainWindow window;
    window.show();
    QCOMPARE(window.size(), QSize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight));
    window.openDemo();
    waitSettled(window);
    QCOMPARE(window.windowTitle(), QStringLiteral("demo.flac — PhaseLab"));

    WorkerPool pool(1);
    const Signal signal = demoSignal();
    const Spectrogram expected = stft(signal, StftParams{}, pool);
    QCOMPARE(window.analysis()->spectrogram.frames(), expected.frames());

    QCPColorMapData* data = window.magnitudeView()->colorMap()->data();
    QCOMPARE(data->keySize(), expected.frames());
    QCOMPARE(data->valueSize(), expected.bins());
    double worst = 0.0;
    for (int frame = 0; frame < expected.frames(); ++frame)
        for (int bin = 0; bin < expected.bins(); ++bin)
            worst = std::max(worst, std::abs(data->cell(frame, bin) - engineDb(expected, frame, bin)));
    QVERIFY2(worst < 1e-3, qPrintable(QStringLiteral("largest difference %1 dB").arg(worst)));
    // Axes: key = frame centre time (s), value = bin frequency (Hz).
    QCOMPARE(data->keyRange().lower, 0.0);
    QVERIFY(std::abs(data->keyRange().upper - (expected.frames() - 1) * 512.0 / 22050.0) < 1e-9);
    QVERIFY(std::abs(data->valueRange().upper - 11025.0) < 1e-9);
    QCOMPARE(window.magnitudeView()->xAxis->label(), QStringLiteral("Time (s)"));
    QCOMPARE(window.magnitudeView()->yAxis->label(), QStringLiteral("Frequency (Hz)"));
    QCOMPARE(window.magnitudeView()->colorScale()->axis()->label(), QStringLiteral("Magnitude (dB)"));
    // The time axes are linked and show the whole clip.
    const double duration = signal.length() / 22050.0;
    QVERIFY(std::abs(window.waveformView()->xAxis->range().upper - duration) < 1e-6);
    QCOMPARE(window.secondView()->xAxis->range(), window.magnitudeView()->xAxis->range());
    screenshot(window, QStringLiteral("demo"));
}

void TestGuiWorkbench::changingWindowAndHopRecomputes()
{
    MainWindow window;
    window.show();
    window.openDemo();
    waitSettled(window);
    const auto before = window.analysis();

    ParameterPanel* panel = window.parameterPanel();
    panel->findChild<QComboBox*>(QStringLiteral("window"))->setCurrentText(QStringLiteral("hamming"));
    panel->findChild<QSpinBox*>(QStringLiteral("nFft"))->setValue(1024);
    panel->findChild<QSpinBox*>(QStringLiteral("hop"))->setValue(128);
    // The hop's other views follow.
    QCOMPARE(panel->findChild<QDoubleSpinBox*>(QStringLiteral("overlap"))->value(), 87.5);
    QVERIFY(std::abs(panel->findChild<QDoubleSpinBox*>(QStringLiteral("hopMs"))->value() - 1000.0 * 128 / 22050) < 0.01);
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis() != before, 30000);
    waitSettled(window);

    StftParams params;
    params.nFft = 1024;
    params.hop = 128;
    params.window = WindowSpec::parse("hamming");
    QCOMPARE(window.analysis()->spectrogram.params, params.resolved());
    WorkerPool pool(1);
    const Spectrogram expected = stft(demoSignal(), params, pool);
    QCPColorMapData* data = window.magnitudeView()->colorMap()->data();
    QCOMPARE(data->keySize(), expected.frames());
    QCOMPARE(data->valueSize(), 513);
    double worst = 0.0;
    for (int frame = 0; frame < expected.frames(); frame += 7)
        for (int bin = 0; bin < expected.bins(); ++bin)
            worst = std::max(worst, std::abs(data->cell(frame, bin) - engineDb(expected, frame, bin)));
    QVERIFY2(worst < 1e-3, qPrintable(QStringLiteral("largest difference %1 dB").arg(worst)));
    // The signal was not read again.
    QCOMPARE(window.analysis()->signal, before->signal);

    // Kaiser with its beta, symmetric form.
    panel->findChild<QComboBox*>(QStringLiteral("window"))->setCurrentText(QStringLiteral("kaiser"));
    panel->findChild<QDoubleSpinBox*>(QStringLiteral("windowParameter"))->setValue(12.0);
    panel->findChild<QComboBox*>(QStringLiteral("windowForm"))->setCurrentIndex(1);
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis()->spectrogram.params.window == WindowSpec::parse("kaiser:12,symmetric"), 30000);
    waitSettled(window);
    screenshot(window, QStringLiteral("kaiser_1024_128"));

    // An invalid combination is explained and not computed.
    const auto valid = window.analysis();
    panel->findChild<QSpinBox*>(QStringLiteral("winLength"))->setValue(1024);
    panel->findChild<QComboBox*>(QStringLiteral("window"))->setCurrentText(QStringLiteral("hann"));
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis() != valid, 30000);
    waitSettled(window);
}

void TestGuiWorkbench::crosshairReadout()
{
    MainWindow window;
    window.show();
    window.openDemo();
    waitSettled(window);
    SpectrogramView* view = window.magnitudeView();
    const Spectrogram& spectrogram = window.analysis()->spectrogram;

    // Frame 340 (in the chord), bin 41 (441.5 Hz): zoom in so a pixel is finer than a bin, then
    // move the mouse there.
    const int frame = 340;
    const int bin = 41;
    const double time = frame * 512.0 / 22050.0;
    const double hz = bin * 22050.0 / 2048.0;
    view->xAxis->setRange(time - 0.5, time + 0.5);
    view->yAxis->setRange(hz - 60.0, hz + 60.0);
    view->replot();
    waitSettled(window);
    const QPoint position(qRound(view->xAxis->coordToPixel(time)), qRound(view->yAxis->coordToPixel(hz)));
    QTest::mouseMove(view, position);
    QTRY_VERIFY(window.readout().contains(QStringLiteral("frame %1").arg(frame)));
    const QString text = window.readout();
    QVERIFY2(text.contains(QStringLiteral("bin %1 ").arg(bin)), qPrintable(text));
    const double db = 10.0 * std::log10(std::norm(spectrogram.coefficients.at(frame, bin)));
    const double phase = std::arg(spectrogram.coefficients.at(frame, bin));
    auto number = [](double value, int decimals) { return QString::number(value, 'f', decimals).replace(QLatin1Char('-'), QChar(0x2212)); };
    QVERIFY2(text.contains(number(db, 2) + QStringLiteral(" dB")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("phase ") + number(phase, 3) + QStringLiteral(" rad")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(" s | frame")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(" Hz | bin")), qPrintable(text));
    QVERIFY(view->crosshairVisible());
    QVERIFY(window.waveformView()->crosshairVisible());
    screenshot(window, QStringLiteral("crosshair"));

    // Over the waveform: time, sample and amplitude.
    WaveformView* waveform = window.waveformView();
    QTest::mouseMove(waveform, waveform->axisRect()->rect().center());
    QTRY_VERIFY(window.readout().contains(QStringLiteral("amplitude")));
    QVERIFY(window.readout().contains(QStringLiteral("sample ")));
}

void TestGuiWorkbench::frequencyAxesAndSecondPane()
{
    MainWindow window;
    // Five panes share the column (the comparison pane too): a taller window gives the second
    // pane's colour scale room for the long names this test reads (short ones stand in otherwise).
    window.resize(MainWindow::kDefaultWidth, 1100);
    window.show();
    window.openDemo();
    waitSettled(window);
    DisplayPanel* display = window.displayPanel();
    SpectrogramView* view = window.magnitudeView();

    display->findChild<QComboBox*>(QStringLiteral("frequencyScale"))->setCurrentIndex(2); // mel
    waitSettled(window);
    QCOMPARE(view->display().frequencyScale, FrequencyScale::Mel);
    QVERIFY(!view->grid()->rowPerBin);
    // The top row sits just below Nyquist on the mel axis.
    QVERIFY(std::abs(view->frequencyAt(view->yAxis->range().upper) - 11025.0) < 1.0);
    // A mel row that spans several bins holds their largest power.
    display->findChild<QComboBox*>(QStringLiteral("secondPane"))->setCurrentIndex(2); // group delay
    waitSettled(window);
    QCOMPARE(window.secondView()->colorScale()->axis()->label(), QStringLiteral("Group delay (ms)"));
    display->findChild<QComboBox*>(QStringLiteral("colormap"))->setCurrentIndex(1); // magma
    waitSettled(window);
    screenshot(window, QStringLiteral("mel_magma_group_delay"));

    display->findChild<QComboBox*>(QStringLiteral("frequencyScale"))->setCurrentIndex(1); // log
    display->findChild<QComboBox*>(QStringLiteral("secondPane"))->setCurrentIndex(1); // IF
    display->findChild<QComboBox*>(QStringLiteral("colormap"))->setCurrentIndex(4); // green
    display->findChild<QDoubleSpinBox*>(QStringLiteral("gain"))->setValue(10.0);
    display->findChild<QDoubleSpinBox*>(QStringLiteral("range"))->setValue(60.0);
    waitSettled(window);
    QVERIFY(std::abs(view->frequencyAt(view->yAxis->range().lower) - 22050.0 / 2048.0) < 0.5);
    const double peakDb = 10.0 * std::log10(static_cast<double>(window.analysis()->peakPower));
    QVERIFY2(std::abs(view->colorMap()->dataRange().upper - (peakDb - 10.0)) < 1e-9,
             qPrintable(QStringLiteral("%1 %2 %3").arg(view->colorMap()->dataRange().lower).arg(view->colorMap()->dataRange().upper).arg(peakDb)));
    QVERIFY(std::abs(view->colorMap()->dataRange().size() - 60.0) < 1e-9);
    QCOMPARE(window.secondView()->colorScale()->axis()->label(), QStringLiteral("IF deviation (Hz)"));
    screenshot(window, QStringLiteral("log_green_if"));

    // Linear magnitudes and degrees.
    display->findChild<QComboBox*>(QStringLiteral("frequencyScale"))->setCurrentIndex(0);
    display->findChild<QComboBox*>(QStringLiteral("magnitudeScale"))->setCurrentIndex(1);
    display->findChild<QComboBox*>(QStringLiteral("secondPane"))->setCurrentIndex(0);
    display->findChild<QComboBox*>(QStringLiteral("phaseUnit"))->setCurrentIndex(1);
    waitSettled(window);
    QCOMPARE(view->colorScale()->axis()->label(), QStringLiteral("Magnitude |X|"));
    QCOMPARE(window.secondView()->colorScale()->axis()->label(), QStringLiteral("Phase (deg)"));
    const Spectrogram& spectrogram = window.analysis()->spectrogram;
    QVERIFY(std::abs(view->colorMap()->data()->cell(300, 41) - std::abs(spectrogram.coefficients.at(300, 41))) < 1e-3);
    screenshot(window, QStringLiteral("linear_degrees"));

    // Panes can be hidden.
    window.secondView()->hide();
    window.convergencePlot()->hide();
    QTest::qWait(50);
    screenshot(window, QStringLiteral("two_panes"));
}

void TestGuiWorkbench::zoomPanAndFit()
{
    MainWindow window;
    window.show();
    window.openDemo();
    waitSettled(window);
    SpectrogramView* view = window.magnitudeView();
    // Rubber band from (1 s, 0 Hz) to (1.05 s, 2000 Hz): every time pane follows.
    view->xAxis->setRange(1.0, 1.05);
    view->yAxis->setRange(0.0, 2000.0);
    view->replot();
    waitSettled(window);
    QCOMPARE(window.waveformView()->xAxis->range(), QCPRange(1.0, 1.05));
    QTRY_VERIFY(window.waveformView()->drawsSamples());
    screenshot(window, QStringLiteral("zoomed"));
    // Keyboard: "-" zooms out around the centre, F fits.
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_Minus);
    QVERIFY(std::abs(view->xAxis->range().size() - 0.1) < 1e-9);
    QTest::keyClick(&window, Qt::Key_F);
    QVERIFY(std::abs(view->xAxis->range().upper - window.analysis()->durationSeconds()) < 1e-9);
    QVERIFY(std::abs(view->yAxis->range().upper - 11025.0) < 1e-9);
    // Panning cannot leave the clip far behind.
    view->xAxis->setRange(-50.0, -40.0);
    QVERIFY(view->xAxis->range().lower > -1.0);
}

void TestGuiWorkbench::exportsVisibleSpectrogram()
{
    MainWindow window;
    window.show();
    window.openDemo();
    waitSettled(window);
    SpectrogramView* view = window.magnitudeView();
    view->xAxis->setRange(2.0, 3.0);
    view->yAxis->setRange(0.0, 1000.0);
    const QString npy = work_.filePath(QStringLiteral("visible.npy"));
    const QString csv = work_.filePath(QStringLiteral("visible.csv"));
    QSignalSpy exported(&window, &MainWindow::spectrogramDataExported);
    QSignalSpy errors(&window, &MainWindow::errorOccurred);
    QVERIFY(window.exportSpectrogramData(npy));
    QVERIFY(window.exportSpectrogramData(csv));
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, 20000); // written off the GUI thread, in order
    QCOMPARE(exported.at(0).at(0).toString(), npy);
    QCOMPARE(exported.at(1).at(0).toString(), csv);
    QCOMPARE(errors.count(), 0);
    const Spectrogram& spectrogram = window.analysis()->spectrogram;
    // Frames with centres in [2, 3] s, bins up to 1000 Hz.
    const int firstFrame = static_cast<int>(std::ceil(2.0 * 22050.0 / 512.0));
    const int lastFrame = static_cast<int>(std::floor(3.0 * 22050.0 / 512.0));
    const int bins = static_cast<int>(std::floor(1000.0 / (22050.0 / 2048.0))) + 1;
    const NpyArray array = readNpy(QFile::encodeName(npy).toStdString());
    QCOMPARE(array.header.shape, (std::vector<std::int64_t>{bins, lastFrame - firstFrame + 1}));
    const auto frames = static_cast<int>(array.header.shape[1]);
    for (int bin = 0; bin < bins; bin += 5)
        QVERIFY(std::abs(array.real[static_cast<std::size_t>(bin) * frames + 3] - engineDb(spectrogram, firstFrame + 3, bin)) < 1e-3);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), lastFrame - firstFrame + 1);
    QCOMPARE(lines.first().split(QLatin1Char(',')).size(), bins);
    QVERIFY(std::abs(lines.first().split(QLatin1Char(','))[7].toDouble() - engineDb(spectrogram, firstFrame, 7)) < 1e-3);
    // Plots as PNG and PDF.
    const QString png = work_.filePath(QStringLiteral("spectrogram.png"));
    const QString pdf = work_.filePath(QStringLiteral("waveform.pdf"));
    QVERIFY(window.exportPlot(view, png));
    QVERIFY(window.exportPlot(window.waveformView(), pdf));
    QVERIFY(QImage(png).width() >= view->width());
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");
    QVERIFY(!window.exportPlot(view, work_.filePath(QStringLiteral("no/such/folder/x.png"))));
}

void TestGuiWorkbench::badFileKeepsState()
{
    MainWindow window;
    window.show();
    window.openDemo();
    waitSettled(window);
    const auto before = window.analysis();
    const QString title = window.windowTitle();

    const QString bad = work_.filePath(QStringLiteral("broken.wav"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("RIFF this is not really a wave file at all");
    file.close();
    QSignalSpy errors(&window, &MainWindow::errorOccurred);
    window.openFile(bad);
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 30000);
    QVERIFY2(window.lastError().contains(QStringLiteral("broken.wav")), qPrintable(window.lastError()));
    auto* dialog = window.findChild<QMessageBox*>(QStringLiteral("errorDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->text().contains(QStringLiteral("broken.wav")));
    QCOMPARE(window.analysis(), before);
    QCOMPARE(window.windowTitle(), title);
    waitSettled(window);
    screenshot(window, QStringLiteral("bad_file_state"));
    QVERIFY(dialog->grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_workbench_bad_file_dialog.png")));
    dialog->close();

    window.openFile(work_.filePath(QStringLiteral("missing.flac")));
    QCOMPARE(errors.size(), 2);
    QVERIFY(window.lastError().contains(QStringLiteral("does not exist")));
    QCOMPARE(window.analysis(), before);

    // A recompute the worker refuses (a 12 GB spectrogram) reverts the panel.
    ParameterPanel* panel = window.parameterPanel();
    panel->findChild<QSpinBox*>(QStringLiteral("nFft"))->setValue(16384);
    panel->findChild<QSpinBox*>(QStringLiteral("hop"))->setValue(1);
    panel->flush();
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 3, 30000);
    QCOMPARE(window.analysis(), before);
    QVERIFY2(window.lastError().contains(QStringLiteral("larger hop")), qPrintable(window.lastError()));
    QCOMPARE(panel->params().hop, 512);
    QCOMPARE(panel->params().nFft, 2048);
    for (QMessageBox* box : window.findChildren<QMessageBox*>())
        box->close();
}

void TestGuiWorkbench::longFileUsesLevelOfDetail()
{
    // Three minutes at 44.1 kHz: too many frames for one column each.
    Signal signal;
    signal.sampleRate = 44100.0;
    signal.samples.resize(static_cast<std::size_t>(180 * 44100));
    for (std::size_t i = 0; i < signal.samples.size(); ++i) {
        const double t = static_cast<double>(i) / signal.sampleRate;
        signal.samples[i] = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * (300.0 + 20.0 * t) * t) *
                                               (0.6 + 0.4 * std::sin(2.0 * std::numbers::pi * 0.5 * t)));
    }
    const QString path = work_.filePath(QStringLiteral("long.wav"));
    writeAudio(QFile::encodeName(path).toStdString(), signal);

    MainWindow window;
    window.show();
    QSignalSpy shown(&window, &MainWindow::analysisChanged);
    QElapsedTimer timer;
    timer.start();
    window.openFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 1, 30000);
    const qint64 firstLook = timer.elapsed();
    const bool preview = window.analysis()->preview;
    waitSettled(window);
    QVERIFY(!window.analysis()->preview);
    // A quick look at hop = window length came first, then the real STFT.
    QVERIFY(preview);
    QCOMPARE(shown.size(), 2);
    QCOMPARE(window.analysis()->spectrogram.params.hop, 512);
    qInfo("first look after %lld ms", firstLook);
    qInfo("3-minute 44.1 kHz file on screen after %lld ms (load %.0f ms, STFT %.0f ms)", timer.elapsed(),
          1000.0 * window.analysis()->loadSeconds, 1000.0 * window.analysis()->stftSeconds);
    const auto grid = window.magnitudeView()->grid();
    QVERIFY(grid);
    QVERIFY(grid->framesPerColumn > 1);
    QVERIFY(grid->columns <= 8192);
    QVERIFY(!window.waveformView()->drawsSamples());
    screenshot(window, QStringLiteral("long_file"));

    // Zooming in rebuilds the visible range at full detail.
    window.magnitudeView()->xAxis->setRange(60.0, 61.0);
    QTRY_VERIFY_WITH_TIMEOUT(window.magnitudeView()->grid()->framesPerColumn == 1 && !window.isBusy(), 30000);
    QVERIFY(window.magnitudeView()->grid()->firstKey <= 60.0);
    screenshot(window, QStringLiteral("long_file_zoomed"));
}

void TestGuiWorkbench::shortcutsPageListsEveryAction()
{
    MainWindow window;
    const QString page = ShortcutsDialog::html(window.shortcutGroups());
    int actions = 0;
    for (const ShortcutGroup& group : window.shortcutGroups()) {
        for (QAction* action : group.actions) {
            ++actions;
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
        }
    }
    QVERIFY(actions > 30);
    QVERIFY(page.contains(QStringLiteral("Zoom &amp;Out")) || page.contains(QStringLiteral("Zoom Out")));
    ShortcutsDialog dialog(window.shortcutGroups());
    dialog.show();
    QTest::qWait(20);
    QVERIFY(dialog.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_workbench_shortcuts.png")));
}

void TestGuiWorkbench::rubberBandAndDrop()
{
    MainWindow window;
    window.show();
    window.openDemo();
    waitSettled(window);
    SpectrogramView* view = window.magnitudeView();
    // Shift+drag draws a zoom rectangle: from (2 s, 1000 Hz) to (4 s, 3000 Hz).
    const QPoint from(qRound(view->xAxis->coordToPixel(2.0)), qRound(view->yAxis->coordToPixel(3000.0)));
    const QPoint to(qRound(view->xAxis->coordToPixel(4.0)), qRound(view->yAxis->coordToPixel(1000.0)));
    QTest::mousePress(view, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(view, (from + to) / 2);
    QTest::mouseMove(view, to);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, to);
    QVERIFY2(std::abs(view->xAxis->range().lower - 2.0) < 0.05 && std::abs(view->xAxis->range().upper - 4.0) < 0.05,
             qPrintable(QStringLiteral("%1 .. %2").arg(view->xAxis->range().lower).arg(view->xAxis->range().upper)));
    QVERIFY(std::abs(view->yAxis->range().lower - 1000.0) < 100.0 && std::abs(view->yAxis->range().upper - 3000.0) < 100.0);
    QCOMPARE(window.waveformView()->xAxis->range(), view->xAxis->range());
    QCOMPARE(window.secondView()->yAxis->range(), view->yAxis->range());
    // A plain drag pans.
    const QCPRange before = view->xAxis->range();
    const QPoint centre = view->axisRect()->rect().center();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, centre);
    QTest::mouseMove(view, centre + QPoint(100, 0));
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, centre + QPoint(100, 0));
    QVERIFY(view->xAxis->range().lower < before.lower - 0.1);
    waitSettled(window);
    screenshot(window, QStringLiteral("rubber_band"));

    // Dropping an audio file opens it.
    Signal tone;
    tone.sampleRate = 16000.0;
    tone.samples.resize(16000);
    for (std::size_t i = 0; i < tone.samples.size(); ++i)
        tone.samples[i] = static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 1000.0 * i / 16000.0));
    const QString path = work_.filePath(QStringLiteral("tone.wav"));
    writeAudio(QFile::encodeName(path).toStdString(), tone);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis()->name == QStringLiteral("tone.wav") && !window.isBusy(), 30000);
    QCOMPARE(window.analysis()->sampleRate(), 16000.0);
    // Recent files remember it.
    QVERIFY(QSettings().value(QStringLiteral("recentFiles")).toStringList().contains(QFileInfo(path).absoluteFilePath()));
}

void TestGuiWorkbench::windowFitsASmallScreen()
{
    // The offscreen screen (800x600) stands for a 1280x800 screen at a 1.5 scale factor: the
    // default 1280x800 window is shrunk to the free area, whatever its panes and docks need.
    Workbench workbench;
    MainWindow& window = workbench.window();
    window.resize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect free = window.screen()->availableGeometry();
    qInfo("screen %dx%d, window needs at least %dx%d", free.width(), free.height(), window.minimumSizeHint().width(),
          window.minimumSizeHint().height());
    QVERIFY2(free.width() < MainWindow::kDefaultWidth, "the test needs a screen smaller than the window");
    window.fitToScreen();
    QTRY_VERIFY2(window.width() <= free.width() && window.height() <= free.height(),
                 qPrintable(QStringLiteral("%1x%2 on a %3x%4 screen").arg(window.width()).arg(window.height()).arg(free.width()).arg(free.height())));
    QVERIFY(free.contains(window.geometry()));
    // What a window manager enforces: the least the panes, bars and docks need.
    QVERIFY2(window.minimumSizeHint().height() <= free.height(),
             qPrintable(QStringLiteral("needs %1 px, the screen has %2").arg(window.minimumSizeHint().height()).arg(free.height())));
}

QTEST_MAIN(TestGuiWorkbench)
void TestGuiWorkbench::workbenchBuildsEveryPartInPlace()
{
    Workbench workbench;
    MainWindow& window = workbench.window();
    // Every part exists from the start and is reached by its typed accessor.
    QVERIFY(workbench.reconstructionPanel() && workbench.playback() && workbench.playbackControls() &&
            workbench.playCursor() && workbench.timeSelection() && workbench.waveformOverlay() &&
            workbench.comparisonPane() && workbench.lessons());
    QCOMPARE(workbench.comparisonView(), window.comparisonView());
    QCOMPARE(workbench.reconstructionPanel()->comparisonPane(), workbench.comparisonPane());
    QCOMPARE(workbench.reconstructionPanel()->playback(), workbench.playback());
    QCOMPARE(workbench.reconstructionPanel()->convergencePlot(), window.convergencePlot());
    // One column of five panes, time-aligned, in reading order.
    const QList<QWidget*> panes{window.waveformView(), window.magnitudeView(), window.secondView(), window.comparisonView(),
                                window.convergencePlot()};
    QCOMPARE(window.paneColumn()->count(), int(panes.size()));
    for (int i = 0; i < panes.size(); ++i)
        QCOMPARE(window.paneColumn()->widget(i), panes[i]);
    // The reconstruction dock shares the parameters' tabs.
    QVERIFY(window.tabifiedDockWidgets(window.parameterDock()).contains(workbench.reconstructionDock()));
    // Menus in their order, Help last; the workbench's actions by what they do.
    QStringList titles;
    for (QAction* action : window.menuBar()->actions())
        titles << action->text().remove(QLatin1Char('&'));
    QCOMPARE(titles, QStringList({"File", "Edit", "View", "Analysis", "Reconstruction", "Playback", "Lessons", "Help"}));
    const WorkbenchActions& actions = workbench.actions();
    QCOMPARE(actions.run->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    QCOMPARE(actions.stop->shortcut(), QKeySequence(Qt::Key_Escape));
    QCOMPARE(actions.step->shortcut(), QKeySequence(Qt::Key_Space));
    QCOMPARE(actions.saveSession->shortcut(), QKeySequence(QKeySequence::Save));
    const QList<QAction*> file = window.fileMenu()->actions();
    QVERIFY(file.indexOf(actions.openSession) >= 0 && file.indexOf(actions.openSession) < file.indexOf(window.quitAction()));
    QCOMPARE(int(actions.lessons.size()), int(lessons().size()) + 1);
    const QList<ShortcutGroup> groups = window.shortcutGroups();
    QCOMPARE(groups.last().title, QStringLiteral("Help"));
    QCOMPARE(groups[groups.size() - 2].title, QStringLiteral("Reconstruction, playback, sessions, lessons"));
    QVERIFY(groups[groups.size() - 2].actions.contains(actions.run));
    QVERIFY(groups[groups.size() - 2].actions.contains(actions.openSession));
    // No part or action is kept in the window's dynamic properties.
    for (const QByteArray& name : window.dynamicPropertyNames())
        QVERIFY2(!name.startsWith("phaselab"), name.constData());
    // Closing stops what runs and waits for it.
    window.show();
    window.close();
    QVERIFY(!workbench.reconstructionPanel()->busy());
}

#include "test_gui_workbench.moc"
