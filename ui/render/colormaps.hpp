// SPDX-License-Identifier: GPL-3.0-or-later
// Colour gradients for the spectrogram panes: perceptual maps for magnitudes (viridis, magma,
// inferno, grey, a classic green) and fixed maps for signed or cyclic quantities (phase, IF, group
// delay). Stops are matplotlib's published samples at 0, 0.1, ..., 1, interpolated in RGB.
#pragma once

#include <QString>
#include <QStringList>

#include <qcustomplot.h>

namespace phaselab::ui {

/// Names the magnitude panes offer, in menu order: "viridis", "magma", "inferno", "grey", "green".
const QStringList& magnitudeColormapNames();
/// Human label for a map name ("Viridis", "Classic green", ...).
QString colormapLabel(const QString& name);
/// The gradient for a magnitude map; unknown names give viridis.
QCPColorGradient magnitudeGradient(const QString& name);
/// Cyclic map for phase (equal colours at -pi and pi).
QCPColorGradient cyclicGradient();
/// Diverging map (blue, light grey, red) for signed deviations such as IF and group delay.
QCPColorGradient divergingGradient();

} // namespace phaselab::ui
