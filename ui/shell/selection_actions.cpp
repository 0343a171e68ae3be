// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/selection_actions.hpp"

#include "ui/shell/main_window.hpp"
#include "ui/playback/playback.hpp"
#include "ui/playback/playback_controls.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/model/time_selection.hpp"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QStatusBar>

#include <memory>

namespace phaselab::ui {
namespace {

QAction* addAction(MainWindow* window, QMenu* menu, QList<QAction*>& list, const QString& text, const QKeySequence& key)
{
    auto* action = new QAction(text, window);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    window->addAction(action);
    menu->addAction(action);
    list.append(action);
    return action;
}

} // namespace

QList<QAction*> installSelectionActions(MainWindow* window, TimeSelection* selection, Playback* playback,
                                        PlaybackControls* controls, QMenu* menu)
{
    selection->setObjectName(QStringLiteral("timeSelection"));
    QList<QAction*> actions;
    menu->addSeparator();

    QAction* tool = addAction(window, menu, actions, QStringLiteral("Selection &Tool (drag selects time)"), QKeySequence(Qt::Key_S));
    tool->setObjectName(QStringLiteral("selectionToolAction"));
    tool->setCheckable(true);
    QAction* rubberBand = window->rubberBandAction();
    // One drag tool at a time: selecting or zooming.
    QObject::connect(tool, &QAction::toggled, selection, [selection, rubberBand](bool on) {
        selection->setSelectionTool(on);
        if (on && rubberBand && rubberBand->isChecked())
            rubberBand->trigger();
    });
    if (rubberBand)
        QObject::connect(rubberBand, &QAction::toggled, tool, [tool](bool on) {
            if (on)
                tool->setChecked(false);
        });

    QAction* all = addAction(window, menu, actions, QStringLiteral("Select &All"), QKeySequence(Qt::CTRL | Qt::Key_A));
    all->setObjectName(QStringLiteral("selectAllAction"));
    QObject::connect(all, &QAction::triggered, selection, [window, selection]() {
        if (window->analysis())
            selection->set(0.0, window->analysis()->durationSeconds());
    });
    QAction* clear = addAction(window, menu, actions, QStringLiteral("&Clear Selection"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    clear->setObjectName(QStringLiteral("clearSelectionAction"));
    QObject::connect(clear, &QAction::triggered, selection, &TimeSelection::clear);
    QAction* play = addAction(window, menu, actions, QStringLiteral("Play &Selection"), QKeySequence(Qt::CTRL | Qt::Key_Space));
    play->setObjectName(QStringLiteral("playSelectionAction"));
    QObject::connect(play, &QAction::triggered, playback, [selection, playback, controls]() {
        if (selection->isEmpty())
            return;
        // Once through the selection: a loop over the view would take over at its end.
        controls->loopAction()->setChecked(false);
        playback->playRange(selection->begin(), selection->end());
    });
    QAction* zoom = addAction(window, menu, actions, QStringLiteral("&Zoom to Selection"), QKeySequence(Qt::SHIFT | Qt::Key_Z));
    zoom->setObjectName(QStringLiteral("zoomToSelectionAction"));
    QObject::connect(zoom, &QAction::triggered, selection, [window, selection]() {
        if (selection->isEmpty())
            return;
        window->magnitudeView()->xAxis->setRange(selection->begin(), selection->end());
        window->magnitudeView()->replot(QCustomPlot::rpQueuedReplot);
    });

    auto* label = new QLabel(window);
    label->setObjectName(QStringLiteral("selectionLabel"));
    label->setVisible(false);
    window->statusBar()->addPermanentWidget(label);

    auto update = [selection, playback, controls, label, play, zoom, clear]() {
        const bool some = !selection->isEmpty();
        for (QAction* action : {play, zoom, clear})
            action->setEnabled(some);
        play->setEnabled(some && playback->available() && playback->sourceCount() > 0);
        label->setVisible(some);
        if (some) {
            label->setText(QStringLiteral("Selection %1 – %2 (%3)")
                               .arg(formatSeconds(selection->begin()), formatSeconds(selection->end()), formatSeconds(selection->length())));
            label->setMinimumWidth(label->sizeHint().width()); // the crosshair readout gives way, not this
        }
        // A loop that is on follows the selection (or goes back to the view without one).
        if (controls->loopAction()->isChecked()) {
            controls->loopAction()->setChecked(false);
            controls->loopAction()->setChecked(true);
        }
    };
    QObject::connect(selection, &TimeSelection::changed, window, update);
    QObject::connect(playback, &Playback::availabilityChanged, window, update);
    QObject::connect(playback, &Playback::sourcesChanged, window, update);
    update();

    QObject::connect(selection, &TimeSelection::seekRequested, playback, &Playback::seek);

    // A new source starts without a selection; a recompute of the same one keeps it.
    auto shown = std::make_shared<const void*>(nullptr);
    QObject::connect(window, &MainWindow::analysisChanged, selection, [window, selection, shown]() {
        const auto analysis = window->analysis();
        if (!analysis)
            return;
        const void* source = analysis->imported ? static_cast<const void*>(analysis->imported.get()) : analysis->signal.get();
        if (source != *shown && !analysis->preview)
            selection->clear();
        if (!analysis->preview)
            *shown = source;
        selection->setLimit(analysis->durationSeconds());
    });
    return actions;
}

} // namespace phaselab::ui
