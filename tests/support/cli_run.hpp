// SPDX-License-Identifier: GPL-3.0-or-later
// phaselab-cli run as a process, for every test that drives it: its exit status, stdout and
// stderr. A run that ends by a signal or outlasts its timeout is reported as crashed (exit code
// -1), never as a pass; a timed-out process is killed, so no test leaves one behind.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace phaselab::test {

struct CliRun {
    int exitCode = -1;     ///< -1 when crashed or timed out
    bool crashed = false;  ///< ended by a signal, or did not finish in time
    bool timedOut = false;
    QString out;           ///< stdout, UTF-8
    QString err;           ///< stderr, UTF-8

    QString output() const { return out + err; } ///< both, for messages
};

/// Runs PHASELAB_CLI with `arguments` in `workingDirectory` (empty: the test's own).
inline CliRun runCli(const QStringList& arguments, int timeoutMs = 300000, const QString& workingDirectory = {})
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(PHASELAB_CLI), arguments);
    CliRun run;
    if (!process.waitForStarted() || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.crashed = true;
        run.timedOut = true;
    } else {
        run.crashed = process.exitStatus() != QProcess::NormalExit;
        run.exitCode = run.crashed ? -1 : process.exitCode();
    }
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace phaselab::test
