// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/polar_parts.hpp"

#include <cmath>
#include <complex>

namespace phaselab {

RealMatrix magnitudeOf(const ComplexMatrix& spectrum)
{
    RealMatrix magnitude(spectrum.bins, spectrum.frames);
    for (std::size_t i = 0; i < spectrum.values.size(); ++i)
        magnitude.values[i] = std::abs(spectrum.values[i]);
    return magnitude;
}

RealMatrix phaseOf(const ComplexMatrix& spectrum)
{
    RealMatrix phase(spectrum.bins, spectrum.frames);
    for (std::size_t i = 0; i < spectrum.values.size(); ++i)
        phase.values[i] = std::arg(spectrum.values[i]);
    return phase;
}

} // namespace phaselab
