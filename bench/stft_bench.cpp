// STFT + ISTFT pair timing against the bare KissFFT floor measured in the same run: the same
// number of kiss_fftr + kiss_fftri calls, nothing else. Prints medians and ratios:
//   ratio    = PhaseLab (1 thread) / floor          goal <= 1.15
//   speed-up = PhaseLab (1 thread) / PhaseLab (2)    goal >= 1.8
// Usage: stft_bench [repeats]
#include "bench/bench_util.hpp"
#include "core/stft.hpp"

#include <kissfft/kiss_fftr.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace phaselab;

namespace {

double kissFloorSeconds(int nFft, int frames, int repeats)
{
    kiss_fftr_cfg forward = kiss_fftr_alloc(nFft, 0, nullptr, nullptr);
    kiss_fftr_cfg inverse = kiss_fftr_alloc(nFft, 1, nullptr, nullptr);
    std::vector<float> input(static_cast<std::size_t>(nFft)), output(static_cast<std::size_t>(nFft));
    for (int n = 0; n < nFft; ++n)
        input[static_cast<std::size_t>(n)] = static_cast<float>(std::sin(0.01 * n));
    std::vector<kiss_fft_cpx> spectrum(static_cast<std::size_t>(nFft / 2 + 1));
    const double seconds = bench::medianSeconds(repeats, [&] {
        for (int frame = 0; frame < frames; ++frame) {
            kiss_fftr(forward, input.data(), spectrum.data());
            kiss_fftri(inverse, spectrum.data(), output.data());
        }
    });
    kiss_fftr_free(forward);
    kiss_fftr_free(inverse);
    return seconds;
}

} // namespace

int main(int argc, char** argv)
{
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    std::printf("STFT+ISTFT pair, 44.1 kHz, hann, centred; medians of %d runs\n", repeats);
    std::printf("%-8s %-10s %8s %11s %11s %11s %8s %9s\n", "length", "n_fft/hop", "frames", "floor ms",
                "1 thread ms", "2 threads ms", "ratio", "speed-up");
    for (double seconds : {10.0, 60.0}) {
        Signal signal;
        signal.samples = bench::benchSignal(seconds);
        signal.sampleRate = 44100;
        for (auto [nFft, hop] : {std::pair{2048, 512}, std::pair{1024, 256}}) {
            StftParams params;
            params.nFft = nFft;
            params.hop = hop;
            StftPlan plan(params, signal.length());
            ComplexMatrix spectrum;
            std::vector<float> output(signal.samples.size());
            double timings[2];
            for (int threads : {1, 2}) {
                WorkerPool pool(threads);
                timings[threads - 1] = bench::medianSeconds(repeats, [&] {
                    plan.forward(signal.samples.data(), spectrum, pool);
                    plan.inverse(spectrum, output.data(), pool);
                });
            }
            const double floor = kissFloorSeconds(nFft, plan.frames(), repeats);
            std::printf("%-8s %4d/%-5d %8d %11.2f %11.2f %11.2f %8.3f %9.2f\n", seconds == 10.0 ? "10 s" : "60 s", nFft,
                        hop, plan.frames(), floor * 1e3, timings[0] * 1e3, timings[1] * 1e3, timings[0] / floor,
                        timings[0] / timings[1]);
        }
    }
    return 0;
}
