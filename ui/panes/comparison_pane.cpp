// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panes/comparison_pane.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "ui/panes/spectrogram_view.hpp"


#include <algorithm>
#include <cmath>
#include <complex>

namespace phaselab::ui {
namespace {

struct Entry {
    ComparisonQuantity quantity;
    const char* name;
    const char* label;
};

constexpr Entry kEntries[] = {
    {ComparisonQuantity::Reconstruction, "reconstruction", "Reconstruction magnitude"},
    {ComparisonQuantity::Difference, "difference", "Magnitude error |X| − |X_ref|"},
    {ComparisonQuantity::PhaseError, "phase-error", "Phase error"},
    {ComparisonQuantity::PhaseErrorSign, "phase-error-sign", "Phase error, sign-corrected"},
    {ComparisonQuantity::PhaseErrorComponent, "phase-error-component", "Phase error, component-corrected"},
    {ComparisonQuantity::Phase, "phase", "Reconstruction phase"},
    {ComparisonQuantity::InstantaneousFrequency, "if", "Reconstruction instantaneous frequency"},
    {ComparisonQuantity::GroupDelay, "group-delay", "Reconstruction group delay"},
};

bool isPhaseError(ComparisonQuantity quantity)
{
    return quantity == ComparisonQuantity::PhaseError || quantity == ComparisonQuantity::PhaseErrorSign ||
           quantity == ComparisonQuantity::PhaseErrorComponent;
}

bool isPhaseLike(ComparisonQuantity quantity)
{
    return isPhaseError(quantity) || quantity == ComparisonQuantity::Phase ||
           quantity == ComparisonQuantity::InstantaneousFrequency || quantity == ComparisonQuantity::GroupDelay;
}

float peakOf(const RealMatrix& magnitude)
{
    float peak = 0.0f;
    for (float value : magnitude.values)
        peak = std::max(peak, value);
    return peak;
}

} // namespace

QString comparisonName(ComparisonQuantity quantity)
{
    for (const Entry& entry : kEntries)
        if (entry.quantity == quantity)
            return QString::fromLatin1(entry.name);
    return QStringLiteral("difference");
}

ComparisonQuantity parseComparison(const QString& name)
{
    for (const Entry& entry : kEntries)
        if (name == QLatin1String(entry.name))
            return entry.quantity;
    return ComparisonQuantity::Difference;
}

QString comparisonLabel(ComparisonQuantity quantity)
{
    for (const Entry& entry : kEntries)
        if (entry.quantity == quantity)
            return QString::fromUtf8(entry.label);
    return QString();
}

QList<ComparisonQuantity> comparisonQuantities()
{
    QList<ComparisonQuantity> out;
    for (const Entry& entry : kEntries)
        out.append(entry.quantity);
    return out;
}

bool needsReference(ComparisonQuantity quantity)
{
    return isPhaseError(quantity) || quantity == ComparisonQuantity::Difference;
}

ComparisonImage makeComparisonImage(const RunInputs& inputs, const std::shared_ptr<const Analysis>& reconstruction,
                                    ComparisonQuantity quantity)
{
    ComparisonImage image;
    switch (quantity) {
    case ComparisonQuantity::Reconstruction: image.quantity = SpectrogramQuantity::Magnitude; break;
    case ComparisonQuantity::Phase: image.quantity = SpectrogramQuantity::Phase; break;
    case ComparisonQuantity::InstantaneousFrequency: image.quantity = SpectrogramQuantity::InstantaneousFrequency; break;
    case ComparisonQuantity::GroupDelay: image.quantity = SpectrogramQuantity::GroupDelay; break;
    case ComparisonQuantity::Difference: image.quantity = SpectrogramQuantity::Magnitude; break;
    default: image.quantity = SpectrogramQuantity::Phase; break;
    }
    if (!needsReference(quantity)) {
        image.analysis = reconstruction;
        return image;
    }
    const ComplexMatrix& estimate = reconstruction->spectrogram.coefficients;
    auto derived = std::make_shared<Analysis>(*reconstruction);
    ComplexMatrix& out = derived->spectrogram.coefficients;
    if (quantity == ComparisonQuantity::Difference) {
        if (!inputs.magnitude)
            throw InputError("no original magnitude to compare with");
        const RealMatrix error = magnitudeErrorMap(estimate, *inputs.magnitude);
        for (std::size_t i = 0; i < out.values.size(); ++i)
            out.values[i] = {error.values[i], 0.0f};
        const float peak = peakOf(*inputs.magnitude);
        derived->peakPower = peak * peak;
    } else {
        if (!inputs.reference)
            throw InputError("the phase error needs a reference: open the audio itself (or load a reference)");
        const PhaseCorrection correction = quantity == ComparisonQuantity::PhaseErrorSign        ? PhaseCorrection::Sign
                                           : quantity == ComparisonQuantity::PhaseErrorComponent ? PhaseCorrection::Component
                                                                                                 : PhaseCorrection::None;
        const RealMatrix error = phaseErrorMap(estimate, *inputs.reference, correction);
        const RealMatrix& weight = inputs.reference->magnitude();
        for (std::size_t i = 0; i < out.values.size(); ++i)
            out.values[i] = std::isfinite(error.values[i]) ? std::polar(weight.values[i], error.values[i])
                                                           : std::complex<float>(0.0f, 0.0f);
        const float peak = peakOf(weight);
        derived->peakPower = peak * peak;
    }
    image.analysis = std::move(derived);
    return image;
}

ComparisonPane::ComparisonPane(SpectrogramView* view, QObject* parent) : QObject(parent), view_(view)
{
    connect(view_, &SpectrogramView::settled, this, [this]() {
        if (!pending())
            emit settled();
    });
    // The view names its own quantity; say what the map really is, just before each draw.
    connect(view_, &QCustomPlot::beforeReplot, this, [this]() {
        if (!hasImage_)
            return;
        view_->setTitle(titleText());
        if (isPhaseError(quantity_))
            view_->colorScale()->axis()->setLabel(display_.phaseUnit == PhaseUnit::Degrees ? QStringLiteral("Phase error (deg)")
                                                                                           : QStringLiteral("Phase error (rad)"));
        else if (quantity_ == ComparisonQuantity::Difference)
            view_->colorScale()->axis()->setLabel(QStringLiteral("Error (dB)"));
    });
    clear();
}

QString ComparisonPane::titleText() const
{
    return caption_.isEmpty() ? comparisonLabel(quantity_) : comparisonLabel(quantity_) + QStringLiteral(" · ") + caption_;
}

void ComparisonPane::setReconstruction(std::shared_ptr<const RunInputs> inputs, std::shared_ptr<const Analysis> reconstruction,
                                       const QString& caption)
{
    inputs_ = std::move(inputs);
    reconstruction_ = std::move(reconstruction);
    caption_ = caption;
    rebuild();
}

void ComparisonPane::clear()
{
    inputs_.reset();
    reconstruction_.reset();
    hasImage_ = false;
    image_ = {};
    view_->setTitle(QStringLiteral("Comparison"));
    view_->setPlaceholder(QStringLiteral("Run a reconstruction to compare it with the original here"), true);
    view_->replot(QCustomPlot::rpQueuedReplot);
}

void ComparisonPane::setSource(const std::shared_ptr<const Analysis>& source)
{
    if (source && !reconstruction_) {
        view_->setAxisLabelsFor(source->spectrogram);
        view_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void ComparisonPane::setQuantity(ComparisonQuantity quantity)
{
    if (quantity == quantity_)
        return;
    quantity_ = quantity;
    rebuild();
}

void ComparisonPane::setDisplay(const DisplaySettings& display)
{
    display_ = display;
    applyDisplay();
}

void ComparisonPane::setMaskBelowDb(double db)
{
    maskBelowDb_ = std::max(1.0, db);
    applyDisplay();
}

void ComparisonPane::applyDisplay()
{
    DisplaySettings settings = display_;
    if (isPhaseLike(quantity_)) {
        // Phase-like maps are masked at the view's dynamic range below the peak.
        settings.gainDb = 0.0;
        settings.rangeDb = maskBelowDb_;
    }
    settings.secondPane = view_->quantity();
    if (!(settings == view_->display()))
        view_->setDisplay(settings);
    // Hidden (masked) bins: mid grey, told apart from both the dark 0 and the light ±π of the
    // cyclic map; magnitude maps keep the panes' dark background.
    view_->axisRect()->setBackground(QBrush(isPhaseLike(quantity_) ? QColor(128, 128, 128) : QColor(40, 40, 40)));
}

void ComparisonPane::onBuilt(const ComparisonImage& image)
{
    building_ = false;
    if (rebuildAgain_) {
        rebuildAgain_ = false;
        rebuild();
        return;
    }
    if (!inputs_ || !reconstruction_) { // cleared meanwhile
        emit settled();
        return;
    }
    image_ = image;
    if (!image_.analysis) {
        const QString message = image_.error;
        hasImage_ = false;
        view_->setPlaceholder(message, true);
        view_->replot(QCustomPlot::rpQueuedReplot);
        emit failed(message);
        emit settled();
        return;
    }
    hasImage_ = true;
    view_->setQuantity(image_.quantity);
    applyDisplay();
    view_->setAnalysis(image_.analysis, view_->analysis() != nullptr);
    if (!view_->pending())
        emit settled();
}

bool ComparisonPane::pending() const
{
    // building_ also covers the moment between the task's end and the watcher's queued signal.
    return building_ || (hasImage_ && view_->pending());
}

void ComparisonPane::rebuild()
{
    if (!inputs_ || !reconstruction_)
        return;
    if (building_) {
        rebuildAgain_ = true;
        return;
    }
    building_ = true;
    view_->setPlaceholder(QString(), false);
    const auto inputs = inputs_;
    const auto reconstruction = reconstruction_;
    const auto quantity = quantity_;
    jobs_.start(
        [inputs, reconstruction, quantity](const JobTicket&) {
            try {
                return makeComparisonImage(*inputs, reconstruction, quantity);
            } catch (const std::exception& error) {
                ComparisonImage failed;
                failed.error = userMessage(error);
                return failed;
            }
        },
        [this](quint64, const ComparisonImage& image) { onBuilt(image); });
}

} // namespace phaselab::ui
