// SPDX-License-Identifier: GPL-3.0-or-later
// One way the file(s) may have been made, as the guesser proposes it: storage of the magnitude
// (and phase) file, the bin layout, the STFT framing in the producer's terms (window offset inside
// the n_fft frame, padding before the first frame), value conventions, a score in [0, 1] and the
// evidence sentences behind it. PhaseLab's own equivalent parameters come from
// Candidate::phaselabParams() (core/guess/framing.hpp explains the conversion).
#pragma once

#include "core/guess/fft_size.hpp"
#include "core/guess/framing.hpp"
#include "core/io/storage_spec.hpp"
#include "core/dsp/stft_params.hpp"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace phaselab {

struct Candidate {
    int rank = 0;
    double score = 0.0; ///< in [0, 1]; the candidates of one guess sum to at most 1

    StorageSpec storage;      ///< the magnitude file (or the one complex file); bins, frames as stored
    StorageSpec phaseStorage; ///< the phase file (meaningful when hasPhaseFile)
    bool hasPhaseFile = false;
    bool complexFile = false;

    int bins = 0;   ///< as stored
    int frames = 0; ///< as stored
    BinLayout binLayout = BinLayout::OneSided;
    Framing framing; ///< n_fft, win_length, win_offset, hop, window, pad, pad mode

    MagnitudeScale magnitudeScale = MagnitudeScale::Linear;
    double dbFloor = -1e300; ///< stored dB values at or below it mean magnitude 0; -1e300 when none seen
    double dbPerUnit = 1.0;  ///< stored value x dbPerUnit = dB (fixed-point dB: 1/256 for Q8)
    std::optional<PhaseUnit> phaseUnit; ///< empty without phase
    double phaseScale = 1.0; ///< stored phase x phaseScale = phase in phaseUnit (integer dumps)
    /// Factor the producer applied to the raw DFT, as judged from the size of the values
    /// (scale_evidence.hpp): 1 unscaled, 1/sum(w) scipy, ... loadCandidate divides it out.
    double fftScale = 1.0;
    std::string fftScaleConvention = "unscaled";

    double consistencyDb = std::numeric_limits<double>::quiet_NaN(); ///< with phase: of the framing
    std::vector<std::string> evidence;

    bool hasPhase() const { return hasPhaseFile || complexFile; }
    bool centered() const { return framing.pad > 0; }
    bool onesided() const { return binLayout != BinLayout::TwoSided; }
    bool nyquistDropped() const { return binLayout == BinLayout::NyquistDropped; }
    /// StftParams in the producer's terms (winOffset as the producer placed it; center = pad > 0).
    StftParams producerParams() const;
    /// PhaseLab's equivalent parameters (pad n_fft/2 or none), see Framing::phaselabParams().
    StftParams phaselabParams() const { return framing.phaselabParams(); }
    /// One line, e.g. "raw float32 little frames_by_bins 513x431 | hann 1024/1024/256 ... | linear, rad".
    std::string summary() const;
};

} // namespace phaselab
