// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the guesser (core/guess) on arbitrary bytes. The first byte chooses the inputs: bit 0 set
// splits the rest in halves (magnitude file, phase file), bit 1 set (without bit 0) reads the rest
// as one complex file (phase path = magnitude path), else the rest is a magnitude-only file; bit 2
// gives a 22050 Hz sample rate. The files go to /dev/shm (the guesser opens paths). Inputs over
// 64 KiB are skipped, and a run is cancelled (through JobControl, as the GUI does) once it has
// taken a second of CPU time: the ranking of a few KB can take ~1 s of CPU in release, ~10x that under
// ASan+UBSan, which would leave the fuzzer a handful of inputs a minute. The best candidate is
// then loaded.
#include "core/base/error.hpp"
#include "core/guess/guess.hpp"

#include <atomic>
#include <ctime>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace {

std::string scratchPath(const char* role)
{
    return "/dev/shm/phaselab-fuzz-guess-" + std::to_string(::getpid()) + "-" + role;
}

struct ScratchFiles {
    std::string magnitude = scratchPath("magnitude");
    std::string phase = scratchPath("phase");
    ~ScratchFiles()
    {
        std::remove(magnitude.c_str());
        std::remove(phase.c_str());
    }
};

bool writeFile(const std::string& path, const std::uint8_t* data, std::size_t size)
{
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
        return false;
    const bool written = std::fwrite(data, 1, size, file) == size;
    return std::fclose(file) == 0 && written;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2 || size > 64 * 1024)
        return 0;
    const std::uint8_t mode = data[0];
    ++data;
    --size;
    ScratchFiles files;
    phaselab::GuessInput input;
    input.sampleRate = (mode & 4) ? 22050.0 : 0.0;
    input.magnitudePath = files.magnitude;
    if (mode & 1) {
        const std::size_t half = size / 2;
        if (!writeFile(files.magnitude, data, half) || !writeFile(files.phase, data + half, size - half))
            return 0;
        input.phasePath = files.phase;
    } else {
        if (!writeFile(files.magnitude, data, size))
            return 0;
        if (mode & 2)
            input.phasePath = files.magnitude;
    }
    std::atomic<bool> cancel{false};
    const std::clock_t deadline = std::clock() + CLOCKS_PER_SEC; // one thread: process CPU time is ours
    phaselab::JobControl control;
    control.cancel = &cancel;
    control.progress = [&](double, const std::string&) {
        if (std::clock() > deadline)
            cancel = true;
    };
    try {
        const auto result = phaselab::guess(input, {2, 1}, control);
        if (!result.candidates.empty())
            (void)phaselab::loadCandidate(input, result.candidates.front());
    } catch (const phaselab::Error&) {
        // A clear refusal is the expected outcome for malformed input.
    }
    return 0;
}
