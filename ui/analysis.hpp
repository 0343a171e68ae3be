// What the workbench shows for one source: the signal (shared, immutable), its STFT for the
// current parameters and a waveform summary. Built by workers/analysis_worker off the GUI thread
// and handed to the views as std::shared_ptr<const Analysis>; never modified after that.
#pragma once

#include "core/signal.hpp"
#include "core/stft.hpp"
#include "ui/waveform_summary.hpp"

#include <QString>

#include <memory>

namespace phaselab::ui {

struct Analysis {
    QString name;       ///< shown in the title, e.g. "demo.flac"
    QString path;       ///< file it came from (empty for the bundled demo)
    std::shared_ptr<const Signal> signal;
    std::shared_ptr<const WaveformSummary> waveform;
    Spectrogram spectrogram;    ///< spectrogram.sampleRate is the rate in use (the file's or the panel's)
    StftParams requestedParams; ///< as asked for (spectrogram.params is resolved: no "centred" offset)
    float peakPower = 0.0f;     ///< largest |X|^2, the reference of the dB colour scale
    double loadSeconds = 0.0;   ///< time spent reading the file (0 when the signal was reused)
    double stftSeconds = 0.0;   ///< time spent in the STFT
    /// A quick first look at a long signal (hop = window length); the real analysis follows.
    bool preview = false;

    double sampleRate() const { return spectrogram.sampleRate; }
    double durationSeconds() const
    {
        return sampleRate() > 0 && signal ? static_cast<double>(signal->length()) / sampleRate() : 0.0;
    }
};

} // namespace phaselab::ui
