// SPDX-License-Identifier: GPL-3.0-or-later
// Value types that cross the layers: a mono signal and a matrix of time-frequency values.
// Samples are float in [-1, 1] for audio files (libsndfile's float scaling); sample rate in Hz.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace phaselab {

struct Signal {
    std::vector<float> samples;
    double sampleRate = 0.0; ///< Hz; 0 when unknown (e.g. a raw spectrogram without --sample-rate)

    std::int64_t length() const { return static_cast<std::int64_t>(samples.size()); }
    double durationSeconds() const { return sampleRate > 0 ? static_cast<double>(samples.size()) / sampleRate : 0.0; }
};

/// A bins x frames matrix stored frame after frame: the `bins` values of one frame are contiguous,
/// value(frame, bin) = values[frame * bins + bin]. (That is numpy's C-order (frames, bins) array,
/// i.e. the transpose of librosa/torch's (bins, frames) view, chosen so one FFT reads one frame.)
template <class T>
struct FrameMatrix {
    int bins = 0;
    int frames = 0;
    std::vector<T> values;

    FrameMatrix() = default;
    FrameMatrix(int binCount, int frameCount, T fill = T{})
        : bins(binCount), frames(frameCount),
          values(static_cast<std::size_t>(binCount) * static_cast<std::size_t>(frameCount), fill) {}

    std::size_t size() const { return values.size(); }
    T& at(int frame, int bin) { return values[static_cast<std::size_t>(frame) * bins + bin]; }
    const T& at(int frame, int bin) const { return values[static_cast<std::size_t>(frame) * bins + bin]; }
    T* frame(int index) { return values.data() + static_cast<std::size_t>(index) * bins; }
    const T* frame(int index) const { return values.data() + static_cast<std::size_t>(index) * bins; }
};

using ComplexMatrix = FrameMatrix<std::complex<float>>;
using RealMatrix = FrameMatrix<float>;

} // namespace phaselab
