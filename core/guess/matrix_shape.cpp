// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/matrix_shape.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {
namespace {

double correlation(const double* a, const double* b, std::size_t n)
{
    double sa = 0, sb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sa += a[i];
        sb += b[i];
    }
    const double ma = sa / static_cast<double>(n), mb = sb / static_cast<double>(n);
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = a[i] - ma, y = b[i] - mb;
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

} // namespace

std::vector<double> logMagnitudes(std::span<const double> values, bool decibels)
{
    std::vector<double> result(values.size());
    if (decibels) {
        for (std::size_t i = 0; i < values.size(); ++i)
            result[i] = std::isfinite(values[i]) ? values[i] / 8.685889638 : 0.0;
        return result;
    }
    double peak = 0.0;
    for (double v : values)
        if (std::isfinite(v))
            peak = std::max(peak, std::abs(v));
    const double floor = peak > 0 ? peak * 1e-12 : 1e-300;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = std::isfinite(values[i]) ? std::abs(values[i]) : 0.0;
        result[i] = std::log(std::max(v, floor));
    }
    return result;
}

std::vector<RowLengthScore> rankRowLengths(std::span<const double> logValues, std::int64_t totalValues, int minSide)
{
    std::vector<RowLengthScore> scores;
    if (logValues.size() < 8 || totalValues < 8)
        return scores;
    std::vector<double> differences(logValues.size() - 1);
    for (std::size_t i = 0; i + 1 < logValues.size(); ++i)
        differences[i] = logValues[i + 1] - logValues[i];
    const std::size_t available = differences.size();
    std::vector<std::int64_t> divisors;
    for (std::int64_t d = 1; d * d <= totalValues; ++d)
        if (totalValues % d == 0) {
            divisors.push_back(d);
            if (d * d != totalValues)
                divisors.push_back(totalValues / d);
        }
    std::sort(divisors.begin(), divisors.end());
    constexpr std::size_t kMaxPairs = 400000;
    for (std::int64_t rowLength : divisors) {
        if (rowLength < minSide || totalValues / rowLength < 2)
            continue;
        const std::size_t lag = static_cast<std::size_t>(rowLength);
        if (lag + 16 > available)
            continue;
        const std::size_t pairs = std::min(available - lag, kMaxPairs);
        scores.push_back({rowLength, correlation(differences.data(), differences.data() + lag, pairs)});
    }
    std::stable_sort(scores.begin(), scores.end(),
                     [](const RowLengthScore& a, const RowLengthScore& b) { return a.correlation > b.correlation; });
    return scores;
}

double axisTilt(std::span<const double> logValues, std::int64_t rows, std::int64_t columns, bool alongColumns)
{
    if (rows < 1 || columns < 1 || static_cast<std::int64_t>(logValues.size()) < rows * columns)
        return 0.0;
    const std::int64_t length = alongColumns ? columns : rows;
    if (length < 3)
        return 0.0;
    std::vector<double> means(static_cast<std::size_t>(length), 0.0), index(static_cast<std::size_t>(length));
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < columns; ++c)
            means[static_cast<std::size_t>(alongColumns ? c : r)] += logValues[static_cast<std::size_t>(r * columns + c)];
    for (std::int64_t i = 0; i < length; ++i)
        index[static_cast<std::size_t>(i)] = static_cast<double>(i);
    return correlation(index.data(), means.data(), static_cast<std::size_t>(length));
}

} // namespace phaselab
