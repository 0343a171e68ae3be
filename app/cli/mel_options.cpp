// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/mel_options.hpp"

#include "app/cli/auto_input.hpp"
#include "core/base/error.hpp"
#include "core/guess/mel_guess.hpp"
#include "core/base/memory_budget.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/raw.hpp"
#include "core/io/spectrogram_io.hpp"

#include <cmath>

namespace phaselab::cli {

MelSpec MelOptionValues::toSpec() const
{
    MelSpec spec;
    if (!nMels || *nMels < 1)
        throw InputError("--mel " + std::to_string(nMels.value_or(0)) + " must be the number of mel channels, 1 or more");
    spec.nMels = *nMels;
    spec.fmin = fmin;
    spec.fmax = fmax.value_or(0.0);
    if (fmax && !(*fmax > 0))
        throw InputError("--fmax must be a positive frequency in Hz");
    spec.scale = parseMelScale(melScale);
    spec.norm = parseMelNorm(melNorm);
    if (power != 1.0 && power != 2.0)
        throw InputError("--power must be 1 (a mel of the magnitude) or 2 (of the power)");
    spec.power = power;
    if (rounds < 1)
        throw InputError("--mel-rounds must be 1 or more");
    if (inversionIterations < 0)
        throw InputError("--mel-iterations must be 0 or more");
    return spec;
}

void addMelOptions(CLI::App& command, MelOptionValues& values)
{
    command.add_option("--mel", values.nMels,
                       "the magnitude file is a mel spectrogram of N_MELS channels (bins x frames = n_mels x frames)");
    command.add_option("--fmin", values.fmin, "mel: lowest filter edge in Hz")->capture_default_str();
    command.add_option("--fmax", values.fmax, "mel: highest filter edge in Hz (default: sample rate / 2)");
    command.add_option("--mel-scale", values.melScale, "mel: htk or slaney formula")->capture_default_str();
    command.add_option("--mel-norm", values.melNorm, "mel: slaney (area-normalised triangles) or none")
        ->capture_default_str();
    command.add_option("--power", values.power, "mel: 1 if the filterbank summed |X|, 2 if |X|^2")->capture_default_str();
    command.add_option("--mel-rounds", values.rounds,
                       "mel: solve the linear magnitude again from the sound this many times during the iterations")
        ->capture_default_str();
    command.add_option("--mel-iterations", values.inversionIterations,
                       "mel: projected-gradient steps of the non-negative least squares per frame")
        ->capture_default_str();
}

void requireMelInput(const MelOptionValues& values, bool audio, bool phase, bool autoGuess)
{
    if (!values.requested())
        return;
    if (audio)
        throw InputError("--mel describes a --magnitude file that holds a mel spectrogram, not --audio");
    if (phase)
        throw InputError("--mel takes a mel spectrogram alone: a mel has no phase file, drop --phase");
    if (autoGuess)
        throw InputError("--mel says how the file was made and --auto guesses it: give one of them");
}

MelInput melInputFrom(RealMatrix decoded, const MelSpec& spec, MelValueScale valueScale, const StftParams& params,
                      double sampleRate, int threads)
{
    MelInput input;
    input.spec = spec;
    input.valueScale = valueScale;
    input.params = params;
    input.sampleRate = sampleRate;
    input.inversion.floor = clampedFloor(decoded);
    MelFilterbank filterbank(spec, params.nFft, sampleRate);
    if (decoded.bins != filterbank.melCount())
        throw InputError("the file holds " + std::to_string(decoded.bins) + " channels per frame but --mel says "
                         + std::to_string(spec.nMels) + ": check --mel and --layout");
    input.target = std::make_shared<const MelTarget>(std::move(decoded), std::move(filterbank));
    const RealMatrix& mel = input.target->mel;
    {
        MemoryEstimate estimate;
        estimate.add("linear magnitude", bytesOf(static_cast<std::int64_t>(input.target->filterbank.binCount()) * mel.frames, 4 * 6));
        requireWithinMemoryLimit(estimate, memoryLimit(), "inverting the mel spectrogram", "a smaller n_fft");
    }
    WorkerPool pool(threads);
    input.magnitude = melToLinearMagnitude(mel, input.target->filterbank, pool, input.inversion);
    return input;
}

MelInput loadMelInput(const std::string& path, const MelOptionValues& mel, const StorageOptionValues& storage,
                      const StftOptionValues& stft)
{
    const MelSpec spec = mel.toSpec();
    const MelValueScale valueScale = parseMelValueScale(storage.scale);
    const StftParams params = stft.toParams();
    if (!stft.sampleRate)
        throw InputError("a mel spectrogram needs its sample rate: give --sample-rate HZ");
    StorageSpec storageSpec = storage.toStorageSpec();
    if (detectContainer(path, Container::Raw) == Container::Raw && storageSpec.bins == 0 && storageSpec.frames == 0) {
        storageSpec.bins = spec.nMels;
        storageSpec = resolveRawShape(storageSpec, fileSize(path), path);
    }
    RealMatrix values = readRealMatrix(path, storageSpec);
    for (std::size_t i = 0; i < values.values.size(); ++i)
        if (!std::isfinite(values.values[i]))
            throw InputError("'" + path + "' holds a NaN or infinite value at mel " + std::to_string(i % values.bins)
                             + ", frame " + std::to_string(i / values.bins));
    decodeMelValues(values, valueScale, spec.power);
    MelInput input = melInputFrom(std::move(values), spec, valueScale, params, *stft.sampleRate, 0);
    input.inversion.iterations = mel.inversionIterations;
    input.rounds = mel.rounds;
    if (mel.inversionIterations != MelInversionOptions{}.iterations) {
        WorkerPool pool;
        input.magnitude = melToLinearMagnitude(input.target->mel, input.target->filterbank, pool, input.inversion);
    }
    return input;
}

AutoInput autoMelInput(const GuessInput& input, const Candidate& candidate)
{
    const StftParams params = candidate.phaselabParams().resolved();
    AutoInput autoInput;
    autoInput.mel = melInputFrom(readMelCandidate(input, candidate), *candidate.mel, candidate.melValueScale, params,
                                 candidate.sampleRate, 0);
    const RealMatrix& magnitude = autoInput.mel->magnitude;
    autoInput.spectrogram.coefficients = ComplexMatrix(magnitude.bins, magnitude.frames);
    for (std::size_t i = 0; i < magnitude.values.size(); ++i)
        autoInput.spectrogram.coefficients.values[i] = magnitude.values[i];
    autoInput.spectrogram.params = params;
    autoInput.spectrogram.sampleRate = candidate.sampleRate;
    autoInput.spectrogram.signalLength =
        input.signalLength > 0 ? input.signalLength : params.defaultSignalLength(magnitude.frames);
    return autoInput;
}

ReconstructionResult reconstructMel(const MelInput& input, const ReconstructionProblem& problem,
                                    const ReconstructionOptions& options, WorkerPool& pool, double& convergenceDb)
{
    MelReconstruction done = reconstructFromMel(*input.target, input.inversion, problem, options, input.rounds, pool);
    convergenceDb = done.melSpectralConvergenceDb;
    return std::move(done.result);
}

nlohmann::json melMetricsJson(const MelInput& input, double convergenceDb)
{
    nlohmann::json mel;
    mel["n_mels"] = input.spec.nMels;
    mel["fmin"] = input.spec.fmin;
    mel["fmax"] = input.spec.upperHz(input.sampleRate);
    mel["mel_scale"] = melScaleName(input.spec.scale);
    mel["norm"] = input.spec.norm == MelNorm::Slaney ? nlohmann::json("slaney") : nlohmann::json(nullptr);
    mel["power"] = input.spec.power;
    mel["value_scale"] = melValueScaleName(input.valueScale);
    mel["clamp_floor"] = input.inversion.floor > 0 ? nlohmann::json(input.inversion.floor) : nlohmann::json(nullptr);
    mel["rounds"] = input.rounds;
    mel["spectral_convergence_db"] = convergenceDb;
    return mel;
}

} // namespace phaselab::cli
