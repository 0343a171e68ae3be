// SPDX-License-Identifier: GPL-3.0-or-later
// The guesser's findings as one self-contained HTML file a forensic examiner can file: inputs
// (path, size, SHA-256), program version, command line, date, the verdict, what the evidence cannot
// tell apart, the ranked candidates with their evidence, and pictures (the magnitude under the
// best reading as an embedded PNG; with a phase, consistency against hop and against window as
// inline SVG). No network, no external files; written as XHTML so any XML parser can read it.
#pragma once

#include "core/guess/guess.hpp"

#include <string>

namespace phaselab {

struct GuessReportContext {
    std::string commandLine; ///< as the user typed it (arguments joined with spaces)
    std::string date;        ///< UTC, ISO 8601; empty: now
};

/// Reads the input files again (hashes, pictures); a picture that cannot be made is replaced by
/// a sentence saying why. Throws InputError only when an input file cannot be read at all.
std::string guessReportHtml(const GuessInput& input, const GuessResult& result, const GuessReportContext& context,
                            int threads = 0);
/// The report written to `path` atomically (never over one of the inputs). Throws IoError/InputError.
void writeGuessReport(const std::string& path, const GuessInput& input, const GuessResult& result,
                      const GuessReportContext& context, int threads = 0);

} // namespace phaselab
