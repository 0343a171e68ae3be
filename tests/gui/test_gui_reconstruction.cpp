// SPDX-License-Identifier: GPL-3.0-or-later
// The reconstruction workbench offscreen: 20 FGLA iterations on the demo run from the
// panel and the convergence plot holds exactly the metrics the engine reported (and that the
// engine gives when called directly); a run stopped mid-way ends "stopped" with consistent state;
// pause and step hold the run and advance it by one iteration; a session saved and reopened shows
// the same parameters and runs; the comparison pane draws every choice; a run on an imported mel
// dump plots its mel spectral convergence. Screenshots go to
// PHASELAB_SCREENSHOTS.
#include "core/io/audio_file.hpp"
#include "core/base/parallel.hpp"
#include "core/io/session.hpp"
#include "core/reconstruction/mel_target.hpp"
#include "core/reconstruction/run_setup.hpp"
#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/workbench.hpp"
#include "ui/shell/session_io.hpp"
#include "ui/model/run_queue.hpp"
#include "ui/model/snapshot_store.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/panes/waveform_overlay.hpp"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace phaselab;
using namespace phaselab::ui;
using Measure = ConvergencePlot::Measure;

namespace {

/// A run as stored, with its timings cleared: a run computed again measures other times.
SessionRun withoutTimes(SessionRun run)
{
    run.secondsTotal = 0.0;
    run.secondsPerIteration = 0.0;
    for (IterationRecord& record : run.iterations)
        record.seconds = 0.0;
    return run;
}

struct Bench {
    phaselab::ui::Workbench workbench;
    MainWindow& window = workbench.window();
    ReconstructionPanel* panel = workbench.reconstructionPanel();

    Bench()
    {
        window.setErrorDialogsEnabled(false);
        panel->setErrorDialogsEnabled(false);
        window.resize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight);
        window.show();
    }
    ~Bench() { window.close(); }

    bool settled() const { return !window.isBusy() && !panel->busy(); }
};

bool openDemo(Bench& bench)
{
    QSignalSpy changed(&bench.window, &MainWindow::analysisChanged);
    bench.window.openDemo();
    return changed.wait(20000) && bench.window.analysis();
}

void saveScreenshot(Bench& bench, const QString& name)
{
    bench.window.replotPanes();
    const QPixmap pixmap = bench.window.grabWindow();
    QDir().mkpath(QStringLiteral(PHASELAB_SCREENSHOTS));
    QVERIFY(pixmap.save(QStringLiteral(PHASELAB_SCREENSHOTS "/%1.png").arg(name)));
}

double measure(const IterationRecord& record, Measure which)
{
    switch (which) {
    case Measure::SpectralConvergence: return record.spectralConvergenceDb;
    case Measure::PhaseError: return record.phase->raw;
    case Measure::SignCorrected: return record.phase->signCorrected;
    case Measure::Unweighted: return record.phase->unweighted;
    case Measure::ComponentCorrected: return record.phase->componentCorrected;
    case Measure::MelSpectralConvergence: return record.melSpectralConvergenceDb.value();
    }
    return 0.0;
}

} // namespace

class TestGuiReconstruction : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PhaseLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_gui_reconstruction"));
    }

    void twentyFglaIterationsPlotTheEngineMetrics()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.init = InitialPhase::Random;
        options.iterations = 20;
        options.seed = 3;
        bench.panel->setOptions(options);
        QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
        QSignalSpy recorded(bench.panel, &ReconstructionPanel::recorded);
        QVERIFY(bench.panel->run() > 0);
        QVERIFY(ended.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);

        QCOMPARE(bench.panel->runCount(), 1);
        const ReconstructionRun& run = bench.panel->runAt(0);
        QCOMPARE(run.status, ReconstructionRun::Status::Finished);
        QCOMPARE(run.name, QStringLiteral("fgla, init random"));
        QCOMPARE(int(run.records.size()), 21);
        QCOMPARE(recorded.count(), 21);
        QCOMPARE(run.iterationsDone, 20);
        QVERIFY(run.snr.has_value());

        // The plot holds the records the engine reported, every measure, in order.
        ConvergencePlot* plot = bench.window.convergencePlot();
        QCOMPARE(plot->runCount(), 1);
        for (int m = 0; m < ConvergencePlot::kMeasures; ++m) {
            const auto which = static_cast<Measure>(m);
            const std::vector<double> values = plot->values(0, which);
            const std::vector<double> keys = plot->iterations(0, which);
            if (which == Measure::MelSpectralConvergence) {
                QVERIFY(values.empty()); // audio has no mel target: no mel curve
                continue;
            }
            QCOMPARE(int(values.size()), 21);
            for (int i = 0; i < 21; ++i) {
                QCOMPARE(keys[std::size_t(i)], double(i));
                QCOMPARE(values[std::size_t(i)], measure(run.records[std::size_t(i)], which));
            }
        }
        // And they are what the engine gives when called directly with the same inputs and
        // thread count (deterministic).
        WorkerPool pool(bench.panel->worker()->threads());
        const RunOutcome direct = runReconstruction(run.request(), pool);
        QCOMPARE(int(direct.result.iterations.size()), 21);
        for (int i = 0; i < 21; ++i) {
            QCOMPARE(direct.result.iterations[std::size_t(i)].spectralConvergenceDb, run.records[std::size_t(i)].spectralConvergenceDb);
            QCOMPARE(direct.result.iterations[std::size_t(i)].phase->signCorrected, run.records[std::size_t(i)].phase->signCorrected);
        }
        qInfo("FGLA random, 20 iterations on the demo: SC %.2f -> %.2f dB, phase error %.3f -> %.3f, sign-corrected "
              "%.3f, unweighted %.3f, %.1f ms/iteration, SNR %.2f dB",
              run.records.front().spectralConvergenceDb, run.records.back().spectralConvergenceDb, run.records.front().phase->raw,
              run.records.back().phase->raw, run.records.back().phase->signCorrected, run.records.back().phase->unweighted,
              1000.0 * run.secondsPerIteration, run.snr->snrDb);
        QVERIFY(run.records.back().spectralConvergenceDb < run.records.front().spectralConvergenceDb - 3.0);

        // The reconstruction is on screen and playable.
        QVERIFY(bench.workbench.waveformOverlay()->analysis());
        QCOMPARE(bench.workbench.waveformOverlay()->analysis()->signal->length(), bench.window.analysis()->signal->length());
        QVERIFY2(bench.panel->comparisonPane()->image().analysis, qPrintable(bench.panel->comparisonPane()->image().error));
        QCOMPARE(bench.panel->shownIteration(), 20);
        saveScreenshot(bench, QStringLiteral("gui_reconstruction_fgla20"));

        // Exports: the audio reads back as the reconstruction; the metrics JSON has the CLI's keys
        // and the plotted numbers.
        QTemporaryDir dir;
        const QString wav = dir.filePath(QStringLiteral("fgla.wav"));
        const QString json = dir.filePath(QStringLiteral("fgla.json"));
        QSignalSpy exported(bench.panel, &ReconstructionPanel::audioExported);
        QVERIFY(bench.panel->exportAudio(0, wav));
        QVERIFY(exported.wait(20000)); // written off the GUI thread
        QCOMPARE(exported.at(0).at(0).toString(), wav);
        const Signal back = readAudio(wav.toStdString());
        QCOMPARE(back.length(), run.analysis->signal->length());
        QCOMPARE(back.samples[1000], run.analysis->signal->samples[1000]);
        QVERIFY(bench.panel->exportMetrics(0, json));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const nlohmann::json metrics = nlohmann::json::parse(file.readAll().toStdString());
        QCOMPARE(metrics["algorithm"].get<std::string>(), std::string("fgla"));
        QCOMPARE(int(metrics["iterations"].size()), 21);
        QCOMPARE(metrics["iterations"][20]["spectral_convergence_db"].get<double>(), run.records[20].spectralConvergenceDb);
        QCOMPARE(metrics["final"]["phase_error_sign_corrected"].get<double>(), run.records[20].phase->signCorrected);
        QCOMPARE(metrics["final"]["snr_db"].get<double>(), run.snr->snrDb);
        QSignalSpy exportErrors(bench.panel, &ReconstructionPanel::errorOccurred);
        QVERIFY(bench.panel->exportAudio(0, dir.filePath(QStringLiteral("no/such/folder/x.wav"))));
        QVERIFY(exportErrors.wait(20000)); // the job refuses it
        QVERIFY(exportErrors.at(0).at(0).toString().contains(QStringLiteral("cannot export the audio")));
        QCOMPARE(exported.count(), 1);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no/such/folder/x.wav"))));
    }

    void melImportPlotsItsMelConvergence()
    {
        // A HiFi-GAN-style dump (ln of an 80-channel magnitude mel) imported as the guesser reads
        // it: a run on its least-squares magnitude plots, per record, how well that record's sound
        // reproduces the dump itself.
        Bench bench;
        ImportRequest request;
        request.files.magnitudePath = PHASELAB_FIXTURES "/mel/hifigan.npy";
        request.sampleRate = 22050.0;
        request.autoGuess = true;
        QSignalSpy changed(&bench.window, &MainWindow::analysisChanged);
        bench.window.importSpectrogram(request);
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() >= 1 && bench.settled(), 120000);
        const auto analysis = bench.window.analysis();
        QVERIFY(analysis && analysis->imported && analysis->imported->melTarget);
        const MelTarget& target = *analysis->imported->melTarget;
        QCOMPARE(target.mel.bins, 80);

        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.init = InitialPhase::Zero;
        options.iterations = 30;
        bench.panel->setOptions(options);
        QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
        QVERIFY(bench.panel->run() > 0);
        QVERIFY(ended.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        const ReconstructionRun& run = bench.panel->runAt(0);
        QCOMPARE(run.status, ReconstructionRun::Status::Finished);
        QCOMPARE(int(run.records.size()), 31);

        ConvergencePlot* plot = bench.window.convergencePlot();
        const std::vector<double> mel = plot->values(0, Measure::MelSpectralConvergence);
        const std::vector<double> keys = plot->iterations(0, Measure::MelSpectralConvergence);
        QCOMPARE(int(mel.size()), 31);
        for (int i = 0; i < 31; ++i) {
            QVERIFY(std::isfinite(mel[std::size_t(i)]));
            QCOMPARE(keys[std::size_t(i)], double(i));
            QCOMPARE(mel[std::size_t(i)], run.records[std::size_t(i)].melSpectralConvergenceDb.value());
        }
        QVERIFY(mel.back() < mel.front() - 3.0);
        // The last point is the output's own: its STFT (the import's frames) through the filterbank.
        WorkerPool pool(2);
        const Signal& sound = *run.analysis->signal;
        const ComplexMatrix x = stftWithFrames(sound.samples.data(), sound.length(), run.inputs->params, target.mel.frames, pool);
        RealMatrix magnitude(x.bins, x.frames);
        for (std::size_t i = 0; i < x.values.size(); ++i)
            magnitude.values[i] = std::abs(x.values[i]);
        const double output = melSpectralConvergenceDb(target.mel, target.filterbank, magnitude, pool);
        QVERIFY2(std::abs(output - mel.back()) < 0.01, qPrintable(QString("plot %1 dB, output %2 dB").arg(mel.back()).arg(output)));
        qInfo("FGLA zero phase, 30 iterations on hifigan.npy's least-squares magnitude: mel SC %.2f -> %.2f dB, SC %.2f -> %.2f dB",
              mel.front(), mel.back(), run.records.front().spectralConvergenceDb, run.records.back().spectralConvergenceDb);

        // Its legend entry, and the left axis names both dB measures.
        bool keyed = false;
        for (int i = 0; i < plot->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i)))
                keyed = keyed || item->plottable()->name() == ConvergencePlot::measureLabel(Measure::MelSpectralConvergence);
        QVERIFY(keyed);
        QVERIFY(plot->yAxis->label().contains(QStringLiteral("mel")));
        saveScreenshot(bench, QStringLiteral("gui_reconstruction_mel"));
    }

    void loadedReferenceGivesThePhaseErrors()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        // The reference is read and analysed off the GUI thread: the answer comes by signal.
        QSignalSpy loaded(bench.panel, &ReconstructionPanel::referenceLoaded);
        QSignalSpy refused(bench.panel, &ReconstructionPanel::referenceFailed);
        QSignalSpy errors(bench.panel, &ReconstructionPanel::errorOccurred);
        QString error;
        QVERIFY2(bench.panel->loadReference(QStringLiteral(PHASELAB_RESOURCES "/README.md"), &error), qPrintable(error));
        QVERIFY(refused.wait(30000));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.first().first().toString().contains(QStringLiteral("README.md")));
        QVERIFY(bench.panel->referencePath().isEmpty());
        QVERIFY2(bench.panel->loadReference(QStringLiteral(PHASELAB_RESOURCES "/demo.flac"), &error), qPrintable(error));
        QVERIFY(bench.panel->busy()); // the screenshot and the tests wait for it
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.first().first().toString(), QStringLiteral(PHASELAB_RESOURCES "/demo.flac"));
        QCOMPARE(bench.panel->referencePath(), QStringLiteral(PHASELAB_RESOURCES "/demo.flac"));
        const auto inputs = bench.workbench.runQueue()->currentInputs();
        QVERIFY(inputs->reference && inputs->referenceSignal);
        // The demo's own audio as its reference: the same reference STFT, bin for bin.
        const auto own = inputsFromAnalysis(bench.window.analysis()->spectrogram, bench.window.analysis()->signal);
        QCOMPARE(inputs->reference->phase().values, own->reference->phase().values);
    }

    void snapshotStoreKeepsItsBudget()
    {
        auto snapshot = [](std::size_t samples) {
            auto analysis = std::make_shared<Analysis>();
            auto signal = std::make_shared<Signal>();
            signal->samples.assign(samples, 0.0f);
            analysis->signal = signal;
            return std::shared_ptr<const Analysis>(analysis);
        };
        const std::size_t one = SnapshotStore::bytesOf(*snapshot(250000));
        SnapshotStore store(3 * one + one / 2);
        for (int i = 0; i < 5; ++i)
            store.insert(1, i, snapshot(250000));
        QCOMPARE(store.count(), 3);
        QVERIFY(store.bytes() <= store.budget());
        QVERIFY(!store.contains(1, 0) && !store.contains(1, 1));
        QVERIFY(store.find(1, 2)); // now the most recently used
        store.insert(2, 0, snapshot(250000));
        QVERIFY(store.contains(1, 2) && !store.contains(1, 3));
        store.insert(3, 0, snapshot(10000000)); // larger than the whole budget: not kept
        QVERIFY(!store.contains(3, 0));
        store.removeRun(1); // (1, 2) and (1, 4) go; (2, 0) stays
        QCOMPARE(store.count(), 1);
        QVERIFY(store.contains(2, 0));
        QCOMPARE(store.bytes(), one);
        store.setBudget(one / 2);
        QCOMPARE(store.count(), 0);
        QCOMPARE(store.bytes(), std::size_t(0));
    }

    void stopMidRunKeepsAConsistentState()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        ReconstructionOptions options;
        options.algorithm = Algorithm::Gla;
        options.iterations = 100000;
        bench.panel->setOptions(options);
        QSignalSpy recorded(bench.panel, &ReconstructionPanel::recorded);
        QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
        bench.panel->run();
        QTRY_VERIFY_WITH_TIMEOUT(recorded.count() >= 5, 20000);
        QVERIFY(bench.panel->busy());
        QVERIFY(bench.panel->findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
        QVERIFY(!bench.panel->findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
        bench.panel->stop();
        QVERIFY(ended.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        const ReconstructionRun& run = bench.panel->runAt(0);
        QCOMPARE(run.status, ReconstructionRun::Status::Stopped);
        QVERIFY(run.iterationsDone >= 4 && run.iterationsDone < 100000);
        QCOMPARE(int(run.records.size()), run.iterationsDone + 1);
        QCOMPARE(run.lastIteration(), run.iterationsDone);
        QCOMPARE(int(bench.window.convergencePlot()->values(0, Measure::SpectralConvergence).size()), int(run.records.size()));
        QVERIFY(run.analysis && run.analysis->signal->length() == bench.window.analysis()->signal->length());
        QCOMPARE(bench.panel->worker()->state(), ReconstructionWorker::State::Idle);
        QVERIFY(bench.panel->findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
        QVERIFY(!bench.panel->findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
        qInfo("stopped after %d iterations", run.iterationsDone);
    }

    void pauseAndStepAdvanceOneIterationAtATime()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.iterations = 50;
        bench.panel->setOptions(options);
        QSignalSpy recorded(bench.panel, &ReconstructionPanel::recorded);
        // Step from idle: a run that holds after entry 0.
        bench.panel->step();
        QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), 1, 20000);
        QCOMPARE(bench.panel->worker()->state(), ReconstructionWorker::State::Paused);
        QVERIFY(!bench.panel->busy()); // a paused run waits for the user
        for (int step = 1; step <= 3; ++step) {
            bench.panel->step();
            QTRY_COMPARE_WITH_TIMEOUT(recorded.count(), step + 1, 20000);
            QCOMPARE(bench.panel->runAt(0).records.back().iteration, step);
            QCOMPARE(bench.panel->worker()->state(), ReconstructionWorker::State::Paused);
        }
        // While paused, the panes show the estimate at the step's iteration (a recomputed snapshot).
        QTRY_COMPARE_WITH_TIMEOUT(bench.panel->shownIteration(), 3, 20000);
        QVERIFY(bench.panel->snapshots().contains(bench.panel->runAt(0).id, 3));
        // Resume runs to the end; the momentum survived the pauses: the records equal an
        // uninterrupted run's.
        QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
        bench.panel->pauseOrResume();
        QVERIFY(ended.wait(20000));
        const ReconstructionRun& run = bench.panel->runAt(0);
        QCOMPARE(run.status, ReconstructionRun::Status::Finished);
        QCOMPARE(int(run.records.size()), 51);
        WorkerPool pool(bench.panel->worker()->threads());
        const RunOutcome direct = runReconstruction(run.request(), pool);
        for (int i = 0; i <= 50; ++i)
            QCOMPARE(direct.result.iterations[std::size_t(i)].spectralConvergenceDb, run.records[std::size_t(i)].spectralConvergenceDb);

        // Scrubbing back to iteration 10 shows that iteration (recomputed, then stored).
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        bench.panel->scrubTo(10);
        QTRY_COMPARE_WITH_TIMEOUT(bench.panel->shownIteration(), 10, 20000);
        QCOMPARE(bench.window.convergencePlot()->marker(), 10.0);
        QVERIFY(bench.panel->snapshots().contains(run.id, 10));
        QVERIFY(bench.panel->snapshots().bytes() <= bench.panel->snapshots().budget());
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        saveScreenshot(bench, QStringLiteral("gui_reconstruction_scrubbed"));
    }

    void comparisonPaneDrawsEveryChoice()
    {
        Bench bench;
        QVERIFY(openDemo(bench));
        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.iterations = 10;
        bench.panel->setOptions(options);
        QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
        bench.panel->run();
        QVERIFY(ended.wait(20000));
        for (ComparisonQuantity quantity : comparisonQuantities()) {
            bench.panel->setComparisonQuantity(quantity);
            QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
            const ComparisonImage& image = bench.panel->comparisonPane()->image();
            QVERIFY2(image.analysis, qPrintable(comparisonName(quantity)));
            QVERIFY(!bench.window.comparisonView()->placeholderVisible());
        }
        bench.panel->setComparisonQuantity(ComparisonQuantity::PhaseErrorSign);
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        saveScreenshot(bench, QStringLiteral("gui_reconstruction_phase_error"));
    }

    void sessionSavedAndReopenedShowsTheSameParametersAndRuns()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("demo.phaselab"));
        Session saved;
        {
            Bench bench;
            StftParams params;
            params.nFft = 1024;
            params.hop = 256;
            bench.window.setStftParams(params);
            QVERIFY(openDemo(bench));
            QCOMPARE(bench.window.analysis()->spectrogram.params.nFft, 1024);
            for (Algorithm algorithm : {Algorithm::Gla, Algorithm::Spsi}) {
                ReconstructionOptions options;
                options.algorithm = algorithm;
                options.iterations = 8;
                bench.panel->setOptions(options);
                QSignalSpy ended(bench.panel, &ReconstructionPanel::runEnded);
                bench.panel->run();
                QVERIFY(ended.wait(20000));
            }
            QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
            ReconstructionOptions panelOptions;
            panelOptions.algorithm = Algorithm::Raar;
            panelOptions.init = InitialPhase::Random;
            panelOptions.iterations = 77;
            panelOptions.seed = 12;
            bench.panel->setOptions(panelOptions);
            bench.panel->setComparisonQuantity(ComparisonQuantity::PhaseErrorComponent);
            bench.panel->setMaskBelowDb(50.0);
            bench.panel->setLogScale(true);
            QSignalSpy written(bench.workbench.sessions(), &SessionIo::saved);
            QSignalSpy notWritten(bench.workbench.sessions(), &SessionIo::saveFailed);
            bench.workbench.sessions()->save(path);
            QTRY_VERIFY_WITH_TIMEOUT(!written.isEmpty() || !notWritten.isEmpty(), 20000);
            QVERIFY2(notWritten.isEmpty(), notWritten.isEmpty() ? "" : qPrintable(notWritten.front().at(1).toString()));
            QCOMPARE(written.front().front().toString(), path);
            saved = captureSession(bench.workbench.sessionParts(), path);
            QCOMPARE(int(saved.runs.size()), 2);
        }
        Bench bench;
        QSignalSpy changed(&bench.window, &MainWindow::analysisChanged);
        QSignalSpy opened(bench.workbench.sessions(), &SessionIo::opened);
        QSignalSpy notOpened(bench.workbench.sessions(), &SessionIo::openFailed);
        bench.workbench.sessions()->open(path);
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !notOpened.isEmpty(), 20000);
        QVERIFY2(notOpened.isEmpty(), notOpened.isEmpty() ? "" : qPrintable(notOpened.front().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 20000);
        QCOMPARE(bench.window.parameterPanel()->params(), saved.params);
        QCOMPARE(bench.window.analysis()->spectrogram.params.hop, 256);
        QCOMPARE(bench.panel->options().algorithm, Algorithm::Raar);
        QCOMPARE(bench.panel->options().iterations, 77);
        QCOMPARE(bench.panel->options().seed, std::uint64_t(12));
        QCOMPARE(bench.panel->comparisonQuantity(), ComparisonQuantity::PhaseErrorComponent);
        QCOMPARE(bench.panel->maskBelowDb(), 50.0);
        QVERIFY(bench.panel->logScale());
        QCOMPARE(bench.panel->runCount(), 2);
        // Every run was computed again from the same inputs and options: the same figures (times
        // aside), and its sound, comparison and snapshots are there.
        for (int i = 0; i < 2; ++i) {
            QVERIFY(withoutTimes(toSessionRun(bench.panel->runAt(i))) == withoutTimes(saved.runs[std::size_t(i)]));
            QVERIFY(bench.panel->runAt(i).analysis);
            QVERIFY(!bench.panel->runAt(i).restored);
        }
        QCOMPARE(bench.window.convergencePlot()->runCount(), 2);
        QCOMPARE(int(bench.window.convergencePlot()->values(0, Measure::SpectralConvergence).size()), 9);
        // Reopened, it saves the same session again.
        Session again = captureSession(bench.workbench.sessionParts(), path);
        for (SessionRun& run : again.runs)
            run = withoutTimes(run);
        Session expected = saved;
        for (SessionRun& run : expected.runs)
            run = withoutTimes(run);
        QVERIFY(again == expected);
        saveScreenshot(bench, QStringLiteral("gui_reconstruction_session_reopened"));
    }
};

QTEST_MAIN(TestGuiReconstruction)
#include "test_gui_reconstruction.moc"
