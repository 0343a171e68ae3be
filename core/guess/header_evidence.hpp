// SPDX-License-Identifier: GPL-3.0-or-later
// Where the values of a raw file start. Candidates: no header; a header whose integers name the
// matrix (two 32-bit fields a and b with a x b x value size = the bytes after the header, e.g.
// "n_fft, hop, bins, frames"); the block both files of a pair share at the start (a constant
// leading block, up to its last non-zero byte, rounded up to a usual alignment); and usual header
// sizes after a leading text tag. Each carries a log prior and a sentence; the data decide.
#pragma once

#include "core/guess/file_probe.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace phaselab {

struct HeaderCandidate {
    std::int64_t bytes = 0;
    double logPrior = 0.0;
    std::string evidence;           ///< empty for "no header"
    int valueBytes = 0;             ///< value size the integers imply (0: any)
    std::vector<int> integers;      ///< small positive integers found in the header (hints: n_fft, hop, ...)
    int dimensionA = 0, dimensionB = 0; ///< the two fields whose product matches, in file order
};

/// phase: the other file of the pair, or nullptr.
std::vector<HeaderCandidate> headerCandidates(const FileProbe& file, const FileProbe* phase);

} // namespace phaselab
