// FGLA iteration timing against the bare KissFFT floor measured in the same run: per frame one
// kiss_fftri + one kiss_fftr, nothing else. PhaseLab's iteration is the whole thing: ISTFT
// (overlap-add, envelope), STFT (windowing), magnitude projection with momentum and the
// spectral-convergence partial sums. No reference (no phase errors), as the floor has none.
// Floor and PhaseLab (1 and 2 threads) are timed interleaved, round by round. Prints medians and
// ratios:
//   ratio    = PhaseLab (1 thread) / floor          goal <= 1.15
//   speed-up = PhaseLab (1 thread) / PhaseLab (2)    goal >= 1.8
// Usage: gla_bench [repeats]
//        gla_bench --one SECONDS N_FFT HOP THREADS ITERATIONS REPEATS   (one JSON line; for
//        scripts/compare_torchaudio.py, which alternates it with torchaudio in one run)
#include "bench/bench_util.hpp"
#include "bench/kiss_floor.hpp"
#include "core/reconstruction.hpp"
#include "core/stft.hpp"

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

double kissFloorCpuSeconds(int nFft, int frames, int repeats)
{
    bench::KissFloor floor(nFft, frames);
    return medianCpuSeconds(repeats, [&] { floor.run(); });
}

double kissFloorSeconds(int nFft, int frames, int repeats)
{
    bench::KissFloor floor(nFft, frames);
    return bench::medianSeconds(repeats, [&] { floor.run(); });
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
    if (argc == 8 && std::strcmp(argv[1], "--one") == 0) {
        const double seconds = std::atof(argv[2]);
        const int nFft = std::atoi(argv[3]), hop = std::atoi(argv[4]), threads = std::atoi(argv[5]);
        const int iterations = std::atoi(argv[6]), repeats = std::max(1, std::atoi(argv[7]));
        const Setup setup(seconds, nFft, hop);
        const double iteration = setup.fglaIterationSeconds(threads, iterations, repeats);
        const double floor = threads == 1 ? kissFloorSeconds(nFft, setup.frames, repeats) : 0.0;
        const double cpuIteration = threads == 1 ? setup.fglaIterationCpuSeconds(repeats) : 0.0;
        const double cpuFloor = threads == 1 ? kissFloorCpuSeconds(nFft, setup.frames, repeats) : 0.0;
        std::printf("{\"seconds\": %g, \"n_fft\": %d, \"hop\": %d, \"threads\": %d, \"frames\": %d, "
                    "\"iteration_s\": %.6g, \"floor_s\": %.6g, \"iteration_cpu_s\": %.6g, \"floor_cpu_s\": %.6g}\n",
                    seconds, nFft, hop, threads, setup.frames, iteration, floor, cpuIteration, cpuFloor);
        return 0;
    }
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::printf("FGLA iteration (ISTFT + STFT + projection + SC), 44.1 kHz, hann, centred; medians of %d interleaved "
                "rounds (ratios: medians of per-round ratios)\n", repeats);
    std::printf("%-6s %-10s %7s %10s %12s %12s %7s %9s\n", "length", "n_fft/hop", "frames", "floor ms", "1 thread ms",
                "2 threads ms", "ratio", "speed-up");
    for (double seconds : {10.0, 60.0}) {
        for (auto [nFft, hop] : {std::pair{2048, 512}, std::pair{1024, 256}}) {
            const Setup setup(seconds, nFft, hop);
            const int iterations = seconds > 30 ? 5 : 20;
            WorkerPool onePool(1), twoPool(2);
            bench::KissFloor floor(nFft, setup.frames);
            const auto times = bench::interleavedSeconds(repeats, {[&] { floor.run(); return -1.0; },
                                                                   [&] { return setup.fglaRunIterationSeconds(onePool, iterations); },
                                                                   [&] { return setup.fglaRunIterationSeconds(twoPool, iterations); }});
            const double floorSeconds = bench::median(times[0]), one = bench::median(times[1]), two = bench::median(times[2]);
            std::printf("%-6s %4d/%-5d %7d %10.2f %12.2f %12.2f %7.3f %9.2f\n", seconds == 10.0 ? "10 s" : "60 s", nFft,
                        hop, setup.frames, floorSeconds * 1e3, one * 1e3, two * 1e3, bench::medianRatio(times[1], times[0]),
                        bench::medianRatio(times[1], times[2]));
        }
    }
    return 0;
}
