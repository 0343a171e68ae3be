// SPDX-License-Identifier: GPL-3.0-or-later
// The workers' one job pattern (ui/jobs/job_runner.hpp): work runs off the GUI thread, a newer job
// cancels the ones before it, every job's outcome comes back on the runner's thread with its ticket,
// reports of a superseded job are dropped, busy() and its callback frame the jobs.
#include "ui/jobs/job_runner.hpp"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <semaphore>
#include <vector>

using namespace phaselab::ui;

class TestJobRunner : public QObject {
    Q_OBJECT
private slots:
    void workRunsOffTheGuiThreadAndComesBackOnIt()
    {
        QThread* guiThread = QThread::currentThread();
        std::atomic<QThread*> workThread{nullptr};
        QThread* doneThread = nullptr;
        int result = 0;
        {
            JobRunner jobs;
            const quint64 ticket = jobs.start(
                [&workThread](const JobTicket&) {
                    workThread = QThread::currentThread();
                    return 6 * 7;
                },
                [&](quint64 id, int value) {
                    QCOMPARE(id, quint64(1));
                    doneThread = QThread::currentThread();
                    result = value;
                });
            QCOMPARE(ticket, quint64(1));
            QVERIFY(jobs.busy());
            QTRY_COMPARE(result, 42);
            QVERIFY(!jobs.busy());
            QVERIFY(workThread.load() != nullptr && workThread.load() != guiThread);
            QCOMPARE(doneThread, guiThread);
        }
    }

    void aNewerJobCancelsTheOlderOnesAndDropsTheirReports()
    {
        JobRunner jobs;
        std::binary_semaphore firstStarted(0);
        std::binary_semaphore release(0);
        std::atomic<bool> firstSawCancel{false};
        std::vector<std::pair<quint64, int>> outcomes;
        std::vector<int> reports;
        std::vector<bool> busyChanges;
        jobs.onBusyChanged([&busyChanges](bool busy) { busyChanges.push_back(busy); });
        auto done = [&outcomes](quint64 id, int value) { outcomes.emplace_back(id, value); };
        jobs.start(
            [&](const JobTicket& ticket) {
                firstStarted.release();
                release.acquire(); // held until the second job has been started
                firstSawCancel = ticket.cancelled();
                jobs.post(ticket, [&reports]() { reports.push_back(1); }); // stale by now: dropped
                return 1;
            },
            done);
        firstStarted.acquire();
        const quint64 second = jobs.start(
            [&](const JobTicket& ticket) {
                jobs.post(ticket, [&reports]() { reports.push_back(2); });
                return ticket.cancelled() ? -2 : 2;
            },
            done);
        QCOMPARE(second, quint64(2));
        QVERIFY(jobs.isLatest(second));
        QVERIFY(!jobs.isLatest(1));
        release.release();
        QTRY_COMPARE(outcomes.size(), std::size_t(2));
        QTRY_COMPARE(reports.size(), std::size_t(1));
        QVERIFY(firstSawCancel.load());
        QCOMPARE(outcomes[0], std::make_pair(quint64(1), 1)); // every job comes back, in order
        QCOMPARE(outcomes[1], std::make_pair(quint64(2), 2));
        QCOMPARE(reports[0], 2);
        QCOMPARE(busyChanges, std::vector<bool>({true, false}));
    }

    void cancelSetsTheRunningJobsFlag()
    {
        JobRunner jobs;
        std::binary_semaphore started(0);
        std::atomic<bool> stop{false};
        bool cancelled = false;
        bool back = false;
        jobs.start(
            [&](const JobTicket& ticket) {
                started.release();
                while (!ticket.cancelled() && !stop.load())
                    QThread::msleep(1);
                return ticket.cancelled();
            },
            [&](quint64, bool wasCancelled) {
                cancelled = wasCancelled;
                back = true;
            });
        started.acquire();
        jobs.cancel();
        QTRY_VERIFY(back);
        stop = true;
        QVERIFY(cancelled);
    }

    void destroyingTheRunnerCancelsAndWaits()
    {
        std::binary_semaphore started(0);
        std::atomic<bool> finished{false};
        {
            JobRunner jobs;
            jobs.start(
                [&](const JobTicket& ticket) {
                    started.release();
                    while (!ticket.cancelled())
                        QThread::msleep(1);
                    finished = true;
                    return 0;
                },
                [](quint64, int) { QFAIL("no outcome after the runner is gone"); });
            started.acquire();
        }
        QVERIFY(finished.load()); // the destructor waited for the cancelled job
        QTest::qWait(20);          // a stale outcome would arrive here
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "test_job_runner.moc"
