// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli reconstruct` (CLI.md): a signal from a magnitude, by any of the engine's methods,
// with the metrics JSON. Input: --audio FILE (analysed; its magnitude kept; the file is then the
// reference) or --magnitude FILE [--phase FILE] with the storage options. Outputs (--out WAV,
// --metrics JSON) are atomic and may not name an input.
#include "app/cli/auto_input.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/mel_options.hpp"
#include "app/cli/memory_checks.hpp"
#include "app/cli/stft_options.hpp"
#include "app/cli/storage_options.hpp"
#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "core/algorithms/pipeline.hpp"
#include "core/reconstruction/metrics.hpp"
#include "core/base/parallel.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/reconstruction/reconstruction_json.hpp"
#include "core/reconstruction/run_setup.hpp"
#include "core/dsp/stft.hpp"

#include <cmath>
#include <cstdlib>
#include <iomanip>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

namespace phaselab::cli {
namespace {

struct ReconstructValues {
    std::string audio;
    std::string magnitude;
    std::string phase;
    StorageOptionValues storage;
    StftOptionValues stft;
    MelOptionValues mel;
    CLI::Option* nFftOption = nullptr;
    CLI::Option* iterationsOption = nullptr;
    CLI::Option* algorithmOption = nullptr;
    bool autoGuess = false;
    std::string algorithm = "fgla";
    std::optional<std::string> init;
    int iterations = 100;
    double momentum = 0.99;
    std::optional<int> lookahead;
    std::uint64_t seed = 0;
    double beta = 0.99;
    double aglaBeta = 1.1;
    double aglaGamma = 1.1;
    std::optional<int> tailIterations;
    std::optional<std::string> pipeline;
    double pghiTolerance = 1e-10;
    double componentThresholdDb = -60.0;
    int componentConnectivity = 8;
    std::string reference;
    std::string out;
    std::string metrics;
    std::optional<std::int64_t> length;
    std::optional<int> channel;
    bool pcm16 = false;
    int threads = 0;
};

ChannelSelection channelOf(const ReconstructValues& v)
{
    return v.channel ? ChannelSelection::index(*v.channel) : ChannelSelection::mix();
}

void writeText(const std::string& path, const std::string& text)
{
    AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

ReconstructionOptions reconstructionOptions(const ReconstructValues& v)
{
    ReconstructionOptions options;
    options.algorithm = parseAlgorithm(v.algorithm);
    if (v.init)
        options.init = parseInitialPhase(*v.init);
    if (v.iterations < 0)
        throw InputError("--iterations " + std::to_string(v.iterations) + " must be 0 or more");
    // RTISI-LA's iterations are per new frame (phaseret's default 5) unless given.
    options.iterations = options.algorithm == Algorithm::RtisiLa && v.iterationsOption->count() == 0 ? 5 : v.iterations;
    options.momentum = v.momentum;
    if (v.lookahead) {
        if (*v.lookahead < 0)
            throw InputError("--lookahead must be 0 or more frames");
        options.lookahead = *v.lookahead;
    }
    options.seed = v.seed;
    options.raarBeta = v.beta;
    options.aglaBeta = v.aglaBeta;
    options.aglaGamma = v.aglaGamma;
    if (v.tailIterations) {
        if (*v.tailIterations < 0)
            throw InputError("--tail-iterations must be 0 or more");
        options.raarGlaIterations = *v.tailIterations;
    }
    options.pghiTolerance = v.pghiTolerance;
    if (v.pipeline) {
        if (v.algorithmOption->count() > 0 && options.algorithm != Algorithm::Auto)
            throw InputError("--pipeline runs under --algorithm auto, not " + v.algorithm);
        options.algorithm = Algorithm::Auto;
        options.pipeline = *v.pipeline;
        const int stages = parsePipeline(*v.pipeline).iterations();
        if (v.iterationsOption->count() > 0 && v.iterations != stages)
            throw InputError("--iterations " + std::to_string(v.iterations) + " disagrees with --pipeline's " +
                             std::to_string(stages) + " iterations: the pipeline's stages set the budget, drop --iterations");
        options.iterations = stages;
    }
    return options;
}

ComponentOptions componentOptions(const ReconstructValues& v)
{
    ComponentOptions components;
    if (!std::isfinite(v.componentThresholdDb) || v.componentThresholdDb > 0)
        throw InputError("--component-threshold-db must be a finite number of dB at or below 0");
    components.thresholdDb = v.componentThresholdDb;
    if (v.componentConnectivity != 4 && v.componentConnectivity != 8)
        throw InputError("--component-connectivity must be 4 or 8");
    components.eightConnected = v.componentConnectivity == 8;
    return components;
}

/// The combinations of options that cannot work, before any file is read.
void checkOptionCombinations(const ReconstructValues& v)
{
    if (v.length && *v.length <= 0)
        throw InputError("--length must be a positive number of samples");
    if (v.channel && *v.channel < 0)
        throw InputError("--channel must be 0 or more (channels count from 0)");
    if (v.out.empty() && v.metrics.empty())
        throw InputError("nothing to write: give --out OUT.wav and/or --metrics OUT.json");
    if (v.audio.empty() == v.magnitude.empty())
        throw InputError("give either --audio FILE or --magnitude FILE (one of them)");
    if (!v.audio.empty() && !v.phase.empty())
        throw InputError("--phase goes with --magnitude; --audio keeps only the magnitude of the file");
    requireMelInput(v.mel, !v.audio.empty(), !v.phase.empty(), v.autoGuess);
    if (v.autoGuess && v.magnitude.empty())
        throw InputError("--auto goes with --magnitude FILE [--phase FILE]: it guesses how those files were made");
}

/// Inputs readable, outputs writable and distinct from the inputs, memory enough: all before the work.
void checkFiles(const ReconstructValues& v, Algorithm algorithm)
{
    // Inputs must exist before outputs are checked against them.
    for (const auto& [path, role] : {std::pair{v.audio, "audio file"}, std::pair{v.magnitude, "magnitude file"},
                                     std::pair{v.phase, "phase file"}, std::pair{v.reference, "reference file"}})
        if (!path.empty())
            requireReadableFile(path, role);
    for (const std::string& output : {v.out, v.metrics})
        if (!output.empty())
            refuseOverwritingInput(output, {v.audio, v.magnitude, v.phase, v.reference});
    if (!v.out.empty() && !v.metrics.empty() && sameFile(v.out, v.metrics))
        throw InputError("--out and --metrics name the same file '" + v.out + "': give two paths");
    // Fail on an unwritable output before the work, not after it.
    if (!v.out.empty())
        AtomicFile probe(v.out);
    if (!v.metrics.empty())
        AtomicFile probe(v.metrics);

    // What the work will allocate, from headers and sizes, against --memory-limit.
    ReconstructionInputs inputs;
    inputs.audio = v.audio;
    inputs.magnitude = v.magnitude;
    inputs.phase = v.phase;
    inputs.reference = v.reference;
    inputs.storage = &v.storage;
    inputs.stft = &v.stft;
    inputs.length = v.length.value_or(0);
    inputs.algorithm = algorithm;
    requireReconstructionMemory(inputs);
}

/// --audio: the file's magnitude; without --reference the file is the reference.
RunSetup audioRunSetup(const ReconstructValues& v, const ComponentOptions& components, WorkerPool& pool)
{
    const StftParams params = v.stft.toParams();
    auto signal = std::make_shared<Signal>(readAudio(v.audio, channelOf(v)));
    if (params.frameCount(signal->length()) < 1)
        throw InputError("'" + v.audio + "' has " + std::to_string(signal->length()) +
                         " samples, too short for one frame of " + std::to_string(params.nFft) +
                         ": use --center or a smaller --n-fft");
    const Spectrogram analysed = stft(*signal, params, pool);
    if (!v.reference.empty())
        return runSetupFromFile(analysed, false);
    RunSetup setup = runSetupWithTruth(analysed, std::move(signal), components);
    setup.phase.reset(); // --audio keeps only the magnitude: its phase is the reference, not a start
    return setup;
}

/// --magnitude [--phase], read with the storage options or, under --auto, as the guesser's best candidate;
/// a mel spectrogram (--mel, or a mel candidate) also fills `melInput`, and the set-up holds its NNLS |X|.
RunSetup fileRunSetup(ReconstructValues& v, ReconstructionOptions& options, std::optional<MelInput>& melInput)
{
    Spectrogram spectrogram;
    bool hasPhase = false;
    if (v.autoGuess) {
        AutoInput input = loadAutoInput(v.magnitude, v.phase, v.stft.sampleRate.value_or(0.0), v.length.value_or(0),
                                        v.threads);
        std::cout << input.summary << "\n";
        spectrogram = std::move(input.spectrogram);
        hasPhase = input.hasPhase;
        if (v.algorithmOption->count() == 0)
            applyAutoPipeline(hasPhase, v.init.has_value(), options);
        if (input.mel) {
            melInput = std::move(input.mel);
            melInput->rounds = v.mel.rounds;
        }
    } else if (v.mel.requested()) {
        melInput = loadMelInput(v.magnitude, v.mel, v.storage, v.stft);
        RunSetup setup;
        setup.magnitude = std::make_shared<const RealMatrix>(melInput->magnitude);
        setup.params = melInput->params;
        setup.signalLength = setup.params.defaultSignalLength(setup.frames());
        setup.sampleRate = melInput->sampleRate;
        attachMelTarget(setup, melInput->target);
        return setup;
    } else {
        SpectrogramInput input =
            loadSpectrogramInput(v.magnitude, v.phase, v.storage, v.stft, v.nFftOption->count() > 0);
        spectrogram = std::move(input.spectrogram);
        hasPhase = input.hasPhase;
    }
    RunSetup setup = runSetupFromFile(spectrogram, hasPhase);
    if (!(setup.sampleRate > 0))
        setup.sampleRate = v.stft.sampleRate.value_or(0.0);
    if (melInput)
        attachMelTarget(setup, melInput->target);
    return setup;
}

RunSetup loadRunSetup(ReconstructValues& v, ReconstructionOptions& options, const ComponentOptions& components,
                      WorkerPool& pool, std::optional<MelInput>& melInput)
{
    RunSetup setup = v.audio.empty() ? fileRunSetup(v, options, melInput) : audioRunSetup(v, components, pool);
    if (!v.reference.empty())
        attachReference(setup, std::make_shared<Signal>(readAudio(v.reference, channelOf(v))),
                        "the reference '" + v.reference + "'", components, pool);
    const std::int64_t length = v.length.value_or(setup.signalLength);
    requireCoveredLength(setup, length);
    setup.signalLength = length;
    if (!v.out.empty() && !(setup.sampleRate > 0))
        throw InputError("the sample rate is unknown: give --sample-rate HZ (or a --reference)");
    startFromGivenPhase(setup.phase != nullptr, v.init.has_value(), options);
    return setup;
}

void report(const ReconstructValues& v, const ReconstructionOptions& options, const ReconstructionResult& result,
            double sampleRate, std::optional<double> melConvergenceDb)
{
    const IterationRecord& last = result.iterations.back();
    std::ostringstream summary;
    summary << std::fixed << std::setprecision(2) << algorithmName(options.algorithm);
    if (isIterative(options.algorithm))
        summary << " (" << (result.pipeline.empty() ? initialPhaseName(options.init) + " init" : result.pipeline) << ", "
                << result.iterationsDone << " iterations)";
    summary << ": spectral convergence " << last.spectralConvergenceDb << " dB";
    if (result.snr)
        summary << ", SNR " << result.snr->snrDb << " dB (sign-corrected " << result.snr->snrSignCorrectedDb << " dB)";
    if (melConvergenceDb)
        summary << ", mel spectral convergence " << *melConvergenceDb << " dB";
    summary << ", " << result.secondsTotal << " s on " << result.threads << " thread" << (result.threads > 1 ? "s" : "");
    std::cout << summary.str() << "\n";
    if (!v.out.empty())
        std::cout << "wrote " << v.out << ": " << result.signal.length() << " samples at " << sampleRate << " Hz\n";
    if (!v.metrics.empty())
        std::cout << "wrote " << v.metrics << "\n";
}

void run(ReconstructValues& v)
{
#if defined(__GLIBC__)
    // Big matrices come and go (file buffers, STFTs): keep them in their own mappings so a freed
    // one goes back to the system instead of raising glibc's dynamic mmap threshold and staying
    // in the heap (peak RSS of a 60 s 2048/512 reconstruction: 163 -> 133 MB, docs/quality.md).
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    // Options first, so a bad option is reported before any file work.
    ReconstructionOptions options = reconstructionOptions(v);
    const ComponentOptions components = componentOptions(v);
    checkOptionCombinations(v);
    checkFiles(v, options.algorithm);

    WorkerPool pool(v.threads);
    std::optional<MelInput> melInput;
    const RunSetup setup = loadRunSetup(v, options, components, pool, melInput);
    const ReconstructionProblem problem = reconstructionProblem(setup);
    double melConvergenceDb = 0.0;
    const ReconstructionResult result = melInput ? reconstructMel(*melInput, problem, options, pool, melConvergenceDb)
                                                 : reconstruct(problem, options, pool);

    if (!v.out.empty()) {
        AudioWriteOptions write;
        write.sampleFormat = v.pcm16 ? AudioSampleFormat::Pcm16 : AudioSampleFormat::Float32;
        writeAudio(v.out, result.signal, write);
    }
    if (!v.metrics.empty()) {
        nlohmann::json metrics = reconstructionMetricsJson(problem, options, result, components);
        if (melInput)
            metrics["mel"] = melMetricsJson(*melInput, melConvergenceDb);
        writeText(v.metrics, metrics.dump(1) + "\n");
    }
    report(v, options, result, setup.sampleRate, melInput ? std::optional(melConvergenceDb) : std::nullopt);
}

} // namespace

void registerReconstruct(CLI::App& app)
{
    auto values = std::make_shared<ReconstructValues>();
    auto* command = app.add_subcommand("reconstruct", "a signal from a magnitude spectrogram (phase retrieval), with metrics");
    command->add_option("--audio", values->audio, "analyse this audio file, keep its magnitude, and use it as the reference");
    command->add_option("--magnitude", values->magnitude, "magnitude file (npy or raw; see the storage options)");
    command->add_option("--phase", values->phase, "phase file: the phase for --algorithm istft and --init given");
    addStorageOptions(*command, values->storage);
    addStftOptions(*command, values->stft);
    addMelOptions(*command, values->mel);
    addFftBackendOption(*command);
    values->nFftOption = command->get_option("--n-fft");
    values->algorithmOption = command->add_option("--algorithm", values->algorithm,
                        "gla, fgla, rtisi-la, pghi, spsi, istft, raar (relaxed averaged alternating reflections, "
                        "Peer et al. 2022), agla (accelerated Griffin-Lim, Nenov et al. 2023) or auto (the best "
                        "measured pipeline for --iterations; the metrics name it)")
        ->capture_default_str();
    command->add_flag("--auto", values->autoGuess,
                      "guess how --magnitude (and --phase) were made and use the best candidate (see `guess`)");
    command->add_option("--init", values->init,
                        "initial phase of gla/fgla/raar/agla (and istft without --phase): zero, random, pghi, spsi "
                        "(default zero; the --phase file when given)");
    values->iterationsOption =
        command->add_option("--iterations", values->iterations,
                            "iterations (rtisi-la: per new frame, default 5)")
            ->capture_default_str();
    command->add_option("--momentum", values->momentum, "fgla's momentum alpha (also raar's FGLA tail and agla's alpha)")
        ->capture_default_str();
    command->add_option("--lookahead", values->lookahead, "rtisi-la's look-ahead in frames (default ceil(win/hop)-1)");
    command->add_option("--seed", values->seed, "seed of the random initial phase")->capture_default_str();
    command->add_option("--beta", values->beta, "raar's relaxation beta in (0, 1]")->capture_default_str();
    command->add_option("--agla-beta", values->aglaBeta, "agla's anchor momentum beta")->capture_default_str();
    command->add_option("--agla-gamma", values->aglaGamma, "agla's weight gamma of the new projection, in (0, 2)")
        ->capture_default_str();
    command->add_option("--pipeline", values->pipeline,
                        "with --algorithm auto: run this pipeline instead of the measured choice, e.g. "
                        "\"pghi -> agla x170 -> fgla x30\" (docs/algorithms.md); its stages give the iterations");
    command->add_option("--tail-iterations", values->tailIterations,
                        "raar: run the last N iterations as FGLA with --momentum (GLA with --momentum 0; default 30 %)");
    command->add_option("--pghi-tolerance", values->pghiTolerance,
                        "pghi: bins below this fraction of the maximum get random phase")
        ->capture_default_str();
    command->add_option("--component-threshold-db", values->componentThresholdDb,
                        "regions of the reference above this level (dB re max) for phase_error_component_corrected")
        ->capture_default_str();
    command->add_option("--component-connectivity", values->componentConnectivity, "4 or 8 neighbours")
        ->capture_default_str();
    command->add_option("--reference", values->reference, "reference audio for phase errors and SNR");
    command->add_option("--out", values->out, "output audio file (.wav or .flac)");
    command->add_option("--metrics", values->metrics, "output metrics JSON (fields: see CLI.md)");
    command->add_option("--length", values->length, "output length in samples (default: the input's)");
    command->add_option("--channel", values->channel, "channel of --audio/--reference to use (default: mix)");
    command->add_flag("--pcm16", values->pcm16, "write 16-bit PCM instead of 32-bit float");
    addThreadsOption(*command, values->threads);
    addMemoryLimitOption(*command);
    command->callback([values] { run(*values); });
}

} // namespace phaselab::cli
