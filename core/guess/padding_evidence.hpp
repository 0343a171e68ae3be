// SPDX-License-Identifier: GPL-3.0-or-later
// Centring and padding, read from the first frames. A centred producer pads the signal before
// framing (torch: n_fft/2 reflected samples; scipy: win_length/2 zeros), so its first frames
// must be consistent with that padding: inverting them and transforming again with the padding
// imposed (PhaseLab's StftPlan, which pads the same way) gives them back only under the right
// pad and mode. Without padding nothing is imposed, so "not centred" always fits; it is the
// baseline the padded hypotheses are compared with. When the signal starts in digital silence
// every hypothesis fits and `informative` is false.
// Input: one-sided frames (n_fft/2+1 bins), frame-major; the framing's window, offset and hop.
#pragma once

#include "core/guess/framing.hpp"
#include "core/base/parallel.hpp"
#include "core/base/signal.hpp"

#include <vector>

namespace phaselab {

struct PaddingScore {
    int pad = 0; ///< 0: not centred (the baseline)
    PadMode mode = PadMode::Constant;
    double consistencyDb = 0.0; ///< of the first frames under this padding
    /// Read without padding, the signal starts with `pad` silent samples (zero padding) or 2 pad + 1
    /// (reflect padding mirrors silence then), so this padding fits whether or not it was there.
    bool silentStart = false;
};

struct PaddingEvidence {
    std::vector<PaddingScore> scores; ///< baseline first, then each padded hypothesis
    double startLevelDb = 0.0;        ///< energy of the first frames relative to the loudest frame
    bool informative = false;
};

/// Pads tried: n_fft/2 and win_length/2, reflected and zeros (those the framing can express).
/// comparedBins: as for consistencyDb.
PaddingEvidence scorePadding(const ComplexMatrix& onesided, const Framing& framing, WorkerPool& pool, int comparedBins = 0);

/// Frames each producer convention gives for a signal of `length` samples, to compare with the
/// file when the user gives --signal-length: torch (centred, 1 + length / hop), not centred
/// (1 + (length - n_fft) / hop, Octave's specgram one fewer when the last frame ends at the signal
/// end) and scipy's padded=True (pad win_length/2 both sides, then zeros up to a whole frame).
std::vector<int> expectedFrameCounts(const Framing& framing, std::int64_t length);

} // namespace phaselab
