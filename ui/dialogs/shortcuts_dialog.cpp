// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/shortcuts_dialog.hpp"

#include <QAction>
#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace phaselab::ui {

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutGroup>& groups, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(QStringLiteral("Keyboard and mouse shortcuts"));
    resize(560, 640);
    auto* layout = new QVBoxLayout(this);
    auto* text = new QTextBrowser(this);
    text->setObjectName(QStringLiteral("shortcutsText"));
    text->setHtml(html(groups));
    layout->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString ShortcutsDialog::html(const QList<ShortcutGroup>& groups)
{
    QString page = QStringLiteral("<style>td{padding:2px 12px 2px 0}</style>");
    for (const ShortcutGroup& group : groups) {
        page += QStringLiteral("<h3>%1</h3><table>").arg(group.title.toHtmlEscaped());
        for (const QAction* action : group.actions) {
            QStringList keys;
            for (const QKeySequence& key : action->shortcuts())
                keys << key.toString(QKeySequence::NativeText);
            QString name = action->text();
            name.remove(QLatin1Char('&'));
            page += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(keys.join(QStringLiteral(", ")).toHtmlEscaped(), name.toHtmlEscaped());
        }
        page += QStringLiteral("</table>");
    }
    page += QStringLiteral(
        "<h3>Mouse</h3><table>"
        "<tr><td><b>Drag</b></td><td>Pan time (and frequency or amplitude)</td></tr>"
        "<tr><td><b>Wheel</b></td><td>Zoom time around the pointer</td></tr>"
        "<tr><td><b>Ctrl+Wheel</b></td><td>Zoom frequency / amplitude</td></tr>"
        "<tr><td><b>Shift+Wheel</b></td><td>Pan time</td></tr>"
        "<tr><td><b>Shift+Drag</b></td><td>Zoom to a rectangle (rubber band)</td></tr>"
        "<tr><td><b>Click</b></td><td>Move the play position there (also while playing)</td></tr>"
        "<tr><td><b>Ctrl+Drag</b></td><td>Select a time region (plain drag with the Selection Tool, S); "
        "Play Selection, Loop, Zoom to Selection and Clear Selection are in the Playback menu</td></tr>"
        "<tr><td><b>Double-click</b></td><td>Fit everything</td></tr>"
        "<tr><td><b>Right-click</b></td><td>Export the plot as PNG or PDF</td></tr>"
        "<tr><td><b>Drop a file</b></td><td>Open it</td></tr></table>");
    return page;
}

} // namespace phaselab::ui
