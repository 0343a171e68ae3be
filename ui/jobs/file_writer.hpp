// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the workbench's exports off the GUI thread: the work is a function that writes one file
// (atomically, as core's writers do, and throwing phaselab::Error on failure); written(path) or
// failed(path, message) come back on the GUI thread. Writes run one after the other, each to its
// end: a newer export does not drop an older one. Waits for what is being written when it goes.
#pragma once

#include "ui/jobs/job_runner.hpp"

#include <QObject>
#include <QString>

#include <functional>
#include <string>

namespace phaselab::ui {

class FileWriter : public QObject {
    Q_OBJECT
public:
    explicit FileWriter(QObject* parent = nullptr);
    ~FileWriter() override;

    /// Runs `work(path in the file system's encoding)` in a job.
    void write(const QString& path, std::function<void(const std::string& target)> work);
    bool busy() const { return jobs_.busy(); }

signals:
    void busyChanged(bool busy);
    void written(const QString& path);
    void failed(const QString& path, const QString& message);

private:
    JobRunner jobs_;
};

} // namespace phaselab::ui
