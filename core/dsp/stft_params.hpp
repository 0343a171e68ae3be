// SPDX-License-Identifier: GPL-3.0-or-later
// STFT parameters with the phaselab-cli conventions (torch.stft's): n_fft-point frames starting at
// k * hop in the padded signal; a window of win_length samples placed at win_offset inside the
// frame (default centred, (n_fft - win_length) / 2, as torch; 0 as scipy/numpy/Octave); centring
// pads n_fft/2 samples each side (reflect by default, or zeros). Units: samples.
#pragma once

#include "core/dsp/window.hpp"

#include <cstdint>
#include <string>

namespace phaselab {

enum class PadMode { Reflect, Constant };

std::string padModeName(PadMode mode);
PadMode parsePadMode(const std::string& text); ///< "reflect" | "constant" ("zeros" accepted); throws InputError

struct StftParams {
    int nFft = 2048;
    int winLength = 0;  ///< 0: n_fft
    int winOffset = -1; ///< -1: centred, (n_fft - win_length) / 2
    int hop = 0;        ///< 0: win_length / 4
    WindowSpec window;
    bool center = true;
    PadMode padMode = PadMode::Reflect;

    int bins() const { return nFft / 2 + 1; }
    /// A copy with the defaults (0 / -1) replaced by their values. Does not validate.
    StftParams resolved() const;
    /// Throws InputError with an actionable message for an unusable combination (n_fft < 2,
    /// win_length outside [1, n_fft], offset outside the frame, hop < 1 or > win_length, and
    /// window/hop pairs that violate NOLA).
    void validate() const;
    /// Padding added before the first frame (n_fft / 2 when centred, else 0).
    int padding() const { return center ? resolved().nFft / 2 : 0; }
    /// Frames the STFT of a signal of `length` samples has (0 if it has none).
    std::int64_t frameCount(std::int64_t length) const;
    /// The signal length an ISTFT of `frames` frames gives by default (torch.istft's).
    std::int64_t defaultSignalLength(std::int64_t frames) const;
    /// One line for humans, e.g. "hann 1024/1024/256 centred (reflect)".
    std::string describe() const;

    bool operator==(const StftParams&) const = default;
};

/// The analysis window of n_fft samples: the win_length window at win_offset, zeros elsewhere.
std::vector<float> frameWindow(const StftParams& params);

/// True when sum_k w^2[n + k*hop] > 0 for every n (scipy's check_NOLA with a tiny tolerance):
/// the condition under which least-squares overlap-add inverts the STFT.
bool satisfiesNola(const StftParams& params);

} // namespace phaselab
