// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/guess/guess_report.hpp"

#include "core/base/error.hpp"
#include "core/guess/consistency.hpp"
#include "core/guess/number_text.hpp"
#include "core/guess/window_candidates.hpp"
#include "core/io/png_image.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/sha256.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

namespace phaselab {
namespace {

std::string escaped(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
            // Control characters are not allowed in XML 1.0 text.
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t')
                out += c;
        }
    }
    return out;
}

std::string base64(const std::vector<std::uint8_t>& bytes)
{
    static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::uint32_t chunk = static_cast<std::uint32_t>(bytes[i]) << 16 |
                                    (i + 1 < bytes.size() ? static_cast<std::uint32_t>(bytes[i + 1]) << 8 : 0u) |
                                    (i + 2 < bytes.size() ? static_cast<std::uint32_t>(bytes[i + 2]) : 0u);
        out += digits[(chunk >> 18) & 63];
        out += digits[(chunk >> 12) & 63];
        out += i + 1 < bytes.size() ? digits[(chunk >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? digits[chunk & 63] : '=';
    }
    return out;
}

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

/// Black - purple - orange - pale yellow, for t in [0, 1].
void colour(double t, std::uint8_t* rgb)
{
    static const double stops[][3] = {{0, 0, 4}, {80, 18, 123}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}};
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, static_cast<int>(t));
    const double f = t - i;
    for (int c = 0; c < 3; ++c)
        rgb[c] = static_cast<std::uint8_t>(std::lround(stops[i][c] + f * (stops[i + 1][c] - stops[i][c])));
}

/// The magnitude in dB (80 dB range under the peak) as a PNG, low bins at the bottom; at most
/// 900 x 300 pixels, each the loudest value it covers.
std::string magnitudePicture(const ComplexMatrix& coefficients)
{
    const int frames = coefficients.frames, bins = coefficients.bins;
    const int width = std::min(frames, 900), height = std::min(bins, 300);
    double peak = 0.0;
    for (const auto& v : coefficients.values)
        peak = std::max(peak, static_cast<double>(std::abs(v)));
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (int x = 0; x < width; ++x) {
        const int t0 = static_cast<int>(static_cast<long long>(x) * frames / width);
        const int t1 = std::max(t0 + 1, static_cast<int>(static_cast<long long>(x + 1) * frames / width));
        for (int y = 0; y < height; ++y) {
            const int k0 = static_cast<int>(static_cast<long long>(y) * bins / height);
            const int k1 = std::max(k0 + 1, static_cast<int>(static_cast<long long>(y + 1) * bins / height));
            double value = 0.0;
            for (int t = t0; t < t1; ++t)
                for (int k = k0; k < k1; ++k)
                    value = std::max(value, static_cast<double>(std::abs(coefficients.at(t, k))));
            const double db = peak > 0.0 && value > 0.0 ? 20.0 * std::log10(value / peak) : -300.0;
            colour((db + 80.0) / 80.0, &rgb[(static_cast<std::size_t>(height - 1 - y) * width + x) * 3]);
        }
    }
    return "<img alt=\"magnitude under the best reading\" width=\"" + std::to_string(width) + "\" height=\"" +
           std::to_string(height) + "\" src=\"data:image/png;base64," + base64(encodePng(width, height, rgb)) + "\"/>";
}

struct Point {
    double x;
    double y;
    std::string label;
    bool chosen;
};

/// A line plot (labels empty) or a horizontal bar chart (labels given) as inline SVG.
std::string svgPlot(const std::vector<Point>& points, const std::string& title, const std::string& xLabel, bool bars)
{
    const int width = 640, height = bars ? 24 * static_cast<int>(points.size()) + 40 : 260;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                      std::to_string(height) + "\" role=\"img\"><title>" + escaped(title) + "</title>";
    if (points.empty())
        return svg + "</svg>";
    double low = 0.0, high = -1e300, xLow = 1e300, xHigh = -1e300;
    for (const auto& p : points) {
        low = std::min(low, p.y);
        high = std::max(high, p.y);
        xLow = std::min(xLow, p.x);
        xHigh = std::max(xHigh, p.x);
    }
    high = std::max(high, low + 1.0);
    if (bars) {
        // dB below zero: longer bars are more consistent.
        const double left = 190.0, span = width - left - 60.0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            const double length = low < 0.0 ? span * p.y / low : 0.0;
            const double y = 20.0 + 24.0 * static_cast<double>(i);
            svg += "<text x=\"4\" y=\"" + fixedText(y + 14, 0) + "\" font-size=\"12\">" + escaped(p.label) + "</text>";
            svg += "<rect x=\"" + fixedText(left, 0) + "\" y=\"" + fixedText(y, 0) + "\" width=\"" + fixedText(std::max(length, 1.0), 1) +
                   "\" height=\"18\" fill=\"" + (p.chosen ? "#b7377a" : "#8a8a8a") + "\"/>";
            svg += "<text x=\"" + fixedText(left + std::max(length, 1.0) + 4, 0) + "\" y=\"" + fixedText(y + 14, 0) +
                   "\" font-size=\"12\">" + fixedText(p.y, 1) + " dB</text>";
        }
        svg += "<text x=\"4\" y=\"14\" font-size=\"12\">" + escaped(xLabel) + "</text>";
        return svg + "</svg>";
    }
    const double left = 50, right = width - 10, top = 10, bottom = height - 40;
    const auto px = [&](double x) { return xHigh > xLow ? left + (x - xLow) / (xHigh - xLow) * (right - left) : (left + right) / 2; };
    const auto py = [&](double y) { return top + (high - y) / (high - low) * (bottom - top); };
    svg += "<rect x=\"" + fixedText(left, 0) + "\" y=\"" + fixedText(top, 0) + "\" width=\"" + fixedText(right - left, 0) +
           "\" height=\"" + fixedText(bottom - top, 0) + "\" fill=\"none\" stroke=\"#999\"/>";
    std::string line;
    for (const auto& p : points)
        line += fixedText(px(p.x), 1) + "," + fixedText(py(p.y), 1) + " ";
    svg += "<polyline fill=\"none\" stroke=\"#50127b\" stroke-width=\"1.5\" points=\"" + line + "\"/>";
    for (const auto& p : points)
        if (p.chosen)
            svg += "<circle cx=\"" + fixedText(px(p.x), 1) + "\" cy=\"" + fixedText(py(p.y), 1) + "\" r=\"4\" fill=\"#b7377a\"/>";
    svg += "<text x=\"" + fixedText(left, 0) + "\" y=\"" + fixedText(bottom + 16, 0) + "\" font-size=\"12\">" + fixedText(xLow, 0) +
           "</text><text x=\"" + fixedText(right - 30, 0) + "\" y=\"" + fixedText(bottom + 16, 0) + "\" font-size=\"12\">" +
           fixedText(xHigh, 0) + "</text><text x=\"" + fixedText((left + right) / 2 - 60, 0) + "\" y=\"" +
           fixedText(bottom + 32, 0) + "\" font-size=\"12\">" + escaped(xLabel) + "</text>";
    svg += "<text x=\"2\" y=\"" + fixedText(top + 10, 0) + "\" font-size=\"11\">" + fixedText(high, 0) + " dB</text><text x=\"2\" y=\"" +
           fixedText(bottom, 0) + "\" font-size=\"11\">" + fixedText(low, 0) + " dB</text>";
    return svg + "</svg>";
}

std::string pictures(const GuessInput& input, const Candidate& best, int threads)
{
    std::string html;
    LoadedCandidate loaded;
    try {
        loaded = loadCandidate(input, best);
    } catch (const std::exception& error) {
        return "<p>The data could not be loaded under the best reading: " + escaped(error.what()) + "</p>";
    }
    const ComplexMatrix& coefficients = loaded.spectrogram.coefficients;
    html += "<h3>Magnitude under the best reading</h3><p>" + escaped(best.summary()) +
            "; dB, 80 dB range, time to the right, frequency up.</p>" + magnitudePicture(coefficients);
    if (!loaded.hasPhase) {
        html += "<p>No phase was given: consistency cannot be measured, so there are no consistency plots, and the "
                "framing's origin (centring, padding) cannot be known.</p>";
        return html;
    }
    WorkerPool pool(threads);
    // The loaded coefficients are in PhaseLab's conventions: the same framing, window moved to
    // PhaseLab's offset, no padding (an interior block does not see it).
    Framing framing = best.framing;
    framing.winOffset = best.phaselabParams().winOffset;
    framing.pad = 0;
    const int block = consistencyBlockFrames(framing.nFft, framing.hop, coefficients.frames);
    const int first = loudestBlock(coefficients, block);
    const int compared = best.nyquistDropped() ? std::max(2, framing.nFft / 2 - 8) : 0;
    std::vector<Point> hops;
    const int from = std::max(1, framing.hop / 2), to = std::min(framing.winLength, framing.hop * 2);
    const int stride = std::max(1, (to - from) / 48);
    for (int hop = from; hop <= to; hop += stride) {
        Framing other = framing;
        other.hop = hop;
        hops.push_back({static_cast<double>(hop), consistencyDb(coefficients, first, block, other, pool, compared), "", false});
    }
    if (std::none_of(hops.begin(), hops.end(), [&](const Point& p) { return static_cast<int>(p.x) == framing.hop; })) {
        hops.push_back({static_cast<double>(framing.hop), consistencyDb(coefficients, first, block, framing, pool, compared), "", false});
        std::sort(hops.begin(), hops.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
    }
    for (auto& p : hops)
        p.chosen = static_cast<int>(p.x) == framing.hop;
    html += "<h3>Consistency against hop</h3><p>Frames " + std::to_string(first) + " to " + std::to_string(first + block - 1) +
            " with the best reading's window; the dot marks hop " + std::to_string(framing.hop) +
            ". Lower is more consistent; the made framing sits at the data's precision.</p>" +
            svgPlot(hops, "consistency against hop", "hop (samples)", false);
    std::vector<Point> windows;
    for (const auto& candidate : windowCandidates()) {
        Framing other = framing;
        other.window = candidate.window;
        const bool chosen = candidate.window.type == framing.window.type && candidate.window.periodic == framing.window.periodic;
        if (chosen)
            other.window = framing.window;
        windows.push_back({0.0, consistencyDb(coefficients, first, block, other, pool, compared),
                           other.window.toString() + " " + std::to_string(other.winLength), chosen});
    }
    html += "<h3>Consistency against window</h3><p>The same frames, hop and placement; the coloured bar is the best "
            "reading's window.</p>" +
            svgPlot(windows, "consistency against window", "consistency (dB, longer bar = more consistent)", true);
    return html;
}

} // namespace

std::string guessReportHtml(const GuessInput& input, const GuessResult& result, const GuessReportContext& context, int threads)
{
    std::string html =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
        "<head><meta charset=\"UTF-8\"/><title>PhaseLab guess report</title><style>"
        "body{font-family:sans-serif;max-width:1000px;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
        "code{font-size:90%}.refused{color:#a00;font-weight:bold}</style></head>\n<body>\n"
        "<h1>PhaseLab guess report</h1>\n";
    html += "<table><tr><th>program</th><td>PhaseLab " + escaped(PHASELAB_VERSION) + "</td></tr><tr><th>command line</th><td><code>" +
            escaped(context.commandLine) + "</code></td></tr><tr><th>date (UTC)</th><td>" +
            escaped(context.date.empty() ? utcNow() : context.date) + "</td></tr><tr><th>guessing took</th><td>" +
            fixedText(result.seconds, 2) + " s</td></tr></table>\n";

    html += "<h2>Inputs</h2>\n<table><tr><th>role</th><th>path</th><th>size (bytes)</th><th>SHA-256</th></tr>";
    std::vector<std::pair<std::string, std::string>> files = {{"magnitude", input.magnitudePath}};
    if (!input.phasePath.empty() && input.phasePath != input.magnitudePath)
        files.emplace_back("phase", input.phasePath);
    for (const auto& [role, path] : files) {
        std::error_code error;
        const auto size = std::filesystem::file_size(path, error);
        if (error)
            throw InputError("cannot read '" + path + "' for the report: " + error.message());
        html += "<tr><td>" + role + "</td><td><code>" + escaped(std::filesystem::absolute(path).string()) + "</code></td><td>" +
                std::to_string(size) + "</td><td><code class=\"sha256\">" + fileSha256(path) + "</code></td></tr>";
    }
    html += "</table>\n";
    std::string given;
    if (input.sampleRate > 0)
        given += "sample rate " + fixedText(input.sampleRate, 0) + " Hz; ";
    if (input.signalLength > 0)
        given += "signal length " + std::to_string(input.signalLength) + " samples; ";
    html += "<p>Given alongside: " + escaped(given.empty() ? "nothing (no sample rate, no signal length)" : given) + "</p>\n";

    html += "<h2>Verdict</h2>\n<p" + std::string(result.looksLikeSpectrogram ? "" : " class=\"refused\"") + ">" +
            (result.looksLikeSpectrogram ? "" : "The guesser gives up: ") + escaped(result.verdict) + "</p>\n";

    html += "<h2>What the evidence cannot tell apart</h2>\n";
    if (result.ambiguities.empty())
        html += "<p>Nothing: the best candidate leads clearly on every field the guesser reports.</p>\n";
    else {
        html += "<ul>";
        for (const auto& sentence : result.ambiguities)
            html += "<li>" + escaped(sentence) + "</li>";
        html += "</ul>\n";
    }

    html += "<h2>Candidates</h2>\n";
    if (result.candidates.empty())
        html += "<p>None: no reading was worth a framing search.</p>\n";
    else {
        html += "<table><tr><th>rank</th><th>score</th><th>reading</th><th>consistency</th></tr>";
        for (const auto& candidate : result.candidates)
            html += "<tr><td>" + std::to_string(candidate.rank) + "</td><td>" + fixedText(candidate.score, 3) + "</td><td>" +
                    escaped(candidate.summary()) + "</td><td>" +
                    (std::isnan(candidate.consistencyDb) ? std::string("-") : fixedText(candidate.consistencyDb, 1) + " dB") +
                    "</td></tr>";
        html += "</table>\n";
        for (const auto& candidate : result.candidates) {
            html += "<h3>Evidence for rank " + std::to_string(candidate.rank) + "</h3><ul>";
            for (const auto& sentence : candidate.evidence)
                html += "<li>" + escaped(sentence) + "</li>";
            html += "</ul>\n";
        }
        html += "<h2>Pictures</h2>\n" + pictures(input, result.candidates.front(), threads) + "\n";
    }
    html += "</body>\n</html>\n";
    return html;
}

void writeGuessReport(const std::string& path, const GuessInput& input, const GuessResult& result,
                      const GuessReportContext& context, int threads)
{
    refuseOverwritingInput(path, {input.magnitudePath, input.phasePath});
    const std::string html = guessReportHtml(input, result, context, threads);
    AtomicFile out(path);
    out.write(html.data(), html.size());
    out.commit();
}

} // namespace phaselab
