// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/wheel_needs_focus.hpp"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

namespace phaselab::ui {
namespace {

bool isValueField(QObject* object)
{
    return qobject_cast<QAbstractSpinBox*>(object) || qobject_cast<QComboBox*>(object) || qobject_cast<QAbstractSlider*>(object);
}

class WheelNeedsFocus : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Polish && isValueField(watched)) {
            // Qt gives wheel focus before any filter sees the wheel event: take that away.
            auto* widget = static_cast<QWidget*>(watched);
            if (widget->focusPolicy() == Qt::WheelFocus)
                widget->setFocusPolicy(Qt::StrongFocus);
        } else if (event->type() == QEvent::Wheel && isValueField(watched) && !static_cast<QWidget*>(watched)->hasFocus()) {
            // Filtered but not accepted: QApplication hands the wheel on to the parent, which scrolls.
            event->ignore();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void makeWheelNeedFocus()
{
    static QObject* installed = nullptr;
    if (installed || !qApp)
        return;
    installed = new WheelNeedsFocus(qApp);
    qApp->installEventFilter(installed);
}

} // namespace phaselab::ui
