// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/stft_options.hpp"
#include "app/cli/flag_words.hpp"

#include "core/base/error.hpp"
#include "core/dsp/fft.hpp"
#include "core/base/memory_budget.hpp"

namespace phaselab::cli {

void addStftOptions(CLI::App& command, StftOptionValues& values)
{
    command.add_option("--n-fft", values.nFft, "FFT length in samples")->capture_default_str();
    command.add_option("--win-length", values.winLength, "window length (default: n_fft; shorter windows are zero-padded)");
    command.add_option("--window-offset", values.winOffset,
                       "where a shorter window starts in the frame (default (n_fft-win)/2 as torch; 0 as scipy/Octave)");
    command.add_option("--hop", values.hop, "hop in samples (default: win_length/4)");
    command.add_option("--window", values.window,
                       "hann, hamming, blackman, blackman-harris, bartlett, rect, sine, sqrt-hann, kaiser:BETA, "
                       "gauss:SIGMA; suffix ,symmetric for the symmetric form")
        ->capture_default_str();
    command.add_flag("--center,!--no-center", values.center, "pad n_fft/2 samples each side (default on)");
    command.add_option("--pad-mode", values.padMode, "reflect or constant")->capture_default_str();
    command.add_option("--sample-rate", values.sampleRate, "sample rate in Hz where the input carries none");
}

void addThreadsOption(CLI::App& command, int& threads)
{
    command.add_option("--threads", threads, "worker threads (default: all cores)");
}

void addFftBackendOption(CLI::App& command)
{
    const auto checkBackend = [](const std::string& name) -> std::string {
        try {
            parseFftBackend(name);
            return {};
        } catch (const InputError& error) {
            return inFlagWords(error.what());
        }
    };
    command.add_option("--fft-backend", "FFT backend: fftw (default where built) or kiss (the reference)")
        ->type_name("fftw|kiss")
        ->check(CLI::Validator(checkBackend, "", "FFT backend"))
        ->each([](const std::string& name) { setFftBackend(parseFftBackend(name)); });
}

namespace {
std::string& memoryLimitText()
{
    static std::string text;
    return text;
}
} // namespace

void addMemoryLimitOption(CLI::App& command)
{
    command.add_option("--memory-limit", memoryLimitText(),
                       "refuse work needing more memory than this (512M, 2G, bytes; default: half the physical memory)")
        ->type_name("SIZE");
}

std::int64_t memoryLimit()
{
    const std::string& text = memoryLimitText();
    return text.empty() ? defaultMemoryLimit() : parseByteSize(text);
}

StftParams StftOptionValues::toParams() const
{
    StftParams params;
    params.nFft = nFft;
    if (winLength) {
        if (*winLength < 1)
            throw InputError("--win-length " + std::to_string(*winLength) + " must be at least 1");
        params.winLength = *winLength;
    }
    if (winOffset) {
        if (*winOffset < 0)
            throw InputError("--window-offset " + std::to_string(*winOffset) + " must not be negative");
        params.winOffset = *winOffset;
    }
    if (hop) {
        if (*hop < 1)
            throw InputError("--hop " + std::to_string(*hop) + " must be at least 1 sample");
        params.hop = *hop;
    }
    params.window = WindowSpec::parse(window);
    params.center = center;
    params.padMode = parsePadMode(padMode);
    if (sampleRate && !(*sampleRate > 0 && *sampleRate < 1e7))
        throw InputError("--sample-rate must be a positive number of Hz");
    params = params.resolved();
    params.validate();
    return params;
}

} // namespace phaselab::cli
