// SPDX-License-Identifier: GPL-3.0-or-later
// Numbers in evidence sentences: "1 052 712", "-62.3 dB", "100%". Locale-independent.
#pragma once

#include <cstdint>
#include <string>

namespace phaselab {

std::string groupedInteger(std::int64_t value);       ///< 1052712 -> "1 052 712"
std::string fixedText(double value, int decimals = 1); ///< -62.34 -> "-62.3"
std::string percentText(double fraction);              ///< 0.9999 -> "99.99%", 1 -> "100%"
std::string scientificText(double value);              ///< 3.6e-09 -> "3.6e-9", 0.00123 -> "1.2e-3"

} // namespace phaselab
