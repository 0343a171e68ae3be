// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the .phaselab session reader: JSON parsing and the strict validation of every field.
#include "core/base/error.hpp"
#include "core/io/session.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const auto session = phaselab::parseSession(std::string(reinterpret_cast<const char*>(data), size));
        // What was accepted must be writable and read back the same.
        const auto again = phaselab::parseSession(phaselab::formatSession(session));
        if (!(again == session))
            __builtin_trap();
    } catch (const phaselab::Error&) {
        // A clear refusal is the expected outcome for malformed input.
    }
    return 0;
}
