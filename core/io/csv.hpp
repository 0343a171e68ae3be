// SPDX-License-Identifier: GPL-3.0-or-later
// Numeric text tables: numpy savetxt (space or any delimiter), CSV (Octave csvwrite, pandas
// without index), TSV, semicolon-separated. The delimiter is sniffed from the first data lines;
// lines starting with '#' or '%' and one leading line of column names are skipped. Every data line
// must have the same number of values. Values parse as double in the C locale (from_chars):
// "nan", "inf", "-Inf", "NaN" and exponents are accepted; anything else is an InputError naming the
// line and column. Layout: values row-major (value(row, column) = values[row * columns + column]),
// one row per text line, as np.loadtxt returns them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace phaselab {

struct CsvShape {
    char delimiter = ',';  ///< ' ' means any run of spaces/tabs (numpy savetxt's default)
    int rows = 0;
    int columns = 0;
    int skippedLines = 0;  ///< comments and a header line before the data

    std::string delimiterName() const; ///< "comma", "tab", "semicolon", "whitespace"
};

struct CsvTable {
    CsvShape shape;
    std::vector<double> values; ///< rows x columns, row-major
};

/// True when the bytes look like numeric text (digits, signs, dots, exponents, nan/inf,
/// delimiters and line breaks only, after an optional header line).
bool looksLikeNumericText(std::span<const unsigned char> prefix);

/// Parses a whole table held in memory; `name` appears in messages.
CsvTable parseCsv(std::string_view text, const std::string& name = "text data");
/// Reads and parses a file (at most 2 GiB). InputError / IoError.
CsvTable readCsv(const std::string& path);

} // namespace phaselab
