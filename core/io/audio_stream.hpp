// SPDX-License-Identifier: GPL-3.0-or-later
// Reading an audio file in blocks through libsndfile, one channel or the mix (the mean of the
// channels), with exactly readAudio's values and messages (audio_file.hpp), for streaming long
// files. Samples are floats in [-1, 1] (libsndfile's float scaling); channels count from 0.
#pragma once

#include "core/io/audio_file.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace phaselab {

class AudioStreamReader {
public:
    /// Opens the file (InputError like readAudio: unreadable, not audio, channel out of range).
    AudioStreamReader(const std::string& path, ChannelSelection channel = ChannelSelection::mix());
    ~AudioStreamReader();
    AudioStreamReader(const AudioStreamReader&) = delete;
    AudioStreamReader& operator=(const AudioStreamReader&) = delete;

    /// The header; info().frames may be an estimate for compressed formats.
    const AudioInfo& info() const { return info_; }
    /// Reads up to `count` samples into `out`; returns how many (0 at the end). InputError for
    /// NaN/Inf (naming the sample) and read errors.
    std::int64_t read(float* out, std::int64_t count);
    /// Samples read so far.
    std::int64_t position() const { return position_; }
    /// Back to the first sample (reopens the file when it cannot seek).
    void rewind();

private:
    void open();

    std::string path_;
    ChannelSelection channel_;
    AudioInfo info_;
    struct Handle;
    std::unique_ptr<Handle> handle_;
    std::vector<float> interleaved_;
    std::int64_t position_ = 0;
};

} // namespace phaselab
