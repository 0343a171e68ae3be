// SPDX-License-Identifier: GPL-3.0-or-later
// How long the guesser takes on a 10 MB pair, against the budget of 10 s on two cores.
// The pair is made here: the bundled demo clip looped to 58 s (22.05 kHz), hann 1024/256 centred,
// float32 little-endian frames-by-bins magnitude and phase, 513 x 5001 values = 10.26 MB each.
// Prints, for the pair and for the magnitude alone, the median wall time of `repeats` guesses
// (all cores) on each FFT backend, timed interleaved round by round, the ratio to the budget, the
// median of the per-round KissFFT / FFTW ratios, and the rank-1 reading so a wrong answer is visible.
// Usage: guess_bench [repeats]
#include "bench/bench_util.hpp"
#include "core/guess/guess.hpp"
#include "core/io/audio_file.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/fft.hpp"
#include "core/dsp/stft.hpp"

#include <cstdio>
#include <functional>
#include <string>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace phaselab;

namespace {

constexpr double kBudgetSeconds = 10.0;

void writeFloats(const std::filesystem::path& path, const std::vector<float>& values)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(float)));
}

} // namespace

int main(int argc, char** argv)
{
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const Signal demo = readAudio(PHASELAB_RESOURCES "/demo.flac");
    Signal signal;
    signal.sampleRate = demo.sampleRate;
    const std::size_t length = 256 * 5000; // centred: 1 + length / hop = 5001 frames
    while (signal.samples.size() < length)
        signal.samples.insert(signal.samples.end(), demo.samples.begin(), demo.samples.end());
    signal.samples.resize(length);

    StftParams params;
    params.nFft = 1024;
    params.hop = 256;
    WorkerPool pool(0);
    const Spectrogram spectrogram = stft(signal, params, pool);
    std::vector<float> magnitude, phase;
    magnitude.reserve(spectrogram.coefficients.values.size());
    phase.reserve(spectrogram.coefficients.values.size());
    for (const auto& value : spectrogram.coefficients.values) { // frame after frame: frames x bins
        magnitude.push_back(std::abs(value));
        phase.push_back(std::arg(value));
    }
    const auto folder = std::filesystem::temp_directory_path() / "phaselab_guess_bench";
    std::filesystem::create_directories(folder);
    writeFloats(folder / "pair.mag", magnitude);
    writeFloats(folder / "pair.phase", phase);
    std::vector<FftBackend> backends{FftBackend::Kiss};
    if (fftBackendAvailable(FftBackend::Fftw))
        backends.push_back(FftBackend::Fftw);
    std::printf("guess on %d bins x %d frames float32 (%.2f MB per file), made with hann 1024/256 centred; "
                "medians of %d interleaved rounds, all cores\n",
                spectrogram.bins(), spectrogram.frames(), magnitude.size() * 4 / 1e6, repeats);
    std::printf("%-16s %-6s %10s %8s %10s  %s\n", "input", "fft", "median s", "/ budget", "kiss/fftw", "rank 1");
    for (bool withPhase : {true, false}) {
        GuessInput input;
        input.magnitudePath = (folder / "pair.mag").string();
        if (withPhase)
            input.phasePath = (folder / "pair.phase").string();
        std::vector<std::string> best(backends.size());
        std::vector<std::function<double()>> bodies;
        for (std::size_t b = 0; b < backends.size(); ++b)
            bodies.push_back([&, b] {
                setFftBackend(backends[b]);
                const GuessResult result = guess(input);
                best[b] = result.candidates.empty() ? "(none)" : result.candidates.front().summary();
                return -1.0;
            });
        const auto times = bench::interleavedSeconds(repeats, bodies);
        for (std::size_t b = 0; b < backends.size(); ++b) {
            const double seconds = bench::median(times[b]);
            char ratio[32] = "";
            if (b > 0)
                std::snprintf(ratio, sizeof ratio, "%.2f", bench::medianRatio(times[0], times[b]));
            std::printf("%-16s %-6s %10.2f %8.2f %10s  %s\n", withPhase ? "magnitude+phase" : "magnitude only",
                        fftBackendName(backends[b]).c_str(), seconds, seconds / kBudgetSeconds, ratio, best[b].c_str());
        }
    }
    std::filesystem::remove_all(folder);
    return 0;
}
