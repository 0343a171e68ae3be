// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/stft_params.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace phaselab {

std::string padModeName(PadMode mode)
{
    return mode == PadMode::Reflect ? "reflect" : "constant";
}

PadMode parsePadMode(const std::string& text)
{
    if (text == "reflect")
        return PadMode::Reflect;
    if (text == "constant" || text == "zeros" || text == "zero")
        return PadMode::Constant;
    throw InputError("unknown pad mode '" + text + "': use reflect or constant");
}

StftParams StftParams::resolved() const
{
    StftParams result = *this;
    if (result.winLength <= 0)
        result.winLength = result.nFft;
    if (result.winOffset < 0)
        result.winOffset = (result.nFft - result.winLength) / 2;
    if (result.hop <= 0)
        result.hop = std::max(1, result.winLength / 4);
    return result;
}

void StftParams::validate() const
{
    const StftParams p = resolved();
    const auto text = [](long long value) { return std::to_string(value); };
    if (p.nFft < 2)
        throw InputError("n_fft " + text(p.nFft) + " is too small: use at least 2 (e.g. `n_fft` 1024)");
    if (p.nFft > (1 << 24))
        throw InputError("n_fft " + text(p.nFft) + " is larger than PhaseLab supports (16777216)");
    if (winLength > nFft)
        throw InputError("window length " + text(winLength) + " is larger than n_fft " + text(p.nFft) +
                         ": use `win_length` <= `n_fft`");
    if (winOffset >= 0 && winOffset + p.winLength > p.nFft)
        throw InputError("window offset " + text(winOffset) + " puts the " + text(p.winLength) +
                         "-sample window outside the " + text(p.nFft) + "-sample frame: use an offset <= " +
                         text(p.nFft - p.winLength));
    if (hop < 0)
        throw InputError("hop " + text(hop) + " must be at least 1 sample");
    if (winLength < 0)
        throw InputError("window length " + text(winLength) + " must be at least 1 sample");
    if (p.hop > p.winLength)
        throw InputError("hop " + text(p.hop) + " is larger than the window (" + text(p.winLength) +
                         " samples): frames would leave gaps; use `hop` <= " + text(p.winLength));
    if (window.type == WindowType::Kaiser && !(window.parameter >= 0 && window.parameter <= 100))
        throw InputError("Kaiser beta must be in [0, 100]");
    if (window.type == WindowType::Gauss && !(window.parameter > 0 && window.parameter <= 10))
        throw InputError("Gaussian sigma must be in (0, 10] (a fraction of the window length)");
}

std::int64_t StftParams::frameCount(std::int64_t length) const
{
    const StftParams p = resolved();
    const std::int64_t padded = length + (center ? 2 * (p.nFft / 2) : 0);
    if (length <= 0 || padded < p.nFft)
        return 0;
    return 1 + (padded - p.nFft) / p.hop;
}

std::int64_t StftParams::defaultSignalLength(std::int64_t frames) const
{
    const StftParams p = resolved();
    if (frames <= 0)
        return 0;
    const std::int64_t covered = p.nFft + static_cast<std::int64_t>(p.hop) * (frames - 1);
    return center ? covered - 2 * (p.nFft / 2) : covered;
}

std::string StftParams::describe() const
{
    const StftParams p = resolved();
    std::string text = p.window.toString() + " " + std::to_string(p.nFft) + "/" + std::to_string(p.winLength) +
                       "/" + std::to_string(p.hop);
    if (p.winLength < p.nFft && p.winOffset != (p.nFft - p.winLength) / 2)
        text += " offset " + std::to_string(p.winOffset);
    text += center ? " centred (" + padModeName(padMode) + ")" : " not centred";
    return text;
}

std::vector<float> frameWindow(const StftParams& params)
{
    const StftParams p = params.resolved();
    p.validate();
    std::vector<float> full(static_cast<std::size_t>(p.nFft), 0.0f);
    const auto window = makeWindow(p.window, p.winLength);
    std::copy(window.begin(), window.end(), full.begin() + p.winOffset);
    return full;
}

bool satisfiesNola(const StftParams& params)
{
    const StftParams p = params.resolved();
    const auto window = frameWindow(p);
    double peak = 0.0;
    for (float value : window)
        peak = std::max(peak, static_cast<double>(value) * value);
    if (peak <= 0.0)
        return false;
    for (int phase = 0; phase < p.hop; ++phase) {
        double sum = 0.0;
        for (int n = phase; n < p.nFft; n += p.hop)
            sum += static_cast<double>(window[static_cast<std::size_t>(n)]) * window[static_cast<std::size_t>(n)];
        if (sum <= 1e-10 * peak)
            return false;
    }
    return true;
}

} // namespace phaselab
