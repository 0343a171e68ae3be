// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/render/spectrogram_grid.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

namespace phaselab::ui {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr float kPowerFloor = 1e-20f; // -200 dB: the floor of the dB scale (storage_spec.hpp's)

double wrapPhase(double angle)
{
    return angle - 2.0 * kPi * std::floor((angle + kPi) / (2.0 * kPi));
}

float scaledMagnitude(float power, MagnitudeScale scale)
{
    switch (scale) {
    case MagnitudeScale::Linear: return std::sqrt(power);
    case MagnitudeScale::Power: return power;
    case MagnitudeScale::Db: break;
    }
    return 10.0f * std::log10(std::max(power, kPowerFloor));
}

/// Where one display row takes its value from: a range of bins (pooled), or two neighbours.
struct RowSource {
    int binBegin = 0; ///< pooled: [binBegin, binEnd); interpolated: binBegin and binBegin + 1
    int binEnd = 0;
    float weight = 0.0f; ///< interpolated rows: weight of bin binBegin + 1
    bool pooled = true;
};

} // namespace

QString quantityName(SpectrogramQuantity quantity)
{
    switch (quantity) {
    case SpectrogramQuantity::Phase: return QStringLiteral("phase");
    case SpectrogramQuantity::InstantaneousFrequency: return QStringLiteral("if");
    case SpectrogramQuantity::GroupDelay: return QStringLiteral("group-delay");
    case SpectrogramQuantity::Magnitude: break;
    }
    return QStringLiteral("magnitude");
}

SpectrogramQuantity parseQuantity(const QString& name)
{
    if (name == QLatin1String("phase"))
        return SpectrogramQuantity::Phase;
    if (name == QLatin1String("if"))
        return SpectrogramQuantity::InstantaneousFrequency;
    if (name == QLatin1String("group-delay"))
        return SpectrogramQuantity::GroupDelay;
    return SpectrogramQuantity::Magnitude;
}

QString quantityLabel(SpectrogramQuantity quantity)
{
    switch (quantity) {
    case SpectrogramQuantity::Phase: return QStringLiteral("Phase");
    case SpectrogramQuantity::InstantaneousFrequency: return QStringLiteral("Instantaneous frequency");
    case SpectrogramQuantity::GroupDelay: return QStringLiteral("Group delay");
    case SpectrogramQuantity::Magnitude: break;
    }
    return QStringLiteral("Magnitude");
}

QString quantityAxisLabel(SpectrogramQuantity quantity, MagnitudeScale scale, PhaseUnit unit, bool rateKnown)
{
    switch (quantity) {
    case SpectrogramQuantity::Phase:
        return unit == PhaseUnit::Degrees ? QStringLiteral("Phase (deg)") : QStringLiteral("Phase (rad)");
    case SpectrogramQuantity::InstantaneousFrequency:
        return rateKnown ? QStringLiteral("IF deviation (Hz)") : QStringLiteral("IF deviation (f/fs)");
    case SpectrogramQuantity::GroupDelay:
        return rateKnown ? QStringLiteral("Group delay (ms)") : QStringLiteral("Group delay (samples)");
    case SpectrogramQuantity::Magnitude: break;
    }
    switch (scale) {
    case MagnitudeScale::Linear: return QStringLiteral("Magnitude |X|");
    case MagnitudeScale::Power: return QStringLiteral("Power |X|²");
    case MagnitudeScale::Db: break;
    }
    return QStringLiteral("Magnitude (dB)");
}

double effectiveSampleRate(const Spectrogram& spectrogram)
{
    return spectrogram.sampleRate > 0.0 ? spectrogram.sampleRate : 1.0;
}

double groupDelayUnitsPerSample(const Spectrogram& spectrogram)
{
    return spectrogram.sampleRate > 0.0 ? 1000.0 / spectrogram.sampleRate : 1.0;
}

double frameCentreSeconds(const Spectrogram& spectrogram, double frame)
{
    const StftParams& params = spectrogram.params;
    const double centreSample = frame * params.hop + params.nFft / 2.0 - params.padding();
    return centreSample / effectiveSampleRate(spectrogram);
}

int nearestFrame(const Spectrogram& spectrogram, double seconds)
{
    const StftParams& params = spectrogram.params;
    const double sample = seconds * effectiveSampleRate(spectrogram);
    const double frame = (sample - (params.nFft / 2.0 - params.padding())) / params.hop;
    if (!std::isfinite(frame))
        return 0;
    const double clamped = std::clamp(std::round(frame), 0.0, static_cast<double>(std::max(spectrogram.frames() - 1, 0)));
    return static_cast<int>(clamped);
}

double binFrequency(const Spectrogram& spectrogram, double bin)
{
    return bin * effectiveSampleRate(spectrogram) / spectrogram.params.nFft;
}

float cellValue(const Spectrogram& spectrogram, SpectrogramQuantity quantity, MagnitudeScale scale, PhaseUnit unit,
                int frame, int bin)
{
    const ComplexMatrix& x = spectrogram.coefficients;
    const std::complex<float> value = x.at(frame, bin);
    const double toUnit = unit == PhaseUnit::Degrees ? 180.0 / kPi : 1.0;
    switch (quantity) {
    case SpectrogramQuantity::Magnitude: return scaledMagnitude(std::norm(value), scale);
    case SpectrogramQuantity::Phase: return static_cast<float>(std::arg(value) * toUnit);
    case SpectrogramQuantity::InstantaneousFrequency: {
        // Phase advance over one hop minus the bin centre's, wrapped: deviation in cycles per hop.
        if (x.frames < 2)
            return 0.0f;
        const int previous = frame > 0 ? frame - 1 : frame;
        const int next = frame > 0 ? frame : frame + 1;
        const double hop = spectrogram.params.hop;
        const double expected = 2.0 * kPi * bin * hop / spectrogram.params.nFft;
        const double advance = std::arg(x.at(next, bin)) - std::arg(x.at(previous, bin));
        const double deviation = wrapPhase(advance - expected) / (2.0 * kPi * hop);
        return static_cast<float>(deviation * effectiveSampleRate(spectrogram));
    }
    case SpectrogramQuantity::GroupDelay: {
        // -d(phase)/d(omega) relative to the frame centre: a centred impulse gives 0.
        if (x.bins < 2)
            return 0.0f;
        const int lower = bin + 1 < x.bins ? bin : bin - 1;
        const double step = std::arg(x.at(frame, lower + 1)) - std::arg(x.at(frame, lower));
        const double samples = -wrapPhase(step + kPi) * spectrogram.params.nFft / (2.0 * kPi);
        return static_cast<float>(samples * groupDelayUnitsPerSample(spectrogram));
    }
    }
    return 0.0f;
}

namespace {

/// Frames: those whose centres fall in the time range (plus one each side), grouped so the
/// columns fit; groups start at multiples of the group size so neighbouring requests agree.
void placeColumns(const Spectrogram& spectrogram, const GridRequest& request, DisplayGrid& grid)
{
    const int frames = spectrogram.coefficients.frames;
    const StftParams& params = spectrogram.params;
    const double rate = effectiveSampleRate(spectrogram);
    const double offset = params.nFft / 2.0 - params.padding();
    auto frameAt = [&](double seconds) { return (seconds * rate - offset) / params.hop; };
    double beginFrame = std::isfinite(request.timeBegin) ? std::floor(frameAt(request.timeBegin)) - 1.0 : 0.0;
    double endFrame = std::isfinite(request.timeEnd) ? std::ceil(frameAt(request.timeEnd)) + 2.0 : frames;
    beginFrame = std::clamp(beginFrame, 0.0, static_cast<double>(frames - 1));
    endFrame = std::clamp(endFrame, beginFrame + 1.0, static_cast<double>(frames));
    int first = static_cast<int>(beginFrame);
    const int end = static_cast<int>(endFrame);
    const int maxColumns = std::max(1, request.maxColumns);
    const int group = std::max(1, (end - first + maxColumns - 1) / maxColumns);
    first = (first / group) * group;
    const int columns = (end - first + group - 1) / group;
    grid.firstFrame = first;
    grid.framesPerColumn = group;
    grid.frameEnd = end;
    grid.columns = columns;
    grid.firstKey = frameCentreSeconds(spectrogram, first + (group - 1) / 2.0);
    grid.lastKey = frameCentreSeconds(spectrogram, first + (columns - 1) * group + (group - 1) / 2.0);

}

/// Rows: one per bin when they fit on a linear axis, else equal steps of the warped frequency,
/// each pooling the bins it covers or, narrower than a bin, interpolating its two neighbours.
std::vector<RowSource> placeRows(const Spectrogram& spectrogram, const GridRequest& request, DisplayGrid& grid)
{
    const int bins = spectrogram.coefficients.bins;
    const StftParams& params = spectrogram.params;
    const double rate = effectiveSampleRate(spectrogram);
    const double binHz = rate / params.nFft;
    const int maxRows = std::max(2, request.maxRows);
    std::vector<RowSource> rows;
    if (request.frequencyScale == FrequencyScale::Linear && bins <= maxRows) {
        grid.rowPerBin = true;
        rows.resize(static_cast<std::size_t>(bins));
        for (int bin = 0; bin < bins; ++bin)
            rows[static_cast<std::size_t>(bin)] = RowSource{bin, bin + 1, 0.0f, true};
        grid.firstValue = 0.0;
        grid.lastValue = binFrequency(spectrogram, bins - 1);
    } else {
        const int rowCount = std::min(maxRows, std::max(bins, 2));
        const double low = warpFrequency(request.frequencyScale,
                                         std::max(lowestDisplayedFrequency(request.frequencyScale, rate, params.nFft), 0.0));
        const double high = warpFrequency(request.frequencyScale, binFrequency(spectrogram, bins - 1));
        const double step = (high - low) / rowCount;
        rows.resize(static_cast<std::size_t>(rowCount));
        for (int row = 0; row < rowCount; ++row) {
            const double lowHz = unwarpFrequency(request.frequencyScale, low + row * step) / binHz;
            const double highHz = unwarpFrequency(request.frequencyScale, low + (row + 1) * step) / binHz;
            const int binBegin = std::max(0, static_cast<int>(std::ceil(lowHz - 1e-9)));
            const int binEnd = std::min(bins, static_cast<int>(std::ceil(highHz - 1e-9)) + (row == rowCount - 1 ? 1 : 0));
            RowSource& source = rows[static_cast<std::size_t>(row)];
            if (binEnd > binBegin) {
                source = RowSource{binBegin, binEnd, 0.0f, true};
            } else {
                const double centre = std::clamp(unwarpFrequency(request.frequencyScale, low + (row + 0.5) * step) / binHz,
                                                 0.0, static_cast<double>(bins - 1));
                const int lower = std::min(static_cast<int>(std::floor(centre)), std::max(bins - 2, 0));
                source = RowSource{lower, std::min(lower + 1, bins - 1), static_cast<float>(centre - lower), false};
            }
        }
        grid.firstValue = low + 0.5 * step;
        grid.lastValue = low + (rowCount - 0.5) * step;
    }
    return rows;
}

} // namespace

DisplayGrid buildDisplayGrid(const Spectrogram& spectrogram, const GridRequest& request, const std::atomic<bool>* cancel)
{
    DisplayGrid grid;
    grid.request = request;
    const ComplexMatrix& x = spectrogram.coefficients;
    const int frames = x.frames;
    const int bins = x.bins;
    if (frames < 1 || bins < 1)
        return grid;
    placeColumns(spectrogram, request, grid);
    const int first = grid.firstFrame;
    const int group = grid.framesPerColumn;
    const int columns = grid.columns;
    const std::vector<RowSource> rows = placeRows(spectrogram, request, grid);
    grid.rows = static_cast<int>(rows.size());
    grid.values.assign(static_cast<std::size_t>(grid.rows) * columns, 0.0f);

    const bool magnitude = request.quantity == SpectrogramQuantity::Magnitude;
    const float maskPower = std::isfinite(request.maskBelowDb)
                                ? static_cast<float>(std::pow(10.0, request.maskBelowDb / 10.0))
                                : -1.0f;
    std::vector<float> peakPower(static_cast<std::size_t>(bins));
    std::vector<int> peakFrame(static_cast<std::size_t>(bins));
    float minimum = std::numeric_limits<float>::infinity();
    float maximum = -std::numeric_limits<float>::infinity();
    for (int column = 0; column < columns; ++column) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return DisplayGrid{};
        const int groupBegin = first + column * group;
        const int groupEnd = std::min(groupBegin + group, frames);
        // Per bin: the largest power in the group and the frame it is in.
        const std::complex<float>* row0 = x.frame(groupBegin);
        for (int bin = 0; bin < bins; ++bin) {
            peakPower[static_cast<std::size_t>(bin)] = std::norm(row0[bin]);
            peakFrame[static_cast<std::size_t>(bin)] = groupBegin;
        }
        for (int frame = groupBegin + 1; frame < groupEnd; ++frame) {
            const std::complex<float>* values = x.frame(frame);
            for (int bin = 0; bin < bins; ++bin) {
                const float power = std::norm(values[bin]);
                if (power > peakPower[static_cast<std::size_t>(bin)]) {
                    peakPower[static_cast<std::size_t>(bin)] = power;
                    peakFrame[static_cast<std::size_t>(bin)] = frame;
                }
            }
        }
        for (int row = 0; row < grid.rows; ++row) {
            const RowSource& source = rows[static_cast<std::size_t>(row)];
            float value = 0.0f;
            if (magnitude) {
                float power = 0.0f;
                if (source.pooled) {
                    for (int bin = source.binBegin; bin < source.binEnd; ++bin)
                        power = std::max(power, peakPower[static_cast<std::size_t>(bin)]);
                } else {
                    power = (1.0f - source.weight) * peakPower[static_cast<std::size_t>(source.binBegin)] +
                            source.weight * peakPower[static_cast<std::size_t>(source.binEnd)];
                }
                value = scaledMagnitude(power, request.magnitudeScale);
            } else {
                int bestBin = source.binBegin;
                if (source.pooled) {
                    for (int bin = source.binBegin + 1; bin < source.binEnd; ++bin)
                        if (peakPower[static_cast<std::size_t>(bin)] > peakPower[static_cast<std::size_t>(bestBin)])
                            bestBin = bin;
                } else if (source.weight >= 0.5f) {
                    bestBin = source.binEnd;
                }
                if (peakPower[static_cast<std::size_t>(bestBin)] < maskPower) {
                    value = std::numeric_limits<float>::quiet_NaN();
                } else {
                    value = cellValue(spectrogram, request.quantity, request.magnitudeScale, request.phaseUnit,
                                      peakFrame[static_cast<std::size_t>(bestBin)], bestBin);
                }
            }
            grid.values[static_cast<std::size_t>(row) * columns + column] = value;
            if (std::isfinite(value)) {
                minimum = std::min(minimum, value);
                maximum = std::max(maximum, value);
            }
        }
    }
    grid.minimum = std::isfinite(minimum) ? minimum : 0.0f;
    grid.maximum = std::isfinite(maximum) ? maximum : 0.0f;
    return grid;
}

} // namespace phaselab::ui
