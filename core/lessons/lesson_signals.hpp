// SPDX-License-Identifier: GPL-3.0-or-later
// The signals of the guided lessons (resources/lessons/*.md), synthesised so that the answers are
// known: tone bursts with Hann (raised-cosine) envelopes, so that each burst is one compact region
// of the spectrogram whose leakage falls below -60 dB of the peak within a few bins and frames,
// placed far apart in time (no STFT frame of up to `maxFrameSeconds` sees two bursts) or in
// frequency (no window's leakage connects them). Units: Hz, seconds; samples in [-1, 1].
#pragma once

#include "core/base/signal.hpp"

#include <vector>

namespace phaselab {

struct ToneBurst {
    double frequencyHz = 440.0;
    double startSeconds = 0.0;
    double durationSeconds = 0.5;  ///< the envelope's whole length (zero at both ends)
    double amplitude = 0.5;        ///< peak of the envelope
};

/// Sum of sin(2 pi f (t - start)) * amplitude * hann envelope over the bursts, `durationSeconds`
/// long. InputError for a non-positive rate or duration, or more than 10 minutes of samples.
Signal synthesiseToneBursts(const std::vector<ToneBurst>& bursts, double sampleRate, double durationSeconds);

/// The two components of the "components" lesson.
enum class ComponentSeparation { Time, Frequency };

struct ComponentPair {
    ToneBurst first;
    ToneBurst second;
    double sampleRate = 16000.0;
    double durationSeconds = 2.0;
};

/// Time: 440 Hz over 0.1-0.8 s and 660 Hz over 1.2-1.9 s (a gap of 0.4 s, more than any frame of
/// up to 4096 samples at 16 kHz). Frequency: 350 Hz and 3100 Hz, both over 0.1-1.9 s.
ComponentPair componentPair(ComponentSeparation separation);

/// first + second, or first - second when `flipSecond` (same spectrogram, one component flipped).
Signal componentSignal(const ComponentPair& pair, bool flipSecond);

/// -x: the reconstruction that is perfect up to the global sign.
Signal negated(const Signal& signal);

/// Samples [beginSeconds, endSeconds) of a signal (clamped to it); InputError when that is empty.
Signal excerpt(const Signal& signal, double beginSeconds, double endSeconds);

} // namespace phaselab
