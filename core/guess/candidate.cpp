// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/candidate.hpp"

#include <cmath>

namespace phaselab {

StftParams Candidate::producerParams() const
{
    StftParams params = framing.blockParams();
    params.center = framing.pad > 0;
    params.padMode = framing.padMode;
    return params;
}

std::string Candidate::summary() const
{
    if (mel)
        return storage.describe() + " | mel " + std::to_string(mel->nMels) + " " + melScaleName(mel->scale) + "/"
               + melNormName(mel->norm) + " " + std::to_string(std::lround(mel->fmin)) + "-"
               + std::to_string(std::lround(mel->fmax)) + " Hz power " + std::to_string(std::lround(mel->power)) + " at "
               + std::to_string(std::lround(sampleRate)) + " Hz | " + framing.describe() + " | "
               + melValueScaleName(melValueScale);
    std::string text = storage.describe() + " | " + binLayoutName(binLayout) + " | " + framing.describe() + " | " +
                       magnitudeScaleName(magnitudeScale);
    if (magnitudeScale == MagnitudeScale::Db && dbPerUnit > 0.0 && dbPerUnit != 1.0)
        text += " (stored as dB x " + std::to_string(std::lround(1.0 / dbPerUnit)) + ")";
    if (phaseUnit)
        text += ", phase " + phaseUnitName(*phaseUnit);
    return text;
}

} // namespace phaselab
