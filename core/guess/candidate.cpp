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
    if (phaseUnit)
        text += ", phase " + phaseUnitName(*phaseUnit);
    return text;
}

} // namespace phaselab
