#include "core/guess/candidate.hpp"

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
    std::string text = storage.describe() + " | " + binLayoutName(binLayout) + " | " + framing.describe() + " | " +
                       magnitudeScaleName(magnitudeScale);
    if (magnitudeScale == MagnitudeScale::Db && dbPerUnit != 1.0)
        text += " x " + std::to_string(dbPerUnit).substr(0, 8);
    if (phaseUnit)
        text += ", phase " + phaseUnitName(*phaseUnit);
    return text;
}

} // namespace phaselab
