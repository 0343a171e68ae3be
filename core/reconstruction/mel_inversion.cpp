// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/reconstruction/mel_inversion.hpp"

#include "core/base/error.hpp"
#include "core/dsp/stft.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace phaselab {
namespace {

/// Per-bin step sizes 1 / (F^T F 1)_k: for a non-negative F, diag(F^T F 1) bounds F^T F from
/// above, so each step still decreases the error, and bins under narrow (high-gain) and wide
/// (low-gain) filters move at the same relative speed where one global 1/L step would crawl.
std::vector<float> diagonalSteps(const MelFilterbank& filterbank)
{
    const int bins = filterbank.binCount();
    std::vector<float> ones(static_cast<std::size_t>(bins), 1.0f), rows(static_cast<std::size_t>(filterbank.melCount()));
    std::vector<float> steps(static_cast<std::size_t>(bins));
    filterbank.apply(ones.data(), rows.data());
    filterbank.applyTransposed(rows.data(), steps.data());
    for (float& step : steps)
        step = step > 0 ? 1.0f / step : 0.0f;
    return steps;
}

/// Smooth start: each bin takes the mean level (mel / filter sum) of the channels covering it,
/// weighted by its filter weights.
void spreadStart(const MelFilterbank& filterbank, const std::vector<double>& rowSums, const float* mel, float* out)
{
    const int bins = filterbank.binCount();
    std::vector<double> weighted(static_cast<std::size_t>(bins), 0.0), weights(static_cast<std::size_t>(bins), 0.0);
    for (int m = 0; m < filterbank.melCount(); ++m) {
        if (!(rowSums[m] > 0))
            continue;
        const double level = std::max(0.0f, mel[m]) / rowSums[m];
        for (int k = filterbank.firstBin(m); k < filterbank.lastBin(m); ++k) {
            weighted[k] += filterbank.weight(m, k) * level;
            weights[k] += filterbank.weight(m, k);
        }
    }
    for (int k = 0; k < bins; ++k)
        out[k] = weights[k] > 0 ? static_cast<float>(weighted[k] / weights[k]) : 0.0f;
}

} // namespace

RealMatrix melToLinearMagnitude(const RealMatrix& mel, const MelFilterbank& filterbank, WorkerPool& pool,
                                const MelInversionOptions& options, const RealMatrix* start)
{
    if (mel.bins != filterbank.melCount())
        throw InputError("the mel spectrogram has " + std::to_string(mel.bins) + " channels but n_mels is "
                         + std::to_string(filterbank.melCount()));
    if (start && (start->bins != filterbank.binCount() || start->frames != mel.frames))
        throw InputError("the starting magnitude does not match the mel spectrogram's frames and n_fft");
    if (options.iterations < 0)
        throw InputError("the mel inversion's iteration count must be 0 or more");
    const int bins = filterbank.binCount();
    const int mels = filterbank.melCount();
    const double power = filterbank.spec().power;
    const std::vector<float> steps = diagonalSteps(filterbank);
    std::vector<double> rowSums(static_cast<std::size_t>(mels), 0.0);
    for (int m = 0; m < mels; ++m)
        for (int k = filterbank.firstBin(m); k < filterbank.lastBin(m); ++k)
            rowSums[m] += filterbank.weight(m, k);
    const double floor = options.floor > 0 ? options.floor * (1 + 1e-4) : -1.0;

    RealMatrix magnitude(bins, mel.frames);
    pool.forEachBlock(static_cast<std::size_t>(mel.frames), [&](int, std::size_t begin, std::size_t end) {
        std::vector<float> p(static_cast<std::size_t>(bins)), y(p.size()), previous(p.size()), gradient(p.size());
        std::vector<float> residual(static_cast<std::size_t>(mels));
        for (std::size_t t = begin; t < end; ++t) {
            const float* target = mel.frame(static_cast<int>(t));
            if (start) {
                const float* s = start->frame(static_cast<int>(t));
                for (int k = 0; k < bins; ++k)
                    p[k] = power == 2.0 ? s[k] * s[k] : s[k];
            } else {
                spreadStart(filterbank, rowSums, target, p.data());
            }
            double targetEnergy = 0.0;
            for (int m = 0; m < mels; ++m)
                targetEnergy += static_cast<double>(target[m]) * target[m];
            y = p;
            double momentum = 1.0;
            double lastError = std::numeric_limits<double>::infinity();
            for (int iteration = 0; iteration < options.iterations && targetEnergy > 0; ++iteration) {
                filterbank.apply(y.data(), residual.data());
                double error = 0.0;
                for (int m = 0; m < mels; ++m) {
                    double r = static_cast<double>(residual[m]) - target[m];
                    if (floor > 0 && target[m] <= floor && r < 0)
                        r = 0; // below a clamp: any smaller value agrees with the dump
                    residual[m] = static_cast<float>(r);
                    error += r * r;
                }
                // Converged to float precision: further steps only move within F's null space.
                if (error <= 1e-12 * targetEnergy || std::abs(lastError - error) <= 1e-6 * error)
                    break;
                lastError = error;
                filterbank.applyTransposed(residual.data(), gradient.data());
                previous = p;
                for (int k = 0; k < bins; ++k)
                    p[k] = std::max(0.0f, y[k] - steps[k] * gradient[k]);
                const double nextMomentum = (1.0 + std::sqrt(1.0 + 4.0 * momentum * momentum)) / 2.0;
                const double blend = (momentum - 1.0) / nextMomentum;
                momentum = nextMomentum;
                for (int k = 0; k < bins; ++k)
                    y[k] = std::max(0.0f, static_cast<float>(p[k] + blend * (p[k] - previous[k])));
            }
            float* out = magnitude.frame(static_cast<int>(t));
            for (int k = 0; k < bins; ++k)
                out[k] = power == 2.0 ? std::sqrt(p[k]) : p[k];
        }
    });
    return magnitude;
}

MelReconstruction reconstructFromMel(const MelTarget& target, const MelInversionOptions& inversion,
                                     ReconstructionProblem problem, ReconstructionOptions options, int rounds,
                                     WorkerPool& pool, const ProgressCallback& progress)
{
    const RealMatrix& mel = target.mel;
    const MelFilterbank& filterbank = target.filterbank;
    if (rounds < 1)
        throw InputError("the mel refinement needs 1 round or more");
    if (problem.params.nFft / 2 + 1 != filterbank.binCount())
        throw InputError("the mel filterbank was made for n_fft " + std::to_string(2 * (filterbank.binCount() - 1))
                         + " but the STFT has n_fft " + std::to_string(problem.params.nFft));
    MelReconstruction out;
    const bool solved = problem.magnitude && problem.magnitude->bins == filterbank.binCount()
                        && problem.magnitude->frames == mel.frames;
    out.magnitude = solved ? *problem.magnitude : melToLinearMagnitude(mel, filterbank, pool, inversion);
    problem.melTarget = &target;
    const bool iterative = isIterative(options.algorithm);
    if (!iterative || options.iterations < rounds)
        rounds = 1;
    out.rounds = rounds;
    const int total = options.iterations;
    RealMatrix phase;
    for (int round = 0; round < rounds; ++round) {
        ReconstructionOptions roundOptions = options;
        roundOptions.iterations = total * (round + 1) / rounds - total * round / rounds;
        problem.magnitude = &out.magnitude;
        if (round > 0) {
            roundOptions.init = InitialPhase::Given;
            problem.phase = &phase;
        }
        const int offset = out.result.iterations.empty() ? 0 : out.result.iterations.back().iteration;
        const double secondsBefore = out.result.secondsTotal;
        const ProgressCallback shifted = [&](const IterationRecord& record) {
            if (!progress || (round > 0 && record.iteration == 0))
                return;
            IterationRecord moved = record;
            moved.iteration += offset;
            moved.seconds += secondsBefore;
            progress(moved);
        };
        ReconstructionResult result = reconstruct(problem, roundOptions, pool, shifted);
        if (round == 0) {
            out.result = std::move(result);
        } else {
            for (IterationRecord record : result.iterations) {
                if (record.iteration == 0)
                    continue; // the same sound the previous round ended with
                record.iteration += offset;
                record.seconds += secondsBefore;
                out.result.iterations.push_back(record);
            }
            out.result.signal = std::move(result.signal);
            out.result.snr = result.snr;
            out.result.iterationsDone += result.iterationsDone;
            out.result.secondsTotal += result.secondsTotal;
            out.result.cancelled = result.cancelled;
        }
        if (out.result.cancelled)
            break;
        if (round + 1 < rounds) {
            // The current sound's spectrogram: its magnitude starts the next solve, its phase the
            // next round.
            const StftPlan plan(problem.params, out.result.signal.length(), mel.frames, StftPlan::Use::ForwardOnly);
            ComplexMatrix coefficients;
            plan.forward(out.result.signal.samples.data(), coefficients, pool);
            RealMatrix current(coefficients.bins, coefficients.frames);
            phase = RealMatrix(coefficients.bins, coefficients.frames);
            for (std::size_t i = 0; i < coefficients.values.size(); ++i) {
                current.values[i] = std::abs(coefficients.values[i]);
                phase.values[i] = std::arg(coefficients.values[i]);
            }
            out.magnitude = melToLinearMagnitude(mel, filterbank, pool, inversion, &current);
        }
    }
    if (out.result.iterationsDone > 0)
        out.result.secondsPerIteration = out.result.secondsTotal / out.result.iterationsDone;
    // The last record measured the output sound's own STFT.
    out.melSpectralConvergenceDb = out.result.iterations.back().melSpectralConvergenceDb.value_or(0.0);
    return out;
}

} // namespace phaselab
