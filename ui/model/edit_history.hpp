// SPDX-License-Identifier: GPL-3.0-or-later
// Edit -> Undo / Redo for what the user changes in the side panels: the STFT parameters
// (ParameterPanel) and the display (DisplayPanel: colour map, gain, range, frequency axis, scales,
// second pane). One step per user change: a key press (N, H, W, M, L, G, R, Q...) or a field edit
// (typing into a field in quick succession is one edit). Undo and redo put the fields back and
// redraw the views: a parameter step recomputes the STFT, a display step recolours.
// Changes made by the program (opening a file, a session, a lesson) are not steps; they become the
// state the next step starts from.
#pragma once

#include "core/dsp/stft_params.hpp"
#include "ui/model/display_settings.hpp"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QUndoStack;

namespace phaselab::ui {

class DisplayPanel;
class ParameterPanel;

class EditHistory : public QObject {
    Q_OBJECT
public:
    /// `applyParams` shows parameters in the panel and recomputes (MainWindow::setStftParams).
    EditHistory(ParameterPanel* parameters, DisplayPanel* display, std::function<void(const StftParams&)> applyParams,
                QObject* parent = nullptr);

    QUndoStack* stack() const { return stack_; }
    /// Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y), their texts naming the step.
    QAction* undoAction() const { return undo_; }
    QAction* redoAction() const { return redo_; }

    void undo();
    void redo();
    /// Takes what the panels show as the starting point of the next step (after the program
    /// changed them without a user step, e.g. a new analysis or a refused recompute).
    void resync();
    /// After a refused recompute (the panel went back to what is shown): the last parameter step
    /// did not happen, so it leaves the history.
    void dropRefusedStep();

private:
    template <typename Value, int Id>
    friend class EditStep;

    void onParametersChanged();
    void onDisplayChanged();
    void applyParameters(const StftParams& params);
    void applyDisplay(const DisplaySettings& settings);
    /// A change that continues the previous one (typing in the same field) joins its step.
    bool continuesLastEdit(QWidget* panel);

    ParameterPanel* parameters_;
    DisplayPanel* display_;
    std::function<void(const StftParams&)> applyParams_;
    QUndoStack* stack_ = nullptr;
    QAction* undo_ = nullptr;
    QAction* redo_ = nullptr;
    StftParams shownParams_;
    DisplaySettings shownDisplay_;
    QElapsedTimer lastEdit_;
    QPointer<QWidget> lastFocus_; ///< the field the last edit was typed into
    bool applying_ = false;
};

/// What differs between two parameter sets / display settings, for the step's name ("hop 512").
QString describeChange(const StftParams& before, const StftParams& after);
QString describeChange(const DisplaySettings& before, const DisplaySettings& after);

} // namespace phaselab::ui
