// SPDX-License-Identifier: GPL-3.0-or-later
// What a journey test may touch: widgets found the way a user finds them (by the text on a button,
// the label beside a field, a window's title), keys, clicks and the wheel sent to them, and the
// file dialogs answered by typing a path and pressing Return. No test calls into the window's
// internals through these helpers; they read only what the screen shows.
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

#include <functional>

namespace journey {

inline QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

/// The visible button (push button, tool button, check box) whose text is `text` (mnemonics ignored).
template <class Button = QAbstractButton>
Button* button(QWidget* root, const QString& text)
{
    for (Button* candidate : root->findChildren<Button*>())
        if (candidate->isVisible() && plain(candidate->text()) == text)
            return candidate;
    return nullptr;
}

/// The field beside the form label `label` (a widget, or the first widget of a row layout).
template <class Field = QWidget>
Field* field(QWidget* root, const QString& label, int nth = 0)
{
    for (QFormLayout* form : root->findChildren<QFormLayout*>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* labelItem = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem* fieldItem = form->itemAt(row, QFormLayout::FieldRole);
            auto* text = labelItem ? qobject_cast<QLabel*>(labelItem->widget()) : nullptr;
            if (!text || plain(text->text()) != label || !fieldItem || !text->isVisible())
                continue;
            if (auto* widget = qobject_cast<Field*>(fieldItem->widget()))
                return widget;
            if (QLayout* layout = fieldItem->layout()) {
                int seen = 0;
                for (int i = 0; i < layout->count(); ++i)
                    if (auto* widget = qobject_cast<Field*>(layout->itemAt(i)->widget()); widget && seen++ == nth)
                        return widget;
            }
        }
    }
    return nullptr;
}

/// The visible top-level window (dialog or main window) titled `title`.
template <class Window = QWidget>
Window* window(const QString& title)
{
    for (QWidget* widget : QApplication::topLevelWidgets())
        if (widget->isVisible() && widget->windowTitle() == title)
            if (auto* typed = qobject_cast<Window*>(widget))
                return typed;
    return nullptr;
}

/// Some visible label's text contains `text`.
inline bool showsText(QWidget* root, const QString& text)
{
    for (QLabel* label : root->findChildren<QLabel*>())
        if (label->isVisible() && label->text().contains(text))
            return true;
    return false;
}

inline void click(QWidget* widget, Qt::KeyboardModifiers modifiers = {})
{
    QVERIFY(widget);
    QTest::mouseClick(widget, Qt::LeftButton, modifiers, widget->rect().center());
}

/// One click on row `row` of a list or tree, where the user would click.
inline void clickRow(QAbstractItemView* view, int row)
{
    const QModelIndex index = view->model()->index(row, 0);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
}

/// Chooses `text` in a combo box as a user does: open it, then pick the entry.
inline bool choose(QComboBox* combo, const QString& text)
{
    const int index = combo->findText(text, Qt::MatchStartsWith);
    if (index < 0)
        return false;
    combo->setFocus();
    combo->showPopup();
    QAbstractItemView* popup = combo->view();
    QTest::qWait(50);
    clickRow(popup, index);
    return combo->currentIndex() == index;
}

inline void key(QWidget* target, Qt::Key key, Qt::KeyboardModifiers modifiers = {})
{
    QTest::keyClick(target, key, modifiers);
}

/// Types `path` into the next file dialog that opens and presses Return (call before the click
/// or key that opens it: the dialog runs its own event loop). `answered` becomes true once done.
inline void answerFileDialog(const QString& path, bool* answered = nullptr)
{
    auto* poll = new QTimer(qApp);
    poll->setInterval(50);
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    QObject::connect(poll, &QTimer::timeout, poll, [poll, path, answered, started]() {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            // A loaded machine can take minutes to open the first dialog (its file system model and
            // icons); give up only after the journey's own time-out would have failed the test.
            if (started->elapsed() > 840000)
                poll->deleteLater();
            return;
        }
        poll->stop();
        QPointer<QFileDialog> open(dialog);
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        if (name) {
            name->setFocus();
            name->selectAll();
            QTest::keyClicks(name, path);
            // The folder is listed in the background: a completion popup that opens meanwhile takes
            // the first Return (as it would from a user), so Return goes again until the dialog goes.
            for (int attempt = 0; attempt < 20 && open && open->isVisible(); ++attempt) {
                if (QWidget* popup = QApplication::activePopupWidget())
                    popup->hide();
                QTest::keyClick(name, Qt::Key_Return);
                QTest::qWait(100);
            }
        }
        if (open && open->isVisible()) {
            open->selectFile(path); // the typed path, as the dialog would take it
            QMetaObject::invokeMethod(open, "accept");
        }
        if (answered)
            *answered = true;
        poll->deleteLater();
    });
    poll->start();
}

/// Clicks the menu entry `menu` → `entry` as a user does (the menu opens, the entry is clicked).
inline bool chooseMenu(QMainWindow* window, const QString& menuTitle, const QString& entry)
{
    for (QAction* top : window->menuBar()->actions()) {
        if (!top->menu() || plain(top->text()) != menuTitle)
            continue;
        for (QAction* action : top->menu()->actions())
            if (plain(action->text()) == entry && action->isEnabled()) {
                action->trigger(); // what a click on the open menu does
                return true;
            }
    }
    return false;
}

} // namespace journey
