// SPDX-License-Identifier: GPL-3.0-or-later
// Starts the workbench for what the command line asked (app/phaselab_main.cpp parses it): opens
// the files, the demo, a spectrogram import or a lesson, applies STFT options, queues a
// reconstruction (--algorithm / --iterations, run once the source is loaded), and for --screenshot
// saves the window once every requested job is computed and drawn, then quits (0; 1 with an "error:" line on stderr when
// anything failed). The main window opens at 1280x800 unless a geometry is given (or, outside
// --screenshot runs and the offscreen platform, a saved one exists).
#pragma once

#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft_params.hpp"
#include "ui/model/spectrogram_import.hpp"

#include <QSize>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace phaselab::ui {

struct LaunchOptions {
    QStringList files;
    bool demo = false;
    QString screenshotPath;          ///< empty: interactive
    std::optional<QSize> geometry;   ///< --geometry WxH
    std::optional<StftParams> stft;  ///< STFT options given on the command line
    std::optional<ImportRequest> import;  ///< --magnitude [--phase] with --auto or storage options
    QString lesson;                  ///< --lesson NAME
    std::optional<ReconstructionOptions> reconstruction; ///< --algorithm / --iterations
    std::optional<std::int64_t> memoryLimit; ///< --memory-limit SIZE, bytes
    int timeoutSeconds = 300;        ///< --screenshot gives up after this long
};

/// Runs the event loop; returns the process exit status. Needs a QApplication.
int runWorkbench(const LaunchOptions& options);

} // namespace phaselab::ui
