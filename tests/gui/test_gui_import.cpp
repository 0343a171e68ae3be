// SPDX-License-Identifier: GPL-3.0-or-later
// The import dialog and interactive guessing, offscreen: a raw magnitude/phase pair of known
// making (the demo at hann 1024/256, float32 little-endian, frames_by_bins) is previewed with
// structure under the right layout and without it under the wrong one, "Suggest" ranks the right
// parameters first, importing shows it (waveform = its inverse STFT), and the consistency panel
// scores the right hop lowest; a mel dump's candidate shows its own value scale (ln, log10,
// whisper) in the scale field and its preview decodes it, so the clamp floor is the darkest level.
// A new path is probed off the GUI thread, the newest path winning.
// Screenshots go to PHASELAB_SCREENSHOTS.
#include "core/dsp/stft.hpp"
#include "core/guess/file_probe.hpp"
#include "core/io/spectrogram_io.hpp"
#include "ui/model/audio_source.hpp"
#include "ui/panels/consistency_panel.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/dialogs/import_dialog.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panes/plot_widget.hpp"
#include "ui/jobs/consistency_worker.hpp"
#include "ui/jobs/import_preview_worker.hpp"

#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <cmath>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace phaselab;
using namespace phaselab::ui;

class TestGuiImport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void previewShowsStructureOnlyWithTheRightLayout();
    void probeRunsOffTheGuiThreadAndTheNewestPathWins();
    void suggestRanksTheMakingFirstAndImports();
    void consistencySweepHasItsMinimumAtTheRightHop();
    void melDumpImportsOnAMelAxis();
    void melScaleFieldAndPreviewDecodeTheDump();
    void whisperFeaturesShowTheirEightDecades();

private:
    static void writeRaw(const QString& path, const std::vector<float>& values);
    static double columnCorrelation(const ImportPreview& preview);
    void fillStorage(ImportDialog& dialog, MatrixLayout layout);

    QTemporaryDir settingsDir_;
    QTemporaryDir work_;
    Spectrogram made_;
    QString magnitudePath_;
    QString phasePath_;
};

void TestGuiImport::writeRaw(const QString& path, const std::vector<float>& values)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(reinterpret_cast<const char*>(values.data()), static_cast<qint64>(values.size() * sizeof(float)));
}

void TestGuiImport::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
    QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_gui_import"));
    QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
    WorkerPool pool(1);
    StftParams params;
    params.nFft = 1024;
    params.hop = 256;
    made_ = stft(loadAudio(demoResourcePath()), params, pool);
    std::vector<float> magnitude(made_.coefficients.size()), phase(made_.coefficients.size());
    for (std::size_t i = 0; i < magnitude.size(); ++i) {
        magnitude[i] = std::abs(made_.coefficients.values[i]);
        phase[i] = std::arg(made_.coefficients.values[i]);
    }
    // FrameMatrix is frame-major: written as is, the file runs frames_by_bins.
    magnitudePath_ = work_.filePath(QStringLiteral("speech.mag"));
    phasePath_ = work_.filePath(QStringLiteral("speech.phase"));
    writeRaw(magnitudePath_, magnitude);
    writeRaw(phasePath_, phase);
}

double TestGuiImport::columnCorrelation(const ImportPreview& preview)
{
    // Mean correlation of neighbouring columns (frames) and of neighbouring rows (bins), the
    // smaller of the two: a spectrogram is smooth both ways; a wrong layout breaks one of them.
    auto at = [&preview](bool transpose, int line, int index) {
        return transpose ? preview.db[static_cast<std::size_t>(line) * preview.columns + index]
                         : preview.db[static_cast<std::size_t>(index) * preview.columns + line];
    };
    double worst = 1.0;
    for (bool transpose : {false, true}) {
    const int lines = transpose ? preview.rows : preview.columns;
    const int length = transpose ? preview.columns : preview.rows;
    double total = 0.0;
    int count = 0;
    for (int column = 0; column + 1 < lines; ++column) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = 0;
        for (int row = 0; row < length; ++row) {
            const double a = at(transpose, column, row);
            const double b = at(transpose, column + 1, row);
            if (!std::isfinite(a) || !std::isfinite(b))
                continue;
            sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b, ++n;
        }
        if (n < 3)
            continue;
        const double cov = sab / n - sa / n * sb / n;
        const double va = saa / n - sa / n * sa / n, vb = sbb / n - sb / n * sb / n;
        if (va > 0 && vb > 0) {
            total += cov / std::sqrt(va * vb);
            ++count;
        }
    }
    worst = std::min(worst, count ? total / count : 0.0);
    }
    return worst;
}

void TestGuiImport::fillStorage(ImportDialog& dialog, MatrixLayout layout)
{
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.probing(), 10000); // the file's size decides the shapes offered
    dialog.findChild<QComboBox*>(QStringLiteral("dtype"))->setCurrentText(QStringLiteral("float32"));
    auto* layoutBox = dialog.findChild<QComboBox*>(QStringLiteral("layout"));
    layoutBox->setCurrentIndex(layoutBox->findData(static_cast<int>(layout)));
    // The shape list offers the factorisations of the size; pick 513 x frames.
    auto* shape = dialog.findChild<QComboBox*>(QStringLiteral("shape"));
    const int index = shape->findText(QStringLiteral("513 bins × %1 frames").arg(made_.frames()));
    QVERIFY2(index > 0, qPrintable(shape->itemText(1)));
    shape->setCurrentIndex(index);
    QCOMPARE(dialog.findChild<QSpinBox*>(QStringLiteral("bins"))->value(), 513);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending() && dialog.preview(), 30000);
}

void TestGuiImport::previewShowsStructureOnlyWithTheRightLayout()
{
    ImportDialog dialog;
    dialog.show();
    dialog.setMagnitudePath(magnitudePath_);
    fillStorage(dialog, MatrixLayout::FramesByBins);
    auto preview = dialog.preview();
    QCOMPARE(preview->bins, 513);
    QCOMPARE(preview->frames, made_.frames());
    // The preview's cells are the largest dB of the frames and bins they pool.
    const int frameGroup = (preview->frames + preview->columns - 1) / preview->columns;
    const int binGroup = (preview->bins + preview->rows - 1) / preview->rows;
    const int column = 300 / frameGroup, row = 40 / binGroup;
    double expected = -1e9;
    for (int frame = column * frameGroup; frame < std::min((column + 1) * frameGroup, preview->frames); ++frame)
        for (int bin = row * binGroup; bin < std::min((row + 1) * binGroup, preview->bins); ++bin)
            expected = std::max(expected, 20.0 * std::log10(std::max(1e-10, static_cast<double>(std::abs(made_.coefficients.at(frame, bin))))));
    QVERIFY(std::abs(preview->db[static_cast<std::size_t>(row) * preview->columns + column] - expected) < 1e-3);
    const double right = columnCorrelation(*preview);
    QVERIFY(dialog.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_preview_right.png")));

    // The same numbers read the other way round: noise, not structure.
    auto* layoutBox = dialog.findChild<QComboBox*>(QStringLiteral("layout"));
    layoutBox->setCurrentIndex(layoutBox->findData(static_cast<int>(MatrixLayout::BinsByFrames)));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending() && dialog.preview() != preview, 30000);
    const double wrong = columnCorrelation(*dialog.preview());
    qInfo("neighbouring-frame correlation: right layout %.3f, wrong layout %.3f", right, wrong);
    QVERIFY(right > 0.8);
    QVERIFY(wrong < right - 0.3);
    QVERIFY(dialog.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_preview_wrong_layout.png")));

    // A header larger than the file: an error under the preview, no crash.
    dialog.findChild<QSpinBox*>(QStringLiteral("headerBytes"))->setValue(1 << 30);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending() && !dialog.preview(), 30000);
    QVERIFY(dialog.previewMessage().contains(QStringLiteral("color:#b00020")));
}

void TestGuiImport::probeRunsOffTheGuiThreadAndTheNewestPathWins()
{
    // A prober that notes its threads and holds the raw file's probe until the gate opens (at
    // most 10 s: a probe on the GUI thread fails the test rather than hanging it).
    struct Watch {
        std::mutex mutex;
        std::vector<QThread*> threads;
        QSemaphore gate;
        std::vector<QThread*> seen()
        {
            const std::lock_guard<std::mutex> lock(mutex);
            return threads;
        }
    };
    auto watch = std::make_shared<Watch>();
    const std::string held = QFile::encodeName(magnitudePath_).toStdString();
    const auto prober = [watch, held](const std::string& path) {
        {
            const std::lock_guard<std::mutex> lock(watch->mutex);
            watch->threads.push_back(QThread::currentThread());
        }
        if (path == held)
            watch->gate.tryAcquire(1, 10000);
        return probeFile(path);
    };
    const QString npy = QStringLiteral(PHASELAB_FIXTURES "/mel/hifigan.npy");
    {
        ImportDialog dialog;
        dialog.setFileProber(prober);
        dialog.show();
        dialog.setMagnitudePath(magnitudePath_);
        QVERIFY(dialog.probing());
        QVERIFY(dialog.previewPending());
        QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("import"))->isEnabled());
        bool ticked = false;
        QTimer::singleShot(0, &dialog, [&ticked]() { ticked = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ticked && !watch->seen().empty(), 5000);
        // Another file chosen before the first probe is back: the fields describe the newest.
        dialog.setMagnitudePath(npy);
        watch->gate.release();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.probing(), 20000);
        QTest::qWait(50); // the older probe's outcome, had it been kept, would be here by now
        QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("container"))->currentData().toInt(), static_cast<int>(Container::Npy));
        QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("dtype"))->currentData().toInt(), static_cast<int>(DType::Float32));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending() && dialog.preview(), 30000);
        QCOMPARE(dialog.preview()->bins * dialog.preview()->frames, 80 * 129);
        const std::vector<QThread*> threads = watch->seen();
        QCOMPARE(threads.size(), std::size_t(2));
        for (QThread* thread : threads)
            QVERIFY(thread != QThread::currentThread());
    }
    // Closed while its probe runs: the job is waited for and nothing reaches the gone dialog (ASan).
    auto* dialog = new ImportDialog;
    dialog->setFileProber(prober);
    dialog->setMagnitudePath(magnitudePath_);
    QTRY_VERIFY_WITH_TIMEOUT(watch->seen().size() == 3, 5000);
    std::thread release([watch]() {
        QThread::msleep(300);
        watch->gate.release();
    });
    delete dialog;
    release.join();
    QTest::qWait(50);
}

void TestGuiImport::suggestRanksTheMakingFirstAndImports()
{
    MainWindow window;
    window.show();
    ImportDialog* dialog = window.showImportDialog(magnitudePath_);
    dialog->setPhasePath(phasePath_);
    dialog->findChild<QDoubleSpinBox*>(QStringLiteral("sampleRate"))->setValue(22050.0);
    QVERIFY(dialog->probing()); // Suggest starts once the probe is back
    dialog->suggest();
    QVERIFY(dialog->guessing());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->guessing(), 120000);
    QVERIFY(!dialog->candidates().empty());
    const Candidate& best = dialog->candidates().front();
    QCOMPARE(best.framing.nFft, 1024);
    QCOMPARE(best.framing.hop, 256);
    QCOMPARE(best.framing.window.type, WindowType::Hann);
    QCOMPARE(best.storage.dtype, DType::Float32);
    QCOMPARE(best.storage.layout, MatrixLayout::FramesByBins);
    QCOMPARE(best.frames, made_.frames());
    QVERIFY(best.hasPhase());
    dialog->useCandidate(0);
    QVERIFY(dialog->chosenCandidate().has_value());
    QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("hop"))->value(), 256);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->previewPending() && dialog->preview(), 30000);
    QVERIFY(dialog->grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_suggest.png")));

    QSignalSpy shown(&window, &MainWindow::analysisChanged);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 1 && !window.isBusy(), 60000);
    const auto analysis = window.analysis();
    QVERIFY(analysis->imported);
    QVERIFY(analysis->imported->hasPhase);
    QCOMPARE(analysis->spectrogram.params.nFft, 1024);
    QCOMPARE(analysis->spectrogram.params.hop, 256);
    QCOMPARE(analysis->spectrogram.frames(), made_.frames());
    // With phase the waveform is the inverse STFT: the demo again.
    QVERIFY(analysis->signal);
    const Signal demo = loadAudio(demoResourcePath());
    double error = 0.0, energy = 0.0;
    for (std::int64_t i = 0; i < std::min(demo.length(), analysis->signal->length()); ++i) {
        const double d = demo.samples[static_cast<std::size_t>(i)] - analysis->signal->samples[static_cast<std::size_t>(i)];
        error += d * d;
        energy += static_cast<double>(demo.samples[static_cast<std::size_t>(i)]) * demo.samples[static_cast<std::size_t>(i)];
    }
    QVERIFY2(10.0 * std::log10(energy / error) > 60.0, qPrintable(QString::number(10.0 * std::log10(energy / error))));
    // n_fft is fixed by the bins; the panel shows the import's parameters.
    QVERIFY(!window.parameterPanel()->findChild<QSpinBox*>(QStringLiteral("nFft"))->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(window.consistencyPanel()->report() && !window.consistencyPanel()->pending(), 30000);
    QVERIFY(window.consistencyPanel()->report()->consistencyDb < -60.0);
    QVERIFY(window.grabWindow().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_imported.png")));

    // Spek-style key: H doubles the hop; the score follows and gets much worse.
    QTRY_VERIFY(!QApplication::activeModalWidget());
    window.activateWindow();
    QApplication::setActiveWindow(&window);
    QTest::keyClick(&window, Qt::Key_H);
    QCOMPARE(window.parameterPanel()->findChild<QSpinBox*>(QStringLiteral("hop"))->value(), 512);
    window.parameterPanel()->flush();
    QTRY_VERIFY_WITH_TIMEOUT(window.consistencyPanel()->report() && window.consistencyPanel()->report()->params.hop == 512 &&
                                 !window.consistencyPanel()->pending(),
                             30000);
    QVERIFY(window.consistencyPanel()->report()->consistencyDb > -40.0);
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis()->spectrogram.params.hop == 512 && !window.isBusy(), 30000);
    QVERIFY(window.grabWindow().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_wrong_hop.png")));
}

void TestGuiImport::consistencySweepHasItsMinimumAtTheRightHop()
{
    WorkerPool pool(2);
    StftParams hypothesis = made_.params;
    hypothesis.hop = 320; // wrong: the sweep still finds 256
    const ConsistencyReport report = measureConsistency(made_.coefficients, hypothesis, pool);
    QVERIFY(report.consistencyDb > -40.0);
    const auto best = std::min_element(report.sweepDb.begin(), report.sweepDb.end()) - report.sweepDb.begin();
    QCOMPARE(report.hops[static_cast<std::size_t>(best)], 256);
    QVERIFY(report.sweepDb[static_cast<std::size_t>(best)] < -60.0);
    QVERIFY(report.randomPhaseDb > report.sweepDb[static_cast<std::size_t>(best)] + 30.0);
}

QTEST_MAIN(TestGuiImport)
// A HiFi-GAN-style log-mel dump (torchaudio-made fixture: 80 mels, ln of the clamped magnitude,
// 1024/256 at 22050 Hz): Suggest names its making, and the import is shown on a mel axis, its bins
// the non-negative least-squares magnitude beneath the filterbank.
void TestGuiImport::melDumpImportsOnAMelAxis()
{
    MainWindow window;
    window.show();
    ImportDialog* dialog = window.showImportDialog(QStringLiteral(PHASELAB_FIXTURES "/mel/hifigan.npy"));
    dialog->findChild<QDoubleSpinBox*>(QStringLiteral("sampleRate"))->setValue(22050.0);
    dialog->suggest();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->guessing(), 120000);
    QVERIFY(!dialog->candidates().empty());
    const Candidate& best = dialog->candidates().front();
    QVERIFY(best.mel.has_value());
    QCOMPARE(best.mel->nMels, 80);
    QCOMPARE(best.framing.nFft, 1024);
    QCOMPARE(best.framing.hop, 256);
    QCOMPARE(best.melValueScale, MelValueScale::Ln);
    dialog->useCandidate(0);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->previewPending() && dialog->preview(), 20000); // the picture, not its placeholder
    QVERIFY(dialog->grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_mel_suggest.png")));

    QSignalSpy shown(&window, &MainWindow::analysisChanged);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 1 && !window.isBusy(), 120000);
    const auto analysis = window.analysis();
    QVERIFY(analysis->imported && analysis->imported->candidate && analysis->imported->candidate->mel);
    QCOMPARE(analysis->spectrogram.bins(), 513);
    QCOMPARE(analysis->sampleRate(), 22050.0);
    QCOMPARE(window.displayPanel()->settings().frequencyScale, FrequencyScale::Mel);
    QVERIFY(window.grabWindow().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_mel_imported.png")));
}

void TestGuiImport::melScaleFieldAndPreviewDecodeTheDump()
{
    struct Dump {
        const char* name;
        double sampleRate;
        const char* field; ///< what the scale field says for the guesser's best candidate
    };
    for (const Dump& dump : {Dump{"hifigan", 22050.0, "ln("}, Dump{"asr", 16000.0, "log10("}}) {
        const QString path = QStringLiteral(PHASELAB_FIXTURES "/mel/%1.npy").arg(QLatin1String(dump.name));
        // The stored values, to find the dump's floor (its smallest value, where the log clamped)
        // and its loudest value.
        StorageSpec stored;
        stored.layout = MatrixLayout::BinsByFrames;
        const RealMatrix values = readRealMatrix(path.toStdString(), stored);
        const auto [low, high] = std::minmax_element(values.values.begin(), values.values.end());
        const std::size_t floorAt = std::size_t(low - values.values.begin());
        const std::size_t loudestAt = std::size_t(high - values.values.begin());
        // preview.db is row-major with row = mel channel, column = frame (no pooling at this size).
        const auto cell = [&values](const ImportPreview& preview, std::size_t index) {
            const std::size_t mel = index % std::size_t(values.bins), frame = index / std::size_t(values.bins);
            return preview.db[mel * std::size_t(preview.columns) + frame];
        };

        ImportDialog dialog;
        dialog.resize(1100, 760);
        dialog.show();
        dialog.setMagnitudePath(path);
        dialog.findChild<QDoubleSpinBox*>(QStringLiteral("sampleRate"))->setValue(dump.sampleRate);
        dialog.suggest();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.guessing(), 120000);
        QVERIFY(!dialog.candidates().empty() && dialog.candidates().front().mel);
        dialog.useCandidate(0);
        auto* field = dialog.findChild<QComboBox*>(QStringLiteral("magnitudeScale"));
        QVERIFY2(field->currentText().startsWith(QLatin1String(dump.field)), qPrintable(field->currentText()));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending() && dialog.preview(), 20000);
        {
            const ImportPreview& preview = *dialog.preview();
            QVERIFY(preview.mel);
            QCOMPARE(preview.rows, values.bins);
            QCOMPARE(preview.columns, values.frames);
            const float floorDb = cell(preview, floorAt), loudestDb = cell(preview, loudestAt);
            qInfo("%s: floor %.2f stored -> %.1f dB, loudest %.2f stored -> %.1f dB (peak %.1f dB)", dump.name, double(*low),
                  double(floorDb), double(*high), double(loudestDb), double(preview.peakDb));
            QCOMPARE(loudestDb, preview.peakDb);
            // Below the bottom of the colour range (peak - 90 dB): drawn in the darkest colour.
            QVERIFY(floorDb < preview.peakDb - 90.0f);
        }
        QVERIFY(dialog.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_mel_scale_%1.png").arg(QLatin1String(dump.name))));

        // Read as linear values the floor would be the loudest thing in the picture; changing the
        // field keeps the mel candidate and the preview follows.
        QSignalSpy updated(&dialog, &ImportDialog::previewUpdated);
        field->setCurrentIndex(field->findData(static_cast<int>(MelValueScale::Linear)));
        QVERIFY(dialog.chosenCandidate() && dialog.chosenCandidate()->mel);
        QCOMPARE(dialog.chosenCandidate()->melValueScale, MelValueScale::Linear);
        QTRY_VERIFY_WITH_TIMEOUT(updated.size() >= 1 && !dialog.previewPending(), 20000);
        QVERIFY(cell(*dialog.preview(), floorAt) > cell(*dialog.preview(), loudestAt));
        // Choosing the candidate again brings its scale back, in the field and in the preview.
        updated.clear();
        dialog.useCandidate(0);
        QVERIFY(field->currentText().startsWith(QLatin1String(dump.field)));
        QTRY_VERIFY_WITH_TIMEOUT(updated.size() >= 1 && !dialog.previewPending(), 20000);
        QVERIFY(cell(*dialog.preview(), floorAt) < dialog.preview()->peakDb - 90.0f);
        // A reading by hand is a linear spectrogram's: the field lists magnitude scales again.
        auto* layout = dialog.findChild<QComboBox*>(QStringLiteral("layout"));
        layout->setCurrentIndex(layout->currentIndex() == 0 ? 1 : 0);
        QVERIFY(!dialog.chosenCandidate());
        QCOMPARE(field->currentText(), QStringLiteral("linear |X|"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending(), 20000);
        QVERIFY(!dialog.preview() || !dialog.preview()->mel); // this layout may not read at all
    }
}

void TestGuiImport::whisperFeaturesShowTheirEightDecades()
{
    // Whisper clips log10 of the power mel 8 decades below its maximum, then rescales (x + 4) / 4:
    // decoded, the floor is 80 dB (of magnitude) below the peak, and the field names the scale.
    ImportDialog dialog;
    dialog.resize(1100, 760);
    dialog.show();
    dialog.setMagnitudePath(QStringLiteral(PHASELAB_FIXTURES "/mel/whisper.npy"));
    dialog.findChild<QDoubleSpinBox*>(QStringLiteral("sampleRate"))->setValue(16000.0);
    dialog.suggest();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.guessing(), 120000);
    QVERIFY(!dialog.candidates().empty() && dialog.candidates().front().mel);
    dialog.useCandidate(0);
    auto* field = dialog.findChild<QComboBox*>(QStringLiteral("magnitudeScale"));
    QVERIFY2(field->currentText().startsWith(QLatin1String("Whisper")), qPrintable(field->currentText()));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.previewPending() && dialog.preview(), 20000);
    const ImportPreview& preview = *dialog.preview();
    QVERIFY(preview.mel);
    const float lowest = *std::min_element(preview.db.begin(), preview.db.end());
    QVERIFY2(std::abs(preview.peakDb - lowest - 80.0f) < 0.5f, qPrintable(QString::number(preview.peakDb - lowest)));
    QVERIFY(dialog.grab().save(QStringLiteral(PHASELAB_SCREENSHOTS "/gui_import_mel_scale_whisper.png")));
}

#include "test_gui_import.moc"
