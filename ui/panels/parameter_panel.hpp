// SPDX-License-Identifier: GPL-3.0-or-later
// The STFT parameter panel: n_fft, window length and offset, hop (in samples, in ms and as overlap
// %, kept in step), window (every CLI.md SPEC, its Kaiser beta / Gaussian sigma, periodic or
// symmetric), centring and padding, and the sample rate. Emits parametersChanged() (debounced)
// when the user changes a valid combination; an invalid one is explained under the fields and
// not emitted. Spek-style steps (n_fft, hop, window up/down) serve the keyboard shortcuts.
#pragma once

#include "core/dsp/stft_params.hpp"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace phaselab::ui {

class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget* parent = nullptr);

    /// The parameters on screen, resolved (no 0 / -1 defaults left, except winOffset -1 = centred).
    StftParams params() const;
    /// Shows `params` without emitting parametersChanged().
    void setParams(const StftParams& params);
    double sampleRate() const;
    /// Shows a rate without emitting; `fileRate` is remembered as the source's own rate.
    void setSampleRate(double rate, double fileRate);
    /// Empty when the fields form a usable combination, else the reason.
    QString validationError() const;
    /// Imported spectrograms fix n_fft (their bin count): the field is disabled with `reason`.
    void setFftSizeLocked(bool locked, const QString& reason = QString());
    /// Shows bins x frames and the like for a signal of `length` samples (0: unknown).
    void setSignalLength(std::int64_t length);

    /// Keyboard steps: n_fft doubles/halves, hop doubles/halves, window cycles through the names.
    void stepFftSize(int direction);
    void stepHop(int direction);
    void stepWindow(int direction);

    /// Emits parametersChanged() now if a change is waiting for the debounce timer.
    void flush();

signals:
    void parametersChanged();

private:
    void buildFramingRows(QFormLayout* form);
    void buildWindowRows(QFormLayout* form);
    void connectFields();
    void onFftSizeChanged();
    void onWindowLengthChanged();
    void onHopSamplesChanged();
    void onHopMsChanged();
    void onOverlapChanged();
    void onWindowChanged();
    void syncHopViews();
    void changed();
    void updateStatus();

    QSpinBox* nFft_ = nullptr;
    QSpinBox* winLength_ = nullptr;
    QSpinBox* winOffset_ = nullptr;
    QSpinBox* hop_ = nullptr;
    QDoubleSpinBox* hopMs_ = nullptr;
    QDoubleSpinBox* overlap_ = nullptr;
    QComboBox* window_ = nullptr;
    QDoubleSpinBox* windowParameter_ = nullptr;
    QLabel* windowParameterLabel_ = nullptr;
    QComboBox* windowForm_ = nullptr;
    QCheckBox* center_ = nullptr;
    QComboBox* padMode_ = nullptr;
    QDoubleSpinBox* sampleRate_ = nullptr;
    QLabel* status_ = nullptr;
    QTimer debounce_;
    double fileRate_ = 0.0;
    std::int64_t signalLength_ = 0;
    int updating_ = 0;
};

} // namespace phaselab::ui
