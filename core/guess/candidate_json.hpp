// SPDX-License-Identifier: GPL-3.0-or-later
// A guess as CLI.md's JSON: {"candidates": [...]}, each candidate with exactly CLI.md's fields (plus
// win_offset and pad where they differ from the defaults, and a few extra fields such as
// consistency_db and phase_storage). One writer for `guess --json`, `batch` and the Python module.
#pragma once

#include "core/guess/guess.hpp"

#include <nlohmann/json.hpp>

namespace phaselab {

nlohmann::ordered_json candidateJson(const Candidate& candidate);
nlohmann::ordered_json guessJson(const GuessResult& result);

} // namespace phaselab
