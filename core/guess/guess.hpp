// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser's entry point: how were these spectrogram file(s) made? Probes the container,
// ranks storage readings (storage_guess.hpp), value conventions (magnitude_scale.hpp,
// phase_evidence.hpp), bin layouts (fft_size.hpp) and STFT framings (phase_search.hpp with phase,
// magnitude_search.hpp without), and returns the best candidates with scores in [0, 1] and
// evidence sentences. loadCandidate() then reads the data a candidate describes into PhaseLab's
// conventions, ready for istft or phase retrieval.
// Budget: about 10 s for a 10 MB pair on two cores (scores on blocks of frames, refines finalists).
#pragma once

#include "core/guess/candidate.hpp"
#include "core/base/job_control.hpp"
#include "core/dsp/stft.hpp"
#include "core/reconstruction/mel_target.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace phaselab {

struct GuessInput {
    std::string magnitudePath;
    std::string phasePath;         ///< empty: none; the magnitude path again: one complex file
    double sampleRate = 0.0;       ///< Hz, 0 unknown (sharpens n_fft/hop priors; copied to the result)
    std::int64_t signalLength = 0; ///< samples, 0 unknown (frame counts then test the padding)
};

struct GuessOptions {
    int top = 5;     ///< candidates returned
    int threads = 0; ///< 0: all cores
};

struct GuessResult {
    std::vector<Candidate> candidates; ///< best first, rank 1..top
    double seconds = 0.0;
    /// False when even the best reading shows nothing of a spectrogram (spectrogram_likeness.hpp):
    /// the guesser gives up; the candidates are then only what was tried. The CLI refuses such input.
    bool looksLikeSpectrogram = true;
    /// The evidence for that verdict, with the best reading named: one sentence.
    std::string verdict;
    /// When the leading candidates are close: what they disagree on and what would tell them apart.
    std::vector<std::string> ambiguities;
};

/// Throws InputError for unreadable or impossible input (the message says what was tried),
/// Cancelled when control.cancel is set. Input that reads as numbers but shows no structure of
/// sound returns looksLikeSpectrogram = false (candidates may then be empty) rather than throwing.
GuessResult guess(const GuessInput& input, const GuessOptions& options = {}, const JobControl& control = {});

/// The spectrogram a candidate describes, in PhaseLab's conventions: one-sided n_fft/2+1 bins
/// (two-sided storage folded, a dropped Nyquist bin restored as 0), linear magnitude of the
/// unscaled DFT (the candidate's fftScale divided out, so istft gives the original level), phase in
/// radians re-referenced to phaselabParams() (core/guess/framing.hpp), params = phaselabParams(),
/// sampleRate and signalLength from the input (signalLength 0 -> what the framing implies).
/// Without phase the coefficients hold the magnitudes with zero phase.
struct LoadedCandidate {
    Spectrogram spectrogram;
    bool hasPhase = false;
    /// A mel candidate: the decoded mel and its filterbank, which the magnitude was solved from
    /// (a run's mel target, run_setup.hpp).
    std::shared_ptr<const MelTarget> melTarget;
};
LoadedCandidate loadCandidate(const GuessInput& input, const Candidate& candidate);

} // namespace phaselab
