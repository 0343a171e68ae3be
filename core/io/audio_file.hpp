// SPDX-License-Identifier: GPL-3.0-or-later
// Audio files through libsndfile: every format it reads (WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF,
// ...) to float samples in [-1, 1] (libsndfile's float scaling), one channel picked or all mixed
// (mean of the channels); writing WAV (32-bit float default, 16-bit PCM option) or FLAC (chosen
// by the extension; 16- or 24-bit PCM), atomically (temporary file in the same folder, rename).
// Channels are numbered from 0.
#pragma once

#include "core/base/job_control.hpp"
#include "core/base/signal.hpp"

#include <cstdint>
#include <span>
#include <string>

namespace phaselab {

struct AudioInfo {
    double sampleRate = 0.0;   ///< Hz
    int channels = 0;
    std::int64_t frames = 0;   ///< samples per channel
    std::string formatName;    ///< libsndfile's major format, e.g. "WAV (Microsoft)"
    std::string encodingName;  ///< libsndfile's subtype, e.g. "32 bit float"

    double seconds() const { return sampleRate > 0 ? static_cast<double>(frames) / sampleRate : 0.0; }
};

/// Which channel a multichannel file gives: one index (from 0) or the mean of all.
struct ChannelSelection {
    int channel = -1; ///< -1: mix

    static ChannelSelection mix() { return {}; }
    static ChannelSelection index(int k) { return {k}; }
    bool isMix() const { return channel < 0; }
};

/// Opens the file only to read its header. InputError for files libsndfile rejects (with its
/// message), missing files, directories.
AudioInfo readAudioInfo(const std::string& path);

/// Reads the whole file as one channel. InputError for a channel index out of range, a file
/// libsndfile rejects, NaN/Inf samples, or an empty file. `info` (optional) receives the header.
/// `control` hears the share of samples read (stage "reading NAME") and can cancel (Cancelled).
Signal readAudio(const std::string& path, ChannelSelection channel = ChannelSelection::mix(),
                 AudioInfo* info = nullptr, const JobControl& control = {});

/// readAudio on bytes held in memory (libsndfile's virtual I/O): same formats, checks, conversion
/// and messages; `name` stands for the file in them. The bytes must outlive the call only.
Signal readAudioFromMemory(std::span<const unsigned char> bytes, const std::string& name = "audio data",
                           ChannelSelection channel = ChannelSelection::mix(), AudioInfo* info = nullptr);

enum class AudioSampleFormat { Float32, Pcm16, Pcm24 };

struct AudioWriteOptions {
    /// WAV: Float32 (default) or Pcm16 / Pcm24. FLAC holds no floats: Float32 means Pcm24 there.
    AudioSampleFormat sampleFormat = AudioSampleFormat::Float32;
};

/// Writes a mono file; the container comes from the extension (.wav, .flac; others InputError).
/// The sample rate must be positive. PCM formats clip to [-1, 1]. Atomic.
void writeAudio(const std::string& path, const Signal& signal, const AudioWriteOptions& options = {});

} // namespace phaselab
