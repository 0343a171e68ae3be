// SPDX-License-Identifier: GPL-3.0-or-later
// What the per-iteration mel spectral convergence costs: FGLA on the least-squares magnitude of
// a mel dump (tests/fixtures/mel/hifigan.npy, ln of an 80-channel magnitude mel at 1024/256, its
// frames repeated to a longer clip), timed with and without the mel target, interleaved round by
// round on one thread. The floor is the same run without the target. Prints the medians of
// seconds per iteration and the median of per-round ratios (with / without).
// Usage: mel_measure_bench [rounds] [repeat-frames]
#include "bench/bench_util.hpp"
#include "core/dsp/mel_value_scale.hpp"
#include "core/io/spectrogram_io.hpp"
#include "core/reconstruction/mel_inversion.hpp"

#include <cstdio>
#include <cstdlib>

using namespace phaselab;

int main(int argc, char** argv)
{
    const int rounds = argc > 1 ? std::max(3, std::atoi(argv[1])) : 9;
    const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
    StorageSpec storage;
    storage.layout = MatrixLayout::BinsByFrames;
    const RealMatrix dump = readRealMatrix(PHASELAB_FIXTURES "/mel/hifigan.npy", storage);
    RealMatrix mel(dump.bins, dump.frames * repeat);
    for (int r = 0; r < repeat; ++r)
        std::copy(dump.values.begin(), dump.values.end(), mel.values.begin() + static_cast<std::ptrdiff_t>(r * dump.values.size()));
    decodeMelValues(mel, MelValueScale::Ln, 1.0);
    MelSpec spec;
    spec.nMels = 80;
    spec.fmax = 8000.0;
    const MelTarget target(std::move(mel), MelFilterbank(spec, 1024, 22050.0));
    WorkerPool pool(1);
    MelInversionOptions inversion;
    inversion.floor = clampedFloor(target.mel);
    const RealMatrix magnitude = melToLinearMagnitude(target.mel, target.filterbank, pool, inversion);

    ReconstructionProblem problem;
    problem.magnitude = &magnitude;
    StftParams params;
    params.nFft = 1024;
    params.hop = 256;
    problem.params = params.resolved();
    ReconstructionOptions options;
    options.algorithm = Algorithm::Fgla;
    options.iterations = 30;
    const auto run = [&](const MelTarget* withTarget) {
        problem.melTarget = withTarget;
        return reconstruct(problem, options, pool).secondsPerIteration;
    };
    const auto times = bench::interleavedSeconds(rounds, {[&] { return run(nullptr); }, [&] { return run(&target); }});
    std::printf("FGLA, %d frames of 513 bins, 80 mels, 1 thread, %d rounds of %d iterations\n", magnitude.frames, rounds,
                options.iterations);
    std::printf("  without mel target (floor): %.2f ms/iteration\n", 1e3 * bench::median(times[0]));
    std::printf("  with mel target:            %.2f ms/iteration\n", 1e3 * bench::median(times[1]));
    std::printf("  ratio with / without:       %.3f\n", bench::medianRatio(times[1], times[0]));
    return 0;
}
