// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes .mat loading (core/io/mat: listMatVariables, readMatMatrix with its size caps) through
// libmatio, which opens only paths: each input is written to a file under /dev/shm (memory) and
// removed afterwards.
#include "core/base/error.hpp"
#include "core/io/mat.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

/// One scratch file per fuzzing process, rewritten for every input.
const std::string& scratchPath()
{
    static const std::string path = "/dev/shm/phaselab-fuzz-mat-" + std::to_string(::getpid()) + ".mat";
    return path;
}

struct RemoveOnExit {
    ~RemoveOnExit() { std::remove(scratchPath().c_str()); }
};

bool writeScratch(const std::uint8_t* data, std::size_t size)
{
    std::FILE* file = std::fopen(scratchPath().c_str(), "wb");
    if (!file)
        return false;
    const bool written = std::fwrite(data, 1, size, file) == size;
    return std::fclose(file) == 0 && written;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    RemoveOnExit cleanup;
    (void)phaselab::looksLikeMatFile({data, size});
    if (!writeScratch(data, size))
        return 0;
    try {
        const auto variables = phaselab::listMatVariables(scratchPath());
        for (const auto& variable : variables)
            (void)variable.matrixShape();
        const auto matrix = phaselab::readMatMatrix(scratchPath());
        const std::size_t expected = static_cast<std::size_t>(matrix.rows) * static_cast<std::size_t>(matrix.columns);
        if (matrix.real.size() != expected && matrix.complex.size() != expected)
            __builtin_trap();
    } catch (const phaselab::Error&) {
        // A clear refusal is the expected outcome for malformed input.
    }
    return 0;
}
