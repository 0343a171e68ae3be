// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli batch --list FILE --out-dir DIR [--shard I/N] [--reconstruct] [--jobs J]` (CLI.md):
// `guess` (and `reconstruct --auto`) over a list of inputs, shardable so that Slurm arrays, GNU
// parallel or Kubernetes indexed Jobs spread the work without a scheduler of our own.
// The list: one input a line, `MAGNITUDE [PHASE] [--sample-rate HZ]`, paths relative to the
// current folder; blank lines and lines starting with # are not inputs. Line k (0-based, counting
// every line) belongs to shard k mod N, so the shards are disjoint and cover the list whatever N.
// Results: DIR/NAME.json (the guess JSON, sha256, seconds; with --reconstruct the metrics JSON and
// DIR/NAME.wav), written atomically, the .wav before the .json, so an existing .json means done and
// a re-run skips it. A failed input leaves DIR/NAME.error.json (retried by the next run) and the
// batch goes on; one JSON line per input on stdout; exit 1 with a count when any failed.
#include "app/cli/auto_input.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/flag_words.hpp"
#include "app/cli/mel_options.hpp"
#include "app/cli/memory_checks.hpp"
#include "app/cli/stft_options.hpp"
#include "core/base/error.hpp"
#include "core/guess/candidate_json.hpp"
#include "core/guess/guess.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "core/io/sha256.hpp"
#include "core/base/parallel.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/reconstruction/reconstruction_json.hpp"
#include "core/reconstruction/run_setup.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <optional>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

namespace phaselab::cli {
namespace {

namespace fs = std::filesystem;

struct BatchValues {
    std::string list;
    std::string outDir;
    std::string shard = "0/1";
    bool reconstruct = false;
    int jobs = 1;
    int iterations = 100;
    double sampleRate = 0.0;
    int threads = 0;
};

struct Shard {
    long long index = 0;
    long long count = 1;
};

struct BatchInput {
    long long line = 0;      ///< 0-based line of the list file
    std::string magnitude;
    std::string phase;       ///< empty: none
    double sampleRate = 0.0; ///< 0: unknown
    std::string name;        ///< results are DIR/NAME.json, DIR/NAME.wav
    std::string problem;     ///< why the line cannot be read, or empty
};

enum class Outcome { Done, Skipped, Failed };

Shard parseShard(const std::string& text)
{
    Shard shard;
    const auto slash = text.find('/');
    std::size_t usedIndex = 0, usedCount = 0;
    try {
        if (slash == std::string::npos)
            throw std::invalid_argument("no slash");
        shard.index = std::stoll(text.substr(0, slash), &usedIndex);
        shard.count = std::stoll(text.substr(slash + 1), &usedCount);
    } catch (const std::exception&) {
        throw InputError("--shard '" + text + "' must be I/N with 0 <= I < N, e.g. 0/4");
    }
    if (usedIndex != slash || usedCount != text.size() - slash - 1 || shard.count < 1 || shard.index < 0 ||
        shard.index >= shard.count)
        throw InputError("--shard '" + text + "' must be I/N with 0 <= I < N, e.g. 0/4");
    return shard;
}

double parseRate(const std::string& text)
{
    std::size_t used = 0;
    double rate = 0.0;
    try {
        rate = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(rate > 0) || !std::isfinite(rate))
        throw InputError("--sample-rate '" + text + "' must be a positive number of Hz");
    return rate;
}

/// One list line, split at white space; the problem is kept for the input's error record.
BatchInput parseLine(const std::string& text, long long line, double defaultRate)
{
    BatchInput input;
    input.line = line;
    input.sampleRate = defaultRate;
    std::istringstream words(text);
    std::vector<std::string> paths;
    std::string word;
    try {
        while (words >> word) {
            if (word == "--sample-rate") {
                if (!(words >> word))
                    throw InputError("--sample-rate needs a value");
                input.sampleRate = parseRate(word);
            } else if (word.rfind("--sample-rate=", 0) == 0) {
                input.sampleRate = parseRate(word.substr(14));
            } else if (word.rfind("--", 0) == 0) {
                throw InputError("unknown option '" + word + "' (a line takes MAGNITUDE [PHASE] [--sample-rate HZ])");
            } else {
                paths.push_back(word);
            }
        }
        if (paths.size() > 2)
            throw InputError("more than two paths (a line takes MAGNITUDE [PHASE] [--sample-rate HZ])");
    } catch (const InputError& error) {
        input.problem = "line " + std::to_string(line + 1) + ": " + inFlagWords(error.what());
    }
    if (!paths.empty())
        input.magnitude = paths[0];
    if (paths.size() > 1)
        input.phase = paths[1];
    return input;
}

/// Every input of the list (all shards), named. A name is the magnitude file's stem, with the
/// start of the SHA-256 of its path as written when two inputs share a stem, so names do not
/// depend on the shard or on the other lines' order.
std::vector<BatchInput> readList(const std::string& path, double defaultRate)
{
    requireReadableFile(path, "list file");
    std::ifstream file(path);
    if (!file)
        throw IoError("cannot read the list file '" + path + "'");
    std::vector<BatchInput> inputs;
    std::string text;
    for (long long line = 0; std::getline(file, text); ++line) {
        const auto first = text.find_first_not_of(" \t\r");
        if (first == std::string::npos || text[first] == '#')
            continue;
        inputs.push_back(parseLine(text, line, defaultRate));
    }
    std::map<std::string, int> stems;
    for (BatchInput& input : inputs) {
        input.name = input.magnitude.empty() ? "line-" + std::to_string(input.line + 1)
                                             : fs::path(input.magnitude).stem().string();
        if (input.name.empty() || input.name[0] == '.')
            input.name = "input" + input.name;
        ++stems[input.name];
    }
    for (BatchInput& input : inputs)
        if (stems[input.name] > 1)
            input.name += "-" + sha256Hex(input.magnitude.data(), input.magnitude.size()).substr(0, 8);
    return inputs;
}

void writeJson(const std::string& path, const nlohmann::ordered_json& json)
{
    const std::string text = json.dump(1) + "\n";
    AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

nlohmann::ordered_json inputJson(const BatchInput& input)
{
    nlohmann::ordered_json json;
    json["magnitude"] = input.magnitude;
    json["phase"] = input.phase.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(input.phase);
    json["sample_rate"] = input.sampleRate > 0 ? nlohmann::ordered_json(input.sampleRate) : nlohmann::ordered_json(nullptr);
    return json;
}

/// Guesses (and reconstructs) one input into `result` (the NAME.json contents); returns the
/// stdout line's extra fields. Throws on bad input.
nlohmann::ordered_json runInput(const BatchInput& input, const BatchValues& v, int threads, const std::string& jsonPath,
                                const std::string& wavPath, nlohmann::ordered_json& result)
{
    if (!input.problem.empty())
        throw InputError(input.problem);
    if (input.magnitude.empty())
        throw InputError("line " + std::to_string(input.line + 1) + " names no magnitude file");
    requireReadableFile(input.magnitude, "magnitude file");
    if (!input.phase.empty())
        requireReadableFile(input.phase, "phase file");
    refuseOverwritingInput(jsonPath, {input.magnitude, input.phase});
    if (v.reconstruct)
        refuseOverwritingInput(wavPath, {input.magnitude, input.phase});
    requireGuessMemory(input.magnitude, input.phase);

    const auto start = std::chrono::steady_clock::now();
    GuessInput guessInput;
    guessInput.magnitudePath = input.magnitude;
    guessInput.phasePath = input.phase;
    guessInput.sampleRate = input.sampleRate;
    GuessOptions options;
    options.threads = threads;
    const GuessResult guessed = guess(guessInput, options);
    result = guessJson(guessed);
    if (guessed.candidates.empty())
        throw InputError("the guesser found no way to read '" + input.magnitude + "' as a spectrogram");
    nlohmann::ordered_json line;
    const nlohmann::ordered_json& best = result["candidates"][0];
    line["best"] = {{"score", best["score"]}, {"n_fft", best["n_fft"]}, {"hop", best["hop"]},
                    {"window", best["window"]["name"]}};

    if (v.reconstruct) {
        const AutoInput loaded = autoInputFrom(guessInput, guessed);
        const double sampleRate = loaded.spectrogram.sampleRate > 0 ? loaded.spectrogram.sampleRate : input.sampleRate;
        if (!(sampleRate > 0))
            throw InputError("the sample rate of '" + input.magnitude +
                             "' is unknown: add --sample-rate HZ to its line (or to batch)");
        ReconstructionOptions reconstruction;
        reconstruction.iterations = v.iterations;
        applyAutoPipeline(loaded.hasPhase, false, reconstruction);
        RunSetup setup = runSetupFromFile(loaded.spectrogram, loaded.hasPhase);
        setup.sampleRate = sampleRate;
        if (loaded.mel)
            attachMelTarget(setup, loaded.mel->target); // the records measure the dump itself too
        startFromGivenPhase(loaded.hasPhase, false, reconstruction);
        const ReconstructionProblem problem = reconstructionProblem(setup);
        WorkerPool pool(threads);
        // A mel dump runs as `reconstruct --auto` runs it: with its refinement rounds and the "mel" metrics.
        std::optional<MelInput> mel = loaded.mel;
        double melConvergenceDb = 0.0;
        if (mel)
            mel->rounds = MelOptionValues{}.rounds;
        const ReconstructionResult reconstructed = mel ? reconstructMel(*mel, problem, reconstruction, pool, melConvergenceDb)
                                                       : reconstruct(problem, reconstruction, pool);
        writeAudio(wavPath, reconstructed.signal);
        result["reconstruction"] = reconstructionMetricsJson(problem, reconstruction, reconstructed);
        if (mel)
            result["reconstruction"]["mel"] = melMetricsJson(*mel, melConvergenceDb);
        result["reconstruction"]["out"] = wavPath;
        line["wav"] = wavPath;
        line["spectral_convergence_db"] = result["reconstruction"]["final"]["spectral_convergence_db"];
    }
    result["input"] = inputJson(input);
    result["sha256"] = fileSha256(input.magnitude);
    if (!input.phase.empty())
        result["phase_sha256"] = fileSha256(input.phase);
    result["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result["version"] = PHASELAB_VERSION;
    line["seconds"] = result["seconds"];
    return line;
}

Outcome processInput(const BatchInput& input, const BatchValues& v, int threads, nlohmann::ordered_json& line)
{
    const std::string base = (fs::path(v.outDir) / input.name).string();
    const std::string jsonPath = base + ".json";
    const std::string wavPath = base + ".wav";
    const std::string errorPath = base + ".error.json";
    line["line"] = input.line + 1;
    line["name"] = input.name;
    line["magnitude"] = input.magnitude;
    std::error_code ignored;
    if (fs::is_regular_file(jsonPath, ignored) && (!v.reconstruct || fs::is_regular_file(wavPath, ignored))) {
        line["status"] = "skipped";
        line["result"] = jsonPath;
        return Outcome::Skipped;
    }
    try {
        nlohmann::ordered_json result;
        const nlohmann::ordered_json extra = runInput(input, v, threads, jsonPath, wavPath, result);
        writeJson(jsonPath, result);
        fs::remove(errorPath, ignored);
        line["status"] = "done";
        line["result"] = jsonPath;
        line.update(extra);
        return Outcome::Done;
    } catch (const std::bad_alloc&) {
        line["status"] = "error";
        line["error"] = "out of memory: the input is too large for this machine";
    } catch (const std::exception& error) {
        line["status"] = "error";
        line["error"] = inFlagWords(error.what());
    }
    nlohmann::ordered_json record;
    record["status"] = "error";
    record["error"] = line["error"];
    record["line"] = input.line + 1;
    record["input"] = inputJson(input);
    try {
        writeJson(errorPath, record);
        line["record"] = errorPath;
    } catch (const std::exception& error) {
        line["record_error"] = inFlagWords(error.what());
    }
    return Outcome::Failed;
}

void run(const BatchValues& v)
{
    removeTemporaryFilesOnSignals();
    const Shard shard = parseShard(v.shard);
    if (v.jobs < 1 || v.jobs > 1024)
        throw InputError("--jobs must be between 1 and 1024");
    if (v.iterations < 0)
        throw InputError("--iterations must be 0 or more");
    if (v.sampleRate < 0 || !std::isfinite(v.sampleRate))
        throw InputError("--sample-rate must be a positive number of Hz");
    std::vector<BatchInput> inputs = readList(v.list, v.sampleRate);
    std::erase_if(inputs, [&](const BatchInput& input) { return input.line % shard.count != shard.index; });

    std::error_code error;
    fs::create_directories(v.outDir, error);
    if (!fs::is_directory(v.outDir))
        throw IoError("cannot create the output folder '" + v.outDir + "'" + (error ? ": " + error.message() : ""));

    const int jobs = std::max(1, std::min<int>(v.jobs, static_cast<int>(inputs.size())));
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = v.threads > 0 ? v.threads : std::max(1, cores / jobs);
    std::atomic<std::size_t> next{0};
    std::atomic<int> done{0}, skipped{0}, failed{0};
    std::mutex output;
    auto worker = [&] {
        for (std::size_t i = next++; i < inputs.size(); i = next++) {
            nlohmann::ordered_json line;
            const Outcome outcome = processInput(inputs[i], v, threads, line);
            (outcome == Outcome::Done ? done : outcome == Outcome::Skipped ? skipped : failed)++;
            const std::lock_guard lock(output);
            std::cout << line.dump() << std::endl;
        }
    };
    std::vector<std::thread> workers;
    for (int j = 1; j < jobs; ++j)
        workers.emplace_back(worker);
    worker();
    for (std::thread& thread : workers)
        thread.join();

    std::cerr << "batch: shard " << shard.index << "/" << shard.count << ": " << inputs.size() << " inputs, "
              << done << " done, " << skipped << " skipped, " << failed << " failed\n";
    if (failed > 0)
        throw InputError(std::to_string(failed.load()) + " of " + std::to_string(inputs.size()) +
                         " inputs failed: see their \"error\" lines above and " + v.outDir + "/NAME.error.json");
}

} // namespace

void registerBatch(CLI::App& app)
{
    auto values = std::make_shared<BatchValues>();
    auto* command = app.add_subcommand("batch", "guess (and reconstruct) every input of a list, in shards that resume");
    command->add_option("--list", values->list, "list file: one input a line, MAGNITUDE [PHASE] [--sample-rate HZ]")
        ->required();
    command->add_option("--out-dir", values->outDir, "folder for NAME.json (and NAME.wav); created if missing")->required();
    command->add_option("--shard", values->shard, "I/N: take the lines whose 0-based index modulo N is I")
        ->capture_default_str();
    command->add_flag("--reconstruct", values->reconstruct, "also `reconstruct --auto` each input into NAME.wav");
    command->add_option("--jobs", values->jobs, "inputs worked on at once (cores are shared among them)")
        ->capture_default_str();
    command->add_option("--iterations", values->iterations, "iterations of the reconstruction without a phase file")
        ->capture_default_str();
    command->add_option("--sample-rate", values->sampleRate, "sample rate in Hz of the lines that give none");
    addThreadsOption(*command, values->threads);
    addMemoryLimitOption(*command);
    command->callback([values] { run(*values); });
}

} // namespace phaselab::cli
