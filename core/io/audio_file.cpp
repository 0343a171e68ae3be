// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/audio_file.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_frame.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

namespace phaselab {
namespace {

std::string q(const std::string& name)
{
    return "'" + name + "'";
}

struct SndFileCloser {
    void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndFilePtr = std::unique_ptr<SNDFILE, SndFileCloser>;

std::string formatName(int format, int mask)
{
    SF_FORMAT_INFO info{};
    info.format = format & mask;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &info, sizeof info) != 0 || !info.name)
        return "unknown";
    return info.name;
}

const char* const kReadableFormats = "readable: WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF and the other formats libsndfile knows";

void checkHeader(const SF_INFO& info, const std::string& name)
{
    if (info.channels < 1 || info.samplerate < 1 || info.frames < 0)
        throw InputError("audio file " + q(name) + " has an impossible header (" + std::to_string(info.channels)
                         + " channels at " + std::to_string(info.samplerate) + " Hz)");
}

SndFilePtr openForReading(const std::string& path, SF_INFO& info)
{
    requireReadableFile(path, "audio file");
    info = SF_INFO{};
    SndFilePtr file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file)
        throw InputError("cannot read audio file " + q(path) + ": " + sf_strerror(nullptr) + " (" + kReadableFormats + ")");
    checkHeader(info, path);
    return file;
}

/// Bytes in memory seen as a read-only file through SF_VIRTUAL_IO.
struct MemoryFile {
    const unsigned char* data = nullptr;
    sf_count_t size = 0;
    sf_count_t position = 0;

    static MemoryFile& of(void* user) { return *static_cast<MemoryFile*>(user); }
    static sf_count_t length(void* user) { return of(user).size; }
    static sf_count_t seek(sf_count_t offset, int whence, void* user)
    {
        MemoryFile& file = of(user);
        const sf_count_t base = whence == SEEK_CUR ? file.position : whence == SEEK_END ? file.size : 0;
        // Refuse positions before the start or absurdly far past the end (no overflow either).
        if (offset < -base || offset > file.size + (sf_count_t(1) << 32) - base)
            return -1;
        file.position = base + offset;
        return file.position;
    }
    static sf_count_t read(void* destination, sf_count_t count, void* user)
    {
        MemoryFile& file = of(user);
        const sf_count_t available = std::max<sf_count_t>(0, file.size - file.position);
        const sf_count_t n = std::clamp<sf_count_t>(count, 0, available);
        if (n > 0)
            std::memcpy(destination, file.data + file.position, static_cast<std::size_t>(n));
        file.position += n;
        return n;
    }
    static sf_count_t write(const void*, sf_count_t, void*) { return 0; }
    static sf_count_t tell(void* user) { return of(user).position; }
};

AudioInfo describe(const SF_INFO& info)
{
    AudioInfo result;
    result.sampleRate = info.samplerate;
    result.channels = info.channels;
    result.frames = info.frames;
    result.formatName = formatName(info.format, SF_FORMAT_TYPEMASK);
    result.encodingName = formatName(info.format, SF_FORMAT_SUBMASK);
    return result;
}

std::string lowerExtension(const std::string& path)
{
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

} // namespace

AudioInfo readAudioInfo(const std::string& path)
{
    SF_INFO info;
    SndFilePtr file = openForReading(path, info);
    return describe(info);
}

namespace {

/// Decodes an opened file (header already checked) into one channel; `name` for messages,
/// `bytes` the size of what was opened (bounds the reservation when the header's frame count lies).
Signal decodeOpened(SNDFILE* file, const SF_INFO& info, const std::string& name, std::int64_t bytes,
                    ChannelSelection channel, AudioInfo* infoOut, const JobControl& control = {})
{
    const AudioInfo header = describe(info);
    if (infoOut)
        *infoOut = header;
    const int channels = info.channels;
    if (!channel.isMix() && channel.channel >= channels)
        throw InputError("audio file " + q(name) + " has " + std::to_string(channels) + " channel"
                         + (channels == 1 ? "" : "s") + "; `channel` " + std::to_string(channel.channel)
                         + " does not exist (channels count from 0)");
    Signal signal;
    signal.sampleRate = info.samplerate;
    // The header's frame count can lie (or be an estimate for compressed formats): reserve no more
    // than the file's size in bytes could hold and let the vector grow if it holds more. Reserving
    // the whole count spares a long file the vector's doubling (up to twice the signal at once).
    signal.samples.reserve(static_cast<std::size_t>(std::max<std::int64_t>(0, std::min<std::int64_t>(info.frames, bytes))));
    const std::string stage = "reading " + std::filesystem::path(name).filename().string();
    // About 2^17 samples per block whatever the channel count (a header may claim 1024 channels).
    const sf_count_t blockFrames = std::max<sf_count_t>(64, (sf_count_t(1) << 17) / channels);
    std::vector<float> block(static_cast<std::size_t>(blockFrames) * static_cast<std::size_t>(channels));
    while (true) {
        const sf_count_t got = sf_readf_float(file, block.data(), blockFrames);
        if (got <= 0)
            break;
        for (sf_count_t frame = 0; frame < got; ++frame) {
            signal.samples.push_back(audio_frame::pickSample(block.data() + frame * channels, channels, channel, name,
                                                             static_cast<std::int64_t>(signal.samples.size())));
        }
        control.checkCancelled();
        if (info.frames > 0)
            control.report(std::min(1.0, static_cast<double>(signal.samples.size()) / static_cast<double>(info.frames)), stage);
    }
    if (sf_error(file) != SF_ERR_NO_ERROR)
        throw InputError("cannot read audio file " + q(name) + ": " + sf_strerror(file));
    if (signal.samples.empty())
        throw InputError("audio file " + q(name) + " holds no samples");
    return signal;
}

} // namespace

Signal readAudio(const std::string& path, ChannelSelection channel, AudioInfo* infoOut, const JobControl& control)
{
    SF_INFO info;
    SndFilePtr file = openForReading(path, info);
    std::error_code error;
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path, error));
    return decodeOpened(file.get(), info, path, error ? 0 : bytes, channel, infoOut, control);
}

Signal readAudioFromMemory(std::span<const unsigned char> bytes, const std::string& name, ChannelSelection channel,
                           AudioInfo* infoOut)
{
    MemoryFile memory{bytes.data(), static_cast<sf_count_t>(bytes.size()), 0};
    SF_VIRTUAL_IO io{&MemoryFile::length, &MemoryFile::seek, &MemoryFile::read, &MemoryFile::write, &MemoryFile::tell};
    SF_INFO info{};
    SndFilePtr file(sf_open_virtual(&io, SFM_READ, &info, &memory));
    if (!file)
        throw InputError("cannot read audio file " + q(name) + ": " + sf_strerror(nullptr) + " (" + kReadableFormats + ")");
    checkHeader(info, name);
    return decodeOpened(file.get(), info, name, static_cast<std::int64_t>(bytes.size()), channel, infoOut);
}

void writeAudio(const std::string& path, const Signal& signal, const AudioWriteOptions& options)
{
    const std::string extension = lowerExtension(path);
    SF_INFO info{};
    info.channels = 1;
    if (!(signal.sampleRate > 0))
        throw InputError("cannot write " + q(path) + ": the sample rate is unknown (the spectrogram carries none); give `sample_rate`");
    if (!(signal.sampleRate >= 1 && signal.sampleRate <= 1e7))
        throw InputError("cannot write " + q(path) + ": a sample rate of " + std::to_string(std::llround(signal.sampleRate))
                         + " Hz is impossible; give `sample_rate`");
    info.samplerate = static_cast<int>(std::lround(signal.sampleRate));
    if (extension == ".wav") {
        info.format = SF_FORMAT_WAV;
        switch (options.sampleFormat) {
        case AudioSampleFormat::Float32: info.format |= SF_FORMAT_FLOAT; break;
        case AudioSampleFormat::Pcm16: info.format |= SF_FORMAT_PCM_16; break;
        case AudioSampleFormat::Pcm24: info.format |= SF_FORMAT_PCM_24; break;
        }
    } else if (extension == ".flac") {
        info.format = SF_FORMAT_FLAC | (options.sampleFormat == AudioSampleFormat::Pcm16 ? SF_FORMAT_PCM_16 : SF_FORMAT_PCM_24);
    } else {
        throw InputError("cannot write " + q(path) + ": unknown audio extension '" + extension + "'; use .wav or .flac");
    }
    if (!sf_format_check(&info))
        throw InputError("cannot write " + q(path) + ": libsndfile refuses this format at "
                         + std::to_string(info.samplerate) + " Hz");
    for (std::size_t i = 0; i < signal.samples.size(); ++i)
        if (!std::isfinite(signal.samples[i]))
            throw InputError("cannot write " + q(path) + ": the signal holds a non-finite value at sample " + std::to_string(i));

    AtomicFile output(path);
    {
        SndFilePtr file(sf_open_fd(output.descriptor(), SFM_WRITE, &info, SF_FALSE));
        if (!file)
            throw IoError("cannot write " + q(path) + ": " + sf_strerror(nullptr));
        sf_command(file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
        constexpr std::size_t kBlock = 1 << 16;
        for (std::size_t begin = 0; begin < signal.samples.size(); begin += kBlock) {
            const sf_count_t n = static_cast<sf_count_t>(std::min(kBlock, signal.samples.size() - begin));
            if (sf_writef_float(file.get(), signal.samples.data() + begin, n) != n)
                throw IoError("cannot write " + q(path) + ": " + sf_strerror(file.get()));
        }
        sf_write_sync(file.get());
        if (sf_error(file.get()) != SF_ERR_NO_ERROR)
            throw IoError("cannot write " + q(path) + ": " + sf_strerror(file.get()));
    }
    output.commit();
}

} // namespace phaselab
