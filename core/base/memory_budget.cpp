// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/base/memory_budget.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

#include <unistd.h>

namespace phaselab {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    return a > kMax - b ? kMax : a + b;
}

} // namespace

std::int64_t physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return 0;
    return bytesOf(pages, pageSize);
}

std::int64_t defaultMemoryLimit()
{
    const std::int64_t physical = physicalMemoryBytes();
    return physical > 0 ? physical / 2 : (std::int64_t{8} << 30);
}

std::int64_t parseByteSize(const std::string& text)
{
    const std::string usage = "`memory_limit` '" + text + "' is not a size: give bytes or a number with K, M, G or T, e.g. 512M or 2G";
    std::size_t end = 0;
    double number = 0.0;
    try {
        number = std::stod(text, &end);
    } catch (const std::exception&) {
        throw InputError(usage);
    }
    std::string suffix;
    for (std::size_t i = end; i < text.size(); ++i)
        if (!std::isspace(static_cast<unsigned char>(text[i])))
            suffix += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    if (suffix.size() >= 2 && suffix.substr(suffix.size() - 2) == "IB")
        suffix.resize(suffix.size() - 2);
    else if (suffix.size() >= 2 && suffix.back() == 'B')
        suffix.pop_back();
    double scale = 1.0;
    if (suffix == "K")
        scale = 1024.0;
    else if (suffix == "M")
        scale = 1024.0 * 1024.0;
    else if (suffix == "G")
        scale = 1024.0 * 1024.0 * 1024.0;
    else if (suffix == "T")
        scale = 1024.0 * 1024.0 * 1024.0 * 1024.0;
    else if (!suffix.empty() && suffix != "B")
        throw InputError(usage);
    const double bytes = number * scale;
    if (!std::isfinite(bytes) || bytes < 1.0)
        throw InputError("`memory_limit` '" + text + "' must be a positive size, e.g. 512M or 2G");
    if (bytes >= 9.0e18)
        return kMax;
    return static_cast<std::int64_t>(bytes);
}

std::string formatByteSize(std::int64_t bytes)
{
    if (bytes < 1024)
        return std::to_string(bytes) + " bytes";
    static const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 5) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

std::string suggestedMemoryLimit(std::int64_t bytes)
{
    constexpr double kMiB = 1024.0 * 1024.0;
    const double mib = static_cast<double>(bytes) / kMiB;
    if (mib <= 1000.0)
        return std::to_string(static_cast<std::int64_t>(std::max(1.0, std::ceil(mib / 10.0) * 10.0))) + "M";
    return std::to_string(static_cast<std::int64_t>(std::ceil(mib / 1024.0))) + "G";
}

std::int64_t bytesOf(std::int64_t count, std::int64_t valueBytes)
{
    if (count <= 0 || valueBytes <= 0)
        return 0;
    if (count > kMax / valueBytes)
        return kMax;
    return count * valueBytes;
}

MemoryEstimate& MemoryEstimate::add(std::string what, std::int64_t bytes)
{
    if (bytes > 0)
        parts_.emplace_back(std::move(what), bytes);
    return *this;
}

std::int64_t MemoryEstimate::total() const
{
    std::int64_t sum = 0;
    for (const auto& part : parts_)
        sum = saturatingAdd(sum, part.second);
    return sum;
}

std::string MemoryEstimate::describe() const
{
    std::vector<std::pair<std::string, std::int64_t>> sorted = parts_;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string text;
    for (std::size_t i = 0; i < sorted.size() && i < 4; ++i)
        text += (i ? ", " : "") + sorted[i].first + " " + formatByteSize(sorted[i].second);
    if (sorted.size() > 4)
        text += ", ...";
    return text;
}

void requireWithinMemoryLimit(const MemoryEstimate& estimate, std::int64_t limit, const std::string& task,
                              const std::string& advice)
{
    const std::int64_t needed = estimate.total();
    if (limit <= 0 || needed <= limit)
        return;
    // Suggest a little headroom over the estimate.
    const std::int64_t suggested = saturatingAdd(needed, needed / 8);
    std::string message = task + " needs about " + formatByteSize(needed);
    if (!estimate.parts().empty())
        message += " (" + estimate.describe() + ")";
    message += " but the memory limit is " + formatByteSize(limit) + ": give `memory_limit` " + suggestedMemoryLimit(suggested);
    if (!advice.empty())
        message += ", or " + advice;
    throw InputError(message);
}

} // namespace phaselab
