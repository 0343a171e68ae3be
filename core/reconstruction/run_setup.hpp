// SPDX-License-Identifier: GPL-3.0-or-later
// One run's set-up, the same for phaselab-cli, the Python module and the workbench: the inputs of
// a reconstruction (the target |X| with its STFT, an optional given phase, optional references,
// and for a magnitude inverted from a mel dump the mel it answers to)
// and the rules every front end applies to them (a given phase is the starting phase unless
// another was chosen; a reference is analysed with the magnitude's own frame count; the output
// is no longer than the frames cover). Shared pointers, immutable once shared: several runs (and
// a workbench's snapshots) read one set-up. Conventions as core/reconstruction/reconstruction.hpp.
// Errors (InputError) speak of parameters (hop, n_fft, sample rate, frames), not of any front
// end's options.
#pragma once

#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/stft.hpp"
#include "core/reconstruction/mel_target.hpp"
#include "core/reconstruction/metrics.hpp"
#include "core/reconstruction/reconstruction.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace phaselab {

struct RunSetup {
    std::shared_ptr<const RealMatrix> magnitude;     ///< the target S
    StftParams params;                               ///< resolved
    std::int64_t signalLength = 0;                   ///< output samples; <= 0: the frames' default
    double sampleRate = 0.0;                         ///< Hz, 0 when unknown
    std::shared_ptr<const RealMatrix> phase;         ///< for InitialPhase::Given and Algorithm::Istft
    std::shared_ptr<const PhaseReference> reference; ///< enables the phase errors
    std::shared_ptr<const Signal> referenceSignal;   ///< enables the SNR
    std::shared_ptr<const MelTarget> melTarget;      ///< enables the mel spectral convergence

    int bins() const { return magnitude ? magnitude->bins : 0; }
    int frames() const { return magnitude ? magnitude->frames : 0; }
};

/// A spectrogram whose phase is the truth (analysed audio, or a magnitude imported with its phase):
/// S = |X|, X is the reference and its phase the given one. Without a true phase (hasPhase false)
/// only S. `signal` (may be null) is the reference signal and sets the output length.
RunSetup runSetupWithTruth(const Spectrogram& spectrogram, std::shared_ptr<const Signal> signal,
                           const ComponentOptions& components = {}, bool hasPhase = true);

/// A spectrogram read from files: S = |X|, and arg X as the given phase when hasPhase; no
/// reference. The output length is the spectrogram's signal length where known, else the frames'.
RunSetup runSetupFromFile(const Spectrogram& spectrogram, bool hasPhase);

/// Makes `signal` the reference: its STFT with the set-up's parameters and exactly the magnitude's
/// frame count (producers differ by one frame: scipy's padded=True adds one, an uncentred framing
/// may drop the last), so errors compare bin for bin. The output length becomes the signal's.
/// InputError when the frame counts differ by more than one or the sample rates disagree; `name`
/// says which reference in those messages ("the reference 'x.wav'").
void attachReference(RunSetup& setup, std::shared_ptr<const Signal> signal, const std::string& name,
                     const ComponentOptions& components, WorkerPool& pool);

/// Makes `target` (the mel dump the magnitude was inverted from) what every record's mel spectral
/// convergence is measured against. InputError when its frames or its filterbank's bins differ
/// from the magnitude's.
void attachMelTarget(RunSetup& setup, std::shared_ptr<const MelTarget> target);

/// The STFT of `length` samples with exactly `frames` frames (see StftPlan on counts that differ
/// from the signal's own).
ComplexMatrix stftWithFrames(const float* samples, std::int64_t length, const StftParams& params, int frames,
                             WorkerPool& pool);

/// The engine's problem over the set-up, which must outlive it.
ReconstructionProblem reconstructionProblem(const RunSetup& setup);

/// InputError when `length` output samples reach past what the set-up's frames cover.
void requireCoveredLength(const RunSetup& setup, std::int64_t length);

/// A given phase is where a run starts unless an initial phase was chosen (initChosen).
void startFromGivenPhase(bool hasGivenPhase, bool initChosen, ReconstructionOptions& options);

/// The pipeline for a magnitude of unknown making when no method is named: the given phase as it
/// is (istft), else the auto pipeline (core/algorithms/auto_pipeline.hpp), or FGLA from the
/// initial phase when one was chosen.
void applyAutoPipeline(bool hasPhase, bool initChosen, ReconstructionOptions& options);

} // namespace phaselab
