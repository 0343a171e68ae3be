// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/dsp/window.hpp"

#include "core/base/error.hpp"

#include <cmath>
#include <cstdlib>
#include <numbers>

namespace phaselab {
namespace {

struct NamedType {
    const char* name;
    WindowType type;
};

constexpr NamedType kNames[] = {
    {"hann", WindowType::Hann},           {"hamming", WindowType::Hamming},
    {"blackman", WindowType::Blackman},   {"blackman-harris", WindowType::BlackmanHarris},
    {"bartlett", WindowType::Bartlett},   {"rect", WindowType::Rect},
    {"sine", WindowType::Sine},           {"sqrt-hann", WindowType::SqrtHann},
    {"kaiser", WindowType::Kaiser},       {"gauss", WindowType::Gauss},
};

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Zeroth-order modified Bessel function of the first kind, by its power series (converges for
// every argument; Kaiser betas of interest are below 50).
double besselI0(double x)
{
    double sum = 1.0, term = 1.0;
    const double quarterSquare = x * x / 4.0;
    for (int k = 1; k < 500; ++k) {
        term *= quarterSquare / (static_cast<double>(k) * k);
        sum += term;
        if (term < sum * 1e-17)
            break;
    }
    return sum;
}

// Symmetric window of length M (M >= 1), in double, scipy's definitions.
std::vector<double> symmetricWindow(const WindowSpec& spec, int M)
{
    std::vector<double> w(static_cast<std::size_t>(M), 1.0);
    if (M == 1)
        return w;
    const double pi = std::numbers::pi;
    const double denominator = M - 1;
    auto generalCosine = [&](std::initializer_list<double> coefficients) {
        for (int n = 0; n < M; ++n) {
            const double phase = 2.0 * pi * n / denominator;
            double value = 0.0, sign = 1.0;
            int k = 0;
            for (double a : coefficients) {
                value += sign * a * std::cos(k * phase);
                sign = -sign;
                ++k;
            }
            w[static_cast<std::size_t>(n)] = value;
        }
    };
    switch (spec.type) {
    case WindowType::Hann:
    case WindowType::SqrtHann:
        generalCosine({0.5, 0.5});
        if (spec.type == WindowType::SqrtHann)
            for (auto& v : w)
                v = std::sqrt(std::max(0.0, v));
        break;
    case WindowType::Hamming: generalCosine({0.54, 0.46}); break;
    case WindowType::Blackman: generalCosine({0.42, 0.5, 0.08}); break;
    case WindowType::BlackmanHarris: generalCosine({0.35875, 0.48829, 0.14128, 0.01168}); break;
    case WindowType::Bartlett:
        for (int n = 0; n < M; ++n)
            w[static_cast<std::size_t>(n)] = 2.0 / denominator * (denominator / 2.0 - std::abs(n - denominator / 2.0));
        break;
    case WindowType::Rect: break;
    case WindowType::Sine: // handled by the caller: one formula for both forms
        break;
    case WindowType::Kaiser: {
        const double beta = spec.parameter;
        const double norm = besselI0(beta);
        for (int n = 0; n < M; ++n) {
            const double ratio = 2.0 * n / denominator - 1.0;
            w[static_cast<std::size_t>(n)] = besselI0(beta * std::sqrt(std::max(0.0, 1.0 - ratio * ratio))) / norm;
        }
        break;
    }
    case WindowType::Gauss:
        break; // handled by the caller: its width is a fraction of the requested length
    }
    return w;
}

} // namespace

const std::vector<std::string>& windowNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> result;
        for (const auto& entry : kNames)
            result.emplace_back(entry.name);
        return result;
    }();
    return names;
}

std::string WindowSpec::name() const
{
    for (const auto& entry : kNames)
        if (entry.type == type)
            return entry.name;
    return "unknown";
}

std::string WindowSpec::toString() const
{
    std::string text = name();
    if (hasParameter()) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, ":%g", parameter);
        text += buffer;
    }
    if (!periodic)
        text += ",symmetric";
    return text;
}

WindowSpec WindowSpec::parse(const std::string& specText)
{
    const std::string listOfNames =
        "hann, hamming, blackman, blackman-harris, bartlett, rect, sine, sqrt-hann, kaiser:BETA, gauss:SIGMA";
    WindowSpec spec;
    std::string text = trim(specText);
    const auto comma = text.find(',');
    if (comma != std::string::npos) {
        const std::string form = trim(text.substr(comma + 1));
        text = trim(text.substr(0, comma));
        if (form == "symmetric")
            spec.periodic = false;
        else if (form == "periodic")
            spec.periodic = true;
        else
            throw InputError("window '" + specText + "': the suffix after ',' must be 'symmetric' or 'periodic'");
    }
    std::string name = text;
    std::string parameterText;
    const auto colon = text.find(':');
    if (colon != std::string::npos) {
        name = trim(text.substr(0, colon));
        parameterText = trim(text.substr(colon + 1));
    }
    if (name == "hanning")
        name = "hann";
    else if (name == "boxcar" || name == "rectangular")
        name = "rect";
    else if (name == "gaussian")
        name = "gauss";
    bool found = false;
    for (const auto& entry : kNames)
        if (name == entry.name) {
            spec.type = entry.type;
            found = true;
        }
    if (!found)
        throw InputError("unknown window '" + specText + "': use one of " + listOfNames);
    if (spec.hasParameter()) {
        if (parameterText.empty())
            throw InputError("window '" + specText + "' needs a parameter, e.g. " +
                             (spec.type == WindowType::Kaiser ? "kaiser:8" : "gauss:0.125"));
        char* end = nullptr;
        spec.parameter = std::strtod(parameterText.c_str(), &end);
        if (end == parameterText.c_str() || *end != '\0' || !std::isfinite(spec.parameter))
            throw InputError("window '" + specText + "': '" + parameterText + "' is not a number");
        if (spec.type == WindowType::Kaiser && (spec.parameter < 0 || spec.parameter > 100))
            throw InputError("window '" + specText + "': Kaiser beta must be in [0, 100]");
        if (spec.type == WindowType::Gauss && !(spec.parameter > 0 && spec.parameter <= 10))
            throw InputError("window '" + specText + "': Gaussian sigma (a fraction of the length) must be in (0, 10]");
    } else if (!parameterText.empty()) {
        throw InputError("window '" + specText + "' takes no parameter");
    }
    return spec;
}

std::vector<float> makeWindow(const WindowSpec& spec, int length)
{
    if (length < 1)
        throw InputError("window length " + std::to_string(length) + " must be at least 1");
    if (length == 1)
        return {1.0f}; // scipy's convention for every window of one sample
    std::vector<double> values;
    if (spec.type == WindowType::Sine) {
        values.resize(static_cast<std::size_t>(length));
        for (int n = 0; n < length; ++n)
            values[static_cast<std::size_t>(n)] = std::sin(std::numbers::pi * (n + 0.5) / length);
    } else {
        const int symmetricLength = spec.periodic ? length + 1 : length;
        if (spec.type == WindowType::Gauss) {
            values.resize(static_cast<std::size_t>(symmetricLength));
            const double std = spec.parameter * length;
            const double centre = (symmetricLength - 1) / 2.0;
            for (int n = 0; n < symmetricLength; ++n) {
                const double z = (n - centre) / std;
                values[static_cast<std::size_t>(n)] = std::exp(-0.5 * z * z);
            }
        } else {
            values = symmetricWindow(spec, symmetricLength);
        }
        values.resize(static_cast<std::size_t>(length));
    }
    return {values.begin(), values.end()};
}

} // namespace phaselab
