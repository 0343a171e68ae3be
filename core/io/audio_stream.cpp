// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/audio_stream.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_frame.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cmath>

namespace phaselab {
namespace {

std::string q(const std::string& name)
{
    return "'" + name + "'";
}

std::string formatName(int format, int mask)
{
    SF_FORMAT_INFO info{};
    info.format = format & mask;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &info, sizeof info) != 0 || !info.name)
        return "unknown";
    return info.name;
}

} // namespace

struct AudioStreamReader::Handle {
    SNDFILE* file = nullptr;
    ~Handle()
    {
        if (file)
            sf_close(file);
    }
};

AudioStreamReader::AudioStreamReader(const std::string& path, ChannelSelection channel) : path_(path), channel_(channel)
{
    open();
}

AudioStreamReader::~AudioStreamReader() = default;

void AudioStreamReader::open()
{
    requireReadableFile(path_, "audio file");
    handle_.reset();
    auto handle = std::make_unique<Handle>();
    SF_INFO info{};
    handle->file = sf_open(path_.c_str(), SFM_READ, &info);
    if (!handle->file)
        throw InputError("cannot read audio file " + q(path_) + ": " + sf_strerror(nullptr)
                         + " (readable: WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF and the other formats libsndfile knows)");
    if (info.channels < 1 || info.samplerate < 1 || info.frames < 0)
        throw InputError("audio file " + q(path_) + " has an impossible header (" + std::to_string(info.channels)
                         + " channels at " + std::to_string(info.samplerate) + " Hz)");
    info_.sampleRate = info.samplerate;
    info_.channels = info.channels;
    info_.frames = info.frames;
    info_.formatName = formatName(info.format, SF_FORMAT_TYPEMASK);
    info_.encodingName = formatName(info.format, SF_FORMAT_SUBMASK);
    if (!channel_.isMix() && channel_.channel >= info.channels)
        throw InputError("audio file " + q(path_) + " has " + std::to_string(info.channels) + " channel"
                         + (info.channels == 1 ? "" : "s") + "; `channel` " + std::to_string(channel_.channel)
                         + " does not exist (channels count from 0)");
    handle_ = std::move(handle);
    position_ = 0;
}

void AudioStreamReader::rewind()
{
    if (handle_ && sf_seek(handle_->file, 0, SEEK_SET) == 0) {
        position_ = 0;
        return;
    }
    open();
}

std::int64_t AudioStreamReader::read(float* out, std::int64_t count)
{
    const int channels = info_.channels;
    constexpr std::int64_t kChunk = 1 << 15;
    std::int64_t done = 0;
    while (done < count) {
        const sf_count_t want = static_cast<sf_count_t>(std::min(kChunk, count - done));
        interleaved_.resize(static_cast<std::size_t>(want) * static_cast<std::size_t>(channels));
        const sf_count_t got = sf_readf_float(handle_->file, interleaved_.data(), want);
        if (got <= 0)
            break;
        for (sf_count_t frame = 0; frame < got; ++frame) {
            out[done++] = audio_frame::pickSample(interleaved_.data() + frame * channels, channels, channel_, path_, position_);
            ++position_;
        }
        if (got < want)
            break;
    }
    if (done == 0 && sf_error(handle_->file) != SF_ERR_NO_ERROR)
        throw InputError("cannot read audio file " + q(path_) + ": " + sf_strerror(handle_->file));
    return done;
}

} // namespace phaselab
