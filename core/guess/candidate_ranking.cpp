// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/candidate_ranking.hpp"

#include "core/base/error.hpp"
#include "core/guess/phase_search.hpp"
#include "core/guess/scoring_constants.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace phaselab {
namespace {

void sortByScore(std::vector<ScoredHypothesis>& items)
{
    std::stable_sort(items.begin(), items.end(),
                     [](const ScoredHypothesis& a, const ScoredHypothesis& b) { return a.logScore > b.logScore; });
}

void weighConsistency(std::vector<ScoredHypothesis>& scored)
{
    double bestConsistency = 1e9;
    for (const auto& item : scored)
        if (!std::isnan(item.consistencyGainDb))
            bestConsistency = std::min(bestConsistency, item.consistencyGainDb);
    for (auto& item : scored)
        if (!std::isnan(item.consistencyGainDb))
            item.logScore += consistencyLogScore(item.consistencyGainDb, bestConsistency);
}

/// What makes two hypotheses one: the same reading and framing, and frame windows of the same
/// samples (kaiser:0 and rect; symmetric Hann of W and periodic Hann of W-1 plus a zero).
std::string identityKey(const Candidate& c)
{
    std::string key = c.storage.describe() + "|" + binLayoutName(c.binLayout) + "|" + magnitudeScaleName(c.magnitudeScale) +
                      std::to_string(c.dbPerUnit) + "|" + std::to_string(c.framing.nFft) + "/" +
                      std::to_string(c.framing.hop) + "|" + std::to_string(c.framing.pad) +
                      (c.framing.padMode == PadMode::Reflect ? "r" : "z") + "|";
    try {
        std::uint64_t hash = 1469598103934665603ull; // FNV-1a
        for (float w : frameWindow(c.framing.blockParams())) {
            hash ^= static_cast<std::uint64_t>(std::llround(static_cast<double>(w) * guess_scoring::kWindowIdentityScale));
            hash *= 1099511628211ull;
        }
        key += std::to_string(hash);
    } catch (const InputError&) {
        key += c.framing.describe();
    }
    return key;
}

/// One entry per identity; the better-named one (the list is sorted) keeps both shares.
std::vector<ScoredHypothesis> mergeIdentical(std::vector<ScoredHypothesis>& sorted)
{
    std::vector<ScoredHypothesis> distinct;
    std::map<std::string, std::size_t> seen;
    for (auto& item : sorted) {
        const std::string key = identityKey(item.candidate);
        const auto found = seen.find(key);
        if (found == seen.end()) {
            seen.emplace(key, distinct.size());
            distinct.push_back(std::move(item));
        } else {
            // log(exp(a) + exp(b)) with a >= b.
            ScoredHypothesis& kept = distinct[found->second];
            kept.logScore += std::log1p(std::exp(item.logScore - kept.logScore));
        }
    }
    return distinct;
}

/// The best of each (storage, n_fft, hop) group first, groups by their best; then the rest.
/// Without phase the window is a weak guess, so the top ranks show different framings rather than
/// one framing with several windows.
std::vector<ScoredHypothesis> bestOfEachGroupFirst(std::vector<ScoredHypothesis>& distinct)
{
    std::vector<ScoredHypothesis> ordered, rest;
    std::set<std::string> groups;
    for (auto& item : distinct) {
        const std::string group = item.candidate.storage.describe() + "|" + std::to_string(item.candidate.framing.nFft) +
                                  "|" + std::to_string(item.candidate.framing.hop);
        if (groups.insert(group).second)
            ordered.push_back(std::move(item));
        else
            rest.push_back(std::move(item));
    }
    for (auto& item : rest)
        ordered.push_back(std::move(item));
    return ordered;
}

} // namespace

std::vector<ScoredHypothesis> rankHypotheses(std::vector<ScoredHypothesis> scored)
{
    weighConsistency(scored);
    sortByScore(scored);
    std::vector<ScoredHypothesis> distinct = mergeIdentical(scored);
    sortByScore(distinct);
    return bestOfEachGroupFirst(distinct);
}

std::vector<Candidate> topCandidates(std::vector<ScoredHypothesis>& ranked, int keep)
{
    const double top = ranked.front().logScore;
    double total = 0.0;
    for (const auto& item : ranked)
        total += std::exp(item.logScore - top);
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < std::max(1, keep); ++i) {
        Candidate candidate = std::move(ranked[i].candidate);
        candidate.rank = static_cast<int>(i) + 1;
        candidate.score = std::exp(ranked[i].logScore - top) / total;
        candidates.push_back(std::move(candidate));
    }
    return candidates;
}

} // namespace phaselab
