// SPDX-License-Identifier: GPL-3.0-or-later
// The scale-invariant SNR the guesser tests report: the estimate scaled by its least-squares gain
// against the reference, compared sample for sample from sample 0 (no alignment search), in dB.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace phaselab::testing {

inline double scaleInvariantSnrDb(const std::vector<float>& reference, const std::vector<float>& estimate)
{
    const std::size_t n = std::min(reference.size(), estimate.size());
    double cross = 0.0, energy = 0.0, referenceEnergy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        cross += static_cast<double>(reference[i]) * estimate[i];
        energy += static_cast<double>(estimate[i]) * estimate[i];
        referenceEnergy += static_cast<double>(reference[i]) * reference[i];
    }
    const double alpha = energy > 0.0 ? cross / energy : 0.0;
    double error = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = reference[i] - alpha * estimate[i];
        error += d * d;
    }
    return error > 0.0 ? 10.0 * std::log10(referenceEnergy / error) : 300.0;
}

} // namespace phaselab::testing
