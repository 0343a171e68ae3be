// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the numeric text reader (core/io/csv): the sniffer (looksLikeNumericText), delimiter and
// header detection, and the row/column parsing with its line/column error messages.
#include "core/base/error.hpp"
#include "core/io/csv.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    (void)phaselab::looksLikeNumericText({data, size});
    try {
        const auto table = phaselab::parseCsv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
        // What was accepted must be a full rectangle.
        if (table.shape.rows < 1 || table.shape.columns < 1
            || table.values.size() != static_cast<std::size_t>(table.shape.rows) * static_cast<std::size_t>(table.shape.columns))
            __builtin_trap();
    } catch (const phaselab::Error&) {
        // A clear refusal is the expected outcome for malformed input.
    }
    return 0;
}
