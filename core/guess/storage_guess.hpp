// SPDX-License-Identifier: GPL-3.0-or-later
// How the numbers sit in the file(s): container, dtype, byte order, header, matrix shape and
// which axis is bins. .npy / CSV / .mat give the matrix; only its orientation is guessed. Raw
// files are read every way their size allows (dtype x byte order x header candidates), each
// reading judged by the plausibility of its values (value_statistics.hpp), the row length by the
// correlation of neighbouring rows (matrix_shape.hpp), the orientation by the bin-count prior,
// spectral tilt and, with phase, the real DC bin (phase_evidence.hpp).
// Scores are natural-log plausibilities (higher is better), comparable between hypotheses.
#pragma once

#include "core/guess/file_probe.hpp"
#include "core/base/job_control.hpp"
#include "core/io/storage_spec.hpp"

#include <string>
#include <vector>

namespace phaselab {

struct StorageHypothesis {
    StorageSpec magnitude;     ///< resolved: bins and frames filled in
    StorageSpec phase;         ///< the phase file's storage (same as magnitude unless it differs)
    bool hasPhaseFile = false; ///< a separate phase file
    bool complexFile = false;  ///< one complex file holds magnitude and phase
    bool decibelValues = false; ///< the values have negative entries: dB
    double logScore = 0.0;
    std::vector<std::string> evidence;
    std::vector<int> headerIntegers; ///< small integers from a header: hints for n_fft, hop, ...
};

/// Hypotheses best first. phase: a separate phase file or nullptr (pass nullptr when it is the
/// same file as the magnitude). InputError when no reading fits at all (the message says what
/// was tried).
std::vector<StorageHypothesis> guessStorage(const FileProbe& magnitude, const FileProbe* phase, double sampleRate,
                                            const JobControl& control);

} // namespace phaselab
