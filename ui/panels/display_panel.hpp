// SPDX-License-Identifier: GPL-3.0-or-later
// The display controls beside the STFT parameters: colour map, gain and dynamic range (dB),
// frequency axis (linear, log, mel), magnitude scale (dB, linear, power), phase unit and what the
// second spectrogram pane shows. Changes apply at once (displayChanged()).
#pragma once

#include "ui/model/display_settings.hpp"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;

namespace phaselab::ui {

class DisplayPanel : public QWidget {
    Q_OBJECT
public:
    explicit DisplayPanel(QWidget* parent = nullptr);

    DisplaySettings settings() const;
    /// Shows `settings` without emitting displayChanged().
    void setSettings(const DisplaySettings& settings);
    /// Shows `settings` and emits displayChanged() when they differ (undo, redo).
    void applySettings(const DisplaySettings& settings);

    /// Keyboard steps.
    void stepGain(double db);
    void stepRange(double db);
    void cycleColormap();
    void cycleFrequencyScale();
    void cycleSecondPane();

signals:
    void displayChanged();

private:
    QComboBox* colormap_ = nullptr;
    QDoubleSpinBox* gain_ = nullptr;
    QDoubleSpinBox* range_ = nullptr;
    QComboBox* frequencyScale_ = nullptr;
    QComboBox* magnitudeScale_ = nullptr;
    QComboBox* phaseUnit_ = nullptr;
    QComboBox* secondPane_ = nullptr;
    bool updating_ = false;
};

} // namespace phaselab::ui
