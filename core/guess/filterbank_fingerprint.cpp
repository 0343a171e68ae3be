// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/filterbank_fingerprint.hpp"

#include "core/base/error.hpp"
#include "core/guess/scoring_constants.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace phaselab {
namespace {

using namespace guess_scoring;

/// What the bins say about channel m and its upper neighbour m + 1.
struct Link {
    int sharedBins = 0;
    double ratio = 0.0;     ///< v[m+1] = -ratio * v[m] for a relation to hold on their shared bin
    bool conflict = false;  ///< two shared bins with different ratios: v[m] = v[m+1] = 0
};

/// False when the filterbank surely has no relation, from its band edges alone (building it costs
/// far more, and the search tries tens of thousands). A relation lives on a run of channels joined
/// by shared bins, and a run ends where two neighbours share no bin (a gap) or at channel 0 with no
/// bin of its own below its peak; without either every run reaches a bin of its own and is zero.
/// Bins within rounding of an edge are counted as absent, so the answer errs towards building.
bool mayHaveRelations(const MelSpec& spec, int nFft, double sampleRate)
{
    const std::vector<double> edges = melBandEdges(spec, sampleRate);
    const double binHz = sampleRate / nFft;
    const double slack = 1e-6 * binHz;
    const auto binsStrictlyInside = [&](double low, double high) {
        return std::ceil((high - slack) / binHz) - std::floor((low + slack) / binHz) - 1.0;
    };
    if (edges.size() >= 2 && binsStrictlyInside(edges[0], edges[1]) < 1.0)
        return true;
    // Triangles widen with frequency on both formulas: gaps can only be among the low overlaps.
    for (std::size_t m = 0; m + 2 < edges.size() && edges[m + 2] - edges[m + 1] <= 2.0 * binHz; ++m)
        if (binsStrictlyInside(edges[m + 1], edges[m + 2]) < 1.0)
            return true;
    return false;
}

std::vector<int> usualFftSizes()
{
    return {256, 320, 400, 480, 512, 640, 800, 960, 1024, 1200, 1280, 1536, 2048, 4096};
}

std::vector<double> usualLowEdges()
{
    return {0, 20, 25, 30, 40, 50, 55, 60, 64, 70, 80, 100, 125, 150, 200, 300};
}

std::vector<double> usualHighEdges(double sampleRate)
{
    std::set<double> edges = {sampleRate / 2};
    for (double hz : {3800.0, 4000.0, 5000.0, 6000.0, 7000.0, 7600.0, 7800.0, 8000.0, 9500.0, 10000.0, 11000.0,
                      11025.0, 12000.0, 14000.0, 16000.0, 20000.0})
        if (hz < sampleRate / 2)
            edges.insert(hz);
    return {edges.begin(), edges.end()};
}

} // namespace

MelRelations melRelations(const MelFilterbank& filterbank)
{
    const int mels = filterbank.melCount();
    const int bins = filterbank.binCount();
    std::vector<bool> forcedZero(static_cast<std::size_t>(mels), false);
    std::vector<Link> links(static_cast<std::size_t>(std::max(mels - 1, 0)));
    // The channels of each bin: triangles overlap only their neighbours, so two suffice; a third
    // (which no mel filterbank makes) is counted so that it cannot pass for a chain.
    struct BinChannels {
        int count = 0;
        int channels[2] = {0, 0};
    };
    std::vector<BinChannels> channelsOfBin(static_cast<std::size_t>(bins));
    for (int m = 0; m < mels; ++m)
        for (int k = filterbank.firstBin(m); k < filterbank.lastBin(m); ++k)
            if (filterbank.weight(m, k) > 0.0f) {
                BinChannels& of = channelsOfBin[static_cast<std::size_t>(k)];
                if (of.count < 2)
                    of.channels[of.count] = m;
                ++of.count;
            }
    for (int k = 0; k < bins; ++k) {
        const BinChannels& of = channelsOfBin[static_cast<std::size_t>(k)];
        const int* channels = of.channels;
        if (of.count == 1) {
            forcedZero[static_cast<std::size_t>(channels[0])] = true; // a bin of its own
        } else if (of.count == 2 && channels[1] == channels[0] + 1) {
            const int m = channels[0];
            Link& link = links[static_cast<std::size_t>(m)];
            const double ratio = static_cast<double>(filterbank.weight(m, k)) / filterbank.weight(m + 1, k);
            if (link.sharedBins > 0 && std::abs(ratio - link.ratio) > 1e-9 * std::max(ratio, link.ratio))
                link.conflict = true;
            link.ratio = ratio;
            ++link.sharedBins;
        } else if (of.count > 0) {
            // Not a chain of triangles: claim no relation through these channels.
            for (int i = 0; i < std::min(of.count, 2); ++i)
                forcedZero[static_cast<std::size_t>(channels[i])] = true;
        }
    }

    // Channels joined by shared bins form runs; a run without a forced zero or a conflict carries
    // one relation (each link fixes the next weight from the one before), any other carries none.
    MelRelations result;
    for (int first = 0; first < mels;) {
        int last = first;
        while (last + 1 < mels && links[static_cast<std::size_t>(last)].sharedBins > 0)
            ++last;
        bool free = true;
        for (int m = first; m <= last; ++m)
            free = free && !forcedZero[static_cast<std::size_t>(m)] &&
                   (m == last || !links[static_cast<std::size_t>(m)].conflict);
        if (free) {
            MelRelations::Relation relation;
            relation.firstChannel = first;
            relation.weights.push_back(1.0);
            for (int m = first; m < last; ++m)
                relation.weights.push_back(-links[static_cast<std::size_t>(m)].ratio * relation.weights.back());
            double norm = 0;
            for (double w : relation.weights)
                norm += w * w;
            for (double& w : relation.weights)
                w /= std::sqrt(norm);
            result.relations.push_back(std::move(relation));
        }
        first = last + 1;
    }
    return result;
}

RelationFit fitRelations(const RealMatrix& decodedMel, const MelRelations& relations, double floor)
{
    RelationFit fit;
    fit.relations = static_cast<int>(relations.relations.size());
    const double atFloor = floor > 0 ? floor * (1.0 + 1e-4) : -1.0;
    std::vector<double> ratios;
    for (int t = 0; t < decodedMel.frames; ++t) {
        const float* frame = decodedMel.frame(t);
        double broken = 0, energy = 0;
        for (const auto& relation : relations.relations) {
            // A relation through a channel at the clamp says nothing in this frame; the others do.
            // (An empty filter's channel, always 0, sits at any log clamp: its relation never counts.)
            const float* channels = frame + relation.firstChannel;
            const bool usable = std::all_of(channels, channels + relation.weights.size(), [&](float v) { return v > atFloor; });
            if (!usable)
                continue;
            double product = 0;
            for (std::size_t i = 0; i < relation.weights.size(); ++i) {
                product += relation.weights[i] * channels[i];
                energy += static_cast<double>(channels[i]) * channels[i];
            }
            broken += product * product;
        }
        if (energy > 0)
            ratios.push_back(std::sqrt(broken / energy));
        // Most filterbanks tried are far off: a few frames tell, and the search tries thousands.
        if (ratios.size() == static_cast<std::size_t>(2 * kMinRelationFrames) &&
            *std::min_element(ratios.begin(), ratios.end()) > 100 * kKeptRelationResidual)
            break;
    }
    fit.frames = static_cast<int>(ratios.size());
    if (ratios.empty())
        return fit;
    std::nth_element(ratios.begin(), ratios.begin() + static_cast<std::ptrdiff_t>(ratios.size() / 2), ratios.end());
    fit.residual = ratios[ratios.size() / 2];
    return fit;
}

RelationFit fitFilterbank(const RealMatrix& decodedMel, double floor, const MelSpec& spec, int nFft, double sampleRate)
{
    if (!mayHaveRelations(spec, nFft, sampleRate))
        return {};
    const MelRelations relations = melRelations(MelFilterbank(spec, nFft, sampleRate));
    if (relations.relations.empty())
        return {};
    return fitRelations(decodedMel, relations, floor);
}

FilterbankSearch searchFilterbanks(const RealMatrix& decodedMel, double floor, const std::vector<double>& sampleRates,
                                   double power, WorkerPool& pool, const JobControl& control)
{
    // One item per (sample rate, n_fft); short n_ffts cost most (more filterbanks have relations
    // there), so they alternate with long ones to share the work between the pool's blocks.
    std::vector<int> sizes = usualFftSizes();
    std::vector<int> alternating;
    for (std::size_t low = 0, high = sizes.size(); low < high;) {
        alternating.push_back(sizes[low++]);
        if (low < high)
            alternating.push_back(sizes[--high]);
    }
    std::vector<std::pair<double, int>> items;
    for (const double sampleRate : sampleRates)
        for (const int nFft : alternating)
            items.push_back({sampleRate, nFft});
    std::vector<FilterbankSearch> found(items.size());
    pool.forEachBlock(items.size(), [&](int, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            control.checkCancelled();
            const auto [sampleRate, nFft] = items[i];
            FilterbankSearch& search = found[i];
            MelSpec spec;
            spec.nMels = decodedMel.bins;
            spec.power = power;
            for (const double fmin : usualLowEdges()) {
                for (const double fmax : usualHighEdges(sampleRate)) {
                    if (fmax <= fmin)
                        continue;
                    for (const MelScale scale : {MelScale::Htk, MelScale::Slaney}) {
                        spec.fmin = fmin;
                        spec.fmax = fmax;
                        spec.scale = scale;
                        search.tried += 2;
                        if (!mayHaveRelations(spec, nFft, sampleRate))
                            continue;
                        for (const MelNorm norm : {MelNorm::None, MelNorm::Slaney}) {
                            spec.norm = norm;
                            const RelationFit fit = fitFilterbank(decodedMel, floor, spec, nFft, sampleRate);
                            if (fit.relations == 0)
                                continue;
                            ++search.withRelations;
                            if (fit.frames < kMinRelationFrames)
                                continue;
                            if (fit.residual <= kKeptRelationResidual)
                                search.matches.push_back({spec, nFft, sampleRate, fit});
                            else
                                search.bestBrokenResidual = std::min(search.bestBrokenResidual, fit.residual);
                        }
                    }
                }
            }
        }
    });
    FilterbankSearch search;
    for (const FilterbankSearch& part : found) {
        search.matches.insert(search.matches.end(), part.matches.begin(), part.matches.end());
        search.tried += part.tried;
        search.withRelations += part.withRelations;
        search.bestBrokenResidual = std::min(search.bestBrokenResidual, part.bestBrokenResidual);
    }
    std::stable_sort(search.matches.begin(), search.matches.end(), [](const FilterbankMatch& a, const FilterbankMatch& b) {
        return a.fit.relations != b.fit.relations ? a.fit.relations > b.fit.relations : a.fit.residual < b.fit.residual;
    });
    return search;
}

} // namespace phaselab
