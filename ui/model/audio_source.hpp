// SPDX-License-Identifier: GPL-3.0-or-later
// Where the workbench's audio comes from: files (through core/io/audio_file) and the demo clip
// bundled in the resources (":/demo.flac", copied to a temporary file for the reader).
// Throws phaselab::InputError / IoError with a user-facing message.
#pragma once

#include "core/base/job_control.hpp"
#include "core/base/signal.hpp"

#include <QString>

namespace phaselab::ui {

/// Registers resources/resources.qrc (compiled into the static phaselab_ui library, so it must be
/// initialised by hand); idempotent. Called by everything that reads ":/..." paths.
void ensureResources();

/// Resource path of the bundled demo clip.
QString demoResourcePath();
/// Display name of the demo ("demo.flac").
QString demoName();

/// Reads an audio file (mixing channels). A path starting with ":/" is read from the resources.
/// `control`: progress and cancellation, as core's readAudio.
Signal loadAudio(const QString& path, const JobControl& control = {});

/// True when the extension names a format the audio reader takes (wav, flac, ogg, opus, mp3,
/// aiff, ...); other files go to the raw import dialog.
bool looksLikeAudio(const QString& path);

} // namespace phaselab::ui
