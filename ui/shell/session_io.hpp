// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions in the workbench: the window's state to a core Session (core/io/session.hpp) and back.
// Paths are stored relative to the session file's folder when they lie inside it, so a folder
// with its session and audio can be moved. Opening a session re-reads the source, applies the
// STFT parameters, display and panel settings, and lists the stored runs (records and figures;
// "Run" recomputes audio). File menu: Save Session (Ctrl+S), Open Session (Ctrl+Shift+O).
#pragma once

#include "core/io/session.hpp"

#include <QList>
#include <QString>

class QAction;
class QMenu;

namespace phaselab::ui {

class MainWindow;
class ReconstructionPanel;

/// The window's state as a session to be saved at `sessionPath` (for relative paths).
Session captureSession(const MainWindow& window, const ReconstructionPanel& panel, const QString& sessionPath);
/// Writes the session; false with `error` set on failure.
bool saveSessionFile(const MainWindow& window, const ReconstructionPanel& panel, const QString& path, QString* error);
/// Reads a session and applies it (the source opens asynchronously; the runs are listed once it
/// is on screen). False with `error` set when the file cannot be used.
bool openSessionFile(MainWindow& window, ReconstructionPanel& panel, const QString& path, QString* error);

/// Adds Save Session / Open Session to the File menu (before Quit); returns the actions.
QList<QAction*> installSessionActions(MainWindow* window, ReconstructionPanel* panel, QMenu* file);

} // namespace phaselab::ui
