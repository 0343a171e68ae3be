// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser's last stage: every hypothesis examined, with its log score (natural log, the sum
// of its storage, scale, layout, framing and scaling scores), turned into ranked candidates with
// scores that sum to 1 over the distinct hypotheses (a softmax). Weights: scoring_constants.hpp.
#pragma once

#include "core/guess/candidate.hpp"

#include <vector>

namespace phaselab {

struct ScoredHypothesis {
    Candidate candidate;
    double logScore = 0.0;
    double consistencyGainDb = 0.0; ///< consistency against random phases; NaN without phase
};

/// Ranks the hypotheses, best first: consistency weighed across all of them (with phase, a
/// hypothesis far less consistent than the best cannot be how the data were made), framings that
/// window the same samples merged into one hypothesis, the best of each (storage, n_fft, hop)
/// group ahead of the rest. Not empty in, not empty out.
std::vector<ScoredHypothesis> rankHypotheses(std::vector<ScoredHypothesis> scored);

/// The first `keep` of ranked hypotheses as candidates, with rank and softmax score.
std::vector<Candidate> topCandidates(std::vector<ScoredHypothesis>& ranked, int keep);

} // namespace phaselab
