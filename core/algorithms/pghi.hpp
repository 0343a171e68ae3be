// SPDX-License-Identifier: GPL-3.0-or-later
// PGHI, phase gradient heap integration: Průša, Balazs & Søndergaard, "A noniterative method for
// reconstruction of phase from STFT magnitude", IEEE/ACM TASLP 25(5), 2017.
// For a Gaussian window exp(-pi t^2 / lambda) (t in samples) and phase measured from the window
// centre, with s = log|X|, x in samples and omega in cycles per sample:
//   dphi/dx     = 2 pi omega + (1/lambda) ds/domega    (instantaneous frequency, rad/sample)
//   dphi/domega = -lambda ds/dx                         (rad per cycle/sample)
// Derivatives are centred differences on the (hop, 1/n_fft) grid; the phase is integrated with the
// trapezoid rule from the largest coefficient outwards (a max-heap), islands starting at phase 0;
// first over the bins above 1e-1 of the maximum, then above `tolerance`; bins below get uniform
// random phase. The result is converted to PhaseLab's frame-start convention (phase_convention.hpp).
// Other windows use a Gaussian-equivalent lambda = C win_length^2 (Průša's C for Hann 0.25645,
// Hamming 0.29794, Blackman 0.17954, sqrt-Hann/sine 0.41532, Bartlett 0.27561; exact for gauss;
// a least-squares Gaussian fit to the window's shape for the rest).
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

#include <atomic>
#include <cstdint>

namespace phaselab {

struct PghiOptions {
    double tolerance = 1e-10;   ///< relative to the largest magnitude
    bool twoPass = true;        ///< first integrate the bins above 1e-1 of the maximum (phaseret)
    double lambda = 0.0;        ///< Gaussian time-frequency constant in samples^2; 0: from the window
    std::uint64_t seed = 0;     ///< random phase of the bins below tolerance
};

/// The Gaussian-equivalent lambda (samples^2) of the parameters' window.
double pghiLambda(const StftParams& params);

/// Phase (frame-major, radians, frame-start convention) for the magnitude. Throws Cancelled when
/// `cancel` is set (checked every few thousand bins).
RealMatrix pghiPhase(const RealMatrix& magnitude, const StftParams& params, const PghiOptions& options = {},
                     const std::atomic<bool>* cancel = nullptr);

} // namespace phaselab
