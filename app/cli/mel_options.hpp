// SPDX-License-Identifier: GPL-3.0-or-later
// `reconstruct --mel N_MELS` (CLI.md): the options that say how a mel spectrogram was made
// (--fmin, --fmax, --mel-scale htk|slaney, --mel-norm slaney|none, --power 1|2, with --scale
// linear|ln|log10|db|whisper for its values), reading such a file with the storage and STFT options, and
// the mel figures of the metrics JSON.
#pragma once

#include "app/cli/stft_options.hpp"
#include "app/cli/storage_options.hpp"
#include "core/dsp/mel_filterbank.hpp"
#include "core/dsp/mel_value_scale.hpp"
#include "core/guess/guess.hpp"
#include "core/reconstruction/mel_inversion.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace phaselab::cli {

struct MelOptionValues {
    std::optional<int> nMels;
    double fmin = 0.0;
    std::optional<double> fmax;
    std::string melScale = "slaney";
    std::string melNorm = "slaney";
    double power = 1.0;
    int rounds = 10;
    int inversionIterations = MelInversionOptions{}.iterations;

    bool requested() const { return nMels.has_value(); }
    MelSpec toSpec() const; ///< InputError naming the option
};

void addMelOptions(CLI::App& command, MelOptionValues& values);

/// InputError when --mel meets an input it cannot describe: --audio, --phase, or --auto (which
/// finds the making itself).
void requireMelInput(const MelOptionValues& values, bool audio, bool phase, bool autoGuess);

/// A mel spectrogram file read and solved for its linear magnitude.
struct MelInput {
    std::shared_ptr<const MelTarget> target; ///< decoded filterbank output (n_mels x frames) and its filterbank
    MelSpec spec;
    MelValueScale valueScale = MelValueScale::Linear;
    MelInversionOptions inversion;  ///< with the clamp floor found in the values
    StftParams params;              ///< of the STFT beneath the filterbank
    double sampleRate = 0.0;
    RealMatrix magnitude;           ///< the non-negative least-squares |X|
    int rounds = 1;
};

/// Reads `path` with the storage options (--bins defaults to n_mels; --scale is the mel value
/// scale) and solves it for |X|. The sample rate is required; n_fft is --n-fft.
MelInput loadMelInput(const std::string& path, const MelOptionValues& mel, const StorageOptionValues& storage,
                      const StftOptionValues& stft);

/// The same from a guess: values already decoded, spec and params known.
MelInput melInputFrom(RealMatrix decoded, const MelSpec& spec, MelValueScale valueScale, const StftParams& params,
                      double sampleRate, int threads);

struct AutoInput;
/// reconstruct --auto's input for a mel candidate of the guesser: the mel, its making and its
/// non-negative least-squares |X| as the spectrogram.
AutoInput autoMelInput(const GuessInput& input, const Candidate& candidate);

/// The phase pipeline on input.magnitude with mel refinement rounds (problem.magnitude must point
/// at input.magnitude); fills `convergenceDb` with the mel spectral convergence of the sound.
ReconstructionResult reconstructMel(const MelInput& input, const ReconstructionProblem& problem,
                                    const ReconstructionOptions& options, WorkerPool& pool, double& convergenceDb);

/// "mel" object of the metrics JSON: the making, the clamp floor, the refinement rounds and the
/// mel spectral convergence of the output.
nlohmann::json melMetricsJson(const MelInput& input, double convergenceDb);

} // namespace phaselab::cli
