// SPDX-License-Identifier: GPL-3.0-or-later
// The making of a mel fixture (an entry of fixtures/mel/filterbanks.json or mel_cases.json, written
// by fixtures/make_mel_fixtures.py) as the engine's MelSpec.
#pragma once

#include "core/dsp/mel_filterbank.hpp"

#include <nlohmann/json.hpp>

namespace phaselab::testing {

inline MelSpec melSpecOf(const nlohmann::json& making)
{
    MelSpec spec;
    spec.nMels = making["n_mels"];
    spec.fmin = making["fmin"];
    spec.fmax = making["fmax"];
    spec.scale = parseMelScale(making["mel_scale"]);
    spec.norm = parseMelNorm(making["norm"]);
    if (making.contains("power"))
        spec.power = making["power"];
    return spec;
}

} // namespace phaselab::testing
