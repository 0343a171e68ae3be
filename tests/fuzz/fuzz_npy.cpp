// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the .npy decoder: header parsing, shape/size checks and value decoding.
#include "core/base/error.hpp"
#include "core/io/npy.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const auto array = phaselab::decodeNpy({data, size}, "fuzz.npy");
        (void)array;
    } catch (const phaselab::Error&) {
        // A clear refusal is the expected outcome for malformed input.
    }
    return 0;
}
