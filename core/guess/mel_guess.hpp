// SPDX-License-Identifier: GPL-3.0-or-later
// Recognising a mel spectrogram dump and guessing how it was made. A magnitude-only file is read
// as mel channels x frames when a channel count is plausible for a mel filterbank (typical 40, 64,
// 80, 128) and not an n_fft/2+1 of a usual n_fft, and when its values say so: a repeated minimum
// at a producer's clamp (ln 1e-5 = -11.51 of HiFi-GAN/Tacotron, log10 1e-10 = -10 of Whisper/ESPnet,
// max - 80 dB of librosa's power_to_db top_db). The making (sample rate, n_fft, hop, fmin, fmax,
// formula, normalisation, power, value scale) is ranked from the producers' conventions that fit
// the count and the values, with the framing checked by consistency through the filterbank: the
// magnitude the mel inverts to (mel_inversion.hpp), given a short fast Griffin-Lim run, must be
// more consistent than the same frames shuffled (phase_retrieval_probe.hpp). The filterbank itself
// leaves little trace in the values, so fmin, fmax and the formula mostly follow the convention;
// the evidence sentences say which figure came from where.
// Scores are natural-log plausibilities turned into shares as guess() does.
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
