// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panes/plot_widget.hpp"

#include <QApplication>
#include <QContextMenuEvent>
#include <QFileInfo>
#include <QMenu>

#include <algorithm>

namespace phaselab::ui {

PlotWidget::PlotWidget(QWidget* parent) : QCustomPlot(parent)
{
    // Low enough that five panes and the bars fit a 1280x800 screen at a 1.5 scale factor (533
    // logical pixels); labels that no longer fit shorten themselves (fitAxisLabels).
    setMinimumHeight(72);
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMouseTracking(true);
    setAntialiasedElements(QCP::aeNone);
    setNoAntialiasingOnDrag(true);
    setFocusPolicy(Qt::ClickFocus);

    QCPAxisRect* area = axisRect();
    area->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    area->setRangeZoom(Qt::Horizontal);
    area->setAutoMargins(QCP::msTop | QCP::msBottom);
    area->setMargins(QMargins(kLeftMargin, 6, 6, 0));
    area->setMinimumMargins(QMargins(kLeftMargin, 6, 6, 0));

    const QFont tickFont(font().family(), 9);
    const QFont labelFont(font().family(), 9);
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->setTickLabelFont(tickFont);
        axis->setLabelFont(labelFont);
        axis->setLabelPadding(3);
        axis->setTickLabelPadding(3);
    }
    xAxis2->setVisible(true);
    xAxis2->setTicks(false);
    xAxis2->setTickLabels(false);
    yAxis2->setVisible(true);
    yAxis2->setTicks(false);
    yAxis2->setTickLabels(false);

    // The right-hand column is a fixed-width sub-grid: QCPColorScale sizes itself to its bar and
    // labels, so the column around it is what keeps every pane's axis rect equally wide.
    rightColumn_ = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, rightColumn_);
    rightColumn_->setSizeConstraintRect(QCPLayoutElement::scrOuterRect);
    rightColumn_->setMinimumSize(kRightColumn, 0);
    rightColumn_->setMaximumSize(kRightColumn, QWIDGETSIZE_MAX);
    rightColumn_->setMargins(QMargins(0, 0, 0, 0));
    rightColumn_->addElement(0, 0, new QCPLayoutElement(this));
    rightColumn_->addElement(0, 1, new QCPLayoutElement(this));
    rightColumn_->setColumnStretchFactor(0, 0.001);
    rightColumn_->setColumnStretchFactor(1, 1000.0);

    addLayer(QStringLiteral("crosshair"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    crosshairLayer_ = layer(QStringLiteral("crosshair"));
    crosshairLayer_->setMode(QCPLayer::lmBuffered);
    const QPen crosshairPen(QColor(255, 255, 255, 200), 1, Qt::DashLine);
    keyLine_ = new QCPItemStraightLine(this);
    valueLine_ = new QCPItemStraightLine(this);
    for (QCPItemStraightLine* line : {keyLine_, valueLine_}) {
        line->setLayer(crosshairLayer_);
        line->setPen(crosshairPen);
        line->setSelectable(false);
        line->setVisible(false);
        line->setClipToAxisRect(true);
    }

    title_ = new QCPItemText(this);
    title_->setLayer(crosshairLayer_);
    title_->setClipToAxisRect(true);
    title_->position->setType(QCPItemPosition::ptAxisRectRatio);
    title_->position->setCoords(0.0, 0.0);
    title_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    title_->setPadding(QMargins(5, 2, 5, 2));
    title_->setFont(QFont(font().family(), 9, QFont::Bold));
    title_->setColor(QColor(20, 20, 20));
    title_->setBrush(QColor(255, 255, 255, 190));
    title_->setSelectable(false);

    placeholder_ = new QCPItemText(this);
    placeholder_->position->setType(QCPItemPosition::ptAxisRectRatio);
    placeholder_->position->setCoords(0.5, 0.5);
    placeholder_->setPositionAlignment(Qt::AlignCenter);
    placeholder_->setFont(QFont(font().family(), 10));
    placeholder_->setColor(QColor(110, 110, 110));
    placeholder_->setSelectable(false);
    placeholder_->setVisible(false);

    // Label lengths do not change the margins (a label's height does), so this needs no new layout.
    connect(this, &QCustomPlot::afterLayout, this, &PlotWidget::fitAxisLabels);
    connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this]() { clampRanges(); });
    connect(yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this]() { clampRanges(); });
}

QStringList PlotWidget::shorterLabels(const QString& label)
{
    static const QList<QPair<QString, QString>> abbreviations{
        {QStringLiteral("Frequency"), QStringLiteral("Freq.")},   {QStringLiteral("Magnitude"), QStringLiteral("Mag.")},
        {QStringLiteral("Amplitude"), QStringLiteral("Ampl.")},   {QStringLiteral("Group delay"), QStringLiteral("GD")},
        {QStringLiteral("IF deviation"), QStringLiteral("IF")},   {QStringLiteral("Phase error"), QStringLiteral("Ph. err.")},
        {QStringLiteral("Phase err."), QStringLiteral("Ph. err.")}, {QStringLiteral("Consistency"), QStringLiteral("Cons.")}};
    QStringList forms;
    QString shorter = label;
    for (const auto& [word, abbreviation] : abbreviations)
        shorter.replace(word, abbreviation);
    if (shorter != label)
        forms << shorter;
    // The unit alone says what a pane's axis is when its title names the quantity.
    const qsizetype open = label.lastIndexOf(QLatin1Char('('));
    if (open >= 0 && label.endsWith(QLatin1Char(')'))) {
        const QString unit = label.mid(open + 1, label.size() - open - 2);
        if (!unit.isEmpty() && !forms.contains(unit))
            forms << unit;
    }
    return forms;
}

void PlotWidget::fitAxisLabels()
{
    QList<QCPAxis*> axes = axisRect()->axes();
    for (QCPLayoutElement* element : plotLayout()->elements(true))
        if (auto* scale = qobject_cast<QCPColorScale*>(element))
            axes << scale->axis();
    for (QCPAxis* axis : axes) {
        if (!axis->visible() || axis->label().isEmpty())
            continue;
        AxisLabel& entry = axisLabels_[axis];
        if (axis->label() != entry.shown)
            entry.full = axis->label(); // set anew by the pane
        const bool vertical = axis->orientation() == Qt::Vertical;
        const int room = (vertical ? axis->axisRect()->height() : axis->axisRect()->width()) - 4;
        const QFontMetrics metrics(axis->labelFont());
        QString chosen = entry.full;
        if (metrics.horizontalAdvance(chosen) > room) {
            for (const QString& form : shorterLabels(entry.full)) {
                chosen = form;
                if (metrics.horizontalAdvance(form) <= room)
                    break;
            }
        }
        entry.shown = chosen;
        if (axis->label() != chosen)
            axis->setLabel(chosen);
    }
}

void PlotWidget::setRightColumn(QCPLayoutElement* element)
{
    rightColumn_->remove(rightColumn_->element(0, 0));
    rightColumn_->addElement(0, 0, element);
}

void PlotWidget::setTitle(const QString& title)
{
    title_->setText(title);
    title_->setVisible(!title.isEmpty());
}

QString PlotWidget::title() const
{
    return title_->text();
}

void PlotWidget::setPlaceholder(const QString& text, bool visible)
{
    placeholder_->setText(text);
    placeholder_->setVisible(visible && !text.isEmpty());
    // An empty pane has no values: numbers on its value axis would be made up.
    yAxis->setTickLabels(!placeholder_->visible());
}

bool PlotWidget::placeholderVisible() const
{
    return placeholder_->visible();
}

void PlotWidget::setCrosshair(double key, double value)
{
    const bool showKey = std::isfinite(key);
    const bool showValue = std::isfinite(value);
    if (showKey) {
        keyLine_->point1->setCoords(key, 0.0);
        keyLine_->point2->setCoords(key, 1.0);
    }
    if (showValue) {
        valueLine_->point1->setCoords(0.0, value);
        valueLine_->point2->setCoords(1.0, value);
    }
    if (!showKey && !showValue && !keyLine_->visible() && !valueLine_->visible())
        return;
    keyLine_->setVisible(showKey);
    valueLine_->setVisible(showValue);
    crosshairLayer_->replot();
}

QCPLayer* PlotWidget::overlayLayer(const QString& name)
{
    if (!layer(name)) {
        addLayer(name, layer(QStringLiteral("main")), QCustomPlot::limAbove);
        layer(name)->setMode(QCPLayer::lmBuffered);
    }
    return layer(name);
}

bool PlotWidget::crosshairVisible() const
{
    return keyLine_->visible() || valueLine_->visible();
}

void PlotWidget::setDataExtent(const QCPRange& keys, const QCPRange& values)
{
    keyExtent_ = keys;
    valueExtent_ = values;
}

void PlotWidget::fit()
{
    fitKeys();
    fitValues();
}

void PlotWidget::fitKeys()
{
    if (keyExtent_.size() > 0)
        xAxis->setRange(keyExtent_);
}

void PlotWidget::fitValues()
{
    if (valueExtent_.size() > 0)
        yAxis->setRange(valueExtent_);
}

QCPRange PlotWidget::clampToExtent(const QCPRange& range, const QCPRange& extent)
{
    if (!(extent.size() > 0))
        return range;
    const double margin = 0.02 * extent.size();
    const QCPRange allowed(extent.lower - margin, extent.upper + margin);
    if (range.size() >= allowed.size())
        return allowed;
    QCPRange result = range;
    if (result.lower < allowed.lower)
        result += allowed.lower - result.lower;
    if (result.upper > allowed.upper)
        result -= result.upper - allowed.upper;
    return result;
}

void PlotWidget::clampRanges()
{
    if (clamping_)
        return;
    clamping_ = true;
    const QCPRange keys = clampToExtent(xAxis->range(), keyExtent_);
    if (keys != xAxis->range())
        xAxis->setRange(keys);
    const QCPRange values = clampToExtent(yAxis->range(), valueExtent_);
    if (values != yAxis->range())
        yAxis->setRange(values);
    clamping_ = false;
}

bool PlotWidget::exportTo(const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool hadCrosshair = crosshairVisible();
    if (hadCrosshair)
        hideCrosshair();
    bool ok = false;
    if (suffix == QLatin1String("pdf"))
        ok = savePdf(path, width(), height());
    else if (suffix == QLatin1String("png"))
        ok = savePng(path, width(), height(), 2.0);
    else if (error)
        *error = QStringLiteral("unknown image format \"%1\": use .png or .pdf").arg(suffix);
    if (!ok && error && error->isEmpty())
        *error = QStringLiteral("cannot write %1").arg(path);
    return ok;
}

void PlotWidget::mousePressEvent(QMouseEvent* event)
{
    const bool left = event->button() == Qt::LeftButton;
    const bool band = left && (rubberBandTool_ || (event->modifiers() & Qt::ShiftModifier));
    const bool inside = axisRect()->rect().contains(event->position().toPoint());
    pressPosition_ = event->position();
    selecting_ = left && !band && inside && (selectionTool_ || (event->modifiers() & Qt::ControlModifier));
    mayBeClick_ = left && !band && inside;
    if (selecting_) {
        // No pan: the drag marks a region.
        selectFrom_ = xAxis->pixelToCoord(event->position().x());
        event->accept();
        return;
    }
    setSelectionRectMode(band ? QCP::srmZoom : QCP::srmNone);
    QCustomPlot::mousePressEvent(event);
}

void PlotWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF position = event->position();
    const bool dragged = (position - pressPosition_).manhattanLength() >= QApplication::startDragDistance();
    if (selecting_) {
        if (dragged)
            emit regionDragged(selectFrom_, xAxis->pixelToCoord(position.x()), false);
    } else {
        QCustomPlot::mouseMoveEvent(event);
    }
    if (dragged)
        mayBeClick_ = false;
    if (axisRect()->rect().contains(position.toPoint()))
        emit hovered(xAxis->pixelToCoord(position.x()), yAxis->pixelToCoord(position.y()));
    else
        emit left();
}

void PlotWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const QPointF position = event->position();
    const bool dragged = (position - pressPosition_).manhattanLength() >= QApplication::startDragDistance();
    const double key = xAxis->pixelToCoord(position.x());
    if (selecting_ && event->button() == Qt::LeftButton) {
        selecting_ = false;
        event->accept();
        if (dragged) {
            emit regionDragged(selectFrom_, key, true);
            return;
        }
    } else {
        QCustomPlot::mouseReleaseEvent(event);
    }
    const bool click = mayBeClick_ && !dragged && event->button() == Qt::LeftButton;
    mayBeClick_ = false;
    if (click)
        emit clicked(key);
}

void PlotWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    QCustomPlot::mouseDoubleClickEvent(event);
    if (event->button() == Qt::LeftButton)
        emit fitRequested();
}

void PlotWidget::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ShiftModifier) {
        const double steps = event->angleDelta().y() / 120.0 + event->angleDelta().x() / 120.0;
        xAxis->moveRange(-steps * 0.1 * xAxis->range().size());
        replot(QCustomPlot::rpQueuedReplot);
        event->accept();
        return;
    }
    axisRect()->setRangeZoom((event->modifiers() & Qt::ControlModifier) ? Qt::Vertical : Qt::Horizontal);
    QCustomPlot::wheelEvent(event);
    axisRect()->setRangeZoom(Qt::Horizontal);
}

void PlotWidget::leaveEvent(QEvent* event)
{
    QCustomPlot::leaveEvent(event);
    emit left();
}

void PlotWidget::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(QStringLiteral("Fit"), this, &PlotWidget::fitRequested);
    menu.addSeparator();
    menu.addAction(QStringLiteral("Export as PNG…"), this, [this]() { emit exportRequested(QStringLiteral("png")); });
    menu.addAction(QStringLiteral("Export as PDF…"), this, [this]() { emit exportRequested(QStringLiteral("pdf")); });
    menu.exec(event->globalPos());
}

} // namespace phaselab::ui
