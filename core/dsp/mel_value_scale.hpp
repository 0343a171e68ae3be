// SPDX-License-Identifier: GPL-3.0-or-later
// How a mel spectrogram's numbers are stored: as the filterbank output itself (linear), or its
// natural logarithm (ln, HiFi-GAN/Tacotron's log of the clamped magnitude), decimal logarithm
// (log10, Whisper's log of the clamped power) or decibels (db, librosa's power_to_db /
// amplitude_to_db: 10 log10 of a power mel, 20 log10 of a magnitude mel, so dB always reads as dB
// of magnitude) or Whisper's rescaled decimal logarithm (whisper: (log10 M + 4) / 4 after clipping
// log10 M at 8 below its maximum, the features Whisper's encoder takes). Decoding gives the
// filterbank output F * |X|^power.
#pragma once

#include "core/base/signal.hpp"

#include <string>

namespace phaselab {

enum class MelValueScale { Linear, Ln, Log10, Db, Whisper };

std::string melValueScaleName(MelValueScale scale); ///< "linear" | "ln" | "log10" | "db" | "whisper"
/// Accepts the names above; InputError listing them otherwise.
MelValueScale parseMelValueScale(const std::string& text);

/// The filterbank output a stored value stands for. power: the mel spectrogram's power (1 or 2),
/// which only the db scale depends on.
double decodeMelValue(double stored, MelValueScale scale, double power);
/// The stored value of a filterbank output (the inverse of decodeMelValue; 0 gives -inf in log scales).
double encodeMelValue(double mel, MelValueScale scale, double power);

/// Decodes a whole matrix in place. InputError (naming the first bad [mel, frame]) for a negative
/// linear value or a logarithm that overflows.
void decodeMelValues(RealMatrix& values, MelValueScale scale, double power);

/// The value a dump was clamped at (a log's clamp, top_db clipping), from decoded values: the
/// smallest value when at least 0.2 % of all values sit on it (a real spectrum almost never
/// repeats its minimum); 0 when nothing looks clamped.
double clampedFloor(const RealMatrix& decoded);

} // namespace phaselab
