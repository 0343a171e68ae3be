// SPDX-License-Identifier: GPL-3.0-or-later
// The mouse wheel scrolls forms; it changes a field's value only once the user has chosen that
// field (clicked or tabbed into it). Qt's default gives spin boxes, combo boxes and sliders the
// focus on a wheel turn and changes them at once, so scrolling a long form past them silently
// changed the hop or the overlap. One application-wide event filter, installed once.
#pragma once

namespace phaselab::ui {

/// Installs the filter on the application (idempotent; needs a QApplication).
void makeWheelNeedFocus();

} // namespace phaselab::ui
