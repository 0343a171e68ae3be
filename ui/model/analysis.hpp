// SPDX-License-Identifier: GPL-3.0-or-later
// What the workbench shows for one source: the signal (shared, immutable), its STFT for the
// current parameters and a waveform summary. Built by workers/analysis_worker off the GUI thread
// and handed to the views as std::shared_ptr<const Analysis>; never modified after that.
// An imported spectrogram (no audio) keeps its coefficients in `imported`; the parameters only
// interpret them (time and frequency axes), and `signal` is its inverse STFT when it has phase
// and the parameters allow one, else null.
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft.hpp"
#include "ui/model/spectrogram_import.hpp"
#include "ui/render/waveform_summary.hpp"

#include <QString>

#include <memory>

namespace phaselab::ui {

struct Analysis {
    QString name;       ///< shown in the title, e.g. "demo.flac"
    QString path;       ///< file it came from (empty for the bundled demo)
    std::shared_ptr<const Signal> signal;       ///< null for an imported spectrogram without phase
    std::shared_ptr<const ImportedSpectrogram> imported; ///< set when the source is a spectrogram file
    std::shared_ptr<const WaveformSummary> waveform;
    Spectrogram spectrogram;    ///< spectrogram.sampleRate is the rate in use (the file's or the panel's)
    StftParams requestedParams; ///< as asked for (spectrogram.params is resolved: no "centred" offset)
    float peakPower = 0.0f;     ///< largest |X|^2, the reference of the dB colour scale
    double loadSeconds = 0.0;   ///< time spent reading the file (0 when the signal was reused)
    double stftSeconds = 0.0;   ///< time spent in the STFT
    /// A quick first look at a long signal (hop = window length); the real analysis follows.
    bool preview = false;

    double sampleRate() const { return spectrogram.sampleRate; }
    /// The rate the axes use: the sample rate, or 1 (axes in samples) when it is unknown.
    double displayRate() const { return sampleRate() > 0 ? sampleRate() : 1.0; }
    bool hasPhase() const { return !imported || imported->hasPhase; }
    /// The rate the source itself carries (0 when unknown): the audio file's, or the one given
    /// with an imported spectrogram. Differs from sampleRate() when the user overrides it.
    double sourceSampleRate() const
    {
        if (imported)
            return imported->spectrogram.sampleRate;
        return signal ? signal->sampleRate : 0.0;
    }
    /// Samples of the time signal the spectrogram stands for: the signal's length when there is
    /// one, else what the imported spectrogram's frames cover.
    std::int64_t signalLength() const
    {
        if (signal)
            return signal->length();
        return spectrogram.signalLength > 0 ? spectrogram.signalLength : spectrogram.params.defaultSignalLength(spectrogram.frames());
    }
    /// Seconds (samples when the rate is unknown) the source covers.
    double durationSeconds() const
    {
        return static_cast<double>(signalLength()) / displayRate();
    }
};

} // namespace phaselab::ui
