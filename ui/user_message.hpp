// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's error messages in the workbench's words. core/ names what to change as a parameter
// in backquotes (`bins`, `dtype`); in the window the same advice must name the fields and menus
// the user sees ("Bins", "Data type"). Every engine error shown in the window goes through
// userMessage().
#pragma once

#include <QString>

#include <exception>
#include <string>

namespace phaselab::ui {

/// `message` with each parameter it names replaced by the workbench's field name.
QString userMessage(const std::string& message);
QString userMessage(const std::exception& error);

} // namespace phaselab::ui
