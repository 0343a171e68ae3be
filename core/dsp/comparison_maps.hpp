// SPDX-License-Identifier: GPL-3.0-or-later
// Per-bin maps that compare a reconstruction X with its reference Xref, for the workbench's
// comparison pane and the lessons: the wrapped phase error angle(X / Xref), optionally after the
// corrections of PhaseErrors (the better global sign, or the better offset 0 or pi for each
// connected region of the reference, chosen exactly as PhaseErrors::componentCorrected chooses
// it), and the magnitude error | |X| - |Xref| |. Maps are frame-major (signal.hpp), radians in
// (-pi, pi] (NaN where X or Xref is 0), magnitudes in the STFT's unnormalised scale.
#pragma once

#include "core/reconstruction/metrics.hpp"
#include "core/base/signal.hpp"

#include <cstdint>
#include <vector>

namespace phaselab {

enum class PhaseCorrection { None, Sign, Component };

/// The offsets the corrections pick: `global` (pi when -x fits better) and, per region of the
/// reference, whether it is flipped (index = region label).
struct PhaseOffsets {
    bool globalFlip = false;
    std::vector<std::uint8_t> regionFlipped;
};

/// The offsets that minimise the magnitude-weighted squared error (sizes must match: InputError).
PhaseOffsets bestPhaseOffsets(const ComplexMatrix& estimate, const PhaseReference& reference);

/// Wrapped angle(X / Xref) per bin after the chosen correction (Component: bins outside every
/// region keep their raw error, as in the metric).
RealMatrix phaseErrorMap(const ComplexMatrix& estimate, const PhaseReference& reference, PhaseCorrection correction);

/// | |X| - S | per bin (S = the reference magnitude); InputError when the shapes differ.
RealMatrix magnitudeErrorMap(const ComplexMatrix& estimate, const RealMatrix& referenceMagnitude);

} // namespace phaselab
