// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions in the workbench: the window's state to a core Session (core/io/session.hpp) and back.
// Paths are stored relative to the session file's folder when they lie inside it, so a folder
// with its session and audio can be moved. Opening a session re-reads the source, applies the
// STFT parameters, display and panel settings, and lists the stored runs (records and figures;
// "Run" recomputes audio). File menu: Save Session (Ctrl+S), Open Session (Ctrl+Shift+O). A lesson
// is stored by name and opened again through the window's LessonController.
// The files are read and parsed, or serialised and written, in jobs (ui/jobs/job_runner.hpp): the
// session to save is taken from the window when Save is asked, and a session read is applied to
// the window on the GUI thread once it has come back whole, so a failure changes nothing on screen.
#pragma once

#include "core/io/session.hpp"
#include "ui/jobs/job_runner.hpp"

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <string>

class QAction;
class QMenu;

namespace phaselab::ui {

class FileWriter;
class LessonController;
class MainWindow;
class ReconstructionPanel;

/// The parts a session is taken from and given back to.
struct SessionParts {
    MainWindow* window = nullptr;
    ReconstructionPanel* panel = nullptr;
    LessonController* lessons = nullptr;
};

/// The window's state as a session to be saved at `sessionPath` (for relative paths).
Session captureSession(const SessionParts& parts, const QString& sessionPath);

/// Opens and saves the window's sessions off the GUI thread. Saves queue: each one is written to
/// its end, in the order asked, with the state the window had when it was asked. Opens supersede:
/// a newer open drops an older one still being read, and a session applied replaces the restore
/// an older one was still waiting to make; an open waits for the saves asked before it (it may be
/// the file they write).
class SessionIo : public QObject {
    Q_OBJECT
public:
    explicit SessionIo(const SessionParts& parts, QObject* parent = nullptr);
    ~SessionIo() override;

    /// Takes the window's state now and writes it at `path` in a job: saved() or saveFailed().
    void save(const QString& path);
    /// Reads `path` in a job, then applies it: opened() (the source then opens asynchronously and
    /// the runs are listed once it is on screen) or openFailed(), the window left as it was.
    void open(const QString& path);
    /// Drops an open not applied yet (the window is closing); saves still finish.
    void stop();
    bool busy() const;
    const SessionParts& parts() const { return parts_; }

    /// How a session file is read (core's loadSession unless a test watches the reading).
    using Reader = std::function<Session(const std::string& path)>;
    void setReader(Reader reader);

signals:
    void busyChanged(bool busy);
    void saved(const QString& path);
    void saveFailed(const QString& path, const QString& message);
    void opened(const QString& path);
    void openFailed(const QString& path, const QString& message);

private:
    void startReading(const QString& path);
    void updateBusy();

    SessionParts parts_;
    FileWriter* writer_ = nullptr;
    JobRunner reader_;
    Reader read_;
    QString waitingOpen_;    ///< an open waiting for the saves before it
    quint64 openTicket_ = 0; ///< the read whose session is to be applied (0: none)
    std::shared_ptr<QMetaObject::Connection> pendingRestore_; ///< the last session's restore, waiting for its source
    bool busy_ = false;
};

/// Adds Open Session / Save Session to the File menu (before `before`, e.g. Quit), opens the
/// sessions the window is given and reports what `sessions` did; returns the actions.
QList<QAction*> addSessionActions(SessionIo* sessions, QMenu* file, QAction* before);

} // namespace phaselab::ui
