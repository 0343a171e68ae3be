// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes audio loading (core/io/audio_file: readAudioFromMemory, the code path of readAudio)
// through libsndfile's virtual I/O: header checks, channel mixing, NaN/Inf refusal.
#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        phaselab::AudioInfo info;
        const auto signal = phaselab::readAudioFromMemory({data, size}, "fuzz.audio", phaselab::ChannelSelection::mix(), &info);
        if (signal.samples.empty() || info.channels < 1 || signal.sampleRate < 1)
            __builtin_trap();
        // The second channel of what has two or more.
        if (info.channels > 1)
            (void)phaselab::readAudioFromMemory({data, size}, "fuzz.audio", phaselab::ChannelSelection::index(1));
    } catch (const phaselab::Error&) {
        // A clear refusal is the expected outcome for malformed input.
    }
    return 0;
}
