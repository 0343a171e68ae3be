// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/display_panel.hpp"

#include "ui/render/colormaps.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>

namespace phaselab::ui {

DisplayPanel::DisplayPanel(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setContentsMargins(6, 6, 6, 6);

    colormap_ = new QComboBox(this);
    colormap_->setObjectName(QStringLiteral("colormap"));
    for (const QString& name : magnitudeColormapNames())
        colormap_->addItem(colormapLabel(name), name);
    colormap_->setToolTip(QStringLiteral("Colour map of the magnitude panes (key M cycles)."));
    form->addRow(QStringLiteral("Colours"), colormap_);

    gain_ = new QDoubleSpinBox(this);
    gain_->setObjectName(QStringLiteral("gain"));
    gain_->setRange(-100.0, 100.0);
    gain_->setDecimals(0);
    gain_->setSingleStep(3.0);
    gain_->setSuffix(QStringLiteral(" dB"));
    gain_->setToolTip(QStringLiteral("Brightens the magnitude colours: the top of the scale sits this far below the "
                                     "loudest cell (keys G / Shift+G)."));
    form->addRow(QStringLiteral("Gain"), gain_);

    range_ = new QDoubleSpinBox(this);
    range_->setObjectName(QStringLiteral("range"));
    range_->setRange(10.0, 200.0);
    range_->setDecimals(0);
    range_->setSingleStep(10.0);
    range_->setSuffix(QStringLiteral(" dB"));
    range_->setToolTip(QStringLiteral("Dynamic range of the colour scale; quieter cells take the lowest colour and "
                                      "are hidden in the phase panes (keys R / Shift+R)."));
    form->addRow(QStringLiteral("Range"), range_);

    frequencyScale_ = new QComboBox(this);
    frequencyScale_->setObjectName(QStringLiteral("frequencyScale"));
    frequencyScale_->addItem(QStringLiteral("Linear"), QStringLiteral("linear"));
    frequencyScale_->addItem(QStringLiteral("Logarithmic"), QStringLiteral("log"));
    frequencyScale_->addItem(QStringLiteral("Mel"), QStringLiteral("mel"));
    frequencyScale_->setToolTip(QStringLiteral("Frequency axis (key L cycles)."));
    form->addRow(QStringLiteral("Frequency axis"), frequencyScale_);

    magnitudeScale_ = new QComboBox(this);
    magnitudeScale_->setObjectName(QStringLiteral("magnitudeScale"));
    magnitudeScale_->addItem(QStringLiteral("dB (20 log10 |X|)"), QStringLiteral("db"));
    magnitudeScale_->addItem(QStringLiteral("Linear |X|"), QStringLiteral("linear"));
    magnitudeScale_->addItem(QStringLiteral("Power |X|²"), QStringLiteral("power"));
    form->addRow(QStringLiteral("Magnitude scale"), magnitudeScale_);

    phaseUnit_ = new QComboBox(this);
    phaseUnit_->setObjectName(QStringLiteral("phaseUnit"));
    phaseUnit_->addItem(QStringLiteral("radians"), QStringLiteral("rad"));
    phaseUnit_->addItem(QStringLiteral("degrees"), QStringLiteral("deg"));
    form->addRow(QStringLiteral("Phase unit"), phaseUnit_);

    secondPane_ = new QComboBox(this);
    secondPane_->setObjectName(QStringLiteral("secondPane"));
    for (SpectrogramQuantity quantity : {SpectrogramQuantity::Phase, SpectrogramQuantity::InstantaneousFrequency,
                                         SpectrogramQuantity::GroupDelay})
        secondPane_->addItem(quantityLabel(quantity), quantityName(quantity));
    secondPane_->setToolTip(QStringLiteral("What the second spectrogram pane shows (key Q cycles)."));
    form->addRow(QStringLiteral("Second pane"), secondPane_);

    setSettings(DisplaySettings{});
    auto emitChange = [this]() {
        if (!updating_)
            emit displayChanged();
    };
    connect(colormap_, &QComboBox::currentIndexChanged, this, emitChange);
    connect(gain_, &QDoubleSpinBox::valueChanged, this, emitChange);
    connect(range_, &QDoubleSpinBox::valueChanged, this, emitChange);
    connect(frequencyScale_, &QComboBox::currentIndexChanged, this, emitChange);
    connect(magnitudeScale_, &QComboBox::currentIndexChanged, this, emitChange);
    connect(phaseUnit_, &QComboBox::currentIndexChanged, this, emitChange);
    connect(secondPane_, &QComboBox::currentIndexChanged, this, emitChange);
}

DisplaySettings DisplayPanel::settings() const
{
    DisplaySettings settings;
    settings.colormap = colormap_->currentData().toString();
    settings.gainDb = gain_->value();
    settings.rangeDb = range_->value();
    settings.frequencyScale = parseFrequencyScale(frequencyScale_->currentData().toString());
    const QString scale = magnitudeScale_->currentData().toString();
    settings.magnitudeScale = scale == QLatin1String("linear") ? MagnitudeScale::Linear
                              : scale == QLatin1String("power") ? MagnitudeScale::Power
                                                                : MagnitudeScale::Db;
    settings.phaseUnit = phaseUnit_->currentData().toString() == QLatin1String("deg") ? PhaseUnit::Degrees : PhaseUnit::Radians;
    settings.secondPane = parseQuantity(secondPane_->currentData().toString());
    return settings;
}

void DisplayPanel::setSettings(const DisplaySettings& settings)
{
    updating_ = true;
    colormap_->setCurrentIndex(std::max(0, colormap_->findData(settings.colormap)));
    gain_->setValue(settings.gainDb);
    range_->setValue(settings.rangeDb);
    frequencyScale_->setCurrentIndex(std::max(0, frequencyScale_->findData(frequencyScaleName(settings.frequencyScale))));
    magnitudeScale_->setCurrentIndex(
        std::max(0, magnitudeScale_->findData(QString::fromStdString(magnitudeScaleName(settings.magnitudeScale)))));
    phaseUnit_->setCurrentIndex(std::max(0, phaseUnit_->findData(QString::fromStdString(phaseUnitName(settings.phaseUnit)))));
    secondPane_->setCurrentIndex(std::max(0, secondPane_->findData(quantityName(settings.secondPane))));
    updating_ = false;
}

void DisplayPanel::applySettings(const DisplaySettings& settings)
{
    if (settings == this->settings())
        return;
    setSettings(settings);
    emit displayChanged();
}

void DisplayPanel::stepGain(double db)
{
    gain_->setValue(gain_->value() + db);
}

void DisplayPanel::stepRange(double db)
{
    range_->setValue(range_->value() + db);
}

void DisplayPanel::cycleColormap()
{
    colormap_->setCurrentIndex((colormap_->currentIndex() + 1) % colormap_->count());
}

void DisplayPanel::cycleFrequencyScale()
{
    frequencyScale_->setCurrentIndex((frequencyScale_->currentIndex() + 1) % frequencyScale_->count());
}

} // namespace phaselab::ui

namespace phaselab::ui {

void DisplayPanel::cycleSecondPane()
{
    secondPane_->setCurrentIndex((secondPane_->currentIndex() + 1) % secondPane_->count());
}

} // namespace phaselab::ui
