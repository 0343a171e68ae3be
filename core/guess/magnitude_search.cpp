// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/magnitude_search.hpp"

#include "core/guess/number_text.hpp"
#include "core/guess/phase_retrieval_probe.hpp"
#include "core/guess/window_candidates.hpp"

#include <algorithm>
#include <functional>
#include <cmath>
#include <map>

namespace phaselab {
namespace {

constexpr int kIterations = 40;

struct HopOption {
    int hop;
    double prior;
    std::string origin;
};

int loudestMagnitudeBlock(const RealMatrix& magnitudes, int count)
{
    if (count >= magnitudes.frames)
        return 0;
    std::vector<double> energy(static_cast<std::size_t>(magnitudes.frames), 0.0);
    for (int t = 0; t < magnitudes.frames; ++t) {
        double sum = 0.0;
        const float* frame = magnitudes.frame(t);
        for (int k = 0; k < magnitudes.bins; ++k)
            sum += static_cast<double>(frame[k]) * frame[k];
        energy[static_cast<std::size_t>(t)] = sum;
    }
    double window = 0.0;
    for (int t = 0; t < count; ++t)
        window += energy[static_cast<std::size_t>(t)];
    double best = window;
    int start = 0;
    for (int s = 1; s + count <= magnitudes.frames; ++s) {
        window += energy[static_cast<std::size_t>(s + count - 1)] - energy[static_cast<std::size_t>(s - 1)];
        if (window > best * (1.0 + 1e-12)) {
            best = window;
            start = s;
        }
    }
    return start;
}

WindowSpec periodic(WindowType type, double parameter = 0.0)
{
    WindowSpec spec;
    spec.type = type;
    spec.parameter = parameter;
    return spec;
}

/// Hops worth a probe, each with its prior and where it comes from.
std::vector<HopOption> hopOptions(int nFft, const FramingHints& hints, int frames)
{
    std::vector<HopOption> hops;
    auto addHop = [&](int hop, double prior, const std::string& origin) {
        if (hop < 1 || hop > nFft)
            return;
        for (auto& existing : hops)
            if (existing.hop == hop) {
                existing.prior += prior;
                return;
            }
        hops.push_back({hop, prior, origin});
    };
    addHop(nFft / 4, 0.35, "n_fft/4 (torch, librosa default)");
    addHop(nFft / 2, 0.30, "n_fft/2 (scipy default)");
    addHop(nFft / 8, 0.08, "n_fft/8");
    addHop(static_cast<int>(std::lround(nFft / 3.0)), 0.03, "n_fft/3");
    addHop(nFft / 16, 0.02, "n_fft/16");
    for (int hop : hints.hops)
        addHop(hop, 0.12, "a hint");
    if (hints.sampleRate > 0)
        addHop(static_cast<int>(std::lround(hints.sampleRate / 100.0)), 0.05, "10 ms at the sample rate");
    if (hints.signalLength > 0 && frames > 1) {
        // Hops that give exactly this many frames for a signal of that length, per convention:
        // centred (torch: 1 + length / hop; scipy padded: about 1 + ceil(length / hop)) or not.
        const std::int64_t length = hints.signalLength;
        std::vector<int> fitting;
        for (int hop = 1; hop <= nFft; ++hop) {
            const bool torch = 1 + length / hop == frames;
            const bool scipy = 1 + (length + hop - 1) / hop == frames;
            const bool uncentred = length >= nFft && 1 + (length - nFft) / hop == frames;
            if (torch || scipy || uncentred)
                fitting.push_back(hop);
        }
        for (int hop : fitting)
            addHop(hop, 0.3 / static_cast<double>(fitting.size()), "a hop that gives " + std::to_string(frames) +
                                                                       " frames for " + std::to_string(length) + " samples");
    }
    return hops;
}

/// One short fast Griffin-Lim run: a hop and window, on the frames as they are or shuffled.
struct ProbeRequest {
    int hop;
    WindowSpec window;
    bool shuffled;
};

/// Runs the probes and returns each one's spectral convergence (dB). Runs are independent and
/// small: they go to the pool's threads whole, each single-threaded, so results do not depend on
/// the thread count and no thread waits on another mid-run.
std::vector<double> runProbes(const RealMatrix& magnitudes, int nFft, const std::vector<ProbeRequest>& requests,
                              WorkerPool& pool, const JobControl& control)
{
    // The probes run on pool threads: they may read the flag but must not report progress.
    JobControl stopOnly;
    stopOnly.cancel = control.cancel;
    control.checkCancelled();
    std::vector<double> results(requests.size(), 0.0);
    pool.forEachBlock(requests.size(), [&](int, std::size_t begin, std::size_t end) {
        WorkerPool inline_(1);
        for (std::size_t i = begin; i < end; ++i) {
            if (control.cancelled())
                return;
            const ProbeRequest& request = requests[i];
            const int overlap = (nFft + request.hop - 1) / request.hop;
            // Frames: enough for the overlap, within a fixed amount of FFT work per run.
            const int affordable = std::max(overlap + 4, 98304 / nFft);
            const int count = std::min({magnitudes.frames, std::clamp(4 * overlap + 16, 24, 48), affordable});
            const int first = loudestMagnitudeBlock(magnitudes, count);
            const Framing framing{nFft, nFft, 0, request.hop, request.window, 0, PadMode::Constant};
            results[i] = fastGriffinLimConvergenceDb(magnitudeBlock(magnitudes, first, count, request.shuffled), framing,
                                                     kIterations, inline_, stopOnly);
        }
    });
    control.checkCancelled();
    return results;
}

struct Trial {
    int hop;
    WindowSpec window;
    double convergence;
    double null;
};

/// Every trial as a framing with its score and sentences.
std::vector<ScoredFraming> scoreTrials(const std::vector<Trial>& trials, const std::vector<HopOption>& hops,
                                       const std::vector<HopOption>& rankedHops,
                                       std::map<int, std::pair<double, double>>& hannByHop, int nFft,
                                       const std::function<double(const HopOption&)>& hopScore)
{
    std::string hopSummary;
    for (std::size_t h = 0; h < rankedHops.size() && h < 4; ++h)
        hopSummary += (h ? ", " : "") + std::to_string(rankedHops[h].hop) + " gains " +
                      fixedText(hannByHop[rankedHops[h].hop].second, 1) + " dB";
    std::vector<ScoredFraming> result;
    for (const auto& trial : trials) {
        const auto option = std::find_if(hops.begin(), hops.end(), [&](const HopOption& o) { return o.hop == trial.hop; });
        const auto& reference = hannByHop[trial.hop];
        ScoredFraming item;
        item.framing = Framing{nFft, nFft, 0, trial.hop, trial.window, nFft / 2, PadMode::Reflect};
        item.logScore = hopScore(*option) + std::log(windowPrior(trial.window)) +
                        std::clamp((reference.first - trial.convergence) / 1.5, -20.0, 20.0);
        item.evidence.push_back("no phase: window and hop from short fast Griffin-Lim runs (" + std::to_string(kIterations) +
                                " iterations on the loudest frames), weak evidence; priors favour n_fft/4 and n_fft/2");
        item.evidence.push_back("fast Griffin-Lim reaches " + fixedText(trial.convergence, 1) + " dB with " +
                                trial.window.toString() + " " + std::to_string(nFft) + "/" + std::to_string(nFft) + "/" +
                                std::to_string(trial.hop) + " (Hann at this hop: " + fixedText(reference.first, 1) + " dB)");
        item.evidence.push_back("gain over shuffled frames with Hann, by hop: " + hopSummary);
        item.evidence.push_back("hop " + std::to_string(trial.hop) + " = " + option->origin);
        item.evidence.push_back("the origin (centring and padding) cannot be known without the phase: centred with n_fft/2 reflected samples assumed");
        result.push_back(std::move(item));
    }
    return result;
}

} // namespace

std::vector<ScoredFraming> searchFramingMagnitudeOnly(const RealMatrix& magnitudes, int nFft, const FramingHints& hints,
                                                      WorkerPool& pool, const JobControl& control)
{
    if (nFft < 4 || magnitudes.bins != nFft / 2 + 1 || magnitudes.frames < 4)
        return {};
    const std::vector<HopOption> hops = hopOptions(nFft, hints, magnitudes.frames);
    std::vector<Trial> trials;
    std::map<int, std::pair<double, double>> hannByHop; // hop -> (convergence, gain)
    const WindowSpec hann = periodic(WindowType::Hann);

    // Stage 1: every hop with Hann, against its shuffled reference.
    {
        std::vector<ProbeRequest> requests;
        for (const auto& option : hops) {
            requests.push_back({option.hop, hann, false});
            requests.push_back({option.hop, hann, true});
        }
        const auto results = runProbes(magnitudes, nFft, requests, pool, control);
        for (std::size_t h = 0; h < hops.size(); ++h) {
            const double convergence = results[2 * h], null = results[2 * h + 1];
            hannByHop[hops[h].hop] = {convergence, null - convergence};
            trials.push_back({hops[h].hop, hann, convergence, null});
        }
    }
    const auto hopScore = [&](const HopOption& option) { return std::log(option.prior) + hannByHop[option.hop].second / 2.0; };
    std::vector<HopOption> rankedHops = hops;
    std::stable_sort(rankedHops.begin(), rankedHops.end(),
                     [&](const HopOption& a, const HopOption& b) { return hopScore(a) > hopScore(b); });

    // Stage 2: the windows at the three best hops.
    const std::vector<WindowSpec> windows = {periodic(WindowType::Hamming), periodic(WindowType::Blackman),
                                             periodic(WindowType::BlackmanHarris), periodic(WindowType::Rect),
                                             periodic(WindowType::SqrtHann), periodic(WindowType::Kaiser, 8.0),
                                             periodic(WindowType::Bartlett)};
    {
        std::vector<ProbeRequest> requests;
        for (std::size_t h = 0; h < rankedHops.size() && h < 3; ++h)
            for (const auto& window : windows)
                requests.push_back({rankedHops[h].hop, window, false});
        const auto results = runProbes(magnitudes, nFft, requests, pool, control);
        for (std::size_t i = 0; i < requests.size(); ++i)
            trials.push_back({requests[i].hop, requests[i].window, results[i], 0.0});
    }

    std::vector<ScoredFraming> result = scoreTrials(trials, hops, rankedHops, hannByHop, nFft, hopScore);
    std::stable_sort(result.begin(), result.end(),
                     [](const ScoredFraming& a, const ScoredFraming& b) { return a.logScore > b.logScore; });
    return result;
}

} // namespace phaselab
