// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench binary (PHASELAB_GUI) run as a process, for the tests of its command line:
// offscreen, in a fresh home (HOME and XDG_CONFIG_HOME below `home`: no saved geometry or
// preferences from anyone), its exit status, stdout and stderr. Status -1 when it outlasts its
// timeout (it is killed, so no test leaves one behind), -2 when it ends by a signal.
#pragma once

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace phaselab::test {

struct GuiRun {
    int status = -1;
    QString out;
    QString err;
};

inline GuiRun runGui(const QStringList& arguments, const QString& home, int timeoutMs = 120000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(home).filePath(QStringLiteral("config")));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PHASELAB_GUI), arguments);
    GuiRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.status = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    run.err = QString::fromLocal8Bit(process.readAllStandardError());
    return run;
}

} // namespace phaselab::test
