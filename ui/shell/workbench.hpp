// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench: the one place that builds the window. It makes the main window (its panes,
// parameter dock and analysis menus) and every part around it: the run queue, the reconstruction
// panel that shows it in a dock tabbed with the parameters, the reconstruction's trace over the
// waveform, the comparison pane's controller, the playback toolbar with its play cursor and time selection over every time pane,
// the lessons and the session actions. It holds typed pointers to them and the actions it added
// (by what they do), and stops every job when the window closes. Menus: Reconstruction (Run
// Ctrl+R, Pause/Resume Ctrl+Shift+R, Step Space, Stop Esc), Playback, Lessons; sessions in File.
#pragma once

#include <QList>
#include <QObject>

#include <memory>

class QAction;
class QDockWidget;
class QEvent;
class QKeySequence;
class QMenu;
class QString;

namespace phaselab::ui {

class ComparisonPane;
class LessonController;
class MainWindow;
class PlayCursor;
class Playback;
class PlaybackControls;
class ReconstructionPanel;
class RunQueue;
class SessionIo;
class SpectrogramView;
class TimeSelection;
class WaveformOverlay;
struct SessionParts;

/// The actions the workbench adds to the window's menus, by what they do.
struct WorkbenchActions {
    QAction* run = nullptr;
    QAction* pauseOrResume = nullptr;
    QAction* step = nullptr;
    QAction* stop = nullptr;
    QAction* loadReference = nullptr;
    QAction* showReconstructionPanel = nullptr;
    QAction* openSession = nullptr;
    QAction* saveSession = nullptr;
    QList<QAction*> reconstruction; ///< the Reconstruction menu
    QList<QAction*> playback;       ///< the Playback menu, selection actions included
    QList<QAction*> lessons;        ///< the Lessons menu
    /// Everything above, in menu order.
    QList<QAction*> all() const;
};

class Workbench : public QObject {
    Q_OBJECT
public:
    Workbench();
    ~Workbench() override;

    MainWindow& window() { return *window_; }
    const MainWindow& window() const { return *window_; }
    /// The reconstruction runs, without widgets (the panel shows them).
    RunQueue* runQueue() const { return runQueue_; }
    ReconstructionPanel* reconstructionPanel() const { return panel_; }
    QDockWidget* reconstructionDock() const { return reconstructionDock_; }
    WaveformOverlay* waveformOverlay() const { return overlay_; }
    ComparisonPane* comparisonPane() const { return comparison_; }
    SpectrogramView* comparisonView() const;
    Playback* playback() const { return playback_; }
    PlaybackControls* playbackControls() const { return controls_; }
    PlayCursor* playCursor() const { return cursor_; }
    TimeSelection* timeSelection() const { return selection_; }
    LessonController* lessons() const { return lessons_; }
    const WorkbenchActions& actions() const { return actions_; }
    /// The window, panel and lessons a session is taken from and given back to.
    SessionParts sessionParts() const;
    /// Opens and saves sessions (in jobs), behind File > Open Session / Save Session.
    SessionIo* sessions() const { return sessions_; }

protected:
    /// Stops the playback, the runs and a session still being read before the window goes (close
    /// events reach it first).
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildReconstruction();
    void buildPlayback();
    void buildReconstructionDock();
    void buildReconstructionMenu();
    void buildPlaybackMenu();
    void buildLessonMenu();
    void chooseReference();
    QAction* addMenuAction(QMenu* menu, QList<QAction*>& group, const QString& text, const QKeySequence& key);

    RunQueue* runQueue_ = nullptr; ///< a child: it outlives the window and the panel in it
    std::unique_ptr<MainWindow> window_;
    ReconstructionPanel* panel_ = nullptr;
    QDockWidget* reconstructionDock_ = nullptr;
    WaveformOverlay* overlay_ = nullptr;
    ComparisonPane* comparison_ = nullptr;
    Playback* playback_ = nullptr;
    PlaybackControls* controls_ = nullptr;
    PlayCursor* cursor_ = nullptr;
    TimeSelection* selection_ = nullptr;
    LessonController* lessons_ = nullptr;
    SessionIo* sessions_ = nullptr; ///< a child, as the run queue
    WorkbenchActions actions_;
};

} // namespace phaselab::ui
