// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/framing.hpp"

#include <cmath>
#include <numbers>

namespace phaselab {

StftParams Framing::blockParams() const
{
    StftParams params;
    params.nFft = nFft;
    params.winLength = winLength;
    params.winOffset = winOffset;
    params.hop = hop;
    params.window = window;
    params.center = false;
    params.padMode = PadMode::Constant;
    return params;
}

int Framing::phaseShift() const
{
    return pad > 0 ? nFft / 2 - pad : 0;
}

bool Framing::representable() const
{
    if (pad <= 0)
        return true;
    const int offset = winOffset + phaseShift();
    return offset >= 0 && offset + winLength <= nFft;
}

StftParams Framing::phaselabParams() const
{
    StftParams params = blockParams();
    if (pad > 0) {
        params.center = true;
        params.padMode = padMode;
        params.winOffset = winOffset + phaseShift();
    }
    return params;
}

std::string Framing::describe() const
{
    std::string text = window.toString() + " " + std::to_string(nFft) + "/" + std::to_string(winLength) + "/" +
                       std::to_string(hop);
    if (winLength < nFft)
        text += " offset " + std::to_string(winOffset);
    if (pad > 0)
        text += ", pad " + std::to_string(pad) + (padMode == PadMode::Reflect ? " reflect" : " zeros");
    else
        text += ", not centred";
    return text;
}

void applyFramePhaseShift(ComplexMatrix& matrix, int nFft, int shift)
{
    if (shift == 0 || nFft <= 0)
        return;
    std::vector<std::complex<float>> factors(static_cast<std::size_t>(matrix.bins));
    for (int k = 0; k < matrix.bins; ++k) {
        // Reduce k * shift modulo nFft in integers so the angle stays exact for long frames.
        const long long turns = (static_cast<long long>(k) * shift) % nFft;
        const double angle = -2.0 * std::numbers::pi * static_cast<double>(turns) / nFft;
        factors[static_cast<std::size_t>(k)] = {static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle))};
    }
    for (int t = 0; t < matrix.frames; ++t) {
        auto* frame = matrix.frame(t);
        for (int k = 0; k < matrix.bins; ++k)
            frame[k] *= factors[static_cast<std::size_t>(k)];
    }
}

} // namespace phaselab
