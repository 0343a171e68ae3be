// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a guided lesson: its signal (written to a temporary WAV the window opens like any
// file), its STFT parameters, its text in a "Lesson" dock, its pane set-up, and, once the signal
// is on screen, its default runs; when they have all ended the lesson's focus run is shown.
// The Lessons menu lists every lesson; `phaselab --lesson NAME` calls openLesson.
#pragma once

#include <QList>
#include <QString>

class QAction;

namespace phaselab::ui {

class MainWindow;
class ReconstructionPanel;

/// Opens the lesson; false with `error` set for an unknown name or a signal that cannot be made.
bool openLesson(MainWindow& window, ReconstructionPanel& panel, const QString& name, bool runDefault = true,
                QString* error = nullptr);
/// Runs the open lesson's default runs again (false when no lesson is open).
bool rerunLesson(MainWindow& window, ReconstructionPanel& panel);
/// The name of the open lesson (empty when none).
QString currentLesson(const MainWindow& window);

/// Adds the Lessons menu; returns its actions.
QList<QAction*> installLessonMenu(MainWindow* window, ReconstructionPanel* panel);

} // namespace phaselab::ui
