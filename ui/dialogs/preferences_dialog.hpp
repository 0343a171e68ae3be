// SPDX-License-Identifier: GPL-3.0-or-later
// Edit -> Preferences: settings that outlive a session, stored in QSettings and applied to the
// process at once (new runs and views use them; runs under way keep what they started with).
// For now the FFT backend (core/dsp/fft.hpp), under the key "fftBackend" ("fftw" or "kiss").
#pragma once

#include <QDialog>

class QComboBox;

namespace phaselab::ui {

/// Applies the stored preferences to the process; the workbench calls it at start, before its
/// command line (whose --fft-backend then wins for that run). The environment variable
/// PHASELAB_FFT_BACKEND, when set, wins over the stored choice too. A stored value this build
/// cannot use (no FFTW) is ignored.
void applyStoredPreferences();

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    /// Stores the choices and applies them (also what OK does).
    void apply();

private:
    QComboBox* fftBackend_;
};

} // namespace phaselab::ui
