// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/csv.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace phaselab {
namespace {

bool isCommentLine(std::string_view line)
{
    const auto first = line.find_first_not_of(" \t");
    return first != std::string_view::npos && (line[first] == '#' || line[first] == '%');
}

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

/// Splits a line into fields. ' ' = runs of blanks; other delimiters may have blanks around them.
std::vector<std::string_view> splitFields(std::string_view line, char delimiter)
{
    std::vector<std::string_view> fields;
    line = trimmed(line);
    if (line.empty())
        return fields;
    if (delimiter == ' ') {
        std::size_t position = 0;
        while (position < line.size()) {
            const auto start = line.find_first_not_of(" \t", position);
            if (start == std::string_view::npos)
                break;
            auto end = line.find_first_of(" \t", start);
            if (end == std::string_view::npos)
                end = line.size();
            fields.push_back(line.substr(start, end - start));
            position = end;
        }
        return fields;
    }
    std::size_t start = 0;
    while (true) {
        const auto end = line.find(delimiter, start);
        fields.push_back(trimmed(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return fields;
}

bool parseNumber(std::string_view field, double& value)
{
    if (field.empty())
        return false;
    if (field.front() == '+')
        field.remove_prefix(1);
    const char* begin = field.data();
    const char* end = field.data() + field.size();
    const auto result = std::from_chars(begin, end, value);
    if (result.ec == std::errc::result_out_of_range) {
        // Denormals and overflow: keep the closest representable value.
        value = std::strtod(std::string(field).c_str(), nullptr);
        return true;
    }
    return result.ec == std::errc() && result.ptr == end;
}

bool allNumbers(const std::vector<std::string_view>& fields)
{
    double value = 0.0;
    return !fields.empty() && std::all_of(fields.begin(), fields.end(), [&](std::string_view f) { return parseNumber(f, value); });
}

std::vector<std::string_view> lines(std::string_view text)
{
    std::vector<std::string_view> result;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        result.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return result;
}

} // namespace

std::string CsvShape::delimiterName() const
{
    switch (delimiter) {
    case ',': return "comma";
    case '\t': return "tab";
    case ';': return "semicolon";
    case ' ': return "whitespace";
    default: return std::string("'") + delimiter + "'";
    }
}

bool looksLikeNumericText(std::span<const unsigned char> prefix)
{
    if (prefix.empty())
        return false;
    std::size_t start = 0, digits = 0, other = 0;
    // Allow one header line of names.
    const auto firstBreak = std::find(prefix.begin(), prefix.end(), static_cast<unsigned char>('\n'));
    if (firstBreak != prefix.end()) {
        bool headerLike = false;
        for (auto it = prefix.begin(); it != firstBreak; ++it)
            if (std::isalpha(*it) && std::tolower(*it) != 'e' && std::tolower(*it) != 'n' && std::tolower(*it) != 'a' &&
                std::tolower(*it) != 'i' && std::tolower(*it) != 'f')
                headerLike = true;
        if (headerLike)
            start = static_cast<std::size_t>(firstBreak - prefix.begin()) + 1;
    }
    bool inComment = false;
    for (std::size_t i = start; i < prefix.size(); ++i) {
        const unsigned char c = prefix[i];
        if (c == '\n') {
            inComment = false;
            continue;
        }
        if (inComment)
            continue;
        if ((c == '#' || c == '%') && (i == 0 || prefix[i - 1] == '\n')) {
            inComment = true;
            continue;
        }
        if (std::isdigit(c))
            ++digits;
        else if (std::strchr("+-.eEnNaAiIfFtTyY ,;\t\r", c) && c != 0)
            continue;
        else
            ++other;
    }
    return digits > 0 && other == 0;
}

CsvTable parseCsv(std::string_view text, const std::string& name)
{
    const auto allLines = lines(text);
    // Data lines: skip comments, blanks and one leading line of names.
    std::size_t first = 0;
    int skipped = 0;
    while (first < allLines.size() && (isCommentLine(allLines[first]) || isBlank(allLines[first]))) {
        ++first;
        ++skipped;
    }
    // Sniff the delimiter on the first few data lines: the one giving the same count > 1 of numbers.
    char delimiter = 0;
    int columns = 0;
    bool headerLine = false;
    // A line of names is skipped only when it is not numbers under any delimiter.
    bool firstLineNumeric = false;
    if (first < allLines.size())
        for (char candidate : {'\t', ',', ';', ' '})
            firstLineNumeric = firstLineNumeric || allNumbers(splitFields(allLines[first], candidate));
    for (int attempt = 0; attempt < (firstLineNumeric ? 1 : 2) && delimiter == 0; ++attempt) {
        const std::size_t from = first + static_cast<std::size_t>(attempt);
        for (char candidate : {'\t', ',', ';', ' '}) {
            int count = -1;
            bool consistent = true;
            int checked = 0;
            for (std::size_t i = from; i < allLines.size() && checked < 5; ++i) {
                if (isBlank(allLines[i]) || isCommentLine(allLines[i]))
                    continue;
                const auto fields = splitFields(allLines[i], candidate);
                if (!allNumbers(fields) || (count >= 0 && static_cast<int>(fields.size()) != count)) {
                    consistent = false;
                    break;
                }
                count = static_cast<int>(fields.size());
                ++checked;
            }
            if (consistent && checked > 0 && (count > 1 || candidate == ' ')) {
                delimiter = candidate;
                columns = count;
                headerLine = attempt == 1;
                break;
            }
        }
    }
    if (delimiter == 0)
        throw InputError("'" + name + "' is not a table of numbers: tried comma, tab, semicolon and whitespace delimiters");
    if (headerLine) {
        ++first;
        ++skipped;
    }

    CsvTable table;
    table.shape.delimiter = delimiter;
    table.shape.columns = columns;
    table.shape.skippedLines = skipped;
    // Count rows before allocating.
    std::size_t rows = 0;
    for (std::size_t i = first; i < allLines.size(); ++i)
        if (!isBlank(allLines[i]) && !isCommentLine(allLines[i]))
            ++rows;
    if (rows > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw InputError("'" + name + "' has too many lines");
    table.values.reserve(rows * static_cast<std::size_t>(columns));
    std::size_t row = 0;
    for (std::size_t i = first; i < allLines.size(); ++i) {
        if (isBlank(allLines[i]) || isCommentLine(allLines[i]))
            continue;
        const auto fields = splitFields(allLines[i], delimiter);
        if (static_cast<int>(fields.size()) != columns)
            throw InputError("'" + name + "' line " + std::to_string(i + 1) + " has " + std::to_string(fields.size()) +
                             " values where the first data line has " + std::to_string(columns));
        for (std::size_t c = 0; c < fields.size(); ++c) {
            double value = 0.0;
            if (!parseNumber(fields[c], value))
                throw InputError("'" + name + "' line " + std::to_string(i + 1) + " column " + std::to_string(c + 1) +
                                 ": '" + std::string(fields[c].substr(0, 40)) + "' is not a number");
            table.values.push_back(value);
        }
        ++row;
    }
    table.shape.rows = static_cast<int>(row);
    if (row == 0)
        throw InputError("'" + name + "' holds no rows of numbers");
    return table;
}

CsvTable readCsv(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw IoError("cannot open '" + path + "' for reading");
    file.seekg(0, std::ios::end);
    const std::streamoff size = file.tellg();
    if (size < 0)
        throw IoError("cannot read '" + path + "'");
    if (size > (std::streamoff(1) << 31))
        throw InputError("'" + path + "' is larger than 2 GiB: too large for a text table");
    file.seekg(0);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (size > 0 && !file.read(text.data(), size))
        throw IoError("cannot read '" + path + "'");
    return parseCsv(text, path);
}

} // namespace phaselab
