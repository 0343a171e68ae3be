// SPDX-License-Identifier: GPL-3.0-or-later
// The shape of a flat run of spectrogram values. Values one row apart are the same bin in
// neighbouring frames (or the same frame in neighbouring bins), so the first differences of the
// log values correlate strongly at a lag of exactly one row, and weakly at any other divisor of
// the value count. Which axis is which: the average spectrum falls from low to high bins (spectral
// tilt), while the average over bins follows the loudness over time.
// Input: log values (ln |v| of magnitudes, v of dB values), row-major.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace phaselab {

struct RowLengthScore {
    std::int64_t rowLength = 0;
    double correlation = 0.0; ///< of first differences at a lag of one row
};

/// Row lengths r with r >= minSide and totalValues / r >= 2 that divide totalValues, ranked by
/// correlation (best first). logValues may hold only the first part of the data (at least
/// 2 rows of a candidate are needed to score it; longer rows are skipped).
std::vector<RowLengthScore> rankRowLengths(std::span<const double> logValues, std::int64_t totalValues, int minSide = 4);

/// Correlation between axis index and the mean log value along that axis: for rows x columns
/// values (row-major), alongColumns = true correlates the column index with the column means.
/// A bin axis gives a clearly negative value (high frequencies are weaker).
double axisTilt(std::span<const double> logValues, std::int64_t rows, std::int64_t columns, bool alongColumns);

/// ln |v| with a floor (zeros and tiny values go to ln of 1e-12 of the largest |v|), or v / 8.686
/// for dB values (so a unit is about the same in both).
std::vector<double> logMagnitudes(std::span<const double> values, bool decibels);

} // namespace phaselab
