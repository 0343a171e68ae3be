// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/number_text.hpp"

#include <cmath>
#include <cstdio>

namespace phaselab {

std::string groupedInteger(std::int64_t value)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string result;
    const int count = static_cast<int>(digits.size());
    for (int i = 0; i < count; ++i) {
        if (i > 0 && (count - i) % 3 == 0)
            result += ' ';
        result += digits[static_cast<std::size_t>(i)];
    }
    return value < 0 ? "-" + result : result;
}

std::string fixedText(double value, int decimals)
{
    if (!std::isfinite(value))
        return value > 0 ? "inf" : (value < 0 ? "-inf" : "nan");
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text == "-0" || text == "-0.0" || text == "-0.00")
        text = text.substr(1);
    return text;
}

std::string percentText(double fraction)
{
    const double percent = 100.0 * fraction;
    if (percent >= 100.0)
        return "100%";
    char buffer[64];
    if (percent >= 99.0)
        std::snprintf(buffer, sizeof buffer, "%.2f%%", std::floor(percent * 100.0) / 100.0);
    else
        std::snprintf(buffer, sizeof buffer, "%.0f%%", percent);
    return buffer;
}

std::string scientificText(double value)
{
    if (!std::isfinite(value))
        return fixedText(value);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1e", value);
    std::string text = buffer;
    // "3.6e-09" -> "3.6e-9": printf's two-digit exponent is noise in a sentence.
    const auto e = text.find('e');
    std::size_t digits = e + 2;
    while (digits + 1 < text.size() && text[digits] == '0')
        text.erase(digits, 1);
    return text;
}

} // namespace phaselab
