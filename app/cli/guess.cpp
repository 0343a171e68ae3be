// SPDX-License-Identifier: GPL-3.0-or-later
// `phaselab-cli guess --magnitude FILE [--phase FILE] [--sample-rate HZ] [--signal-length N]
// [--top K] [--json] [--report OUT.html] [--threads N]` (CLI.md): the K most likely ways the file(s) were made, best
// first, with scores and evidence. --json prints exactly CLI.md's fields (plus win_offset and pad
// where they differ from the defaults, and a few extra fields); otherwise a readable table.
#include "app/cli/commands.hpp"
#include "app/cli/memory_checks.hpp"
#include "app/cli/stft_options.hpp"
#include "core/base/error.hpp"
#include "core/guess/candidate_json.hpp"
#include "core/guess/guess.hpp"
#include "core/guess/guess_report.hpp"
#include "core/guess/number_text.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

namespace phaselab::cli {
namespace {

struct GuessValues {
    std::string magnitude;
    std::string phase;
    double sampleRate = 0.0;
    long long signalLength = 0;
    int top = 5;
    bool json = false;
    int threads = 0;
    std::string report;
};

/// The command line as typed, for the report: the kernel's record of this process's arguments
/// (this program runs on Linux), each quoted when it holds a space.
std::string commandLine()
{
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string line, argument;
    const auto flush = [&] {
        if (!line.empty())
            line += ' ';
        line += argument.find_first_of(" \t'\"") == std::string::npos ? argument : "'" + argument + "'";
        argument.clear();
    };
    for (char c : raw) {
        if (c == '\0')
            flush();
        else
            argument += c;
    }
    if (!argument.empty())
        flush();
    return line.empty() ? std::string("phaselab-cli guess") : line;
}

std::string windowText(const Framing& framing)
{
    return framing.window.toString();
}

void printTable(const GuessResult& result)
{
    std::printf("%-4s %-6s %-44s %-11s %-16s %-20s %-22s %-6s %s\n", "rank", "score", "storage", "bins x fr",
                "n_fft/win/hop", "window", "centring", "scale", "phase");
    for (const auto& candidate : result.candidates) {
        const Framing& f = candidate.framing;
        std::string storage = containerName(candidate.storage.container) + " " + dtypeName(candidate.storage.dtype);
        if (candidate.storage.container == Container::Raw || candidate.storage.container == Container::Npy)
            storage += candidate.storage.byteOrder == ByteOrder::Big ? " BE" : " LE";
        storage += " " + layoutName(candidate.storage.layout);
        if (candidate.storage.headerBytes > 0)
            storage += " +" + std::to_string(candidate.storage.headerBytes) + "B";
        std::string framing = std::to_string(f.nFft) + "/" + std::to_string(f.winLength) + "/" + std::to_string(f.hop);
        if (f.winLength < f.nFft && f.winOffset != (f.nFft - f.winLength) / 2)
            framing += " @" + std::to_string(f.winOffset);
        const std::string centring = f.pad > 0 ? "pad " + std::to_string(f.pad) + (f.padMode == PadMode::Reflect ? " reflect" : " zeros")
                                               : "not centred";
        std::string bins = std::to_string(candidate.bins) + "x" + std::to_string(candidate.frames);
        std::string phase = candidate.phaseUnit ? phaseUnitName(*candidate.phaseUnit) : "none";
        if (!candidate.onesided())
            phase += ", two-sided";
        else if (candidate.nyquistDropped())
            phase += ", no Nyquist";
        std::printf("%-4d %-6.3f %-44s %-11s %-16s %-20s %-22s %-6s %s\n", candidate.rank, candidate.score, storage.c_str(),
                    bins.c_str(), framing.c_str(), windowText(f).c_str(), centring.c_str(),
                    magnitudeScaleName(candidate.magnitudeScale).c_str(), phase.c_str());
    }
    for (const auto& candidate : result.candidates) {
        std::printf("\nevidence for rank %d:\n", candidate.rank);
        for (const auto& sentence : candidate.evidence)
            std::printf("  - %s\n", sentence.c_str());
        if (candidate.rank == 1 && result.candidates.size() > 1)
            std::printf("  (other ranks: see --json for their evidence)\n");
        break;
    }
    if (!result.ambiguities.empty()) {
        std::printf("\nambiguous:\n");
        for (const auto& sentence : result.ambiguities)
            std::printf("  - %s\n", sentence.c_str());
    }
    std::printf("\n%.2f s\n", result.seconds);
}

} // namespace

void registerGuess(CLI::App& app)
{
    auto values = std::make_shared<GuessValues>();
    auto* command = app.add_subcommand("guess", "guess how raw magnitude/phase files were made (storage and STFT parameters)");
    command->add_option("--magnitude", values->magnitude, "magnitude (or complex) spectrogram file")->required();
    command->add_option("--phase", values->phase, "phase file (the magnitude file again: one complex file)");
    command->add_option("--sample-rate", values->sampleRate, "sample rate in Hz, when known");
    command->add_option("--signal-length", values->signalLength, "length of the analysed signal in samples, when known");
    command->add_option("--top", values->top, "how many candidates to print (default 5)");
    command->add_flag("--json", values->json, "print JSON (CLI.md) instead of a table");
    command->add_option("--report", values->report,
                        "also write a self-contained HTML report (inputs with SHA-256, candidates, evidence, pictures)");
    addThreadsOption(*command, values->threads);
    addMemoryLimitOption(*command);
    addFftBackendOption(*command);
    command->callback([values] {
        if (values->top < 1 || values->top > 1000)
            throw InputError("--top must be between 1 and 1000");
        if (values->sampleRate < 0 || !std::isfinite(values->sampleRate))
            throw InputError("--sample-rate must be a positive number of Hz");
        if (values->signalLength < 0)
            throw InputError("--signal-length must be a positive number of samples");
        requireGuessMemory(values->magnitude, values->phase);
        GuessInput input;
        input.magnitudePath = values->magnitude;
        input.phasePath = values->phase;
        input.sampleRate = values->sampleRate;
        input.signalLength = values->signalLength;
        GuessOptions options;
        options.top = values->top;
        options.threads = values->threads;
        const GuessResult result = guess(input, options);
        // The report records a refusal too: what was examined and why it was refused.
        if (!values->report.empty()) {
            GuessReportContext context;
            context.commandLine = commandLine();
            writeGuessReport(values->report, input, result, context, values->threads);
        }
        if (!result.looksLikeSpectrogram)
            throw InputError(result.verdict);
        if (values->json) {
            std::cout << guessJson(result).dump(1) << "\n";
        } else {
            printTable(result);
        }
    });
}

} // namespace phaselab::cli
