// SPDX-License-Identifier: GPL-3.0-or-later
// The run queue without any window: two runs queued on a small signal (their inputs built in a
// job) start and end one after the other, with the records the engine gives for the same set-up and options when called
// directly (core's reconstruct over core's run set-up, same thread count, deterministic); a
// queued run removed never starts, the running one cannot be removed, stop ends it "stopped"
// with the engine's first records and drops what was queued; a snapshot of an earlier iteration
// is the engine's reconstruction stopped at that iteration.
#include "core/base/parallel.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/reconstruction/run_setup.hpp"
#include "ui/jobs/analysis_worker.hpp"
#include "ui/model/run_queue.hpp"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

/// Half a second of two partials and a glide at 8 kHz, analysed with a 256-point STFT.
std::shared_ptr<const Analysis> smallAnalysis()
{
    auto signal = std::make_shared<Signal>();
    signal->sampleRate = 8000.0;
    signal->samples.resize(4000);
    for (std::size_t n = 0; n < signal->samples.size(); ++n) {
        const double t = double(n) / signal->sampleRate;
        signal->samples[n] = float(0.5 * std::sin(2 * std::numbers::pi * 440.0 * t) +
                                   0.25 * std::sin(2 * std::numbers::pi * (900.0 + 800.0 * t) * t));
    }
    AnalysisRequest request;
    request.name = QStringLiteral("two partials");
    request.signal = signal;
    request.params.nFft = 256;
    request.allowPreview = false;
    WorkerPool pool(1);
    return computeAnalysis(request, pool);
}

ReconstructionOptions optionsOf(Algorithm algorithm, InitialPhase init, int iterations, std::uint64_t seed)
{
    ReconstructionOptions options;
    options.algorithm = algorithm;
    options.init = init;
    options.iterations = iterations;
    options.seed = seed;
    return options;
}

/// What core computes for the analysis and options, without the workbench.
ReconstructionResult engineResult(const Analysis& analysis, const ReconstructionOptions& options, int threads)
{
    const RunSetup setup = runSetupWithTruth(analysis.spectrogram, analysis.signal);
    WorkerPool pool(threads);
    return reconstruct(reconstructionProblem(setup), options, pool);
}

void compareRecords(const std::vector<IterationRecord>& live, const std::vector<IterationRecord>& engine)
{
    QVERIFY(live.size() <= engine.size());
    QVERIFY(!live.empty());
    for (std::size_t i = 0; i < live.size(); ++i) {
        QCOMPARE(live[i].iteration, engine[i].iteration);
        QCOMPARE(live[i].spectralConvergenceDb, engine[i].spectralConvergenceDb);
        QVERIFY(live[i].phase && engine[i].phase);
        QCOMPARE(live[i].phase->signCorrected, engine[i].phase->signCorrected);
    }
}

} // namespace

class TestRunQueue : public QObject {
    Q_OBJECT
private slots:
    void twoRunsEndInOrderWithTheEngineMetrics()
    {
        RunQueue queue;
        QVERIFY(queue.setAnalysis(smallAnalysis()));
        QVERIFY(queue.analysis());
        std::vector<QString> events;
        connect(&queue, &RunQueue::started, this, [&](int id) { events.push_back(QStringLiteral("start %1").arg(id)); });
        connect(&queue, &RunQueue::ended, this, [&](int id) { events.push_back(QStringLiteral("end %1").arg(id)); });
        QSignalSpy added(&queue, &RunQueue::runAdded);
        QSignalSpy ended(&queue, &RunQueue::ended);

        const ReconstructionOptions fgla = optionsOf(Algorithm::Fgla, InitialPhase::Random, 15, 7);
        const ReconstructionOptions gla = optionsOf(Algorithm::Gla, InitialPhase::Zero, 10, 0);
        // No inputs given: the queue builds those of the open analysis in a job before the first starts.
        const int first = queue.add(QStringLiteral("fgla"), fgla, nullptr);
        const int second = queue.add(QStringLiteral("fgla"), gla, nullptr);
        QCOMPARE(added.count(), 2);
        QCOMPARE(queue.runAt(1).name, QStringLiteral("fgla #2")); // a taken name gets numbered
        QVERIFY(queue.busy());
        QVERIFY(!queue.runAt(0).inputs); // not built on the GUI thread
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!queue.busy(), 10000);

        // One at a time, in the order queued.
        const std::vector<QString> expected{QStringLiteral("start %1").arg(first), QStringLiteral("end %1").arg(first),
                                            QStringLiteral("start %1").arg(second), QStringLiteral("end %1").arg(second)};
        QCOMPARE(events, expected);

        const int threads = queue.worker()->threads();
        const ReconstructionResult fglaEngine = engineResult(*queue.analysis(), fgla, threads);
        const ReconstructionResult glaEngine = engineResult(*queue.analysis(), gla, threads);
        const ReconstructionRun& a = queue.runAt(queue.indexOfRun(first));
        const ReconstructionRun& b = queue.runAt(queue.indexOfRun(second));
        QCOMPARE(a.status, ReconstructionRun::Status::Finished);
        QCOMPARE(b.status, ReconstructionRun::Status::Finished);
        QCOMPARE(a.records.size(), fglaEngine.iterations.size());
        QCOMPARE(b.records.size(), glaEngine.iterations.size());
        compareRecords(a.records, fglaEngine.iterations);
        compareRecords(b.records, glaEngine.iterations);
        QCOMPARE(a.iterationsDone, 15);
        QCOMPARE(b.iterationsDone, 10);
        QVERIFY(a.inputs && a.inputs == b.inputs && a.inputs->magnitude);
        QVERIFY(a.analysis && b.analysis);
        QCOMPARE(a.analysis->signal->samples, fglaEngine.signal.samples);
        QVERIFY(a.records.back().spectralConvergenceDb < a.records.front().spectralConvergenceDb);
    }

    void removedAndStoppedRuns()
    {
        RunQueue queue;
        queue.setAnalysis(smallAnalysis());
        QSignalSpy started(&queue, &RunQueue::started);
        QSignalSpy removed(&queue, &RunQueue::removed);
        QSignalSpy ended(&queue, &RunQueue::ended);
        const ReconstructionOptions longRun = optionsOf(Algorithm::Fgla, InitialPhase::Random, 100000, 3);
        const int running = queue.add(QStringLiteral("long"), longRun, queue.currentInputs());
        const int dropped = queue.add(QStringLiteral("second"), optionsOf(Algorithm::Gla, InitialPhase::Zero, 5, 0),
                                      queue.currentInputs());
        queue.add(QStringLiteral("third"), optionsOf(Algorithm::Gla, InitialPhase::Zero, 5, 0), queue.currentInputs());
        QCOMPARE(queue.runCount(), 3);
        QCOMPARE(started.count(), 1);
        QCOMPARE(queue.currentRun(), running);

        // A queued run goes from the list and the queue; the running one stays.
        queue.remove(queue.indexOfRun(dropped));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), dropped);
        QCOMPARE(queue.indexOfRun(dropped), -1);
        queue.remove(queue.indexOfRun(running));
        QCOMPARE(queue.runCount(), 2);
        QCOMPARE(removed.count(), 1);

        // Stop: the running run ends "stopped" where it was, the queued one is dropped unstarted.
        QTRY_VERIFY_WITH_TIMEOUT(queue.runAt(queue.indexOfRun(running)).records.size() >= 3, 30000);
        queue.stop();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!queue.busy(), 10000);
        QCOMPARE(started.count(), 1);
        QCOMPARE(queue.runCount(), 1);
        const ReconstructionRun& run = queue.runAt(0);
        QCOMPARE(run.id, running);
        QCOMPARE(run.status, ReconstructionRun::Status::Stopped);
        QVERIFY(run.iterationsDone >= 2 && run.iterationsDone < 100000);
        QCOMPARE(int(run.records.size()), run.iterationsDone + 1);
        ReconstructionOptions prefix = longRun;
        prefix.iterations = run.iterationsDone;
        compareRecords(run.records, engineResult(*queue.analysis(), prefix, queue.worker()->threads()).iterations);

        // An ended run can be removed; a new source clears the list.
        queue.remove(0);
        QCOMPARE(queue.runCount(), 0);
        queue.add(QStringLiteral("spsi"), optionsOf(Algorithm::Spsi, InitialPhase::Zero, 1, 0), queue.currentInputs());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 30000);
        QVERIFY(queue.setAnalysis(smallAnalysis()));
        QCOMPARE(queue.runCount(), 0);
    }

    void snapshotIsTheEngineStoppedThere()
    {
        RunQueue queue;
        queue.setAnalysis(smallAnalysis());
        QSignalSpy ended(&queue, &RunQueue::ended);
        const ReconstructionOptions options = optionsOf(Algorithm::Fgla, InitialPhase::Random, 12, 5);
        queue.add(QStringLiteral("fgla"), options, queue.currentInputs());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
        QSignalSpy ready(&queue, &RunQueue::snapshotReady);
        QVERIFY(queue.requestSnapshot(0, 4));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const auto snapshot = queue.snapshots().find(queue.runAt(0).id, 4);
        QVERIFY(snapshot && snapshot->signal);
        ReconstructionOptions four = options;
        four.iterations = 4;
        QCOMPARE(snapshot->signal->samples, engineResult(*queue.analysis(), four, queue.worker()->threads()).signal.samples);
        // A one-pass method has no iterations to go back to.
        queue.add(QStringLiteral("spsi"), optionsOf(Algorithm::Spsi, InitialPhase::Zero, 1, 0), queue.currentInputs());
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 30000);
        QVERIFY(!queue.requestSnapshot(1, 0));
    }
};

QTEST_GUILESS_MAIN(TestRunQueue)
#include "test_run_queue.moc"
