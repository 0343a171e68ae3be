// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/workbench.hpp"

#include "ui/lessons/lesson_controller.hpp"
#include "ui/model/run_queue.hpp"
#include "ui/model/time_selection.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/panes/waveform_overlay.hpp"
#include "ui/panes/waveform_view.hpp"
#include "ui/playback/play_cursor.hpp"
#include "ui/playback/playback.hpp"
#include "ui/playback/playback_controls.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/shell/selection_actions.hpp"
#include "ui/shell/session_io.hpp"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QStatusBar>

#include <cmath>
#include <utility>

namespace phaselab::ui {

QList<QAction*> WorkbenchActions::all() const
{
    QList<QAction*> every = reconstruction + playback;
    for (QAction* action : {openSession, saveSession})
        if (action)
            every.append(action);
    return every + lessons;
}

Workbench::Workbench() : runQueue_(new RunQueue(this)), window_(std::make_unique<MainWindow>())
{
    buildReconstruction();
    buildPlayback();
    buildReconstructionDock();
    buildReconstructionMenu();
    buildPlaybackMenu();
    sessions_ = new SessionIo(sessionParts(), this);
    const QList<QAction*> session = addSessionActions(sessions_, window_->fileMenu(), window_->quitAction());
    actions_.openSession = session.value(0);
    actions_.saveSession = session.value(1);
    buildLessonMenu();

    // Help -> Shortcuts lists what the workbench added next to the window's own menus.
    QList<QAction*> keyed;
    for (QAction* action : actions_.all())
        if (!action->text().isEmpty() && !action->shortcut().isEmpty())
            keyed.append(action);
    window_->addShortcutGroup({QStringLiteral("Reconstruction, playback, sessions, lessons"), keyed});

    MainWindow* window = window_.get();
    ReconstructionPanel* panel = panel_;
    connect(window, &MainWindow::analysisChanged, panel, [window, panel]() { panel->setAnalysis(window->analysis()); });
    connect(panel, &ReconstructionPanel::errorOccurred, window,
            [window](const QString& message) { window->statusBar()->showMessage(QStringLiteral("Error: ") + message, 8000); });
    connect(panel, &ReconstructionPanel::runStarted, reconstructionDock_, [this]() { reconstructionDock_->raise(); });
    window->installEventFilter(this);
}

Workbench::~Workbench()
{
    // The window's children (the parts) go with it; this filter must not see their last events.
    window_->removeEventFilter(this);
    playback_->releaseAudio(); // its event loop must run while the window is whole
}

SpectrogramView* Workbench::comparisonView() const
{
    return window_->comparisonView();
}

SessionParts Workbench::sessionParts() const
{
    return SessionParts{window_.get(), panel_, lessons_};
}

bool Workbench::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == window_.get() && event->type() == QEvent::Close) {
        playback_->stop();
        panel_->shutdown();
        sessions_->stop();
    }
    return QObject::eventFilter(watched, event);
}

void Workbench::buildReconstruction()
{
    MainWindow* window = window_.get();
    panel_ = new ReconstructionPanel(runQueue_);
    // The reconstruction's trace over the original waveform; the comparison pane's controller.
    overlay_ = new WaveformOverlay(window->waveformView(), QColor(31, 119, 180), panel_);
    overlay_->setObjectName(QStringLiteral("waveformOverlay"));
    comparison_ = new ComparisonPane(window->comparisonView(), panel_);
    comparison_->setDisplay(window->displayPanel()->settings());
    connect(window->displayPanel(), &DisplayPanel::displayChanged, comparison_,
            [this]() { comparison_->setDisplay(window_->displayPanel()->settings()); });
}

void Workbench::buildPlayback()
{
    MainWindow* window = window_.get();
    playback_ = new Playback(window);
    playback_->setObjectName(QStringLiteral("playback"));
    selection_ = new TimeSelection(window);
    // Play covers the selection when there is one, else what the panes show.
    controls_ = new PlaybackControls(playback_, [window, selection = selection_]() {
        if (!selection->isEmpty())
            return std::pair<double, double>(selection->begin(), selection->end());
        const QCPRange range = window->magnitudeView()->xAxis->range();
        return std::pair<double, double>(range.lower, range.upper);
    }, window);
    window->addToolBar(Qt::TopToolBarArea, controls_);
    cursor_ = new PlayCursor(window);
    cursor_->setObjectName(QStringLiteral("playCursor"));
    for (PlotWidget* pane : QList<PlotWidget*>{window->waveformView(), window->magnitudeView(), window->secondView(),
                                               window->comparisonView()}) {
        cursor_->addPane(pane);
        selection_->addPane(pane); // its layer goes under the cursor's
    }
    // Stopped, the cursor shows where play will start (after a click on a pane), not 0.
    connect(playback_, &Playback::positionChanged, cursor_, [this](double seconds) {
        cursor_->setPosition(playback_->state() == Playback::State::Stopped && seconds <= 0.0 ? std::nan("") : seconds);
    });
    connect(playback_, &Playback::stateChanged, cursor_, [this](Playback::State state) {
        cursor_->setPosition(state == Playback::State::Stopped ? std::nan("") : playback_->position());
    });
    panel_->attach(window->convergencePlot(), overlay_, comparison_, playback_);
}

void Workbench::buildReconstructionDock()
{
    MainWindow* window = window_.get();
    auto* dock = reconstructionDock_ = new QDockWidget(QStringLiteral("Reconstruction"), window);
    dock->setObjectName(QStringLiteral("reconstructionDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    auto* scroll = new QScrollArea(dock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(panel_);
    dock->setWidget(scroll);
    dock->setMinimumWidth(300);
    window->tabifyDockWidget(window->parameterDock(), dock);
    dock->raise();
    lessons_ = new LessonController(window, panel_, dock);
}

QAction* Workbench::addMenuAction(QMenu* menu, QList<QAction*>& group, const QString& text, const QKeySequence& key)
{
    auto* action = new QAction(text, window_.get());
    if (!key.isEmpty())
        action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    window_->addAction(action);
    menu->addAction(action);
    group.append(action);
    return action;
}

void Workbench::buildReconstructionMenu()
{
    auto* menu = new QMenu(QStringLiteral("&Reconstruction"), window_.get());
    window_->menuBar()->insertMenu(window_->helpMenu()->menuAction(), menu); // Help stays last
    QList<QAction*>& group = actions_.reconstruction;
    actions_.run = addMenuAction(menu, group, QStringLiteral("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(actions_.run, &QAction::triggered, panel_, [this]() { panel_->run(); });
    actions_.pauseOrResume = addMenuAction(menu, group, QStringLiteral("&Pause / Resume"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(actions_.pauseOrResume, &QAction::triggered, panel_, &ReconstructionPanel::pauseOrResume);
    actions_.step = addMenuAction(menu, group, QStringLiteral("S&tep One Iteration"), QKeySequence(Qt::Key_Space));
    connect(actions_.step, &QAction::triggered, panel_, &ReconstructionPanel::step);
    actions_.stop = addMenuAction(menu, group, QStringLiteral("&Stop"), QKeySequence(Qt::Key_Escape));
    connect(actions_.stop, &QAction::triggered, panel_, &ReconstructionPanel::stop);
    menu->addSeparator();
    actions_.loadReference = addMenuAction(menu, group, QStringLiteral("Load Reference &Audio…"), QKeySequence());
    connect(actions_.loadReference, &QAction::triggered, this, &Workbench::chooseReference);
    actions_.showReconstructionPanel =
        addMenuAction(menu, group, QStringLiteral("Show Reconstruction &Panel"), QKeySequence(Qt::CTRL | Qt::Key_J));
    connect(actions_.showReconstructionPanel, &QAction::triggered, reconstructionDock_, [this]() {
        reconstructionDock_->show();
        reconstructionDock_->raise();
    });
}

void Workbench::chooseReference()
{
    const QString path = QFileDialog::getOpenFileName(window_.get(), QStringLiteral("Load Reference Audio"), QString(),
                                                      QStringLiteral("Audio (*.wav *.flac *.ogg *.opus *.mp3 *.aif *.aiff);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!panel_->loadReference(path, &error))
        QMessageBox::warning(window_.get(), QStringLiteral("PhaseLab"), error);
}

void Workbench::buildPlaybackMenu()
{
    auto* menu = new QMenu(QStringLiteral("&Playback"), window_.get());
    window_->menuBar()->insertMenu(window_->helpMenu()->menuAction(), menu);
    for (QAction* action : {controls_->playAction(), controls_->stopAction(), controls_->abAction(), controls_->loopAction()}) {
        action->setShortcutContext(Qt::WindowShortcut);
        window_->addAction(action);
        menu->addAction(action);
        actions_.playback.append(action);
    }
    actions_.playback += installSelectionActions(window_.get(), selection_, playback_, controls_, menu);
}

void Workbench::buildLessonMenu()
{
    auto* menu = new QMenu(QStringLiteral("&Lessons"), window_.get());
    window_->menuBar()->insertMenu(window_->helpMenu()->menuAction(), menu);
    actions_.lessons = lessons_->fillMenu(menu);
}

} // namespace phaselab::ui
