// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/jobs/file_writer.hpp"

#include "ui/user_message.hpp"

#include <QFile>

#include <exception>
#include <utility>

namespace phaselab::ui {

FileWriter::FileWriter(QObject* parent) : QObject(parent)
{
    jobs_.onBusyChanged([this](bool busy) { emit busyChanged(busy); });
}

FileWriter::~FileWriter()
{
    jobs_.waitForDone();
}

void FileWriter::write(const QString& path, std::function<void(const std::string& target)> work)
{
    const std::string target = QFile::encodeName(path).toStdString();
    jobs_.start(
        [work = std::move(work), target](const JobTicket&) -> QString {
            try {
                work(target);
            } catch (const std::exception& error) {
                return userMessage(error);
            }
            return QString();
        },
        [this, path](quint64, const QString& message) {
            if (message.isEmpty())
                emit written(path);
            else
                emit failed(path, message);
        });
}

} // namespace phaselab::ui
