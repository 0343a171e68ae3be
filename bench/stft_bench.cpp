// STFT + ISTFT pair timing against the bare KissFFT floor measured in the same run: the same
// number of kiss_fftr + kiss_fftri calls, nothing else, timed interleaved with PhaseLab's pair
// round by round. Prints medians and the medians of the per-round ratios:
//   ratio    = PhaseLab (1 thread) / floor          goal <= 1.15
//   speed-up = PhaseLab (1 thread) / PhaseLab (2)    goal >= 1.8
// Usage: stft_bench [repeats]
#include "bench/bench_util.hpp"
#include "bench/kiss_floor.hpp"
#include "core/stft.hpp"

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace phaselab;

int main(int argc, char** argv)
{
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 15;
    std::printf("STFT+ISTFT pair, 44.1 kHz, hann, centred; medians of %d interleaved rounds\n", repeats);
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
            WorkerPool onePool(1), twoPool(2);
            bench::KissFloor floor(nFft, plan.frames());
            auto pair = [&](WorkerPool& pool) {
                plan.forward(signal.samples.data(), spectrum, pool);
                plan.inverse(spectrum, output.data(), pool);
                return -1.0;
            };
            const auto times = bench::interleavedSeconds(repeats, {[&] { floor.run(); return -1.0; },
                                                                   [&] { return pair(onePool); },
                                                                   [&] { return pair(twoPool); }});
            std::printf("%-8s %4d/%-5d %8d %11.2f %11.2f %11.2f %8.3f %9.2f\n", seconds == 10.0 ? "10 s" : "60 s", nFft,
                        hop, plan.frames(), bench::median(times[0]) * 1e3, bench::median(times[1]) * 1e3,
                        bench::median(times[2]) * 1e3, bench::medianRatio(times[1], times[0]),
                        bench::medianRatio(times[1], times[2]));
        }
    }
    return 0;
}
