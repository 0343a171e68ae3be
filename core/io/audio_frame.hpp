// SPDX-License-Identifier: GPL-3.0-or-later
// One channel out of one interleaved audio frame, as readAudio and AudioStreamReader both pick
// it: channel K, or the mean of all channels; NaN and infinities are refused with the sample's
// index (counted from 0) so that a corrupt file is named, never passed on.
#pragma once

#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace phaselab::audio_frame {

inline float pickSample(const float* frame, int channels, ChannelSelection channel, const std::string& name,
                        std::int64_t index)
{
    float sample = 0.0f;
    if (channel.isMix()) {
        double sum = 0.0;
        for (int c = 0; c < channels; ++c)
            sum += frame[c];
        sample = static_cast<float>(sum / channels);
    } else {
        sample = frame[channel.channel];
    }
    if (!std::isfinite(sample))
        throw InputError("audio file '" + name + "' holds " + (std::isnan(sample) ? "NaN" : "an infinite value") +
                         " at sample " + std::to_string(index));
    return sample;
}

} // namespace phaselab::audio_frame
