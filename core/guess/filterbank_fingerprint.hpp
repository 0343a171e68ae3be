// SPDX-License-Identifier: GPL-3.0-or-later
// A mel filterbank's fingerprint in a dump. Each FFT bin feeds at most two neighbouring triangles,
// so where the triangles are narrower than the bin spacing (many mels, a short n_fft: the low
// channels) some channels share a single bin or none: the channels then obey exact linear
// relations (vectors v with v^T F = 0, the left null space of the filterbank F), and every frame
// F |X|^power of a dump made with F satisfies them to rounding, whatever the sound and the power.
// A filterbank that differs in formula, normalisation, fmin, fmax, n_fft or sample rate has other
// relations, which the dump breaks by orders of magnitude. Where every pair of neighbouring
// triangles shares two bins or more there is no relation, and the values keep no trace of the
// filterbank (80 mels at n_fft 1024, the usual vocoder making): the search then finds nothing.
// Relations are computed exactly from the triangles' chain structure, with no eigensolver.
// Input: decoded mel values (F |X|^power, not logarithms), FrameMatrix (mels x frames).
#pragma once

#include "core/base/job_control.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"
#include "core/dsp/mel_filterbank.hpp"

#include <vector>

namespace phaselab {

/// The left null space of a filterbank, as unit vectors over channels with disjoint supports.
struct MelRelations {
    struct Relation {
        int firstChannel = 0;
        std::vector<double> weights; ///< channels firstChannel, firstChannel + 1, ...
    };
    std::vector<Relation> relations;
};

MelRelations melRelations(const MelFilterbank& filterbank);

/// How well a dump keeps a filterbank's relations: the median over usable frames of
/// |relations . frame| / |frame on the related channels|. In each frame a relation through a
/// channel at or below `floor` (a clamp: the value is a bound, not the filterbank's output) is
/// left out; a frame with no energy on the relations left is not usable.
struct RelationFit {
    int relations = 0;
    int frames = 0;          ///< usable frames
    double residual = 1.0;   ///< rounding (1e-7) when kept; 1e-3 and more when broken
};

RelationFit fitRelations(const RealMatrix& decodedMel, const MelRelations& relations, double floor);

/// A filterbank whose relations the dump keeps to rounding.
struct FilterbankMatch {
    MelSpec spec;           ///< power as the caller gave it: the relations cannot tell it
    int nFft = 0;
    double sampleRate = 0.0;
    RelationFit fit;
};

struct FilterbankSearch {
    std::vector<FilterbankMatch> matches; ///< most relations first
    int tried = 0;                        ///< filterbanks considered
    int withRelations = 0;                ///< of them, those that have relations to test
    double bestBrokenResidual = 1.0;      ///< smallest residual of a filterbank that did not match
};

/// Every filterbank of the dump's channel count over the usual sample rates (`sampleRates`),
/// n_fft values, fmin, fmax, both formulas and both normalisations, tested against the dump on
/// `pool`. The result does not depend on the thread count.
FilterbankSearch searchFilterbanks(const RealMatrix& decodedMel, double floor, const std::vector<double>& sampleRates,
                                   double power, WorkerPool& pool, const JobControl& control);

/// The fit of one filterbank; relations 0 when it has none to test.
RelationFit fitFilterbank(const RealMatrix& decodedMel, double floor, const MelSpec& spec, int nFft, double sampleRate);

} // namespace phaselab
