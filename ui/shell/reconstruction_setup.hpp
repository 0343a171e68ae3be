// SPDX-License-Identifier: GPL-3.0-or-later
// Wires issue 7/8's parts into the main window without reshaping it: the reconstruction panel in
// a dock tabbed with the parameters, the reconstruction's trace over the original waveform, the
// comparison pane (time-aligned) above the convergence plot, the playback toolbar with a play cursor and
// the time selection over every time pane, a Reconstruction menu (Run Ctrl+R, Pause/Resume Ctrl+Shift+R, Step Space, Stop Esc),
// session save/open in the File menu, and the Lessons menu. Everything stops and is waited for
// when the window closes.
#pragma once

#include <QList>
#include <QString>

class QAction;

namespace phaselab::ui {

class MainWindow;
class ReconstructionPanel;
class PlayCursor;
class Playback;
class PlaybackControls;
class ComparisonPane;
class WaveformOverlay;
class SpectrogramView;

/// Builds everything and returns the panel (owned by the window).
ReconstructionPanel* installReconstruction(MainWindow* window);

/// The parts, found again by object name (null before installReconstruction).
Playback* playbackOf(const MainWindow* window);
PlaybackControls* playbackControlsOf(const MainWindow* window);
PlayCursor* playCursorOf(const MainWindow* window);
WaveformOverlay* waveformOverlayOf(const MainWindow* window);
SpectrogramView* comparisonViewOf(const MainWindow* window);
/// The Reconstruction, Playback, Session and Lessons actions (for the shortcuts page).
QList<QAction*> reconstructionActions(const MainWindow* window);

/// Replots the panes this file added (before a screenshot).
void replotReconstructionPanes(MainWindow* window);

} // namespace phaselab::ui
