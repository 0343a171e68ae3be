// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/reconstruction_setup.hpp"

#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/lessons/lesson_menu.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/playback/play_cursor.hpp"
#include "ui/playback/playback.hpp"
#include "ui/playback/playback_controls.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/selection_actions.hpp"
#include "ui/shell/session_io.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/model/time_selection.hpp"
#include "ui/panes/waveform_overlay.hpp"
#include "ui/panes/waveform_view.hpp"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QMessageBox>
#include <QMenuBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>

#include <cmath>

namespace phaselab::ui {
namespace {

const char* const kActionsProperty = "phaselabReconstructionActions";

/// Stops the worker and the playback before the window goes (close events reach it first).
class CloseGuard : public QObject {
public:
    CloseGuard(ReconstructionPanel* panel, Playback* playback, QObject* parent)
        : QObject(parent), panel_(panel), playback_(playback) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Close) {
            playback_->stop();
            panel_->shutdown();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    ReconstructionPanel* panel_;
    Playback* playback_;
};

/// Keeps the x axes of the added panes and the magnitude pane in step (the window links its own).
void linkTime(PlotWidget* pane, PlotWidget* master)
{
    auto guard = std::make_shared<bool>(false);
    QObject::connect(master->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), pane, [pane, guard](const QCPRange& range) {
        if (*guard || pane->xAxis->range() == range)
            return;
        *guard = true;
        pane->xAxis->setRange(range);
        pane->replot(QCustomPlot::rpQueuedReplot);
        *guard = false;
    });
    QObject::connect(pane->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), master, [master, guard](const QCPRange& range) {
        if (*guard || master->xAxis->range() == range)
            return;
        *guard = true;
        master->xAxis->setRange(range);
        master->replot(QCustomPlot::rpQueuedReplot);
        *guard = false;
    });
}

QAction* addAction(MainWindow* window, QMenu* menu, QList<QAction*>& list, const QString& text, const QKeySequence& key)
{
    auto* action = new QAction(text, window);
    if (!key.isEmpty())
        action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    window->addAction(action);
    if (menu)
        menu->addAction(action);
    list.append(action);
    return action;
}

QMenu* findMenu(MainWindow* window, const QString& title)
{
    for (QAction* action : window->menuBar()->actions())
        if (action->menu() && action->text().remove(QLatin1Char('&')) == title)
            return action->menu();
    return nullptr;
}

} // namespace

ReconstructionPanel* installReconstruction(MainWindow* window)
{
    auto* panel = new ReconstructionPanel;

    // The comparison pane above the convergence plot; the reconstruction over the original waveform.
    QSplitter* column = window->paneColumn();
    auto* comparisonView = new SpectrogramView(SpectrogramQuantity::Magnitude, column);
    comparisonView->setObjectName(QStringLiteral("comparisonPane"));
    column->insertWidget(column->indexOf(window->convergencePlot()), comparisonView);
    const QList<int> weights{13, 23, 16, 23, 25};
    if (column->count() == weights.size()) {
        int total = 0;
        for (int size : column->sizes())
            total += size;
        total = std::max(total, 700);
        QList<int> sizes;
        for (int i = 0; i < weights.size(); ++i) {
            sizes.append(total * weights[i] / 100);
            column->setStretchFactor(i, weights[i]);
        }
        column->setSizes(sizes);
    }
    auto* overlay = new WaveformOverlay(window->waveformView(), QColor(31, 119, 180), panel);
    overlay->setObjectName(QStringLiteral("waveformOverlay"));
    auto* comparison = new ComparisonPane(comparisonView, panel);
    comparison->setDisplay(window->displayPanel()->settings());
    QObject::connect(window->displayPanel(), &DisplayPanel::displayChanged, comparison,
                     [window, comparison]() { comparison->setDisplay(window->displayPanel()->settings()); });
    linkTime(comparisonView, window->magnitudeView());
    QObject::connect(comparisonView, &PlotWidget::hovered, window, [window, comparisonView](double key, double value) {
        window->showCrosshair(key, comparisonView->frequencyAt(value));
        comparisonView->setCrosshair(key, value);
    });
    QObject::connect(comparisonView, &PlotWidget::left, comparisonView, [comparisonView]() { comparisonView->hideCrosshair(); });
    QObject::connect(comparisonView, &PlotWidget::fitRequested, window, [window]() {
        window->magnitudeView()->fitKeys();
        window->magnitudeView()->replot(QCustomPlot::rpQueuedReplot);
    });

    // Playback and the play cursor.
    auto* playback = new Playback(window);
    playback->setObjectName(QStringLiteral("playback"));
    auto* selection = new TimeSelection(window);
    auto* controls = new PlaybackControls(playback, [window, selection]() {
        if (!selection->isEmpty())
            return std::pair<double, double>(selection->begin(), selection->end());
        const QCPRange range = window->magnitudeView()->xAxis->range();
        return std::pair<double, double>(range.lower, range.upper);
    }, window);
    window->addToolBar(Qt::TopToolBarArea, controls);
    auto* cursor = new PlayCursor(window);
    cursor->setObjectName(QStringLiteral("playCursor"));
    for (PlotWidget* pane : QList<PlotWidget*>{window->waveformView(), window->magnitudeView(), window->secondView(), comparisonView}) {
        cursor->addPane(pane);
        selection->addPane(pane); // its layer goes under the cursor's
    }
    // Stopped, the cursor shows where play will start (after a click on a pane), not 0.
    QObject::connect(playback, &Playback::positionChanged, cursor, [cursor, playback](double seconds) {
        cursor->setPosition(playback->state() == Playback::State::Stopped && seconds <= 0.0 ? std::nan("") : seconds);
    });
    QObject::connect(playback, &Playback::stateChanged, cursor, [cursor, playback](Playback::State state) {
        cursor->setPosition(state == Playback::State::Stopped ? std::nan("") : playback->position());
    });
    panel->attach(window->convergencePlot(), overlay, comparison, playback);

    // The dock, tabbed with the parameters.
    auto* dock = new QDockWidget(QStringLiteral("Reconstruction"), window);
    dock->setObjectName(QStringLiteral("reconstructionDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    auto* scroll = new QScrollArea(dock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(panel);
    dock->setWidget(scroll);
    dock->setMinimumWidth(300);
    if (auto* parameters = window->findChild<QDockWidget*>(QStringLiteral("parameterDock"))) {
        window->tabifyDockWidget(parameters, dock);
        dock->raise();
    } else {
        window->addDockWidget(Qt::RightDockWidgetArea, dock);
    }

    // Menus.
    QList<QAction*> actions;
    QMenu* menu = window->menuBar()->addMenu(QStringLiteral("&Reconstruction"));
    QObject::connect(addAction(window, menu, actions, QStringLiteral("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R)),
                     &QAction::triggered, panel, [panel]() { panel->run(); });
    QObject::connect(addAction(window, menu, actions, QStringLiteral("&Pause / Resume"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)),
                     &QAction::triggered, panel, &ReconstructionPanel::pauseOrResume);
    QObject::connect(addAction(window, menu, actions, QStringLiteral("S&tep One Iteration"), QKeySequence(Qt::Key_Space)),
                     &QAction::triggered, panel, &ReconstructionPanel::step);
    QObject::connect(addAction(window, menu, actions, QStringLiteral("&Stop"), QKeySequence(Qt::Key_Escape)),
                     &QAction::triggered, panel, &ReconstructionPanel::stop);
    menu->addSeparator();
    QObject::connect(addAction(window, menu, actions, QStringLiteral("Load Reference &Audio…"), QKeySequence()), &QAction::triggered,
                     panel, [window, panel]() {
                         const QString path = QFileDialog::getOpenFileName(
                             window, QStringLiteral("Load Reference Audio"), QString(),
                             QStringLiteral("Audio (*.wav *.flac *.ogg *.opus *.mp3 *.aif *.aiff);;All files (*)"));
                         if (path.isEmpty())
                             return;
                         QString error;
                         if (!panel->loadReference(path, &error))
                             QMessageBox::warning(window, QStringLiteral("PhaseLab"), error);
                     });
    QObject::connect(addAction(window, menu, actions, QStringLiteral("Show Reconstruction &Panel"), QKeySequence(Qt::CTRL | Qt::Key_J)),
                     &QAction::triggered, dock, [dock]() {
                         dock->show();
                         dock->raise();
                     });
    QMenu* playMenu = window->menuBar()->addMenu(QStringLiteral("&Playback"));
    for (QAction* action : {controls->playAction(), controls->stopAction(), controls->abAction(), controls->loopAction()}) {
        action->setShortcutContext(Qt::WindowShortcut);
        window->addAction(action);
        playMenu->addAction(action);
        actions.append(action);
    }
    actions += installSelectionActions(window, selection, playback, controls, playMenu);
    if (QMenu* file = findMenu(window, QStringLiteral("File")))
        actions += installSessionActions(window, panel, file);
    actions += installLessonMenu(window, panel);
    // Keep Help last.
    if (QMenu* help = findMenu(window, QStringLiteral("Help"))) {
        window->menuBar()->removeAction(help->menuAction());
        window->menuBar()->addAction(help->menuAction());
    }
    window->setProperty(kActionsProperty, QVariant::fromValue(actions));

    QObject::connect(window, &MainWindow::analysisChanged, panel, [window, panel]() { panel->setAnalysis(window->analysis()); });
    QObject::connect(panel, &ReconstructionPanel::errorOccurred, window,
                     [window](const QString& message) { window->statusBar()->showMessage(QStringLiteral("Error: ") + message, 8000); });
    QObject::connect(panel, &ReconstructionPanel::runStarted, dock, [dock]() { dock->raise(); });
    window->installEventFilter(new CloseGuard(panel, playback, window));
    return panel;
}

Playback* playbackOf(const MainWindow* window)
{
    return window->findChild<Playback*>(QStringLiteral("playback"));
}

PlaybackControls* playbackControlsOf(const MainWindow* window)
{
    return window->findChild<PlaybackControls*>(QStringLiteral("playbackToolBar"));
}

PlayCursor* playCursorOf(const MainWindow* window)
{
    return window->findChild<PlayCursor*>(QStringLiteral("playCursor"));
}

WaveformOverlay* waveformOverlayOf(const MainWindow* window)
{
    return window->findChild<WaveformOverlay*>(QStringLiteral("waveformOverlay"));
}

SpectrogramView* comparisonViewOf(const MainWindow* window)
{
    return window->findChild<SpectrogramView*>(QStringLiteral("comparisonPane"));
}

QList<QAction*> reconstructionActions(const MainWindow* window)
{
    return window->property(kActionsProperty).value<QList<QAction*>>();
}

void replotReconstructionPanes(MainWindow* window)
{
    for (PlotWidget* pane : QList<PlotWidget*>{window->waveformView(), comparisonViewOf(window)})
        if (pane && !pane->isHidden())
            pane->replot(QCustomPlot::rpImmediateRefresh);
}

} // namespace phaselab::ui
