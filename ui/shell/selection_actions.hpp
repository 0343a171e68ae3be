// SPDX-License-Identifier: GPL-3.0-or-later
// Puts the time selection to work in the main window: click-to-seek on every time pane, the
// selection's actions in the Playback menu (Selection Tool S, Select All Ctrl+A, Clear Selection
// Ctrl+Shift+A, Play Selection Ctrl+Space, Zoom to Selection Shift+Z), the Loop action looping
// over the selection when there is one, and the selection's start, end and length in the status
// bar. Keys follow Audacity where it has one (Select All, Select None) and Sonic Visualiser's
// Select tool; Esc stays Stop.
#pragma once

#include <QList>

class QAction;
class QMenu;

namespace phaselab::ui {

class MainWindow;
class Playback;
class PlaybackControls;
class TimeSelection;

/// Connects `selection` (its panes already added) to the window and the playback; returns the
/// actions it added to `menu` (each also on the window, for its shortcut).
QList<QAction*> installSelectionActions(MainWindow* window, TimeSelection* selection, Playback* playback,
                                        PlaybackControls* controls, QMenu* menu);

} // namespace phaselab::ui
