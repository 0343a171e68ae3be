// SPDX-License-Identifier: GPL-3.0-or-later
// FGLA iteration timing on both FFT backends against each backend's bare floor measured in the
// same run: per frame one inverse + one forward real FFT, nothing else (bench/kiss_floor.hpp,
// bench/fftw_floor.hpp). PhaseLab's iteration is the whole thing: ISTFT (overlap-add, envelope),
// STFT (windowing), magnitude projection with momentum and the spectral-convergence partial sums.
// No reference (no phase errors), as the floors have none. Floors and PhaseLab runs are timed
// interleaved, round by round. Prints medians and medians of per-round ratios:
//   kiss ratio = PhaseLab on KissFFT (1 thread) / KissFFT floor
//   fftw ratio = PhaseLab on FFTW (1 thread) / FFTW floor          goal <= 1.3
//   speed-up   = PhaseLab on FFTW, 1 thread / 2 threads
//   kiss/fftw  = PhaseLab on KissFFT / PhaseLab on FFTW (1 thread)
// Usage: gla_bench [repeats]
//        gla_bench --one SECONDS N_FFT HOP THREADS ITERATIONS REPEATS [fftw|kiss]   (one JSON line,
//        floor of the backend used (default: core's default); for scripts/compare_torchaudio.py,
//        which alternates it with torchaudio in one run)
#include "bench/bench_util.hpp"
#include "bench/kiss_floor.hpp"
#ifdef PHASELAB_HAVE_FFTW
#include "bench/fftw_floor.hpp"
#endif
#include "core/dsp/fft.hpp"
#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft.hpp"

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace phaselab;

namespace {

double processCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

/// Median CPU seconds of `repeats` calls (after one warm-up): on a loaded machine the CPU time of
/// a one-thread run is a steadier measure than wall time.
double medianCpuSeconds(int repeats, const std::function<void()>& body)
{
    body();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const double start = processCpuSeconds();
        body();
        times.push_back(processCpuSeconds() - start);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// One pass of the floor of `backend` (a bare forward + inverse per frame), callable repeatedly.
std::function<void()> floorOf(FftBackend backend, int nFft, int frames)
{
#ifdef PHASELAB_HAVE_FFTW
    if (backend == FftBackend::Fftw) {
        auto floor = std::make_shared<bench::FftwFloor>(nFft, frames);
        return [floor] { floor->run(); };
    }
#endif
    (void)backend;
    auto floor = std::make_shared<bench::KissFloor>(nFft, frames);
    return [floor] { floor->run(); };
}

struct Setup {
    Signal signal;
    StftParams params;
    RealMatrix magnitude;
    int frames = 0;

    Setup(double seconds, int nFft, int hop)
    {
        signal.samples = bench::benchSignal(seconds);
        signal.sampleRate = 44100;
        params.nFft = nFft;
        params.hop = hop;
        params = params.resolved();
        WorkerPool pool(1);
        const Spectrogram spectrogram = stft(signal, params, pool);
        magnitude = RealMatrix(spectrogram.bins(), spectrogram.frames());
        for (std::size_t i = 0; i < magnitude.values.size(); ++i)
            magnitude.values[i] = std::abs(spectrogram.coefficients.values[i]);
        frames = spectrogram.frames();
    }

    ReconstructionProblem problem() const
    {
        ReconstructionProblem problem;
        problem.magnitude = &magnitude;
        problem.params = params;
        problem.signalLength = signal.length();
        problem.sampleRate = signal.sampleRate;
        return problem;
    }

    static ReconstructionOptions fgla(int iterations)
    {
        ReconstructionOptions options;
        options.algorithm = Algorithm::Fgla;
        options.iterations = iterations;
        return options;
    }

    /// Seconds per FGLA iteration of one run (the loop alone, as ReconstructionResult measures it).
    double fglaRunIterationSeconds(WorkerPool& pool, int iterations) const
    {
        return reconstruct(problem(), fgla(iterations), pool).secondsPerIteration;
    }

    /// Median seconds per FGLA iteration over `repeats` runs after a warm-up run.
    double fglaIterationSeconds(int threads, int iterations, int repeats) const
    {
        WorkerPool pool(threads);
        fglaRunIterationSeconds(pool, iterations); // warms caches and the allocator
        std::vector<double> times;
        for (int r = 0; r < repeats; ++r)
            times.push_back(fglaRunIterationSeconds(pool, iterations));
        return bench::median(times);
    }

    /// Median process CPU seconds per FGLA iteration on one thread: (K2 - K1 iterations) apart,
    /// so the setup (initial phase, pass 0) cancels out.
    double fglaIterationCpuSeconds(int repeats) const
    {
        WorkerPool pool(1);
        const ReconstructionProblem shared = problem();
        auto run = [&](int iterations) {
            return medianCpuSeconds(repeats, [&] { reconstruct(shared, fgla(iterations), pool); });
        };
        constexpr int few = 1, many = 6;
        return (run(many) - run(few)) / (many - few);
    }
};

} // namespace

int main(int argc, char** argv)
{
    if ((argc == 8 || argc == 9) && std::strcmp(argv[1], "--one") == 0) {
        const double seconds = std::atof(argv[2]);
        const int nFft = std::atoi(argv[3]), hop = std::atoi(argv[4]), threads = std::atoi(argv[5]);
        const int iterations = std::atoi(argv[6]), repeats = std::max(1, std::atoi(argv[7]));
        if (argc == 9)
            setFftBackend(parseFftBackend(argv[8]));
        const Setup setup(seconds, nFft, hop);
        const auto floor = floorOf(fftBackend(), nFft, setup.frames);
        const double iteration = setup.fglaIterationSeconds(threads, iterations, repeats);
        const double floorSeconds = threads == 1 ? bench::medianSeconds(repeats, floor) : 0.0;
        const double cpuIteration = threads == 1 ? setup.fglaIterationCpuSeconds(repeats) : 0.0;
        const double cpuFloor = threads == 1 ? medianCpuSeconds(repeats, floor) : 0.0;
        std::printf("{\"seconds\": %g, \"n_fft\": %d, \"hop\": %d, \"threads\": %d, \"frames\": %d, \"backend\": \"%s\", "
                    "\"iteration_s\": %.6g, \"floor_s\": %.6g, \"iteration_cpu_s\": %.6g, \"floor_cpu_s\": %.6g}\n",
                    seconds, nFft, hop, threads, setup.frames, fftBackendName(fftBackend()).c_str(), iteration, floorSeconds,
                    cpuIteration, cpuFloor);
        return 0;
    }
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    const bool withFftw = fftBackendAvailable(FftBackend::Fftw);
    std::printf("FGLA iteration (ISTFT + STFT + projection + SC), 44.1 kHz, hann, centred; medians of %d interleaved "
                "rounds (ratios: medians of per-round ratios); ms per iteration\n", repeats);
    std::printf("%-6s %-10s %7s | %10s %9s %7s | %10s %9s %9s %7s %9s | %9s\n", "length", "n_fft/hop", "frames", "kiss floor",
                "kiss 1 th", "ratio", "fftw floor", "fftw 1 th", "fftw 2 th", "ratio", "speed-up", "kiss/fftw");
    for (double seconds : {10.0, 60.0}) {
        for (auto [nFft, hop] : {std::pair{2048, 512}, std::pair{1024, 256}}) {
            const Setup setup(seconds, nFft, hop);
            const int iterations = seconds > 30 ? 5 : 20;
            WorkerPool onePool(1), twoPool(2);
            const auto kissFloor = floorOf(FftBackend::Kiss, nFft, setup.frames);
            const auto fftwFloor = floorOf(withFftw ? FftBackend::Fftw : FftBackend::Kiss, nFft, setup.frames);
            const auto run = [&](FftBackend backend, WorkerPool& pool) {
                setFftBackend(backend);
                return setup.fglaRunIterationSeconds(pool, iterations);
            };
            std::vector<std::function<double()>> bodies{[&] { kissFloor(); return -1.0; },
                                                         [&] { return run(FftBackend::Kiss, onePool); }};
            if (withFftw) {
                bodies.push_back([&] { fftwFloor(); return -1.0; });
                bodies.push_back([&] { return run(FftBackend::Fftw, onePool); });
                bodies.push_back([&] { return run(FftBackend::Fftw, twoPool); });
            }
            const auto times = bench::interleavedSeconds(repeats, bodies);
            std::printf("%-6s %4d/%-5d %7d | %10.2f %9.2f %7.3f", seconds == 10.0 ? "10 s" : "60 s", nFft, hop, setup.frames,
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
