// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/mel_value_scale.hpp"

#include "core/base/error.hpp"

#include <algorithm>
#include <cmath>

namespace phaselab {

std::string melValueScaleName(MelValueScale scale)
{
    switch (scale) {
    case MelValueScale::Linear: return "linear";
    case MelValueScale::Ln: return "ln";
    case MelValueScale::Log10: return "log10";
    case MelValueScale::Db: return "db";
    case MelValueScale::Whisper: return "whisper";
    }
    return "linear";
}

MelValueScale parseMelValueScale(const std::string& text)
{
    if (text == "linear")
        return MelValueScale::Linear;
    if (text == "ln")
        return MelValueScale::Ln;
    if (text == "log10")
        return MelValueScale::Log10;
    if (text == "db")
        return MelValueScale::Db;
    if (text == "whisper")
        return MelValueScale::Whisper;
    throw InputError("unknown mel value scale '" + text + "': use linear, ln, log10, db or whisper");
}

double decodeMelValue(double stored, MelValueScale scale, double power)
{
    switch (scale) {
    case MelValueScale::Linear: return stored;
    case MelValueScale::Ln: return std::exp(stored);
    case MelValueScale::Log10: return std::pow(10.0, stored);
    case MelValueScale::Db: return std::pow(10.0, stored * power / 20.0);
    case MelValueScale::Whisper: return std::pow(10.0, 4.0 * stored - 4.0);
    }
    return stored;
}

double encodeMelValue(double mel, MelValueScale scale, double power)
{
    switch (scale) {
    case MelValueScale::Linear: return mel;
    case MelValueScale::Ln: return std::log(mel);
    case MelValueScale::Log10: return std::log10(mel);
    case MelValueScale::Db: return 20.0 / power * std::log10(mel);
    case MelValueScale::Whisper: return (std::log10(mel) + 4.0) / 4.0;
    }
    return mel;
}

void decodeMelValues(RealMatrix& values, MelValueScale scale, double power)
{
    for (std::size_t i = 0; i < values.values.size(); ++i) {
        const double stored = values.values[i];
        const double decoded = decodeMelValue(stored, scale, power);
        const auto where = [&] {
            const std::size_t mels = static_cast<std::size_t>(values.bins);
            return " at mel " + std::to_string(i % mels) + ", frame " + std::to_string(i / mels);
        };
        if (scale == MelValueScale::Linear && stored < 0)
            throw InputError("a linear mel spectrogram holds a negative value (" + std::to_string(stored) + ")" + where()
                             + ": is it logarithmic (ln, log10, db or whisper)?");
        if (!std::isfinite(decoded) || decoded > 3.0e38)
            throw InputError("the " + melValueScaleName(scale) + " mel value " + std::to_string(stored) + where()
                             + " overflows: is the value scale right?");
        values.values[i] = static_cast<float>(decoded);
    }
}

double clampedFloor(const RealMatrix& decoded)
{
    if (decoded.values.empty())
        return 0.0;
    const float lowest = *std::min_element(decoded.values.begin(), decoded.values.end());
    if (!(lowest > 0))
        return 0.0;
    const float tolerance = lowest * 1e-5f;
    const auto atFloor = std::count_if(decoded.values.begin(), decoded.values.end(),
                                       [&](float v) { return v <= lowest + tolerance; });
    return static_cast<double>(atFloor) >= 0.002 * static_cast<double>(decoded.values.size()) ? lowest : 0.0;
}

} // namespace phaselab
