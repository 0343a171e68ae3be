// SPDX-License-Identifier: GPL-3.0-or-later
// The windows the guesser considers, each with a prior: how often producers use it (scipy and
// torch default to periodic Hann; numpy's hanning/hamming and Octave's are symmetric). Kaiser
// and Gaussian windows carry a starting parameter that the search refines.
#pragma once

#include "core/dsp/window.hpp"

#include <vector>

namespace phaselab {

struct WindowCandidate {
    WindowSpec window;
    double prior = 0.0; ///< relative weight, the list sums to 1
};

/// Every window family in both forms (rect and sine once).
const std::vector<WindowCandidate>& windowCandidates();
/// The prior of a window (family and form; a Kaiser/Gauss parameter does not change it).
double windowPrior(const WindowSpec& window);

/// The full width (in bins of an n_fft = win_length DFT) of the main lobe between its first
/// zeros or minima, and the highest side lobe in dB: the shape a spectral peak takes.
struct WindowLobes {
    double mainLobeBins = 0.0;
    double sideLobeDb = 0.0;
};
WindowLobes windowLobes(const WindowSpec& window);

} // namespace phaselab
