// SPDX-License-Identifier: GPL-3.0-or-later
// Help -> Shortcuts: every action of the main window with its key sequences, grouped by menu,
// plus the mouse gestures of the plots. Built from the actions themselves, so it never goes stale.
#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace phaselab::ui {

struct ShortcutGroup {
    QString title;
    QList<QAction*> actions;
};

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<ShortcutGroup>& groups, QWidget* parent = nullptr);
    /// The page as HTML (also used by the tests).
    static QString html(const QList<ShortcutGroup>& groups);
};

} // namespace phaselab::ui
