// SPDX-License-Identifier: GPL-3.0-or-later
// The details of the workbench that a user trips over and that no larger test would notice, each
// checked on the real widgets: Return in the import dialog's path field reads the file and
// imports nothing; the wheel scrolls a form and changes no field it passes over; random bytes get
// no ranking and Import stays off; group delay without a sample rate is in samples; a quiet
// signal's waveform is fitted and says so; a lesson's temporary signal is not a recent file; the
// two components lessons have their own texts; an empty import preview shows no colour scale.
#include "core/io/audio_file.hpp"
#include "tests/support/journey_support.hpp"
#include "ui/dialogs/import_dialog.hpp"
#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_controller.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panes/plot_widget.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/workbench.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/panes/waveform_view.hpp"
#include "ui/jobs/analysis_worker.hpp"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWheelEvent>

#include <cmath>
#include <random>

using namespace phaselab;
using namespace phaselab::ui;
using namespace journey;

namespace {

/// A wheel turn over `widget` as the window system delivers it (through QApplication::notify).
void turnWheel(QWidget* widget, int steps)
{
    const QPointF at = widget->rect().center();
    QWheelEvent event(at, widget->mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TestGuiDetails : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(folder_.isValid());
        QSettings().clear();
    }

    void returnInAPathFieldImportsNothing()
    {
        MainWindow window;
        window.show();
        ImportDialog* dialog = window.showImportDialog();
        auto* path = dialog->findChild<QLineEdit*>(QStringLiteral("magnitudePath"));
        path->setFocus();
        QTest::keyClicks(path, QStringLiteral(PHASELAB_RESOURCES "/import_tour/speech.mag"));
        QSignalSpy requested(dialog, &ImportDialog::importRequested);
        QTest::keyClick(path, Qt::Key_Return);
        // The file is read (the preview comes), nothing is imported, the dialog stays.
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->previewPending() && !dialog->previewMessage().isEmpty(), 20000);
        QVERIFY(dialog->isVisible());
        QCOMPARE(requested.count(), 0);
        QVERIFY(!dialog->importing());
        dialog->reject();
    }

    void wheelChangesOnlyTheFocusedField()
    {
        MainWindow window;
        window.show();
        ImportDialog* dialog = window.showImportDialog();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* hop = field<QSpinBox>(dialog, QStringLiteral("Hop"));
        QVERIFY(hop);
        const int before = hop->value();
        turnWheel(hop, 3); // scrolling the form past the field
        QCOMPARE(hop->value(), before);
        hop->setFocus(); // chosen by the user: now the wheel is for it
        QTRY_VERIFY(hop->hasFocus());
        turnWheel(hop, 1);
        QVERIFY(hop->value() != before);
        dialog->reject();
    }

    void randomBytesGetNoRankingAndNoImport()
    {
        const QString noise = folder_.filePath(QStringLiteral("noise.bin"));
        {
            QFile file(noise);
            QVERIFY(file.open(QIODevice::WriteOnly));
            std::mt19937 generator(7);
            QByteArray bytes(1 << 16, '\0');
            for (auto& byte : bytes)
                byte = static_cast<char>(generator() & 0xff);
            file.write(bytes);
        }
        MainWindow window;
        window.show();
        ImportDialog* dialog = window.showImportDialog(noise);
        dialog->suggest();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->guessing(), 120000);
        QVERIFY(dialog->guesserGaveUp());
        QVERIFY(dialog->candidates().empty());
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("import"))->isEnabled());
        QVERIFY(dialog->findChild<QPlainTextEdit*>(QStringLiteral("evidence"))->toPlainText().contains(QStringLiteral("spectrogram")));
        // The report of the refusal can still be filed.
        QVERIFY(dialog->findChild<QPushButton*>(QStringLiteral("exportReport"))->isEnabled());
        const QString report = folder_.filePath(QStringLiteral("noise.html"));
        QSignalSpy written(dialog, &ImportDialog::reportWritten);
        dialog->exportReport(report);
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 60000);
        QCOMPARE(written.front().at(1).toString(), QString());
        QFile html(report);
        QVERIFY(html.open(QIODevice::ReadOnly));
        QVERIFY(html.readAll().contains("sha256"));
        dialog->reject();
    }

    void groupDelayWithoutSampleRateIsInSamples()
    {
        Signal signal;
        signal.sampleRate = 0.0;
        signal.samples.assign(8192, 0.0f);
        signal.samples[4096] = 1.0f;
        AnalysisRequest request;
        request.signal = std::make_shared<const Signal>(signal);
        request.params.nFft = 512;
        request.params.hop = 128;
        WorkerPool pool(1);
        auto analysis = computeAnalysis(request, pool);
        SpectrogramView view(SpectrogramQuantity::GroupDelay);
        view.setAnalysis(analysis, false);
        QCOMPARE(view.colorScale()->axis()->label(), QStringLiteral("Group delay (samples)"));
        QCOMPARE(view.colourRange().upper, 256.0); // n_fft / 2 samples, not 10^5 "ms"
    }

    void quietWaveformIsFittedAndSaysSo()
    {
        Signal signal;
        signal.sampleRate = 8000.0;
        for (int i = 0; i < 8000; ++i)
            signal.samples.push_back(0.01f * static_cast<float>(std::sin(0.05 * i)));
        AnalysisRequest request;
        request.signal = std::make_shared<const Signal>(signal);
        WorkerPool pool(1);
        auto analysis = computeAnalysis(request, pool);
        WaveformView view;
        view.setAnalysis(analysis, false);
        QVERIFY2(view.amplitudeLimit() < 0.02 && view.amplitudeLimit() > 0.01, qPrintable(QString::number(view.amplitudeLimit())));
        QVERIFY(view.title().contains(QStringLiteral("dBFS")));
        QVERIFY(std::abs(view.yAxis->range().upper - view.amplitudeLimit()) < 1e-6);
    }

    void lessonSignalsAreNotRecentFiles()
    {
        Workbench workbench;
        MainWindow& window = workbench.window();
        window.setErrorDialogsEnabled(false);
        workbench.reconstructionPanel()->setErrorDialogsEnabled(false);
        window.show();
        QSettings().remove(QStringLiteral("recentFiles"));
        QString error;
        QVERIFY2(workbench.lessons()->open(QStringLiteral("sign"), false, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(window.analysis() && !window.isBusy(), 60000);
        QVERIFY(QSettings().value(QStringLiteral("recentFiles")).toStringList().isEmpty());
    }

    void componentsLessonsHaveTheirOwnTexts()
    {
        const QString time = lessonText(*findLesson(QStringLiteral("components")));
        const QString frequency = lessonText(*findLesson(QStringLiteral("components-frequency")));
        QVERIFY(time != frequency);
        QVERIFY(frequency.contains(QStringLiteral("frequency")));
        QVERIFY(!frequency.contains(QStringLiteral("far apart in time, so that")));
    }

    void emptyImportPreviewShowsNoScale()
    {
        ImportDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        bool anyScaleShown = false;
        for (QCPLayoutElement* element : dialog.previewPlot()->plotLayout()->elements(true))
            if (auto* scale = qobject_cast<QCPColorScale*>(element))
                anyScaleShown = anyScaleShown || scale->visible();
        QVERIFY(!anyScaleShown);
        QVERIFY(dialog.previewPlot()->placeholderVisible());
    }

private:
    QTemporaryDir folder_;
};

int main(int argc, char** argv)
{
    QApplication application(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_details"));
    TestGuiDetails test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_gui_details.moc"
