// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions in the workbench: the window's state to a core Session (core/io/session.hpp) and back.
// Paths are stored relative to the session file's folder when they lie inside it, so a folder
// with its session and audio can be moved. Opening a session re-reads the source, applies the
// STFT parameters, display and panel settings, and lists the stored runs (records and figures;
// "Run" recomputes audio). File menu: Save Session (Ctrl+S), Open Session (Ctrl+Shift+O). A lesson
// is stored by name and opened again through the window's LessonController.
#pragma once

#include "core/io/session.hpp"

#include <QList>
#include <QString>

class QAction;
class QMenu;

namespace phaselab::ui {

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
/// Writes the session; false with `error` set on failure.
bool saveSessionFile(const SessionParts& parts, const QString& path, QString* error);
/// Reads a session and applies it (the source opens asynchronously; the runs are listed once it
/// is on screen). False with `error` set when the file cannot be used.
bool openSessionFile(const SessionParts& parts, const QString& path, QString* error);

/// Adds Open Session / Save Session to the File menu (before `before`, e.g. Quit) and opens the
/// sessions the window is given; returns the actions.
QList<QAction*> addSessionActions(const SessionParts& parts, QMenu* file, QAction* before);

} // namespace phaselab::ui
