// SPDX-License-Identifier: GPL-3.0-or-later
// Frequency axes of the spectrogram panes: linear (Hz), logarithmic (log10 Hz) and mel (HTK,
// 2595 log10(1 + f/700)). A pane's value axis is linear in the *display coordinate* warp(f); the
// grid builder resamples bins onto rows evenly spaced in that coordinate, and FrequencyTicker
// labels the axis in Hz. The log axis starts at bin 1 (sampleRate / n_fft), since 0 Hz has no log.
#pragma once

#include <QString>
#include <QStringList>

#include <qcustomplot.h>

namespace phaselab::ui {

enum class FrequencyScale { Linear, Logarithmic, Mel };

QString frequencyScaleName(FrequencyScale scale);      ///< "linear" | "log" | "mel"
FrequencyScale parseFrequencyScale(const QString& name); ///< unknown names give Linear
const QStringList& frequencyScaleNames();

double warpFrequency(FrequencyScale scale, double hz);
double unwarpFrequency(FrequencyScale scale, double coordinate);

/// Lowest frequency a pane shows (Hz): 0, or bin 1 for the log axis.
double lowestDisplayedFrequency(FrequencyScale scale, double sampleRate, int nFft);

/// Ticks at round frequencies (1, 2, 5 x 10^k first, then finer ones where room is left), placed
/// at their warped coordinates and labelled in Hz ("500", "2k", "12.5k").
class FrequencyTicker : public QCPAxisTicker {
public:
    explicit FrequencyTicker(FrequencyScale scale) : scale_(scale) {}
    void setScale(FrequencyScale scale) { scale_ = scale; }
    FrequencyScale scale() const { return scale_; }

    /// A label for `hz`: plain below 1 kHz, "k" above.
    static QString formatHz(double hz);

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;

private:
    FrequencyScale scale_;
};

} // namespace phaselab::ui
