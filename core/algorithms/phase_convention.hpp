// SPDX-License-Identifier: GPL-3.0-or-later
// Phase conventions: PhaseLab's STFT measures phase from the frame start (torch.stft), while the
// phase-gradient relations used by PGHI and the phase locking of SPSI are simplest with phase
// measured from the window centre c (the "time-invariant" convention of Průša et al.):
//   X_framestart[k, m] = exp(-2 pi i m c / n_fft) X_centre[k, m],
// where c is the window's centre of symmetry inside the n_fft frame (win_offset + W/2 for a
// periodic window, win_offset + (W-1)/2 for a symmetric one). Also: the deterministic uniform
// random phases every method shares (same seed, same phases, on every platform and thread count).
#pragma once

#include "core/base/signal.hpp"
#include "core/dsp/stft_params.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>

namespace phaselab {

/// Window centre inside the n_fft frame, in samples (params resolved).
inline double windowCentre(const StftParams& params)
{
    const StftParams p = params.resolved();
    return p.winOffset + (p.window.periodic ? p.winLength / 2.0 : (p.winLength - 1) / 2.0);
}

/// Phase to add to a centre-referenced phase of bin m to get the frame-start one.
inline double centreToFrameStart(int bin, int nFft, double centre)
{
    return -2.0 * std::numbers::pi * bin * centre / nFft;
}

/// x wrapped to (-pi, pi].
inline double wrapPhase(double x)
{
    constexpr double twoPi = 2.0 * std::numbers::pi;
    x = std::fmod(x, twoPi);
    if (x > std::numbers::pi)
        x -= twoPi;
    else if (x <= -std::numbers::pi)
        x += twoPi;
    return x;
}

/// Uniform phase in [0, 2 pi) for element `index` of stream `seed` (SplitMix64 of seed and index).
inline double uniformPhase(std::uint64_t seed, std::uint64_t index)
{
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + index + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (2.0 * std::numbers::pi / 9007199254740992.0);
}

} // namespace phaselab
