// SPDX-License-Identifier: GPL-3.0-or-later
// The numbers a spectrogram pane draws: a columns x rows grid sampled from a Spectrogram for one
// time range, quantity and frequency axis, at a level of detail that fits the screen. Columns are
// groups of consecutive frames (one frame per column when they fit: then the values are exactly
// the STFT's), rows are bins (linear axis, when they fit) or rows evenly spaced in the warped
// frequency coordinate (frequency_scale.hpp). Pooling keeps peaks: magnitudes take the largest
// power of the group; phase-like quantities take the value at that largest-power cell.
// Units: time in s (a column's key is the centre time of its frames), magnitude in dB
// (20 log10 |X| of the unnormalised STFT, floor -200 dB), linear |X| or power |X|^2; phase in rad
// or deg; instantaneous frequency as the deviation from the bin's centre in Hz; group delay in ms
// from the frame's centre. Runs in a worker thread: plain data in, plain data out.
#pragma once

#include "core/io/storage_spec.hpp"
#include "core/dsp/stft.hpp"
#include "ui/render/frequency_scale.hpp"

#include <QString>

#include <atomic>
#include <limits>
#include <vector>

namespace phaselab::ui {

enum class SpectrogramQuantity { Magnitude, Phase, InstantaneousFrequency, GroupDelay };

QString quantityName(SpectrogramQuantity quantity); ///< "magnitude" | "phase" | "if" | "group-delay"
SpectrogramQuantity parseQuantity(const QString& name);
QString quantityLabel(SpectrogramQuantity quantity); ///< "Phase", "Instantaneous frequency", ...
/// The colour-scale label with its unit, e.g. "Magnitude (dB)", "Phase (rad)", "IF deviation (Hz)".
/// `rateKnown` false: times in samples and frequencies in f/fs (an import without a sample rate).
QString quantityAxisLabel(SpectrogramQuantity quantity, MagnitudeScale scale, PhaseUnit unit, bool rateKnown = true);
/// Group delay values are in ms with a sample rate, in samples without one: this many units a sample.
double groupDelayUnitsPerSample(const Spectrogram& spectrogram);

struct GridRequest {
    SpectrogramQuantity quantity = SpectrogramQuantity::Magnitude;
    MagnitudeScale magnitudeScale = MagnitudeScale::Db;
    PhaseUnit phaseUnit = PhaseUnit::Radians;
    FrequencyScale frequencyScale = FrequencyScale::Linear;
    double timeBegin = -std::numeric_limits<double>::infinity(); ///< s
    double timeEnd = std::numeric_limits<double>::infinity();    ///< s
    int maxColumns = 2048;
    int maxRows = 2048;
    /// Phase-like quantities: cells whose magnitude is below this (dB) are NaN (drawn neutral),
    /// since the phase of near-silence is noise.
    double maskBelowDb = -std::numeric_limits<double>::infinity();
};

struct DisplayGrid {
    int columns = 0;
    int rows = 0;
    double firstKey = 0.0;   ///< centre time of column 0 (s)
    double lastKey = 0.0;    ///< centre time of the last column (s)
    double firstValue = 0.0; ///< centre of row 0 in the display coordinate
    double lastValue = 0.0;  ///< centre of the last row in the display coordinate
    int firstFrame = 0;      ///< column c covers frames [firstFrame + c * framesPerColumn, +framesPerColumn)
    int framesPerColumn = 1;
    int frameEnd = 0;        ///< one past the last frame covered
    bool rowPerBin = false;  ///< row r is bin r (linear axis, every bin shown)
    GridRequest request;
    std::vector<float> values; ///< values[row * columns + column], NaN where masked
    float minimum = 0.0f;    ///< over the finite values
    float maximum = 0.0f;

    float value(int column, int row) const { return values[static_cast<std::size_t>(row) * columns + column]; }
    bool exact() const { return framesPerColumn == 1 && rowPerBin; }
    double secondsPerColumn() const { return columns > 1 ? (lastKey - firstKey) / (columns - 1) : 0.0; }
};

/// Time (s) of the centre of frame `frame` (fractional frames allowed).
double frameCentreSeconds(const Spectrogram& spectrogram, double frame);
/// The frame whose centre is nearest to `seconds`, clamped to the spectrogram.
int nearestFrame(const Spectrogram& spectrogram, double seconds);
/// Frequency (Hz) of bin `bin`.
double binFrequency(const Spectrogram& spectrogram, double bin);
/// Time frequencies are measured in: the spectrogram's own rate, or 1 (frames, bins) when unknown.
double effectiveSampleRate(const Spectrogram& spectrogram);

/// Value of one quantity at one cell, in the request's units (magnitude before pooling).
float cellValue(const Spectrogram& spectrogram, SpectrogramQuantity quantity, MagnitudeScale scale,
                PhaseUnit unit, int frame, int bin);

/// Builds the grid. Returns an empty grid (columns == 0) if `cancel` becomes true.
DisplayGrid buildDisplayGrid(const Spectrogram& spectrogram, const GridRequest& request,
                             const std::atomic<bool>* cancel = nullptr);

} // namespace phaselab::ui
