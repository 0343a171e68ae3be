// SPDX-License-Identifier: GPL-3.0-or-later
// STFT + ISTFT pair timing on both FFT backends against each backend's bare floor measured in the
// same run: the same number of forward + inverse real FFTs, nothing else (bench/kiss_floor.hpp,
// bench/fftw_floor.hpp), timed interleaved with PhaseLab's pairs round by round. Prints medians and
// the medians of the per-round ratios:
//   kiss ratio = PhaseLab on KissFFT (1 thread) / KissFFT floor
//   fftw ratio = PhaseLab on FFTW (1 thread) / FFTW floor
//   speed-up   = PhaseLab on FFTW, 1 thread / 2 threads
//   kiss/fftw  = PhaseLab on KissFFT / PhaseLab on FFTW (1 thread)
// Usage: stft_bench [repeats]
#include "bench/bench_util.hpp"
#include "bench/kiss_floor.hpp"
#ifdef PHASELAB_HAVE_FFTW
#include "bench/fftw_floor.hpp"
#endif
#include "core/dsp/fft.hpp"
#include "core/dsp/stft.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using namespace phaselab;

int main(int argc, char** argv)
{
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 15;
    const bool withFftw = fftBackendAvailable(FftBackend::Fftw);
    std::printf("STFT+ISTFT pair, 44.1 kHz, hann, centred; medians of %d interleaved rounds; ms per pair\n", repeats);
    std::printf("%-6s %-10s %7s | %10s %9s %7s | %10s %9s %9s %7s %9s | %9s\n", "length", "n_fft/hop", "frames", "kiss floor",
                "kiss 1 th", "ratio", "fftw floor", "fftw 1 th", "fftw 2 th", "ratio", "speed-up", "kiss/fftw");
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
            bench::KissFloor kissFloor(nFft, plan.frames());
            auto pair = [&](FftBackend backend, WorkerPool& pool) {
                setFftBackend(backend);
                plan.forward(signal.samples.data(), spectrum, pool);
                plan.inverse(spectrum, output.data(), pool);
                return -1.0;
            };
            std::vector<std::function<double()>> bodies{[&] { kissFloor.run(); return -1.0; },
                                                         [&] { return pair(FftBackend::Kiss, onePool); }};
#ifdef PHASELAB_HAVE_FFTW
            bench::FftwFloor fftwFloor(nFft, plan.frames());
            bodies.push_back([&] { fftwFloor.run(); return -1.0; });
            bodies.push_back([&] { return pair(FftBackend::Fftw, onePool); });
            bodies.push_back([&] { return pair(FftBackend::Fftw, twoPool); });
#endif
            const auto times = bench::interleavedSeconds(repeats, bodies);
            std::printf("%-6s %4d/%-5d %7d | %10.2f %9.2f %7.3f", seconds == 10.0 ? "10 s" : "60 s", nFft, hop, plan.frames(),
                        bench::median(times[0]) * 1e3, bench::median(times[1]) * 1e3, bench::medianRatio(times[1], times[0]));
            if (withFftw)
                std::printf(" | %10.2f %9.2f %9.2f %7.3f %9.2f | %9.2f\n", bench::median(times[2]) * 1e3,
                            bench::median(times[3]) * 1e3, bench::median(times[4]) * 1e3, bench::medianRatio(times[3], times[2]),
                            bench::medianRatio(times[3], times[4]), bench::medianRatio(times[1], times[3]));
            else
                std::printf(" | (built without FFTW)\n");
        }
    }
    return 0;
}
