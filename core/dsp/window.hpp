// SPDX-License-Identifier: GPL-3.0-or-later
// Analysis/synthesis windows, named as in the phaselab-cli SPEC (docs: ../shared/CLI.md).
// Conventions follow scipy.signal.get_window: "periodic" (DFT-even, the default, as scipy and
// torch) is the first W samples of the symmetric window of length W+1. Exceptions, as CLI.md
// defines them: `sine` is sin(pi (n + 1/2) / W) in both forms (scipy's cosine(W, sym=True), the
// MDCT window), and `sqrt-hann` is the square root of the Hann window of the same form (periodic:
// sin(pi n / W)). `gauss:SIGMA` takes SIGMA as a fraction of W (std = SIGMA * W); `kaiser:BETA`
// takes scipy's beta. Values are computed in double and returned as float.
#pragma once

#include <string>
#include <vector>

namespace phaselab {

enum class WindowType { Hann, Hamming, Blackman, BlackmanHarris, Bartlett, Rect, Sine, SqrtHann, Kaiser, Gauss };

struct WindowSpec {
    WindowType type = WindowType::Hann;
    bool periodic = true;
    double parameter = 0.0; ///< Kaiser beta or Gaussian sigma (fraction of the length); unused otherwise

    /// Parses "hann", "kaiser:8", "hamming,symmetric", "gauss:0.125,periodic"; throws InputError.
    static WindowSpec parse(const std::string& spec);
    /// Canonical SPEC text, e.g. "kaiser:8,symmetric" (periodic is omitted as the default).
    std::string toString() const;
    /// The bare name: "hann", "kaiser", ...
    std::string name() const;
    bool hasParameter() const { return type == WindowType::Kaiser || type == WindowType::Gauss; }

    bool operator==(const WindowSpec&) const = default;
};

/// Every window name the SPEC accepts, in a stable order (for menus, help texts, the guesser).
const std::vector<std::string>& windowNames();

/// The window's `length` samples; throws InputError for length < 1 or a bad parameter.
std::vector<float> makeWindow(const WindowSpec& spec, int length);

} // namespace phaselab
