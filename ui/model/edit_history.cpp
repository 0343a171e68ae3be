// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/model/edit_history.hpp"

#include "ui/render/colormaps.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/panels/parameter_panel.hpp"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QStringList>
#include <QUndoCommand>
#include <QUndoStack>

namespace phaselab::ui {

namespace {

/// Keystrokes further apart than this are separate edits even in the same field.
constexpr qint64 kTypingPauseMs = 1500;

enum StepId { kParametersStep = 1, kDisplayStep = 2 };

QString joined(const QStringList& parts)
{
    return parts.isEmpty() ? QStringLiteral("no change") : parts.join(QStringLiteral(", "));
}

} // namespace

/// One user change from `before` to `after`; `apply` shows a value in the panel and the views.
/// Pushed after the change was made (and drawn), so its first redo does nothing.
template <typename Value, int Id>
class EditStep : public QUndoCommand {
public:
    using Apply = void (EditHistory::*)(const Value&);

    EditStep(EditHistory* history, Apply apply, const Value& before, const Value& after, bool joinsPrevious)
        : history_(history), apply_(apply), before_(before), after_(after), joins_(joinsPrevious)
    {
        setText(describeChange(before_, after_));
    }
    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const EditStep*>(other);
        if (!next->joins_)
            return false;
        after_ = next->after_;
        setText(describeChange(before_, after_));
        setObsolete(before_ == after_); // typed back to where it was: no step
        return true;
    }
    void undo() override
    {
        if (!refused_)
            (history_->*apply_)(before_);
    }
    void redo() override
    {
        if (first_)
            first_ = false;
        else
            (history_->*apply_)(after_);
    }
    const Value& after() const { return after_; }
    /// The change was refused: undoing it changes nothing, and the stack then drops it.
    void markRefused()
    {
        refused_ = true;
        setObsolete(true);
    }

private:
    EditHistory* history_;
    Apply apply_;
    Value before_;
    Value after_;
    bool joins_;
    bool first_ = true;
    bool refused_ = false;
};

using ParametersStep = EditStep<StftParams, kParametersStep>;
using DisplayStep = EditStep<DisplaySettings, kDisplayStep>;

EditHistory::EditHistory(ParameterPanel* parameters, DisplayPanel* display, std::function<void(const StftParams&)> applyParams,
                         QObject* parent)
    : QObject(parent), parameters_(parameters), display_(display), applyParams_(std::move(applyParams)), stack_(new QUndoStack(this))
{
    undo_ = new QAction(QStringLiteral("&Undo"), this);
    undo_->setObjectName(QStringLiteral("undoAction"));
    undo_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    redo_ = new QAction(QStringLiteral("&Redo"), this);
    redo_->setObjectName(QStringLiteral("redoAction"));
    redo_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    connect(undo_, &QAction::triggered, this, &EditHistory::undo);
    connect(redo_, &QAction::triggered, this, &EditHistory::redo);
    auto update = [this]() {
        undo_->setEnabled(stack_->canUndo());
        redo_->setEnabled(stack_->canRedo());
        undo_->setText(stack_->canUndo() ? QStringLiteral("&Undo %1").arg(stack_->undoText()) : QStringLiteral("&Undo"));
        redo_->setText(stack_->canRedo() ? QStringLiteral("&Redo %1").arg(stack_->redoText()) : QStringLiteral("&Redo"));
    };
    // A merged step (typing on in a field) changes the text without moving the index.
    connect(stack_, &QUndoStack::indexChanged, this, update);
    connect(stack_, &QUndoStack::undoTextChanged, this, update);
    connect(stack_, &QUndoStack::redoTextChanged, this, update);
    update();

    connect(parameters_, &ParameterPanel::parametersChanged, this, &EditHistory::onParametersChanged);
    connect(display_, &DisplayPanel::displayChanged, this, &EditHistory::onDisplayChanged);
    resync();
}

void EditHistory::undo()
{
    // A field edit still waiting for its debounce is a step of its own: record it first.
    parameters_->flush();
    stack_->undo();
}

void EditHistory::redo()
{
    parameters_->flush();
    stack_->redo();
}

void EditHistory::resync()
{
    if (parameters_->validationError().isEmpty())
        shownParams_ = parameters_->params();
    shownDisplay_ = display_->settings();
}

void EditHistory::dropRefusedStep()
{
    if (stack_->index() <= 0 || !parameters_->validationError().isEmpty())
        return;
    const QUndoCommand* top = stack_->command(stack_->index() - 1);
    if (!top || top->id() != kParametersStep)
        return;
    auto* step = const_cast<ParametersStep*>(static_cast<const ParametersStep*>(top));
    if (step->after() == parameters_->params())
        return;
    step->markRefused();
    stack_->undo();
    resync();
}

bool EditHistory::continuesLastEdit(QWidget* panel)
{
    // Typing "12" into a field changes it twice; both keystrokes are one edit. Key shortcuts
    // and arrows are steps of their own (the focus is not in a text field of the panel then).
    QWidget* focus = QApplication::focusWidget();
    const bool typing = focus && (qobject_cast<QAbstractSpinBox*>(focus) || qobject_cast<QLineEdit*>(focus)) &&
                        panel->isAncestorOf(focus);
    const bool joins = typing && focus == lastFocus_ && lastEdit_.isValid() && lastEdit_.elapsed() < kTypingPauseMs;
    lastFocus_ = typing ? focus : nullptr;
    lastEdit_.start();
    return joins;
}

void EditHistory::onParametersChanged()
{
    if (applying_)
        return;
    const StftParams now = parameters_->params();
    if (now == shownParams_)
        return;
    const bool joins = continuesLastEdit(parameters_);
    const StftParams before = shownParams_;
    shownParams_ = now;
    stack_->push(new ParametersStep(this, &EditHistory::applyParameters, before, now, joins));
}

void EditHistory::onDisplayChanged()
{
    if (applying_)
        return;
    const DisplaySettings now = display_->settings();
    if (now == shownDisplay_)
        return;
    const bool joins = continuesLastEdit(display_);
    const DisplaySettings before = shownDisplay_;
    shownDisplay_ = now;
    stack_->push(new DisplayStep(this, &EditHistory::applyDisplay, before, now, joins));
}

void EditHistory::applyParameters(const StftParams& params)
{
    applying_ = true;
    applyParams_(params);
    shownParams_ = params;
    applying_ = false;
    lastEdit_.invalidate();
}

void EditHistory::applyDisplay(const DisplaySettings& settings)
{
    applying_ = true;
    display_->applySettings(settings);
    shownDisplay_ = settings;
    applying_ = false;
    lastEdit_.invalidate();
}

QString describeChange(const StftParams& before, const StftParams& after)
{
    const StftParams a = before.resolved();
    const StftParams b = after.resolved();
    QStringList parts;
    if (a.nFft != b.nFft)
        parts << QStringLiteral("n_fft %1").arg(b.nFft);
    if (a.winLength != b.winLength)
        parts << QStringLiteral("window length %1").arg(b.winLength);
    if (a.winOffset != b.winOffset)
        parts << QStringLiteral("window offset %1").arg(b.winOffset);
    if (a.hop != b.hop)
        parts << QStringLiteral("hop %1").arg(b.hop);
    if (!(a.window == b.window))
        parts << QStringLiteral("window %1").arg(QString::fromStdString(b.window.toString()));
    if (a.center != b.center)
        parts << (b.center ? QStringLiteral("centred") : QStringLiteral("not centred"));
    if (a.padMode != b.padMode)
        parts << QStringLiteral("padding %1").arg(QString::fromStdString(padModeName(b.padMode)));
    return joined(parts);
}

QString describeChange(const DisplaySettings& before, const DisplaySettings& after)
{
    QStringList parts;
    if (before.colormap != after.colormap)
        parts << QStringLiteral("colours %1").arg(colormapLabel(after.colormap));
    if (before.gainDb != after.gainDb)
        parts << QStringLiteral("gain %1 dB").arg(after.gainDb);
    if (before.rangeDb != after.rangeDb)
        parts << QStringLiteral("range %1 dB").arg(after.rangeDb);
    if (before.frequencyScale != after.frequencyScale)
        parts << QStringLiteral("frequency axis %1").arg(frequencyScaleName(after.frequencyScale));
    if (before.magnitudeScale != after.magnitudeScale)
        parts << QStringLiteral("magnitude scale %1").arg(QString::fromStdString(magnitudeScaleName(after.magnitudeScale)));
    if (before.phaseUnit != after.phaseUnit)
        parts << QStringLiteral("phase unit %1").arg(QString::fromStdString(phaseUnitName(after.phaseUnit)));
    if (before.secondPane != after.secondPane)
        parts << QStringLiteral("second pane %1").arg(quantityLabel(after.secondPane));
    return joined(parts);
}

} // namespace phaselab::ui
