// SPDX-License-Identifier: GPL-3.0-or-later
// Recognising a mel spectrogram dump and guessing how it was made. A magnitude-only file is read
// as mel channels x frames when a channel count is plausible for a mel filterbank (typical 40, 64,
// 80, 128) and not an n_fft/2+1 of a usual n_fft, and when its values say so: a repeated minimum
// at a producer's clamp (ln 1e-5 = -11.51 of HiFi-GAN/Tacotron, log10 1e-10 = -10 of Whisper/ESPnet,
// 10 log10 1e-10 = -100 dB of torchaudio's AmplitudeToDB, max - 80 dB of librosa's top_db, max - 2
// of Whisper's rescaled features).
// The filterbank is measured where the values keep its trace: many mels over a short n_fft give
// channels exact linear relations (filterbank_fingerprint.hpp), which the usual filterbanks are
// tested against; one that the dump keeps to rounding fixes fmin, fmax, formula, normalisation,
// n_fft and the sample rate (and, for decibels, the power), one it breaks is ruled out. Where no
// filterbank has relations (80 mels at n_fft 1024) the making is ranked from the producers'
// conventions that fit the count and the values, and the evidence says so. The hop is judged by
// consistency through the filterbank, as for linear dumps without phase: the magnitude the mel
// inverts to (mel_inversion.hpp), given a short fast Griffin-Lim run, must be more consistent than
// the same frames shuffled (phase_retrieval_probe.hpp).
// Scores are natural-log plausibilities (scoring_constants.hpp) turned into shares as guess() does.
#pragma once

#include "core/guess/guess.hpp"

#include <optional>

namespace phaselab {

/// The candidates of a mel dump, best first; nullopt when the file (or the pair) is no mel dump,
/// so the linear guesser takes over. InputError only for an unreadable file.
std::optional<GuessResult> guessMelDump(const GuessInput& input, const GuessOptions& options, const JobControl& control);

/// The decoded filterbank output (n_mels x frames, F |X|^power) a mel candidate describes.
RealMatrix readMelCandidate(const GuessInput& input, const Candidate& candidate);

/// loadCandidate() for a mel candidate: the non-negative least-squares |X| beneath the mel, with
/// the candidate's STFT parameters and sample rate, and the decoded mel as its mel target.
LoadedCandidate loadMelCandidate(const GuessInput& input, const Candidate& candidate);

} // namespace phaselab
