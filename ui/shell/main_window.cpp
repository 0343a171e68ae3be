// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/main_window.hpp"

#include "ui/jobs/file_writer.hpp"
#include "ui/user_message.hpp"
#include "ui/shell/wheel_needs_focus.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/session.hpp"
#include "ui/model/audio_source.hpp"
#include "ui/panels/consistency_panel.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/model/edit_history.hpp"
#include "ui/dialogs/import_dialog.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/dialogs/preferences_dialog.hpp"
#include "ui/render/spectrogram_export.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/panes/waveform_view.hpp"
#include "ui/jobs/analysis_worker.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMetaMethod>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThreadPool>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace phaselab::ui {
namespace {

constexpr int kMaxRecentFiles = 8;

QString formatNumber(double value, int decimals)
{
    // A real minus sign reads better than a hyphen in the status bar.
    return QString::number(value, 'f', decimals).replace(QLatin1Char('-'), QChar(0x2212));
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    ensureResources();
    makeWheelNeedFocus();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("PhaseLab"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/phaselab.png")));
    resize(kDefaultWidth, kDefaultHeight);
    setAcceptDrops(true);

    QSettings settings;
    display_.load(settings);
    worker_ = new AnalysisWorker(0, this);
    dataWriter_ = new FileWriter(this);
    connect(dataWriter_, &FileWriter::written, this, &MainWindow::onDataWritten);
    connect(dataWriter_, &FileWriter::failed, this, &MainWindow::onDataWriteFailed);
    connect(worker_, &AnalysisWorker::finished, this, &MainWindow::onAnalysisFinished);
    connect(worker_, &AnalysisWorker::failed, this, &MainWindow::onAnalysisFailed);
    connect(worker_, &AnalysisWorker::previewReady, this, [this](quint64 ticket, std::shared_ptr<const Analysis> analysis) {
        if (ticket == latestTicket_)
            showAnalysis(std::move(analysis));
    });
    connect(worker_, &AnalysisWorker::busyChanged, this, [this]() { checkSettled(); });
    connect(worker_, &AnalysisWorker::progress, this, &MainWindow::onAnalysisProgress);
    connect(worker_, &AnalysisWorker::cancelled, this, &MainWindow::onAnalysisCancelled);

    buildPanes();
    buildDock();
    buildFileMenu();
    buildEditMenu();
    buildViewMenu();
    buildAnalysisMenu();
    buildHelpMenu();
    buildStatusBar();
    updateBusyIndicator();
}

MainWindow::~MainWindow()
{
    // The parts (children) are deleted after this window's members, and one of them may still
    // deliver a signal then (a plot's last replot): no slot of the half-destroyed window may run.
    QObject::disconnect(nullptr, nullptr, this, nullptr);
}

void MainWindow::buildStatusBar()
{
    readout_ = new QLabel(this);
    readout_->setObjectName(QStringLiteral("readout"));
    readout_->setTextFormat(Qt::PlainText);
    readout_->setMinimumWidth(200);
    info_ = new QLabel(this);
    info_->setObjectName(QStringLiteral("info"));
    info_->setTextFormat(Qt::PlainText);
    busy_ = new QLabel(this);
    busy_->setObjectName(QStringLiteral("busy"));
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("analysisProgress"));
    progress_->setRange(0, 1000);
    progress_->setFixedWidth(280);
    progress_->hide();
    cancelButton_ = new QToolButton(this);
    cancelButton_->setObjectName(QStringLiteral("cancelAnalysis"));
    cancelButton_->setDefaultAction(cancelAction_);
    cancelButton_->hide();
    // Permanent widgets only: a temporary status message would hide the readout.
    statusBar()->addPermanentWidget(readout_, 1);
    statusBar()->addPermanentWidget(info_);
    statusBar()->addPermanentWidget(busy_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
}


void MainWindow::buildPanes()
{
    column_ = new QSplitter(Qt::Vertical, this);
    column_->setObjectName(QStringLiteral("paneColumn"));
    column_->setChildrenCollapsible(false);
    column_->setHandleWidth(5);
    waveform_ = new WaveformView(column_);
    waveform_->setObjectName(QStringLiteral("waveformPane"));
    magnitude_ = new SpectrogramView(SpectrogramQuantity::Magnitude, column_);
    magnitude_->setObjectName(QStringLiteral("magnitudePane"));
    second_ = new SpectrogramView(display_.secondPane, column_);
    second_->setObjectName(QStringLiteral("secondPane"));
    comparisonView_ = new SpectrogramView(SpectrogramQuantity::Magnitude, column_);
    comparisonView_->setObjectName(QStringLiteral("comparisonPane"));
    convergence_ = new ConvergencePlot(column_);
    convergence_->setObjectName(QStringLiteral("convergencePane"));
    for (SpectrogramView* view : {magnitude_, second_}) {
        view->setDisplay(display_);
        connect(view, &SpectrogramView::settled, this, &MainWindow::checkSettled);
    }
    // Shares in percent of the column: the spectrograms and the convergence plot get the most room.
    const QList<QPair<QWidget*, int>> panes{{waveform_, 13}, {magnitude_, 23}, {second_, 16}, {comparisonView_, 23}, {convergence_, 25}};
    constexpr int kColumnHeight = 770; // the column's height in the default window
    QList<int> sizes;
    for (const auto& [pane, weight] : panes) {
        column_->addWidget(pane);
        column_->setStretchFactor(column_->indexOf(pane), weight);
        sizes.append(kColumnHeight * weight / 100);
    }
    column_->setSizes(sizes);
    setCentralWidget(column_);

    linkTimeAxes();
    // The two spectrogram panes share their frequency axis too.
    for (SpectrogramView* source : {magnitude_, second_}) {
        SpectrogramView* other = source == magnitude_ ? second_ : magnitude_;
        connect(source->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), other, [other](const QCPRange& range) {
            if (other->yAxis->range() != range) {
                other->yAxis->setRange(range);
                other->replot(QCustomPlot::rpQueuedReplot);
            }
        });
    }
    for (PlotWidget* plot : QList<PlotWidget*>{waveform_, magnitude_, second_, convergence_}) {
        connect(plot, &PlotWidget::hovered, this, [this, plot](double key, double value) { onHovered(plot, key, value); });
        connect(plot, &PlotWidget::left, this, &MainWindow::clearCrosshair);
        connect(plot, &PlotWidget::exportRequested, this, [this, plot](const QString& format) { choosePlotExport(plot, format); });
    }
    for (PlotWidget* plot : timePanes())
        connect(plot, &PlotWidget::fitRequested, this, &MainWindow::fitAll);
    connect(convergence_, &PlotWidget::fitRequested, convergence_, [this]() {
        convergence_->fit();
        convergence_->replot(QCustomPlot::rpQueuedReplot);
    });
    linkComparisonPane();
}

void MainWindow::linkComparisonPane()
{
    // The comparison pane follows the magnitude pane's time axis both ways but is no time pane of
    // its own: Fit All, the rubber band and the crosshair readout go through the magnitude pane.
    auto guard = std::make_shared<bool>(false);
    auto follow = [guard](PlotWidget* from, PlotWidget* to) {
        connect(from->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), to, [to, guard](const QCPRange& range) {
            if (*guard || to->xAxis->range() == range)
                return;
            *guard = true;
            to->xAxis->setRange(range);
            to->replot(QCustomPlot::rpQueuedReplot);
            *guard = false;
        });
    };
    follow(magnitude_, comparisonView_);
    follow(comparisonView_, magnitude_);
    connect(comparisonView_, &PlotWidget::hovered, this, [this](double key, double value) {
        showCrosshair(key, comparisonView_->frequencyAt(value));
        comparisonView_->setCrosshair(key, value);
    });
    connect(comparisonView_, &PlotWidget::left, comparisonView_, [this]() { comparisonView_->hideCrosshair(); });
    connect(comparisonView_, &PlotWidget::fitRequested, this, [this]() {
        magnitude_->fitKeys();
        magnitude_->replot(QCustomPlot::rpQueuedReplot);
    });
}

void MainWindow::buildDock()
{
    auto* dock = parameterDock_ = new QDockWidget(QStringLiteral("Parameters"), this);
    dock->setObjectName(QStringLiteral("parameterDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    auto* scroll = new QScrollArea(dock);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* contents = new QWidget(scroll);
    auto* layout = new QVBoxLayout(contents);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* stftBox = new QGroupBox(QStringLiteral("STFT"), contents);
    auto* stftLayout = new QVBoxLayout(stftBox);
    stftLayout->setContentsMargins(0, 0, 0, 0);
    parameters_ = new ParameterPanel(stftBox);
    stftLayout->addWidget(parameters_);
    layout->addWidget(stftBox);

    auto* displayBox = new QGroupBox(QStringLiteral("Display"), contents);
    auto* displayLayout = new QVBoxLayout(displayBox);
    displayLayout->setContentsMargins(0, 0, 0, 0);
    displayPanel_ = new DisplayPanel(displayBox);
    displayPanel_->setSettings(display_);
    displayLayout->addWidget(displayPanel_);
    // Framing consistency matters for imported spectrograms only: shown (under the STFT fields,
    // so the score sits next to what it scores) while one is open.
    auto* guessBox = consistencyBox_ = new QGroupBox(QStringLiteral("Framing consistency"), contents);
    guessBox->setObjectName(QStringLiteral("consistencyBox"));
    auto* guessLayout = new QVBoxLayout(guessBox);
    guessLayout->setContentsMargins(0, 0, 0, 0);
    consistency_ = new ConsistencyPanel(guessBox);
    guessLayout->addWidget(consistency_);
    guessBox->setVisible(false);
    layout->addWidget(guessBox);
    layout->addWidget(displayBox);
    layout->addStretch(1);
    connect(consistency_, &ConsistencyPanel::updated, this, &MainWindow::checkSettled);

    scroll->setWidget(contents);
    dock->setWidget(scroll);
    dock->setMinimumWidth(300);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    resizeDocks({dock}, {310}, Qt::Horizontal);

    connect(parameters_, &ParameterPanel::parametersChanged, this, &MainWindow::onParametersChanged);
    connect(displayPanel_, &DisplayPanel::displayChanged, this, &MainWindow::onDisplayChanged);
}

template <typename Slot>
QAction* MainWindow::makeAction(QList<QAction*>& group, const QString& text, const QList<QKeySequence>& keys, Slot slot)
{
    auto* action = new QAction(text, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    group.append(action);
    return action;
}

void MainWindow::buildFileMenu()
{
    QMenu* file = fileMenu_ = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(makeAction(fileActions_, QStringLiteral("&Open…"), {QKeySequence::Open}, [this]() { chooseFileToOpen(); }));
    file->addAction(makeAction(fileActions_, QStringLiteral("Open &Demo"), {QKeySequence(Qt::CTRL | Qt::Key_D)}, [this]() { openDemo(); }));
    file->addAction(makeAction(fileActions_, QStringLiteral("&Import Spectrogram…"), {QKeySequence(Qt::CTRL | Qt::Key_I)},
                               [this]() { showImportDialog(); }));
    recentMenu_ = file->addMenu(QStringLiteral("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(makeAction(fileActions_, QStringLiteral("Export Spectrogram &Image…"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
                               [this]() { choosePlotExport(magnitude_, QStringLiteral("png")); }));
    file->addAction(makeAction(fileActions_, QStringLiteral("Export Spectrogram Data as &CSV…"),
                               {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                               [this]() { chooseSpectrogramDataExport(QStringLiteral("csv")); }));
    file->addAction(makeAction(fileActions_, QStringLiteral("Export Spectrogram Data as &npy…"),
                               {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E)},
                               [this]() { chooseSpectrogramDataExport(QStringLiteral("npy")); }));
    QMenu* exportPlot = file->addMenu(QStringLiteral("Export &Plot"));
    const QList<QPair<QString, PlotWidget*>> plots{{QStringLiteral("Waveform"), waveform_},
                                                   {QStringLiteral("Magnitude Spectrogram"), magnitude_},
                                                   {QStringLiteral("Second Spectrogram Pane"), second_},
                                                   {QStringLiteral("Convergence"), convergence_}};
    for (int i = 0; i < plots.size(); ++i) {
        PlotWidget* plot = plots[i].second;
        exportPlot->addAction(makeAction(fileActions_, QStringLiteral("Export %1 Plot (PNG/PDF)…").arg(plots[i].first),
                                         {QKeySequence(Qt::CTRL | Qt::SHIFT | (Qt::Key_1 + i))},
                                         [this, plot]() { choosePlotExport(plot, QStringLiteral("png")); }));
    }
    file->addSeparator();
    quitAction_ = makeAction(fileActions_, QStringLiteral("&Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)}, [this]() { close(); });
    file->addAction(quitAction_);
}

void MainWindow::buildEditMenu()
{
    QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    history_ = new EditHistory(parameters_, displayPanel_, [this](const StftParams& params) { setStftParams(params); }, this);
    for (QAction* action : {history_->undoAction(), history_->redoAction()}) {
        action->setShortcutContext(Qt::WindowShortcut);
        addAction(action);
        edit->addAction(action);
        editActions_.append(action);
    }
    connect(this, &MainWindow::analysisChanged, history_, &EditHistory::resync);
    connect(this, &MainWindow::errorOccurred, history_, &EditHistory::dropRefusedStep);
    edit->addSeparator();
    edit->addAction(makeAction(editActions_, QStringLiteral("&Preferences…"), {QKeySequence(Qt::CTRL | Qt::Key_Comma)}, [this]() {
        auto* dialog = new PreferencesDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    }));
}

void MainWindow::buildViewMenu()
{
    QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(makeAction(viewActions_, QStringLiteral("&Fit All"), {QKeySequence(Qt::Key_F), QKeySequence(Qt::Key_Home)},
                               [this]() { fitAll(); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Zoom &In (time)"),
                               {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)}, [this]() { zoomTime(0.5); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Zoom &Out (time)"), {QKeySequence(Qt::Key_Minus)},
                               [this]() { zoomTime(2.0); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Pan Left"), {QKeySequence(Qt::Key_Left)}, [this]() { panTime(-0.2); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Pan Right"), {QKeySequence(Qt::Key_Right)}, [this]() { panTime(0.2); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Zoom In (frequency)"), {QKeySequence(Qt::CTRL | Qt::Key_Up)},
                               [this]() { zoomFrequency(0.5); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Zoom Out (frequency)"), {QKeySequence(Qt::CTRL | Qt::Key_Down)},
                               [this]() { zoomFrequency(2.0); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Pan Up (frequency)"), {QKeySequence(Qt::Key_Up)},
                               [this]() { panFrequency(0.2); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Pan Down (frequency)"), {QKeySequence(Qt::Key_Down)},
                               [this]() { panFrequency(-0.2); }));
    rubberBandAction_ = makeAction(viewActions_, QStringLiteral("&Rubber-Band Zoom Tool"), {QKeySequence(Qt::Key_Z)}, [this](bool on) {
        for (PlotWidget* plot : timePanes())
            plot->setRubberBandTool(on);
    });
    rubberBandAction_->setCheckable(true);
    view->addAction(rubberBandAction_);
    view->addSeparator();
    buildPaneActions(view);
    view->addSeparator();
    view->addAction(makeAction(viewActions_, QStringLiteral("Next &Colour Map"), {QKeySequence(Qt::Key_M)},
                               [this]() { displayPanel_->cycleColormap(); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Next Frequency &Axis (linear, log, mel)"), {QKeySequence(Qt::Key_L)},
                               [this]() { displayPanel_->cycleFrequencyScale(); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Next &Second-Pane Quantity"), {QKeySequence(Qt::Key_Q)},
                               [this]() { displayPanel_->cycleSecondPane(); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("More &Gain (+3 dB)"), {QKeySequence(Qt::Key_G)},
                               [this]() { displayPanel_->stepGain(3.0); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Less Gain (−3 dB)"), {QKeySequence(Qt::SHIFT | Qt::Key_G)},
                               [this]() { displayPanel_->stepGain(-3.0); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("More Dynamic &Range (+10 dB)"), {QKeySequence(Qt::Key_R)},
                               [this]() { displayPanel_->stepRange(10.0); }));
    view->addAction(makeAction(viewActions_, QStringLiteral("Less Dynamic Range (−10 dB)"), {QKeySequence(Qt::SHIFT | Qt::Key_R)},
                               [this]() { displayPanel_->stepRange(-10.0); }));
}

void MainWindow::buildPaneActions(QMenu* view)
{
    QSettings settings;
    const QList<QPair<QString, QWidget*>> panes{{QStringLiteral("Waveform"), waveform_},
                                                {QStringLiteral("Magnitude Spectrogram"), magnitude_},
                                                {QStringLiteral("Second Spectrogram Pane"), second_},
                                                {QStringLiteral("Convergence"), convergence_}};
    for (int i = 0; i < panes.size(); ++i) {
        QWidget* pane = panes[i].second;
        QAction* action = makeAction(viewActions_, QStringLiteral("Show %1").arg(panes[i].first),
                                     {QKeySequence(Qt::CTRL | (Qt::Key_1 + i))},
                                     [this, pane](bool on) { setPaneVisible(pane, on); });
        action->setCheckable(true);
        const bool visible = settings.value(QStringLiteral("panes/") + pane->objectName(), true).toBool();
        action->setChecked(visible);
        pane->setVisible(visible);
        paneActions_.append(action);
        view->addAction(action);
    }
    QAction* dockAction = parameterDock_->toggleViewAction();
    dockAction->setText(QStringLiteral("Show &Parameters"));
    dockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    addAction(dockAction);
    viewActions_.append(dockAction);
    view->addAction(dockAction);
}

void MainWindow::buildAnalysisMenu()
{
    QMenu* analysis = menuBar()->addMenu(QStringLiteral("&Analysis"));
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("Double n_fft"), {QKeySequence(Qt::Key_N)},
                                   [this]() { parameters_->stepFftSize(1); }));
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("Halve n_fft"), {QKeySequence(Qt::SHIFT | Qt::Key_N)},
                                   [this]() { parameters_->stepFftSize(-1); }));
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("Double Hop"), {QKeySequence(Qt::Key_H)},
                                   [this]() { parameters_->stepHop(1); }));
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("Halve Hop"), {QKeySequence(Qt::SHIFT | Qt::Key_H)},
                                   [this]() { parameters_->stepHop(-1); }));
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("Next Window"), {QKeySequence(Qt::Key_W)},
                                   [this]() { parameters_->stepWindow(1); }));
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("Previous Window"), {QKeySequence(Qt::SHIFT | Qt::Key_W)},
                                   [this]() { parameters_->stepWindow(-1); }));
    analysis->addSeparator();
    analysis->addAction(makeAction(analysisActions_, QStringLiteral("&Recompute"), {QKeySequence(Qt::Key_F5)},
                                   [this]() { onParametersChanged(); }));
    // Esc stops a reconstruction (the Reconstruction menu); Shift+Esc stops opening or recomputing.
    cancelAction_ = makeAction(analysisActions_, QStringLiteral("&Cancel Opening or Recomputing"),
                               {QKeySequence(Qt::SHIFT | Qt::Key_Escape)}, [this]() { cancelAnalysis(); });
    cancelAction_->setIconText(QStringLiteral("Cancel"));
    cancelAction_->setToolTip(QStringLiteral("Stop reading the file or computing the STFT and keep what is on screen (Shift+Esc)"));
    cancelAction_->setEnabled(false);
    analysis->addAction(cancelAction_);
}

void MainWindow::buildHelpMenu()
{
    QMenu* help = helpMenu_ = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(makeAction(helpActions_, QStringLiteral("&Shortcuts"), {QKeySequence(Qt::Key_F1)}, [this]() { showShortcuts(); }));
    help->addAction(makeAction(helpActions_, QStringLiteral("&About PhaseLab"), {QKeySequence(Qt::SHIFT | Qt::Key_F1)},
                               [this]() { showAbout(); }));
}

QList<ShortcutGroup> MainWindow::shortcutGroups() const
{
    QList<QAction*> file = fileActions_;
    for (QAction* action : recentMenu_->actions())
        if (!action->shortcut().isEmpty())
            file.append(action);
    QList<ShortcutGroup> groups{{QStringLiteral("File"), file},
                                {QStringLiteral("Edit"), editActions_},
                                {QStringLiteral("View"), viewActions_},
                                {QStringLiteral("Analysis"), analysisActions_}};
    groups += otherShortcutGroups_;
    groups.append(ShortcutGroup{QStringLiteral("Help"), helpActions_});
    return groups;
}

void MainWindow::addShortcutGroup(const ShortcutGroup& group)
{
    otherShortcutGroups_.append(group);
}

void MainWindow::openDemo()
{
    submit(Source{demoResourcePath(), demoName(), nullptr, nullptr, nullptr, nullptr}, true);
}

void MainWindow::openFile(const QString& path, bool remember)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        reportError(QStringLiteral("cannot open %1: the file does not exist").arg(path));
        return;
    }
    if (info.isDir()) {
        reportError(QStringLiteral("cannot open %1: it is a folder, not a file").arg(path));
        return;
    }
    if (looksLikeSessionFile(QFile::encodeName(info.absoluteFilePath()).toStdString())) {
        // Sessions are restored by the part that owns the runs (the workbench's session actions), not read as data.
        if (isSignalConnected(QMetaMethod::fromSignal(&MainWindow::sessionRequested)))
            emit sessionRequested(info.absoluteFilePath());
        else
            reportError(QStringLiteral("cannot open the session %1 here").arg(path));
        return;
    }
    if (!looksLikeAudio(path)) {
        showImportDialog(info.absoluteFilePath());
        return;
    }
    submit(Source{info.absoluteFilePath(), info.fileName(), nullptr, nullptr, nullptr, nullptr, remember}, true);
}

void MainWindow::importSpectrogram(const ImportRequest& request)
{
    Source source;
    source.path = QString::fromStdString(request.files.magnitudePath);
    source.name = request.name();
    source.import = std::make_shared<const ImportRequest>(request);
    submit(source, true);
}

ImportDialog* MainWindow::showImportDialog(const QString& magnitudePath)
{
    auto* dialog = new ImportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!magnitudePath.isEmpty())
        dialog->setMagnitudePath(magnitudePath);
    connect(dialog, &ImportDialog::importRequested, this, [this, dialog](const ImportRequest& request) {
        rememberDirectory(QString::fromStdString(request.files.magnitudePath));
        Source source;
        source.path = QString::fromStdString(request.files.magnitudePath);
        source.name = request.name();
        source.import = std::make_shared<const ImportRequest>(request);
        importDialog_ = dialog;
        importTicket_ = 0; // an error of the parameters comes back before submit() returns
        const quint64 ticket = submit(source, true);
        if (ticket == 0) {
            if (importDialog_)
                importDialog_->showImportError(lastError_);
            return;
        }
        importTicket_ = ticket;
    });
    dialog->open();
    return dialog;
}

MainWindow::Source MainWindow::sourceOf(const Analysis& analysis)
{
    Source source;
    source.path = analysis.path;
    source.name = analysis.name;
    if (analysis.imported) {
        source.imported = analysis.imported;
    } else {
        source.signal = analysis.signal;
        source.waveform = analysis.waveform;
    }
    return source;
}

void MainWindow::setStftParams(const StftParams& params)
{
    parameters_->setParams(params);
    if (analysis_ || worker_->busy())
        onParametersChanged();
}

bool MainWindow::restoreSavedGeometry()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty())
        return false;
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    return restoreGeometry(geometry);
}

bool MainWindow::fitToScreen()
{
    const QScreen* shown = screen();
    if (!shown)
        return false;
    const QRect free = shown->availableGeometry();
    // Frame decorations are not part of size(): leave them some room.
    const QSize limit(free.width() * 97 / 100, free.height() * 92 / 100);
    if (width() <= limit.width() && height() <= limit.height())
        return false;
    resize(std::min(width(), limit.width()), std::min(height(), limit.height()));
    move(free.topLeft() + QPoint((free.width() - width()) / 2, (free.height() - height()) / 2));
    return true;
}

quint64 MainWindow::submit(const Source& source, bool newSource)
{
    const QString error = parameters_->validationError();
    if (!error.isEmpty()) {
        if (source.import && importDialog_) {
            lastError_ = error; // the dialog that asked shows it
            emit errorOccurred(error);
        } else {
            reportError(error);
        }
        return 0;
    }
    AnalysisRequest request;
    request.path = source.path;
    request.name = source.name;
    request.signal = source.signal;
    request.waveform = source.waveform;
    request.import = source.import;
    request.imported = source.imported;
    request.params = parameters_->params();
    request.sampleRate = newSource ? (source.import ? source.import->sampleRate : 0.0) : parameters_->sampleRate();
    request.memoryLimit = memoryLimit_;
    if (newSource)
        showInfo(QStringLiteral("Opening %1…").arg(source.name));
    pendingSource_ = source;
    pendingIsNewSource_ = newSource;
    latestTicket_ = worker_->submit(std::move(request));
    updateBusyIndicator();
    return latestTicket_;
}

void MainWindow::onParametersChanged()
{
    consistency_->setParams(parameters_->params());
    if (worker_->busy() && pendingIsNewSource_) {
        submit(pendingSource_, true);
        return;
    }
    if (!analysis_)
        return;
    submit(sourceOf(*analysis_), false);
}

void MainWindow::onAnalysisFinished(quint64 ticket, std::shared_ptr<const Analysis> analysis)
{
    if (ticket != latestTicket_)
        return;
    pendingIsNewSource_ = false;
    showAnalysis(std::move(analysis));
    if (ticket == importTicket_ && importDialog_)
        importDialog_->finishImport();
}

void MainWindow::showAnalysis(std::shared_ptr<const Analysis> analysis)
{
    const bool sameSource = analysis_ && (analysis->imported ? analysis_->imported == analysis->imported
                                                             : !analysis_->imported && analysis_->signal == analysis->signal);
    const bool keepRange = sameSource && analysis_->sampleRate() == analysis->sampleRate();
    // Freeing an hour's signal and STFT (gigabytes) takes long enough to be felt: the last
    // references of what goes off screen are dropped on a pool thread after the views let go.
    std::shared_ptr<const Analysis> previous = std::exchange(analysis_, std::move(analysis));
    std::shared_ptr<const Analysis> previousComplete = analysis_->preview ? nullptr : std::exchange(complete_, analysis_);
    if (analysis_->imported && !sameSource)
        parameters_->setParams(analysis_->spectrogram.params);
    if (analysis_->imported && !sameSource && analysis_->imported->candidate && analysis_->imported->candidate->mel
        && display_.frequencyScale != FrequencyScale::Mel) {
        // A mel dump is shown on the axis it was made on (its bins are the NNLS solution beneath it).
        DisplaySettings onMelAxis = display_;
        onMelAxis.frequencyScale = FrequencyScale::Mel;
        displayPanel_->setSettings(onMelAxis);
        onDisplayChanged();
    }
    parameters_->setFftSizeLocked(analysis_->imported != nullptr,
                                  QStringLiteral("n_fft is fixed by the imported spectrogram's %1 bins").arg(analysis_->spectrogram.bins()));
    parameters_->setSampleRate(analysis_->sampleRate(), analysis_->sourceSampleRate());
    parameters_->setSignalLength(analysis_->signalLength());
    waveform_->setAnalysis(analysis_, keepRange);
    if (!sameSource || analysis_->imported)
        consistency_->setAnalysis(analysis_);
    consistencyBox_->setVisible(analysis_->imported != nullptr);
    for (SpectrogramView* view : {magnitude_, second_})
        view->setAnalysis(analysis_, keepRange);
    if (!keepRange)
        alignTimeAxes();
    if (!sameSource && !analysis_->path.isEmpty() && pendingSource_.remember)
        addRecentFile(analysis_->path);
    updateTitle();
    if (analysis_->preview)
        showInfo(QStringLiteral("preview (hop %1); computing the full STFT…").arg(analysis_->spectrogram.params.hop));
    else
        showInfo(QStringLiteral("%1 frames × %2 bins, %3 ms")
                     .arg(analysis_->spectrogram.frames())
                     .arg(analysis_->spectrogram.bins())
                     .arg(std::lround(1000.0 * (analysis_->loadSeconds + analysis_->stftSeconds))));
    emit analysisChanged();
    checkSettled();
    QThreadPool::globalInstance()->start([previous = std::move(previous), previousComplete = std::move(previousComplete)]() mutable {
        previous.reset();
        previousComplete.reset();
    });
}

void MainWindow::onAnalysisFailed(quint64 ticket, const QString& message)
{
    if (ticket != latestTicket_)
        return;
    keepWhatIsShown();
    reportJobError(ticket, message);
    checkSettled();
}

void MainWindow::reportJobError(quint64 ticket, const QString& message)
{
    if (ticket != importTicket_ || !importDialog_) {
        reportError(message);
        return;
    }
    // The dialog keeps its fields and candidates and says what went wrong.
    lastError_ = message;
    showInfo(QStringLiteral("Import failed (see the dialog)"));
    importDialog_->showImportError(message);
    emit errorOccurred(message);
}

void MainWindow::onAnalysisCancelled(quint64 ticket)
{
    if (ticket != latestTicket_)
        return;
    const bool wasNewSource = pendingIsNewSource_;
    keepWhatIsShown();
    showInfo(wasNewSource ? QStringLiteral("Opening cancelled") : QStringLiteral("Recomputing cancelled"));
    if (ticket == importTicket_ && importDialog_)
        importDialog_->showImportError(QStringLiteral("cancelled"));
    checkSettled();
}

void MainWindow::keepWhatIsShown()
{
    const bool wasNewSource = pendingIsNewSource_;
    pendingIsNewSource_ = false;
    // A first look whose full STFT will not come gives way to the last complete analysis.
    if (analysis_ && analysis_->preview && complete_)
        showAnalysis(complete_);
    if (!analysis_)
        return;
    // Nothing changes: the panel goes back to the parameters of what is on screen.
    pendingSource_ = sourceOf(*analysis_);
    if (!wasNewSource) {
        parameters_->setParams(analysis_->requestedParams);
        parameters_->setSampleRate(analysis_->sampleRate(), analysis_->sourceSampleRate());
    }
}

void MainWindow::onAnalysisProgress(quint64 ticket, double fraction, const QString& stage)
{
    if (ticket != latestTicket_ || !worker_->busy())
        return;
    QString label = stage;
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    progress_->setFormat(QStringLiteral("%1 %p%").arg(label));
    progress_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000.0)));
    emit progressReported(label, fraction);
    progress_->show();
    busy_->clear(); // the bar says it
}

void MainWindow::cancelAnalysis()
{
    if (worker_->busy())
        worker_->cancel();
}

void MainWindow::onDisplayChanged()
{
    const DisplaySettings next = displayPanel_->settings();
    if (next.secondPane != display_.secondPane)
        second_->setQuantity(next.secondPane);
    display_ = next;
    for (SpectrogramView* view : {magnitude_, second_})
        view->setDisplay(display_);
    QSettings settings;
    display_.save(settings);
    checkSettled();
}

void MainWindow::reportError(const QString& message)
{
    lastError_ = message;
    showInfo(QStringLiteral("Error (see the dialog)"));
    emit errorOccurred(message);
    if (!errorDialogs_)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, QStringLiteral("PhaseLab"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::isBusy() const
{
    return worker_->busy() || dataWriter_->busy() || magnitude_->pending() || (!second_->isHidden() && second_->pending()) || consistency_->pending();
}

void MainWindow::checkSettled()
{
    updateBusyIndicator();
    if (!isBusy())
        emit settled();
}

void MainWindow::updateBusyIndicator()
{
    if (!cancelButton_)
        return; // still being built
    const bool computing = worker_->busy();
    busy_->setText(computing ? (progress_->isVisible() ? QString() : QStringLiteral("Computing…"))
                             : isBusy() ? QStringLiteral("Drawing…") : QString());
    cancelAction_->setEnabled(computing);
    cancelButton_->setVisible(computing);
    if (!computing) {
        progress_->hide();
        progress_->reset();
    }
}

void MainWindow::replotPanes()
{
    for (PlotWidget* plot : QList<PlotWidget*>{waveform_, magnitude_, second_, comparisonView_, convergence_})
        if (!plot->isHidden())
            plot->replot(QCustomPlot::rpImmediateRefresh);
}

QPixmap MainWindow::grabWindow()
{
    replotPanes();
    return grab();
}

QList<PlotWidget*> MainWindow::timePanes() const
{
    return {waveform_, magnitude_, second_};
}

void MainWindow::linkTimeAxes()
{
    for (PlotWidget* source : timePanes()) {
        connect(source->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, source](const QCPRange& range) {
            if (linkingAxes_)
                return;
            linkingAxes_ = true;
            for (PlotWidget* other : timePanes()) {
                if (other != source && other->xAxis->range() != range) {
                    other->xAxis->setRange(range);
                    other->replot(QCustomPlot::rpQueuedReplot);
                }
            }
            linkingAxes_ = false;
        });
    }
}

void MainWindow::alignTimeAxes()
{
    const QCPRange range = magnitude_->xAxis->range();
    for (PlotWidget* plot : timePanes()) {
        if (plot->xAxis->range() != range)
            plot->xAxis->setRange(range);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

QString MainWindow::readout() const
{
    return readout_->text();
}

void MainWindow::onHovered(PlotWidget* plot, double key, double value)
{
    if (plot == convergence_) {
        readout_->setText(QStringLiteral("iteration %1 | spectral convergence %2 dB")
                              .arg(std::lround(key))
                              .arg(formatNumber(value, 2)));
        return;
    }
    double hz = std::nan("");
    if (auto* view = qobject_cast<SpectrogramView*>(plot))
        hz = view->frequencyAt(value);
    showCrosshair(key, hz);
}

void MainWindow::showCrosshair(double seconds, double hz)
{
    waveform_->setCrosshair(seconds);
    for (SpectrogramView* view : {magnitude_, second_})
        view->setCrosshair(seconds, std::isfinite(hz) ? view->coordinateOf(hz) : std::nan(""));
    if (!analysis_) {
        readout_->clear();
        return;
    }
    const Spectrogram& spectrogram = analysis_->spectrogram;
    const int frame = nearestFrame(spectrogram, seconds);
    QString text = QStringLiteral("t = %1 s | frame %2").arg(formatNumber(seconds, 4)).arg(frame);
    if (std::isfinite(hz)) {
        const double binHz = binFrequency(spectrogram, 1.0);
        const int bin = std::clamp(static_cast<int>(std::lround(hz / binHz)), 0, spectrogram.bins() - 1);
        const float db = cellValue(spectrogram, SpectrogramQuantity::Magnitude, MagnitudeScale::Db, PhaseUnit::Radians, frame, bin);
        const float phase = cellValue(spectrogram, SpectrogramQuantity::Phase, MagnitudeScale::Db, PhaseUnit::Radians, frame, bin);
        text += QStringLiteral(" | %1 Hz | bin %2 (%3 Hz) | %4 dB | phase %5 rad")
                    .arg(formatNumber(hz, 1))
                    .arg(bin)
                    .arg(formatNumber(bin * binHz, 1))
                    .arg(formatNumber(db, 2))
                    .arg(formatNumber(phase, 3));
        if (second_->quantity() != SpectrogramQuantity::Phase && !second_->isHidden()) {
            const float other = cellValue(spectrogram, second_->quantity(), MagnitudeScale::Db, display_.phaseUnit, frame, bin);
            text += QStringLiteral(" | %1").arg(quantityAxisLabel(second_->quantity(), MagnitudeScale::Db, display_.phaseUnit,
                                                                     analysis_->sampleRate() > 0))
                        .replace(QStringLiteral(" ("), QStringLiteral(" ") + formatNumber(other, 2) + QStringLiteral(" ("));
        }
    } else {
        const auto sample = static_cast<long long>(std::llround(seconds * analysis_->displayRate()));
        text += QStringLiteral(" | sample %1 | amplitude %2").arg(sample).arg(formatNumber(waveform_->sampleAt(seconds), 4));
    }
    readout_->setText(text);
}

void MainWindow::clearCrosshair()
{
    for (PlotWidget* plot : timePanes())
        plot->hideCrosshair();
}

void MainWindow::zoomTime(double factor)
{
    QCPAxis* axis = magnitude_->xAxis;
    axis->scaleRange(factor, axis->range().center());
    magnitude_->replot(QCustomPlot::rpQueuedReplot);
}

void MainWindow::panTime(double fraction)
{
    QCPAxis* axis = magnitude_->xAxis;
    axis->moveRange(fraction * axis->range().size());
    magnitude_->replot(QCustomPlot::rpQueuedReplot);
}

void MainWindow::zoomFrequency(double factor)
{
    magnitude_->yAxis->scaleRange(factor, magnitude_->yAxis->range().center());
    magnitude_->replot(QCustomPlot::rpQueuedReplot);
}

void MainWindow::panFrequency(double fraction)
{
    magnitude_->yAxis->moveRange(fraction * magnitude_->yAxis->range().size());
    magnitude_->replot(QCustomPlot::rpQueuedReplot);
}

void MainWindow::fitAll()
{
    for (PlotWidget* plot : timePanes()) {
        plot->fit();
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void MainWindow::setPaneVisible(QWidget* pane, bool visible)
{
    pane->setVisible(visible);
    QSettings settings;
    settings.setValue(QStringLiteral("panes/") + pane->objectName(), visible);
    checkSettled();
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList files = settings.value(QStringLiteral("recentFiles")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    QStringList files = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    // Files that went away (moved, deleted, a temporary file of an old version) are not offered.
    files.removeIf([](const QString& path) { return !QFileInfo::exists(path); });
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction* action = recentMenu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()),
                                                 this, [this, path]() { openFile(path); });
        action->setToolTip(path);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | (Qt::Key_1 + i)));
        addAction(action);
    }
    if (files.isEmpty())
        recentMenu_->addAction(QStringLiteral("(none yet)"))->setEnabled(false);
    else {
        recentMenu_->addSeparator();
        recentMenu_->addAction(QStringLiteral("Clear List"), this, [this]() {
            QSettings().remove(QStringLiteral("recentFiles"));
            rebuildRecentMenu();
        });
    }
}

void MainWindow::showInfo(const QString& text)
{
    info_->setText(text);
}

void MainWindow::updateTitle()
{
    setWindowTitle(analysis_ ? QStringLiteral("%1 — PhaseLab").arg(analysis_->name) : QStringLiteral("PhaseLab"));
}

QString MainWindow::lastDirectory() const
{
    const QString saved = QSettings().value(QStringLiteral("lastDirectory")).toString();
    return saved.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation) : saved;
}

void MainWindow::rememberDirectory(const QString& path)
{
    QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
}

void MainWindow::chooseFileToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open"), lastDirectory(),
        QStringLiteral("Audio (*.wav *.flac *.ogg *.opus *.mp3 *.aif *.aiff *.au *.caf *.w64);;"
                       "Spectrogram dumps (*.npy *.raw *.bin *.f32 *.f64 *.dat *.csv *.mat);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    openFile(path);
}

void MainWindow::chooseSpectrogramDataExport(const QString& suffix)
{
    if (!analysis_) {
        reportError(QStringLiteral("nothing to export yet: open a file first"));
        return;
    }
    const QString filter = suffix == QLatin1String("csv") ? QStringLiteral("CSV, one line per frame (*.csv)")
                                                          : QStringLiteral("NumPy array, bins × frames (*.npy)");
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Spectrogram Data"),
                                                lastDirectory() + QLatin1Char('/') + QFileInfo(analysis_->name).completeBaseName() +
                                                    QLatin1Char('.') + suffix,
                                                filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    rememberDirectory(path);
    exportSpectrogramData(path);
}

bool MainWindow::exportSpectrogramData(const QString& path)
{
    if (!analysis_) {
        reportError(QStringLiteral("nothing to export yet: open a file first"));
        return false;
    }
    const QCPRange time = magnitude_->xAxis->range();
    const QCPRange values = magnitude_->yAxis->range();
    const SpectrogramRegion region = ui::visibleRegion(analysis_->spectrogram, time.lower, time.upper,
                                                       magnitude_->frequencyAt(values.lower), magnitude_->frequencyAt(values.upper));
    const std::shared_ptr<const Analysis> source = analysis_;
    const MagnitudeScale scale = display_.magnitudeScale;
    const bool npy = QFileInfo(path).suffix().toLower() == QLatin1String("npy");
    dataWriter_->write(path, [source, region, scale, npy, path](const std::string& target) {
        if (!source->path.isEmpty())
            refuseOverwritingInput(target, {QFile::encodeName(source->path).toStdString()});
        if (npy)
            writeRegionNpy(path, source->spectrogram, region, scale);
        else
            writeRegionCsv(path, source->spectrogram, region, scale);
    });
    const QString done = QStringLiteral("Wrote %1 (%2 frames × %3 bins)").arg(QFileInfo(path).fileName()).arg(region.frames()).arg(region.bins());
    pendingExports_[path] = done;
    updateBusyIndicator();
    return true;
}

void MainWindow::onDataWritten(const QString& path)
{
    showInfo(pendingExports_.take(path));
    emit spectrogramDataExported(path);
    checkSettled();
}

void MainWindow::onDataWriteFailed(const QString& path, const QString& message)
{
    pendingExports_.remove(path);
    reportError(QStringLiteral("cannot export to %1: %2").arg(path, message));
    checkSettled();
}

void MainWindow::choosePlotExport(PlotWidget* plot, const QString& format)
{
    const QString base = analysis_ ? QFileInfo(analysis_->name).completeBaseName() : QStringLiteral("phaselab");
    QString selected = format == QLatin1String("pdf") ? QStringLiteral("PDF (*.pdf)") : QStringLiteral("PNG image (*.png)");
    QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Export Plot"),
        lastDirectory() + QLatin1Char('/') + base + QLatin1Char('-') + plot->objectName().remove(QStringLiteral("Pane")) +
            QLatin1Char('.') + format,
        QStringLiteral("PNG image (*.png);;PDF (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".png");
    rememberDirectory(path);
    exportPlot(plot, path);
}

bool MainWindow::exportPlot(PlotWidget* plot, const QString& path)
{
    QString error;
    if (!plot->exportTo(path, &error)) {
        reportError(QStringLiteral("cannot export the plot: %1").arg(error));
        return false;
    }
    showInfo(QStringLiteral("Wrote %1").arg(QFileInfo(path).fileName()));
    return true;
}

void MainWindow::showShortcuts()
{
    auto* dialog = new ShortcutsDialog(shortcutGroups(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, QStringLiteral("About PhaseLab"),
                       QStringLiteral("<b>PhaseLab %1</b><p>Turning spectrograms back into sound: look at STFTs, guess "
                                      "how an unknown spectrogram was made, and reconstruct its phase.</p>")
                           .arg(QStringLiteral(PHASELAB_VERSION)));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    display_.save(settings);
    worker_->waitForDone();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            openFile(url.toLocalFile());
            return;
        }
    }
}

} // namespace phaselab::ui
