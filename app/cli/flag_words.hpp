// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's messages in the command line's words. core/ names what to change as a parameter
// in backquotes (`hop`, `n_fft`, `phase_file`); here each becomes the option that sets it
// (--hop, --n-fft, --phase FILE), so the advice names something the user can type. Used for
// every message phaselab-cli and phaselab print, and the records batch writes.
#pragma once

#include <string>

namespace phaselab::cli {

/// `message` with every parameter it names replaced by its command-line option.
std::string inFlagWords(std::string message);

} // namespace phaselab::cli
