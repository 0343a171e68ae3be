// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions opened and saved in jobs (ui/shell/session_io.hpp), offscreen, on sessions written
// by core's saveSession: the file is read off the GUI thread while the window keeps handling
// events; a newer open supersedes one still being read; saves queue and an open waits for them;
// a failed save reports and writes nothing; closing or destroying the window while a session is
// read applies nothing and does not crash (ASan).
#include "core/io/session.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/shell/session_io.hpp"
#include "ui/shell/workbench.hpp"

#include <QSemaphore>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

struct Bench {
    Workbench workbench;
    MainWindow& window = workbench.window();
    SessionIo* sessions = workbench.sessions();

    Bench()
    {
        window.setErrorDialogsEnabled(false);
        workbench.reconstructionPanel()->setErrorDialogsEnabled(false);
        window.show();
    }
    ~Bench() { window.close(); }

    bool settled() const { return !sessions->busy() && !window.isBusy() && !workbench.reconstructionPanel()->busy(); }
};

/// A session of the demo with its own hop and iteration count, to tell sessions apart on screen.
QString writeDemoSession(const QTemporaryDir& dir, const QString& name, int hop, int iterations)
{
    Session session;
    session.source.kind = SessionSource::Kind::Demo;
    session.params.nFft = 1024;
    session.params.hop = hop;
    session.panel.iterations = iterations;
    const QString path = dir.filePath(name);
    saveSession(QFile::encodeName(path).toStdString(), session);
    return path;
}

/// A reader that notes the threads it runs on and, for the path `held`, waits for the gate (at
/// most 10 s, so that a reading on the GUI thread fails the test instead of hanging it).
struct WatchedReader {
    std::mutex mutex;
    std::vector<QThread*> threads;
    QSemaphore gate;
    std::string held;

    SessionIo::Reader reader()
    {
        return [this](const std::string& path) {
            {
                const std::lock_guard<std::mutex> lock(mutex);
                threads.push_back(QThread::currentThread());
            }
            if (path == held)
                gate.tryAcquire(1, 10000);
            return loadSession(path);
        };
    }
    std::vector<QThread*> seen()
    {
        const std::lock_guard<std::mutex> lock(mutex);
        return threads;
    }
};

} // namespace

class TestSessionIo : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        first_ = writeDemoSession(dir_, QStringLiteral("first.phaselab"), 256, 11);
        second_ = writeDemoSession(dir_, QStringLiteral("second.phaselab"), 128, 22);
    }

    void openReadsOffTheGuiThreadAndTheNewestWins()
    {
        Bench bench;
        auto watched = std::make_shared<WatchedReader>();
        watched->held = QFile::encodeName(first_).toStdString();
        bench.sessions->setReader(watched->reader());
        QSignalSpy opened(bench.sessions, &SessionIo::opened);
        QSignalSpy failed(bench.sessions, &SessionIo::openFailed);

        bench.sessions->open(first_);
        QVERIFY(bench.sessions->busy());
        // The first file is being read (held): the GUI thread still handles its events.
        bool ticked = false;
        QTimer::singleShot(0, &bench.window, [&ticked]() { ticked = true; });
        QTRY_VERIFY_WITH_TIMEOUT(ticked && !watched->seen().empty(), 5000);
        QVERIFY(opened.isEmpty());

        // A second open while the first is read: the user's newest choice is the one applied.
        bench.sessions->open(second_);
        watched->gate.release();
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), 20000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled() && bench.window.analysis(), 60000);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.front().front().toString(), second_);
        QCOMPARE(bench.window.parameterPanel()->params().hop, 128);
        QCOMPARE(bench.window.analysis()->spectrogram.params.hop, 128);
        QCOMPARE(bench.workbench.reconstructionPanel()->options().iterations, 22);

        const std::vector<QThread*> threads = watched->seen();
        QCOMPARE(threads.size(), std::size_t(2));
        for (QThread* thread : threads)
            QVERIFY(thread != QThread::currentThread());
    }

    void savesQueueAndAnOpenWaitsForThem()
    {
        const QString path = dir_.filePath(QStringLiteral("queued.phaselab"));
        Bench bench;
        QSignalSpy saved(bench.sessions, &SessionIo::saved);
        QSignalSpy failed(bench.sessions, &SessionIo::saveFailed);
        QSignalSpy opened(bench.sessions, &SessionIo::opened);
        QSignalSpy notOpened(bench.sessions, &SessionIo::openFailed);
        ReconstructionPanel* panel = bench.workbench.reconstructionPanel();
        ReconstructionOptions options = panel->options();
        // Two saves in a row, each of the state the window had when it was asked.
        options.iterations = 33;
        panel->setOptions(options);
        bench.sessions->save(path);
        options.iterations = 44;
        panel->setOptions(options);
        bench.sessions->save(path);
        QVERIFY(bench.sessions->busy());
        // Opened at once, before the saves are written: the open reads what they wrote.
        bench.sessions->open(path);
        options.iterations = 55;
        panel->setOptions(options);
        QTRY_VERIFY_WITH_TIMEOUT(saved.size() + failed.size() == 2 && !(opened.isEmpty() && notOpened.isEmpty()), 20000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().at(1).toString()));
        QVERIFY2(notOpened.isEmpty(), notOpened.isEmpty() ? "" : qPrintable(notOpened.front().at(1).toString()));
        QCOMPARE(saved.at(0).front().toString(), path);
        QCOMPARE(saved.at(1).front().toString(), path);
        QCOMPARE(loadSession(QFile::encodeName(path).toStdString()).panel.iterations, 44);
        QCOMPARE(panel->options().iterations, 44);
        QTRY_VERIFY_WITH_TIMEOUT(bench.settled(), 60000);
        QCOMPARE(panel->options().iterations, 44);
        QCOMPARE(bench.window.statusBar()->currentMessage(), QStringLiteral("Saved %1").arg(path));
    }

    void failedSaveReportsAndWritesNothing()
    {
        const QString path = dir_.filePath(QStringLiteral("no such folder/lost.phaselab"));
        Bench bench;
        QSignalSpy saved(bench.sessions, &SessionIo::saved);
        QSignalSpy failed(bench.sessions, &SessionIo::saveFailed);
        QSignalSpy errors(&bench.window, &MainWindow::errorOccurred);
        bench.sessions->save(path);
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
        QVERIFY(saved.isEmpty());
        QCOMPARE(failed.front().front().toString(), path);
        QVERIFY(!failed.front().at(1).toString().isEmpty());
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().front().toString().startsWith(QStringLiteral("cannot save the session: ")),
                 qPrintable(errors.front().front().toString()));
        QVERIFY(!bench.window.statusBar()->currentMessage().startsWith(QStringLiteral("Saved")));
        QVERIFY(!QFileInfo::exists(path));
        QTRY_VERIFY(!bench.sessions->busy());
    }

    void closingWhileReadingAppliesNothing()
    {
        auto watched = std::make_shared<WatchedReader>();
        watched->held = QFile::encodeName(second_).toStdString();
        {
            Bench bench;
            bench.sessions->setReader(watched->reader());
            QSignalSpy opened(bench.sessions, &SessionIo::opened);
            QSignalSpy changed(&bench.window, &MainWindow::analysisChanged);
            const StftParams before = bench.window.parameterPanel()->params();
            bench.sessions->open(second_);
            QTRY_VERIFY_WITH_TIMEOUT(!watched->seen().empty(), 5000);
            bench.window.close();
            watched->gate.release();
            QTRY_VERIFY_WITH_TIMEOUT(!bench.sessions->busy(), 20000);
            QTest::qWait(100);
            QVERIFY(opened.isEmpty());
            QVERIFY(changed.isEmpty());
            QVERIFY(!bench.window.analysis());
            QCOMPARE(bench.window.parameterPanel()->params().hop, before.hop);
        }
        // Destroyed while the file is still being read: the job is waited for, nothing comes back.
        std::thread release;
        {
            Bench bench;
            bench.sessions->setReader(watched->reader());
            bench.sessions->open(second_);
            QTRY_VERIFY_WITH_TIMEOUT(watched->seen().size() == 2, 5000);
            release = std::thread([watched]() {
                QThread::msleep(300);
                watched->gate.release();
            });
        }
        release.join();
        QTest::qWait(50); // anything still queued would reach the dead window now
    }

private:
    QTemporaryDir dir_;
    QString first_;
    QString second_;
};

QTEST_MAIN(TestSessionIo)
#include "test_session_io.moc"
