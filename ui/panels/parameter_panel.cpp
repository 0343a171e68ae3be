// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/parameter_panel.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace phaselab::ui {
namespace {

/// n_fft field: any size may be typed, the arrows double and halve.
class FftSizeSpinBox : public QSpinBox {
public:
    using QSpinBox::QSpinBox;
    void stepBy(int steps) override
    {
        int value = this->value();
        for (; steps > 0; --steps)
            value = std::min(maximum(), value * 2);
        for (; steps < 0; ++steps)
            value = std::max(minimum(), value / 2);
        setValue(value);
    }
};

struct Blocker {
    explicit Blocker(int& counter) : counter(counter) { ++counter; }
    ~Blocker() { --counter; }
    int& counter;
};

double defaultWindowParameter(WindowType type)
{
    return type == WindowType::Kaiser ? 8.0 : 0.125;
}

bool takesParameter(const QString& name)
{
    return name == QLatin1String("kaiser") || name == QLatin1String("gauss");
}

/// The spec for a window name and (for kaiser / gauss) its parameter.
WindowSpec windowSpec(const QString& name, double parameter)
{
    WindowSpec spec = WindowSpec::parse(takesParameter(name) ? (name + QStringLiteral(":1")).toStdString() : name.toStdString());
    spec.parameter = parameter;
    return spec;
}

} // namespace

ParameterPanel::ParameterPanel(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(6, 6, 6, 6);

    buildFramingRows(form);
    buildWindowRows(form);
    sampleRate_ = new QDoubleSpinBox(this);
    sampleRate_->setObjectName(QStringLiteral("sampleRate"));
    sampleRate_->setDecimals(0);
    sampleRate_->setRange(0.0, 1536000.0);
    sampleRate_->setSpecialValueText(QStringLiteral("unknown"));
    sampleRate_->setValue(22050.0);
    sampleRate_->setSuffix(QStringLiteral(" Hz"));
    sampleRate_->setToolTip(QStringLiteral("Sample rate used for the time and frequency axes."));
    form->addRow(QStringLiteral("Sample rate"), sampleRate_);

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("parameterStatus"));
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::RichText);
    form->addRow(status_);

    debounce_.setSingleShot(true);
    debounce_.setInterval(150);
    connect(&debounce_, &QTimer::timeout, this, [this]() {
        if (validationError().isEmpty())
            emit parametersChanged();
    });

    connectFields();

    setParams(StftParams{});
}

void ParameterPanel::buildFramingRows(QFormLayout* form)
{
    nFft_ = new FftSizeSpinBox(this);
    nFft_->setObjectName(QStringLiteral("nFft"));
    nFft_->setRange(2, 1 << 16);
    nFft_->setValue(2048);
    nFft_->setSuffix(QStringLiteral(" samples"));
    nFft_->setToolTip(QStringLiteral("FFT size: bins = n_fft/2 + 1. Arrows double and halve (keys N / Shift+N)."));
    form->addRow(QStringLiteral("n_fft"), nFft_);

    winLength_ = new QSpinBox(this);
    winLength_->setObjectName(QStringLiteral("winLength"));
    winLength_->setRange(1, 1 << 16);
    winLength_->setValue(2048);
    winLength_->setSuffix(QStringLiteral(" samples"));
    winLength_->setToolTip(QStringLiteral("Window length; a window shorter than n_fft is zero-padded."));
    form->addRow(QStringLiteral("Window length"), winLength_);

    winOffset_ = new QSpinBox(this);
    winOffset_->setObjectName(QStringLiteral("winOffset"));
    winOffset_->setRange(-1, 0);
    winOffset_->setSpecialValueText(QStringLiteral("centred"));
    winOffset_->setValue(-1);
    winOffset_->setToolTip(QStringLiteral("Where a shorter window starts inside the frame: centred (torch, librosa) or 0 "
                                          "(scipy, numpy, Octave)."));
    form->addRow(QStringLiteral("Window offset"), winOffset_);

    hop_ = new QSpinBox(this);
    hop_->setObjectName(QStringLiteral("hop"));
    hop_->setRange(1, 1 << 16);
    hop_->setValue(512);
    hop_->setSuffix(QStringLiteral(" samples"));
    hop_->setToolTip(QStringLiteral("Hop between frames (keys H / Shift+H halve and double it)."));
    form->addRow(QStringLiteral("Hop"), hop_);

    hopMs_ = new QDoubleSpinBox(this);
    hopMs_->setObjectName(QStringLiteral("hopMs"));
    hopMs_->setDecimals(2);
    hopMs_->setRange(0.001, 99999.0);
    hopMs_->setSuffix(QStringLiteral(" ms"));
    overlap_ = new QDoubleSpinBox(this);
    overlap_->setObjectName(QStringLiteral("overlap"));
    overlap_->setDecimals(1);
    overlap_->setRange(0.0, 99.99);
    overlap_->setSuffix(QStringLiteral(" %"));
    form->addRow(QStringLiteral("Hop (time)"), hopMs_);
    form->addRow(QStringLiteral("Overlap"), overlap_);
}

void ParameterPanel::buildWindowRows(QFormLayout* form)
{
    window_ = new QComboBox(this);
    window_->setObjectName(QStringLiteral("window"));
    for (const std::string& name : windowNames())
        window_->addItem(QString::fromStdString(name));
    window_->setToolTip(QStringLiteral("Analysis window (keys W / Shift+W cycle)."));
    form->addRow(QStringLiteral("Window"), window_);

    windowParameter_ = new QDoubleSpinBox(this);
    windowParameter_->setObjectName(QStringLiteral("windowParameter"));
    windowParameter_->setDecimals(3);
    windowParameter_->setRange(0.0, 100.0);
    windowParameter_->setSingleStep(0.5);
    windowParameterLabel_ = new QLabel(QStringLiteral("Parameter"), this);
    form->addRow(windowParameterLabel_, windowParameter_);

    windowForm_ = new QComboBox(this);
    windowForm_->setObjectName(QStringLiteral("windowForm"));
    windowForm_->addItem(QStringLiteral("periodic (DFT-even)"));
    windowForm_->addItem(QStringLiteral("symmetric"));
    form->addRow(QStringLiteral("Form"), windowForm_);

    center_ = new QCheckBox(QStringLiteral("Centre frames"), this);
    center_->setToolTip(QStringLiteral("Pad n_fft/2 samples at each end so frame k is centred on sample k × hop "
                                       "(torch.stft, librosa)."));
    center_->setObjectName(QStringLiteral("center"));
    center_->setChecked(true);
    form->addRow(QString(), center_);

    padMode_ = new QComboBox(this);
    padMode_->setObjectName(QStringLiteral("padMode"));
    padMode_->addItem(QStringLiteral("reflect"));
    padMode_->addItem(QStringLiteral("constant"));
    form->addRow(QStringLiteral("Padding"), padMode_);
}

void ParameterPanel::connectFields()
{
    connect(nFft_, &QSpinBox::valueChanged, this, &ParameterPanel::onFftSizeChanged);
    connect(winLength_, &QSpinBox::valueChanged, this, &ParameterPanel::onWindowLengthChanged);
    connect(winOffset_, &QSpinBox::valueChanged, this, &ParameterPanel::changed);
    connect(hop_, &QSpinBox::valueChanged, this, &ParameterPanel::onHopSamplesChanged);
    connect(hopMs_, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::onHopMsChanged);
    connect(overlap_, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::onOverlapChanged);
    connect(window_, &QComboBox::currentIndexChanged, this, &ParameterPanel::onWindowChanged);
    connect(windowParameter_, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::changed);
    connect(windowForm_, &QComboBox::currentIndexChanged, this, &ParameterPanel::changed);
    connect(center_, &QCheckBox::toggled, this, [this](bool on) {
        padMode_->setEnabled(on);
        changed();
    });
    connect(padMode_, &QComboBox::currentIndexChanged, this, &ParameterPanel::changed);
    connect(sampleRate_, &QDoubleSpinBox::valueChanged, this, [this]() {
        syncHopViews();
        changed();
    });
}

StftParams ParameterPanel::params() const
{
    StftParams params;
    params.nFft = nFft_->value();
    params.winLength = winLength_->value();
    params.winOffset = winOffset_->value();
    params.hop = hop_->value();
    params.window = windowSpec(window_->currentText(), windowParameter_->value());
    if (!params.window.hasParameter())
        params.window.parameter = 0.0;
    params.window.periodic = windowForm_->currentIndex() == 0;
    params.center = center_->isChecked();
    params.padMode = padMode_->currentIndex() == 0 ? PadMode::Reflect : PadMode::Constant;
    return params;
}

void ParameterPanel::setParams(const StftParams& input)
{
    const Blocker block(updating_);
    StftParams params = input.resolved();
    nFft_->setValue(params.nFft);
    winLength_->setMaximum(std::max(params.nFft, 1));
    winLength_->setValue(params.winLength);
    winOffset_->setMaximum(std::max(params.nFft - params.winLength, 0));
    winOffset_->setValue(input.winOffset < 0 ? -1 : params.winOffset);
    hop_->setMaximum(std::max(params.winLength, 1));
    hop_->setValue(params.hop);
    window_->setCurrentText(QString::fromStdString(params.window.name()));
    windowParameter_->setEnabled(params.window.hasParameter());
    windowParameterLabel_->setText(params.window.type == WindowType::Kaiser ? QStringLiteral("Kaiser β")
                                   : params.window.type == WindowType::Gauss ? QStringLiteral("Gauss σ (× length)")
                                                                              : QStringLiteral("Parameter"));
    if (params.window.hasParameter())
        windowParameter_->setValue(params.window.parameter);
    windowForm_->setCurrentIndex(params.window.periodic ? 0 : 1);
    center_->setChecked(params.center);
    padMode_->setCurrentIndex(params.padMode == PadMode::Reflect ? 0 : 1);
    padMode_->setEnabled(params.center);
    syncHopViews();
    updateStatus();
}

double ParameterPanel::sampleRate() const
{
    return sampleRate_->value();
}

void ParameterPanel::setSampleRate(double rate, double fileRate)
{
    const Blocker block(updating_);
    fileRate_ = fileRate;
    sampleRate_->setValue(rate);
    sampleRate_->setToolTip(fileRate > 0 ? QStringLiteral("Sample rate used for the axes; the file says %1 Hz.").arg(fileRate)
                                         : QStringLiteral("Sample rate used for the axes (the source does not say)."));
    syncHopViews();
    updateStatus();
}

void ParameterPanel::setFftSizeLocked(bool locked, const QString& reason)
{
    nFft_->setEnabled(!locked);
    nFft_->setToolTip(locked ? reason
                             : QStringLiteral("FFT size: bins = n_fft/2 + 1. Arrows double and halve (keys N / Shift+N)."));
}

void ParameterPanel::setSignalLength(std::int64_t length)
{
    signalLength_ = length;
    updateStatus();
}

QString ParameterPanel::validationError() const
{
    try {
        params().validate();
    } catch (const Error& error) {
        return userMessage(error);
    }
    return QString();
}

void ParameterPanel::stepFftSize(int direction)
{
    if (nFft_->isEnabled())
        nFft_->stepBy(direction);
}

void ParameterPanel::stepHop(int direction)
{
    const int hop = hop_->value();
    hop_->setValue(direction > 0 ? std::min(hop * 2, hop_->maximum()) : std::max(hop / 2, 1));
}

void ParameterPanel::stepWindow(int direction)
{
    const int count = window_->count();
    window_->setCurrentIndex(((window_->currentIndex() + direction) % count + count) % count);
}

void ParameterPanel::flush()
{
    if (debounce_.isActive()) {
        debounce_.stop();
        if (validationError().isEmpty())
            emit parametersChanged();
    }
}

void ParameterPanel::onFftSizeChanged()
{
    if (updating_)
        return;
    {
        const Blocker block(updating_);
        const int nFft = nFft_->value();
        // A window as long as the old n_fft follows n_fft; the hop keeps its overlap.
        const int oldLength = winLength_->value();
        const bool follows = oldLength == winLength_->maximum();
        const double overlap = overlap_->value();
        winLength_->setMaximum(nFft);
        if (follows)
            winLength_->setValue(nFft);
        winOffset_->setMaximum(std::max(nFft - winLength_->value(), 0));
        hop_->setMaximum(winLength_->value());
        if (follows)
            hop_->setValue(std::max(1, static_cast<int>(std::lround(winLength_->value() * (1.0 - overlap / 100.0)))));
        syncHopViews();
    }
    changed();
}

void ParameterPanel::onWindowLengthChanged()
{
    if (updating_)
        return;
    {
        const Blocker block(updating_);
        winOffset_->setMaximum(std::max(nFft_->value() - winLength_->value(), 0));
        hop_->setMaximum(winLength_->value());
        syncHopViews();
    }
    changed();
}

void ParameterPanel::onHopSamplesChanged()
{
    if (updating_)
        return;
    {
        const Blocker block(updating_);
        syncHopViews();
    }
    changed();
}

void ParameterPanel::onHopMsChanged()
{
    if (updating_)
        return;
    {
        const Blocker block(updating_);
        hop_->setValue(std::max(1, static_cast<int>(std::lround(hopMs_->value() * sampleRate_->value() / 1000.0))));
        syncHopViews();
    }
    changed();
}

void ParameterPanel::onOverlapChanged()
{
    if (updating_)
        return;
    {
        const Blocker block(updating_);
        hop_->setValue(std::max(1, static_cast<int>(std::lround(winLength_->value() * (1.0 - overlap_->value() / 100.0)))));
        syncHopViews();
    }
    changed();
}

void ParameterPanel::onWindowChanged()
{
    if (updating_)
        return;
    {
        const Blocker block(updating_);
        const WindowSpec spec = windowSpec(window_->currentText(), 1.0);
        windowParameter_->setEnabled(spec.hasParameter());
        windowParameterLabel_->setText(spec.type == WindowType::Kaiser ? QStringLiteral("Kaiser β")
                                       : spec.type == WindowType::Gauss ? QStringLiteral("Gauss σ (× length)")
                                                                         : QStringLiteral("Parameter"));
        if (spec.hasParameter())
            windowParameter_->setValue(defaultWindowParameter(spec.type));
    }
    changed();
}

void ParameterPanel::syncHopViews()
{
    const Blocker block(updating_);
    const double rate = sampleRate_->value();
    hopMs_->setEnabled(rate > 0);
    if (rate > 0)
        hopMs_->setValue(1000.0 * hop_->value() / rate);
    overlap_->setValue(std::max(0.0, 100.0 * (1.0 - static_cast<double>(hop_->value()) / winLength_->value())));
}

void ParameterPanel::changed()
{
    if (updating_)
        return;
    updateStatus();
    debounce_.start();
}

void ParameterPanel::updateStatus()
{
    const QString error = validationError();
    if (!error.isEmpty()) {
        status_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
        return;
    }
    const StftParams p = params().resolved();
    const double rate = sampleRate_->value();
    QString text = rate > 0 ? QStringLiteral("%1 bins, %2 Hz apart; window %3 ms")
                                  .arg(p.bins())
                                  .arg(rate / p.nFft, 0, 'f', 2)
                                  .arg(1000.0 * p.winLength / rate, 0, 'f', 1)
                            : QStringLiteral("%1 bins; sample rate unknown").arg(p.bins());
    if (signalLength_ > 0)
        text += QStringLiteral("; %1 frames").arg(p.frameCount(signalLength_));
    if (!satisfiesNola(p))
        text += QStringLiteral("<br><span style='color:#a05a00'>This window/hop pair violates NOLA: "
                               "the STFT cannot be inverted; use a smaller hop.</span>");
    status_->setText(text);
}

} // namespace phaselab::ui
