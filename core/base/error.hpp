// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's error hierarchy. Every message is meant for the user: it says what was wrong and,
// where possible, what to do. The CLI prints it after "error: ", the workbench shows it in a dialog.
#pragma once

#include <stdexcept>
#include <string>

namespace phaselab {

/// Base of every error the engine throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The input (a file, a parameter, a combination of them) cannot be used as given.
class InputError : public Error {
public:
    using Error::Error;
};

/// Reading or writing a file failed at the operating-system or library level.
class IoError : public Error {
public:
    using Error::Error;
};

/// The work was cancelled by the caller's cancellation flag.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace phaselab
