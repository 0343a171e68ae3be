// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a guided lesson: its signal (written to a temporary WAV the window opens like any
// file), its STFT parameters, its text in a "Lesson" dock, its pane set-up, and, once the signal
// is on screen, its default runs; when they have all ended the lesson's focus run is shown with
// a summary. The signal, the runs' inputs and the notes need the engine: they are made in jobs
// (ui/jobs/job_runner.hpp), a newer step or lesson replacing an older one.
// One controller per window (the Workbench makes it); the Lessons menu lists every lesson and
// `phaselab --lesson NAME` calls open(). A lesson is over once another source is opened.
#pragma once

#include "ui/jobs/job_runner.hpp"

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QString>

#include <memory>
#include <set>

class QAction;
class QDockWidget;
class QMenu;
class QTemporaryDir;

namespace phaselab::ui {

class LessonPanel;
class MainWindow;
class ReconstructionPanel;
struct Lesson;
struct LessonRun;

class LessonController : public QObject {
    Q_OBJECT
public:
    /// `reconstructionDock`: the dock the lesson's text shares on narrow windows (may be null).
    LessonController(MainWindow* window, ReconstructionPanel* panel, QDockWidget* reconstructionDock);
    ~LessonController() override;

    /// Opens the lesson; false with `error` set for an unknown name or a signal that cannot be made.
    bool open(const QString& name, bool runDefault = true, QString* error = nullptr);
    /// Runs the open lesson's default runs again (false when no lesson is open); the runs are
    /// queued once their inputs are made.
    bool rerun();
    /// The name of the open lesson (empty when none).
    QString current() const { return current_; }
    /// Another source takes the window's place (a session's audio): the lesson is over.
    void forget() { current_.clear(); }
    /// Fills the Lessons menu (one entry per lesson, then Run Lesson Again); returns its actions.
    QList<QAction*> fillMenu(QMenu* menu);
    /// True while the lesson's signal, inputs or summary are being made.
    bool busy() const { return jobs_.busy(); }

signals:
    void busyChanged(bool busy);

private:
    bool open(const Lesson& lesson, bool runDefault, QString* error);
    /// Makes the notes and/or the default runs of the lesson on screen, then shows and queues them.
    void prepare(bool notes, bool runs);
    void queueRuns(const QList<LessonRun>& runs);
    void showSummary();
    void showFrequencyRange();
    void arrangePanes();
    void showPanel(const Lesson& lesson);

    MainWindow* window_;
    ReconstructionPanel* panel_;
    QDockWidget* reconstructionDock_;
    std::unique_ptr<QTemporaryDir> directory_; ///< made on the first lesson
    const Lesson* lesson_ = nullptr;
    QString current_;
    QString path_;
    QDockWidget* dock_ = nullptr;
    LessonPanel* lessonPanel_ = nullptr;
    QMetaObject::Connection pending_;
    std::set<int> waiting_;
    int focusId_ = -1;
    JobRunner jobs_;
};

} // namespace phaselab::ui
