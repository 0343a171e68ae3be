// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/io/atomic_file.hpp"
#include "core/io/audio_file.hpp"
#include "ui/model/audio_source.hpp"
#include "ui/jobs/file_writer.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/playback/playback.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/panes/waveform_overlay.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace phaselab::ui {
namespace {

QString number(double value, int decimals)
{
    if (!std::isfinite(value))
        return value < 0 ? QStringLiteral("−∞") : QStringLiteral("–");
    return QString::number(value, 'f', decimals).replace(QLatin1Char('-'), QChar(0x2212));
}

QIcon colourIcon(const QColor& colour)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(colour);
    painter.setPen(Qt::NoPen);
    painter.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
    return QIcon(pixmap);
}

QString recordSummary(const IterationRecord& record)
{
    QString text = QStringLiteral("SC %1 dB").arg(number(record.spectralConvergenceDb, 1));
    if (record.melSpectralConvergenceDb)
        text += QStringLiteral(" · mel SC %1 dB").arg(number(*record.melSpectralConvergenceDb, 1));
    if (record.phase)
        text += QStringLiteral(" · phase error %1 / sign %2 / comp. %3 rad²")
                    .arg(number(record.phase->raw, 2), number(record.phase->signCorrected, 2),
                         number(record.phase->componentCorrected, 2));
    return text;
}

QString lastDirectory()
{
    const QString saved = QSettings().value(QStringLiteral("lastDirectory")).toString();
    return saved.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation) : saved;
}

} // namespace

ReconstructionPanel::ReconstructionPanel(RunQueue* runs, QWidget* parent)
    : QWidget(parent), runs_(runs), audioWriter_(new FileWriter(this))
{
    setObjectName(QStringLiteral("reconstructionPanel"));
    buildUi();
    followRuns();
    progressTimer_.setInterval(100);
    connect(&progressTimer_, &QTimer::timeout, this, &ReconstructionPanel::updateProgress);
    connect(audioWriter_, &FileWriter::written, this, [this](const QString& path) {
        emit audioExported(path);
        checkBusy();
    });
    connect(audioWriter_, &FileWriter::failed, this, [this](const QString& path, const QString& message) {
        reportError(QStringLiteral("cannot export the audio to %1: %2").arg(path, message));
        checkBusy();
    });
    scrubTimer_.setSingleShot(true);
    scrubTimer_.setInterval(40); // coalesces a drag's moves; a superseded snapshot is cancelled
    connect(&scrubTimer_, &QTimer::timeout, this, [this]() { scrubTo(wantedIteration_); });
    updateEnabled();
}

void ReconstructionPanel::followRuns()
{
    connect(runs_, &RunQueue::runAdded, this, &ReconstructionPanel::onRunAdded);
    connect(runs_, &RunQueue::started, this, &ReconstructionPanel::onStarted);
    connect(runs_, &RunQueue::recorded, this, &ReconstructionPanel::onRecorded);
    connect(runs_, &RunQueue::failed, this,
            [this](int, const QString& message) { reportError(QStringLiteral("the reconstruction failed: %1").arg(message)); });
    connect(runs_, &RunQueue::ended, this, &ReconstructionPanel::onEnded);
    connect(runs_, &RunQueue::removing, this, &ReconstructionPanel::onRemoving);
    connect(runs_, &RunQueue::removed, this, &ReconstructionPanel::onRemoved);
    connect(runs_, &RunQueue::stateChanged, this, &ReconstructionPanel::onStateChanged);
    connect(runs_, &RunQueue::snapshotReady, this, &ReconstructionPanel::onSnapshotReady);
    connect(runs_, &RunQueue::snapshotFailed, this, &ReconstructionPanel::onSnapshotFailed);
    connect(runs_, &RunQueue::referenceLoaded, this, &ReconstructionPanel::onReferenceLoaded);
    connect(runs_, &RunQueue::referenceFailed, this, &ReconstructionPanel::onReferenceFailed);
    connect(runs_, &RunQueue::referenceProgress, this, [this](double fraction, const QString& stage) {
        referenceLabel_->setText(QStringLiteral("Reading the reference: %1 %2 %").arg(stage).arg(std::lround(100.0 * fraction)));
    });
}

void ReconstructionPanel::onSnapshotReady(int id, int iteration, std::shared_ptr<const Analysis> analysis)
{
    updateSnapshotLabel();
    const int index = indexOfRun(id);
    if (index >= 0 && index == selectedRun() && iteration == wantedIteration_)
        show(index, analysis, iteration);
}

void ReconstructionPanel::onSnapshotFailed(const QString& message)
{
    wantedIteration_ = shownIteration_; // nothing more is coming: the slider goes back
    {
        const QSignalBlocker block(scrub_);
        scrub_->setValue(shownIteration_);
    }
    updateScrubLabel();
    checkBusy();
    reportError(message);
}

ReconstructionPanel::~ReconstructionPanel()
{
    shutdown();
}

void ReconstructionPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildMethodForm());
    layout->addLayout(buildRunButtons());
    buildProgress(layout);
    layout->addWidget(buildRunList());
    layout->addWidget(buildScrubber());
    layout->addWidget(buildMeasureForm());
    layout->addWidget(buildComparisonForm());
    layout->addStretch(1);
    // Long item texts must not widen the dock: combos show what fits and elide the rest.
    for (QComboBox* box : {algorithm_, init_, comparisonBox_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
    }
    seed_->setMaximumWidth(120);
    updateSnapshotLabel();
}

QGroupBox* ReconstructionPanel::buildMethodForm()
{
    auto* method = new QGroupBox(QStringLiteral("Method"), this);
    auto* form = new QFormLayout(method);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    algorithm_ = new QComboBox(method);
    algorithm_->setObjectName(QStringLiteral("algorithm"));
    const QList<QPair<QString, QString>> algorithms{
        {QStringLiteral("auto"), QStringLiteral("auto (best measured pipeline)")},
        {QStringLiteral("fgla"), QStringLiteral("FGLA (fast Griffin-Lim)")},
        {QStringLiteral("agla"), QStringLiteral("AGLA (accelerated Griffin-Lim)")},
        {QStringLiteral("gla"), QStringLiteral("GLA (Griffin-Lim)")},
        {QStringLiteral("raar"), QStringLiteral("RAAR")},
        {QStringLiteral("rtisi-la"), QStringLiteral("RTISI-LA")},
        {QStringLiteral("pghi"), QStringLiteral("PGHI (one pass)")},
        {QStringLiteral("spsi"), QStringLiteral("SPSI (one pass)")},
        {QStringLiteral("istft"), QStringLiteral("ISTFT of the given phase")}};
    for (const auto& [name, label] : algorithms) {
        if (std::find(algorithmNames().begin(), algorithmNames().end(), name.toStdString()) != algorithmNames().end())
            algorithm_->addItem(label, name);
    }
    algorithm_->setToolTip(QStringLiteral("The phase reconstruction method"));
    form->addRow(QStringLiteral("Algorithm"), algorithm_);
    init_ = new QComboBox(method);
    init_->setObjectName(QStringLiteral("init"));
    init_->addItem(QStringLiteral("zero"), QStringLiteral("zero"));
    init_->addItem(QStringLiteral("random"), QStringLiteral("random"));
    init_->addItem(QStringLiteral("PGHI"), QStringLiteral("pghi"));
    init_->addItem(QStringLiteral("SPSI"), QStringLiteral("spsi"));
    init_->addItem(QStringLiteral("given (true phase)"), QStringLiteral("given"));
    init_->setToolTip(QStringLiteral("The phase the iterations start from"));
    form->addRow(QStringLiteral("Initial phase"), init_);
    iterations_ = new QSpinBox(method);
    iterations_->setObjectName(QStringLiteral("iterations"));
    iterations_->setRange(1, 100000);
    iterations_->setValue(100);
    iterations_->setToolTip(QStringLiteral("Iterations (RTISI-LA: per new frame)"));
    form->addRow(QStringLiteral("Iterations"), iterations_);
    momentum_ = new QDoubleSpinBox(method);
    momentum_->setObjectName(QStringLiteral("momentum"));
    momentum_->setRange(0.0, 0.999);
    momentum_->setDecimals(3);
    momentum_->setSingleStep(0.01);
    momentum_->setValue(0.99);
    momentum_->setToolTip(QStringLiteral("FGLA's momentum α (also RAAR's Griffin-Lim tail; 0 gives GLA)"));
    form->addRow(QStringLiteral("Momentum"), momentum_);
    lookahead_ = new QSpinBox(method);
    lookahead_->setObjectName(QStringLiteral("lookahead"));
    lookahead_->setRange(-1, 64);
    lookahead_->setValue(-1);
    lookahead_->setSpecialValueText(QStringLiteral("auto"));
    lookahead_->setToolTip(QStringLiteral("RTISI-LA's look-ahead in frames (auto: window / hop − 1)"));
    form->addRow(QStringLiteral("Look-ahead"), lookahead_);
    seed_ = new QSpinBox(method);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, INT_MAX);
    seed_->setToolTip(QStringLiteral("Seed of the random initial phase"));
    form->addRow(QStringLiteral("Seed"), seed_);
    connect(algorithm_, &QComboBox::currentIndexChanged, this, &ReconstructionPanel::updateEnabled);
    connect(init_, &QComboBox::currentIndexChanged, this, &ReconstructionPanel::updateEnabled);
    return method;
}

QHBoxLayout* ReconstructionPanel::buildRunButtons()
{
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    runButton_ = new QPushButton(QStringLiteral("Run"), this);
    runButton_->setObjectName(QStringLiteral("runButton"));
    runButton_->setToolTip(QStringLiteral("Run the method on the open file (Ctrl+R)"));
    pauseButton_ = new QPushButton(QStringLiteral("Pause"), this);
    pauseButton_->setObjectName(QStringLiteral("pauseButton"));
    pauseButton_->setToolTip(QStringLiteral("Pause or resume the run (Ctrl+Shift+R)"));
    stepButton_ = new QPushButton(QStringLiteral("Step"), this);
    stepButton_->setObjectName(QStringLiteral("stepButton"));
    stepButton_->setToolTip(QStringLiteral("One iteration at a time (Space)"));
    stopButton_ = new QPushButton(QStringLiteral("Stop"), this);
    stopButton_->setObjectName(QStringLiteral("stopButton"));
    stopButton_->setToolTip(QStringLiteral("Stop the run and keep what it reached (Esc)"));
    for (QPushButton* button : {runButton_, pauseButton_, stepButton_, stopButton_}) {
        button->setMinimumWidth(10);
        buttons->addWidget(button);
    }
    connect(runButton_, &QPushButton::clicked, this, [this]() { run(); });
    connect(pauseButton_, &QPushButton::clicked, this, &ReconstructionPanel::pauseOrResume);
    connect(stepButton_, &QPushButton::clicked, this, &ReconstructionPanel::step);
    connect(stopButton_, &QPushButton::clicked, this, &ReconstructionPanel::stop);
    return buttons;
}

void ReconstructionPanel::buildProgress(QVBoxLayout* layout)
{
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("progress"));
    progress_->setRange(0, 100);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    layout->addWidget(progress_);
    progressLabel_ = new QLabel(QStringLiteral("Idle"), this);
    progressLabel_->setObjectName(QStringLiteral("progressLabel"));
    progressLabel_->setWordWrap(true);
    layout->addWidget(progressLabel_);
    referenceLabel_ = new QLabel(this);
    referenceLabel_->setObjectName(QStringLiteral("referenceLabel"));
    referenceLabel_->setVisible(false);
    layout->addWidget(referenceLabel_);
}

QGroupBox* ReconstructionPanel::buildRunList()
{
    auto* runs = new QGroupBox(QStringLiteral("Runs"), this);
    auto* runsLayout = new QVBoxLayout(runs);
    runList_ = new QListWidget(runs);
    runList_->setObjectName(QStringLiteral("runList"));
    runList_->setMinimumHeight(70);
    runList_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    runList_->setTextElideMode(Qt::ElideRight);
    runList_->setMaximumHeight(110);
    runList_->setToolTip(QStringLiteral("The selected run is shown in the reconstruction panes and played by the "
                                        "\"selected run\" source"));
    runsLayout->addWidget(runList_);
    auto* runButtons = new QGridLayout;
    removeButton_ = new QPushButton(QStringLiteral("Remove"), runs);
    clearButton_ = new QPushButton(QStringLiteral("Clear All"), runs);
    exportAudioButton_ = new QPushButton(QStringLiteral("Export Audio…"), runs);
    exportAudioButton_->setToolTip(QStringLiteral("Write the selected reconstruction as WAV or FLAC"));
    exportMetricsButton_ = new QPushButton(QStringLiteral("Export Metrics…"), runs);
    exportMetricsButton_->setToolTip(QStringLiteral("Write the selected run's metrics as JSON (the CLI's schema)"));
    runButtons->addWidget(removeButton_, 0, 0);
    runButtons->addWidget(clearButton_, 0, 1);
    runButtons->addWidget(exportAudioButton_, 1, 0);
    runButtons->addWidget(exportMetricsButton_, 1, 1);
    runsLayout->addLayout(runButtons);
    connect(runList_, &QListWidget::currentRowChanged, this, &ReconstructionPanel::onSelectionChanged);
    connect(removeButton_, &QPushButton::clicked, this, [this]() { removeRun(selectedRun()); });
    connect(clearButton_, &QPushButton::clicked, this, &ReconstructionPanel::clearRuns);
    connect(exportAudioButton_, &QPushButton::clicked, this, &ReconstructionPanel::chooseAudioExport);
    connect(exportMetricsButton_, &QPushButton::clicked, this, &ReconstructionPanel::chooseMetricsExport);
    return runs;
}

QGroupBox* ReconstructionPanel::buildScrubber()
{
    auto* scrubBox = new QGroupBox(QStringLiteral("Iterations of the selected run"), this);
    auto* scrubLayout = new QVBoxLayout(scrubBox);
    scrub_ = new QSlider(Qt::Horizontal, scrubBox);
    scrub_->setObjectName(QStringLiteral("scrubSlider"));
    scrub_->setRange(0, 0);
    scrub_->setToolTip(QStringLiteral("Scrub back through the iterations: the panes show the reconstruction at that "
                                      "iteration (recomputed from the same start, kept within the snapshot budget)"));
    scrubLayout->addWidget(scrub_);
    scrubLabel_ = new QLabel(QStringLiteral("No run yet"), scrubBox);
    scrubLabel_->setObjectName(QStringLiteral("scrubLabel"));
    scrubLabel_->setWordWrap(true);
    scrubLayout->addWidget(scrubLabel_);
    snapshotLabel_ = new QLabel(scrubBox);
    snapshotLabel_->setObjectName(QStringLiteral("snapshotLabel"));
    snapshotLabel_->setStyleSheet(QStringLiteral("color: #666;"));
    snapshotLabel_->setWordWrap(true);
    scrubLayout->addWidget(snapshotLabel_);
    connect(scrub_, &QSlider::valueChanged, this, &ReconstructionPanel::onScrubMoved);
    return scrubBox;
}

QGroupBox* ReconstructionPanel::buildMeasureForm()
{
    auto* plotBox = new QGroupBox(QStringLiteral("Convergence plot"), this);
    auto* plotLayout = new QGridLayout(plotBox);
    // In ConvergencePlot::Measure's order; `cell` places the mel figure beside the spectral convergence.
    const QStringList labels{QStringLiteral("Spectral conv."), QStringLiteral("Phase error"), QStringLiteral("Sign-corrected"),
                             QStringLiteral("Unweighted"), QStringLiteral("Component-corr."), QStringLiteral("Mel SC")};
    const QStringList tips{
        QStringLiteral("20·log10(‖ |STFT(x)| − S ‖ / ‖S‖), dB, left axis"),
        QStringLiteral("Σ S²·angle(X/X_ref)² / Σ S², rad², right axis (dashed)"),
        QStringLiteral("The same for the better of x and −x (dash-dot)"),
        QStringLiteral("Plain mean of angle(X/X_ref)² over all bins (dotted)"),
        QStringLiteral("Weighted, after the better offset 0 or π per connected region (dash-dot-dot)"),
        QStringLiteral("Runs on a mel spectrogram: 20·log10(‖ F·|STFT(x)|^p − mel ‖ / ‖mel‖) against the dump's own mel, "
                       "dB, left axis (long dashes, darker)")};
    const int cell[ConvergencePlot::kMeasures] = {0, 2, 3, 4, 5, 1};
    for (int m = 0; m < ConvergencePlot::kMeasures; ++m) {
        measures_[m] = new QCheckBox(labels[m], plotBox);
        measures_[m]->setChecked(true);
        measures_[m]->setToolTip(tips[m]);
        plotLayout->addWidget(measures_[m], cell[m] / 2, cell[m] % 2);
        connect(measures_[m], &QCheckBox::toggled, this, [this, m](bool on) {
            if (plot_)
                plot_->setMeasureVisible(static_cast<ConvergencePlot::Measure>(m), on);
        });
    }
    logScale_ = new QCheckBox(QStringLiteral("Log phase axis"), plotBox);
    logScale_->setObjectName(QStringLiteral("logScale"));
    logScale_->setToolTip(QStringLiteral("Phase errors on a logarithmic axis"));
    plotLayout->addWidget(logScale_, 3, 0);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        if (plot_)
            plot_->setLogScale(on);
    });
    return plotBox;
}

QGroupBox* ReconstructionPanel::buildComparisonForm()
{
    auto* compareBox = new QGroupBox(QStringLiteral("Comparison pane"), this);
    auto* compareForm = new QFormLayout(compareBox);
    comparisonBox_ = new QComboBox(compareBox);
    comparisonBox_->setObjectName(QStringLiteral("comparison"));
    for (ComparisonQuantity quantity : comparisonQuantities())
        comparisonBox_->addItem(comparisonLabel(quantity), comparisonName(quantity));
    comparisonBox_->setCurrentIndex(comparisonBox_->findData(comparisonName(ComparisonQuantity::Difference)));
    compareForm->addRow(QStringLiteral("Show"), comparisonBox_);
    mask_ = new QDoubleSpinBox(compareBox);
    mask_->setObjectName(QStringLiteral("mask"));
    mask_->setRange(10.0, 200.0);
    mask_->setSingleStep(10.0);
    mask_->setDecimals(0);
    mask_->setValue(60.0);
    mask_->setSuffix(QStringLiteral(" dB"));
    mask_->setToolTip(QStringLiteral("Phase-like maps hide bins this far below the peak: their phase is noise"));
    compareForm->addRow(QStringLiteral("Hide below peak −"), mask_);
    connect(comparisonBox_, &QComboBox::currentIndexChanged, this, [this]() {
        if (comparison_)
            comparison_->setQuantity(comparisonQuantity());
        checkBusy();
    });
    connect(mask_, &QDoubleSpinBox::valueChanged, this, [this](double db) {
        if (comparison_)
            comparison_->setMaskBelowDb(db);
    });
    return compareBox;
}

void ReconstructionPanel::attach(ConvergencePlot* plot, WaveformOverlay* reconstructionWaveform, ComparisonPane* comparison,
                                 Playback* playback)
{
    plot_ = plot;
    waveform_ = reconstructionWaveform;
    comparison_ = comparison;
    playback_ = playback;
    if (plot_) {
        for (int m = 0; m < ConvergencePlot::kMeasures; ++m)
            plot_->setMeasureVisible(static_cast<ConvergencePlot::Measure>(m), measures_[m]->isChecked());
        plot_->setLogScale(logScale_->isChecked());
    }
    if (comparison_) {
        comparison_->setQuantity(comparisonQuantity());
        comparison_->setMaskBelowDb(mask_->value());
        connect(comparison_, &ComparisonPane::settled, this, &ReconstructionPanel::checkBusy);
    }
}

void ReconstructionPanel::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    // A long file's quick preview is followed by its real analysis: wait for that one.
    if (analysis && analysis->preview)
        return;
    if (runs_->setAnalysis(std::move(analysis))) {
        referenceLabel_->setVisible(false);
        if (plot_ && runs_->runCount() == 0)
            plot_->clearRuns();
        if (comparison_)
            comparison_->setSource(runs_->analysis());
        if (playback_) {
            playback_->clearSources();
            if (runs_->analysis() && runs_->analysis()->signal)
                playback_->addSource(QStringLiteral("Original"), runs_->analysis()->signal);
        }
    }
    if (autorun_ && runs_->analysis()) {
        const ReconstructionOptions options = *autorun_;
        autorun_.reset();
        setOptions(options);
        run();
    }
    updateEnabled();
    checkBusy();
}

bool ReconstructionPanel::loadReference(const QString& path, QString* error)
{
    if (!runs_->loadReference(path, error))
        return false;
    referenceLabel_->setText(QStringLiteral("Reading the reference %1…").arg(QFileInfo(path).fileName()));
    referenceLabel_->setToolTip(path);
    referenceLabel_->setVisible(true);
    checkBusy();
    return true;
}

void ReconstructionPanel::onReferenceLoaded()
{
    const QString path = runs_->referencePath();
    referenceLabel_->setText(QStringLiteral("Reference: %1").arg(QFileInfo(path).fileName()));
    referenceLabel_->setToolTip(path);
    referenceLabel_->setVisible(true);
    emit referenceLoaded(path);
    checkBusy();
}

void ReconstructionPanel::onReferenceFailed(const QString& path, const QString& message)
{
    // What was loaded before stays.
    referenceLabel_->setText(QStringLiteral("Reference: %1").arg(QFileInfo(runs_->referencePath()).fileName()));
    referenceLabel_->setToolTip(runs_->referencePath());
    referenceLabel_->setVisible(runs_->hasReference());
    if (!message.isEmpty())
        reportError(QStringLiteral("cannot use %1 as the reference: %2").arg(path, message));
    emit referenceFailed(path);
    checkBusy();
}

ReconstructionOptions ReconstructionPanel::options() const
{
    ReconstructionOptions options;
    options.algorithm = parseAlgorithm(algorithm_->currentData().toString().toStdString());
    options.init = parseInitialPhase(init_->currentData().toString().toStdString());
    options.iterations = iterations_->value();
    options.momentum = momentum_->value();
    options.lookahead = lookahead_->value();
    options.seed = static_cast<std::uint64_t>(seed_->value());
    return options;
}

void ReconstructionPanel::setOptions(const ReconstructionOptions& options)
{
    const int algorithm = algorithm_->findData(QString::fromStdString(algorithmName(options.algorithm)));
    if (algorithm >= 0)
        algorithm_->setCurrentIndex(algorithm);
    const int init = init_->findData(QString::fromStdString(initialPhaseName(options.init)));
    if (init >= 0)
        init_->setCurrentIndex(init);
    iterations_->setValue(std::clamp(options.iterations, 1, iterations_->maximum()));
    momentum_->setValue(options.momentum);
    lookahead_->setValue(std::clamp(options.lookahead, -1, lookahead_->maximum()));
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(options.seed, INT_MAX)));
    updateEnabled();
}

int ReconstructionPanel::run()
{
    if (!runs_->analysis()) {
        reportError(QStringLiteral("nothing to reconstruct yet: open an audio file or the demo first"));
        return -1;
    }
    const ReconstructionOptions settings = options();
    return queueRun(defaultRunName(settings), settings, nullptr); // the queue builds the inputs in a job
}

int ReconstructionPanel::queueRun(const QString& name, const ReconstructionOptions& options,
                                  std::shared_ptr<const RunInputs> inputs, bool startPaused)
{
    const int id = runs_->add(name, options, std::move(inputs), startPaused);
    checkBusy();
    return id;
}

void ReconstructionPanel::onRunAdded(int index)
{
    const ReconstructionRun& run = runAt(index);
    QColor colour(Qt::black);
    if (plot_) {
        const int line = plot_->addRun(run.name);
        colour = plot_->runColourOf(line);
        for (const auto& record : run.records) // a run from a session shows its stored curves
            plot_->addRecord(line, record);
        if (!run.records.empty())
            plot_->flush();
    }
    runs_->setColour(index, colour);
    runList_->addItem(new QListWidgetItem(colourIcon(colour), run.name));
    updateRunItem(index);
    updateEnabled();
    checkBusy();
}

void ReconstructionPanel::runWhenLoaded(const ReconstructionOptions& options)
{
    autorun_ = options;
    checkBusy();
}

void ReconstructionPanel::onStarted(int id)
{
    const int index = indexOfRun(id);
    const ReconstructionRun& run = runAt(index);
    if (plot_)
        plot_->clearRecords(index); // a run from a session: the live records replace the stored ones
    runClock_.start();
    runStartIteration_ = 0;
    progress_->setRange(0, isIterative(run.options.algorithm) ? run.options.iterations : 0);
    progress_->setValue(0);
    progressTimer_.start();
    updateRunItem(index);
    selectRun(index);
    emit runStarted(id);
    updateEnabled();
    checkBusy();
}

void ReconstructionPanel::pauseOrResume()
{
    runs_->pauseOrResume();
}

void ReconstructionPanel::step()
{
    if (runs_->state() == ReconstructionWorker::State::Idle) {
        if (!runs_->analysis())
            return;
        ReconstructionOptions settings = options();
        if (!isIterative(settings.algorithm))
            return;
        queueRun(defaultRunName(settings), settings, nullptr, true);
        return;
    }
    runs_->step();
}

void ReconstructionPanel::stop()
{
    autorun_.reset();
    runs_->stop();
    checkBusy();
}

void ReconstructionPanel::shutdown()
{
    autorun_.reset();
    progressTimer_.stop();
    scrubTimer_.stop();
    runs_->shutdown();
}

bool ReconstructionPanel::busy() const
{
    return runs_->busy() || autorun_.has_value() || audioWriter_->busy() || (comparison_ && comparison_->pending()) || scrubPending();
}

void ReconstructionPanel::checkBusy()
{
    const bool now = busy();
    if (now != lastBusy_) {
        lastBusy_ = now;
        emit busyChanged(now);
    } else if (!now) {
        emit busyChanged(false); // something finished drawing: let the window re-check
    }
}

void ReconstructionPanel::onRecorded(int id, const IterationRecord& record)
{
    const int index = indexOfRun(id);
    if (index < 0)
        return;
    if (plot_)
        plot_->addRecord(index, record);
    if (index == selectedRun()) {
        const bool following = scrub_->value() == scrub_->maximum();
        updateScrubRange();
        if (following) {
            const QSignalBlocker block(scrub_);
            scrub_->setValue(scrub_->maximum());
            if (plot_)
                plot_->setMarker(std::nan(""));
            updateScrubLabel();
        }
        // Stepping: show the estimate at the iteration the run stopped at.
        if (runs_->state() == ReconstructionWorker::State::Paused && isIterative(runAt(index).options.algorithm)) {
            wantedIteration_ = record.iteration;
            scrubTimer_.start();
        }
    }
    emit recorded(id, record);
}

void ReconstructionPanel::onEnded(int id)
{
    const int index = indexOfRun(id);
    if (index >= 0) {
        updateRunItem(index);
        const ReconstructionRun& run = runAt(index);
        if (run.status != ReconstructionRun::Status::Failed) {
            if (playback_ && run.analysis)
                playback_->addSource(run.name, run.analysis->signal);
            if (index == selectedRun()) {
                if (playback_ && run.analysis)
                    playback_->setABPartner(run.analysis->signal);
                followLastIteration();
                show(index, run.analysis, run.lastIteration());
            }
            if (plot_)
                plot_->flush();
        }
    }
    emit runEnded(id);
}

void ReconstructionPanel::onStateChanged()
{
    const int current = indexOfRun(runs_->currentRun());
    if (current >= 0)
        updateRunItem(current);
    if (runs_->state() == ReconstructionWorker::State::Idle) {
        progressTimer_.stop();
        updateProgress();
    }
    updateEnabled();
    checkBusy();
}

void ReconstructionPanel::updateEnabled()
{
    const auto state = runs_->state();
    const bool idle = state == ReconstructionWorker::State::Idle;
    Algorithm algorithm = Algorithm::Fgla;
    try {
        algorithm = parseAlgorithm(algorithm_->currentData().toString().toStdString());
    } catch (const Error&) {
    }
    const bool iterative = isIterative(algorithm);
    init_->setEnabled(iterative);
    iterations_->setEnabled(iterative || algorithm == Algorithm::RtisiLa);
    momentum_->setEnabled(algorithm == Algorithm::Fgla || algorithm == Algorithm::Raar || algorithm == Algorithm::Agla);
    lookahead_->setEnabled(algorithm == Algorithm::RtisiLa);
    const QString init = init_->currentData().toString();
    seed_->setEnabled((iterative && init == QLatin1String("random")) || algorithm == Algorithm::Pghi ||
                      (iterative && init == QLatin1String("pghi")));
    runButton_->setEnabled(idle && runs_->analysis() != nullptr);
    runButton_->setToolTip(runs_->analysis() ? QStringLiteral("Run the method on the open file (Ctrl+R)")
                                     : QStringLiteral("Open an audio file or the demo first"));
    pauseButton_->setEnabled(state == ReconstructionWorker::State::Running || state == ReconstructionWorker::State::Paused);
    pauseButton_->setText(state == ReconstructionWorker::State::Paused ? QStringLiteral("Resume") : QStringLiteral("Pause"));
    stepButton_->setEnabled((idle && runs_->analysis() != nullptr && iterative) || state == ReconstructionWorker::State::Paused ||
                            state == ReconstructionWorker::State::Running);
    stopButton_->setEnabled(!idle && state != ReconstructionWorker::State::Stopping);
    const int selected = selectedRun();
    const bool hasAudio = selected >= 0 && runAt(selected).analysis;
    removeButton_->setEnabled(selected >= 0 && !(runAt(selected).id == runs_->currentRun()));
    clearButton_->setEnabled(runCount() > 0 && idle);
    exportAudioButton_->setEnabled(hasAudio);
    exportMetricsButton_->setEnabled(selected >= 0 && !runAt(selected).records.empty());
}

void ReconstructionPanel::updateProgress()
{
    const ReconstructionRun* run = nullptr;
    const int current = indexOfRun(runs_->currentRun());
    if (current >= 0)
        run = &runAt(current);
    if (!run) {
        if (runCount() > 0 && runAt(runCount() - 1).ended()) {
            const ReconstructionRun& last = runAt(runCount() - 1);
            progress_->setRange(0, 1);
            progress_->setValue(1);
            progressLabel_->setText(QStringLiteral("%1: %2, %3 iterations in %4 s")
                                        .arg(last.name, statusName(last.status))
                                        .arg(last.iterationsDone)
                                        .arg(number(last.secondsTotal, 2)));
        } else {
            progressLabel_->setText(QStringLiteral("Idle"));
        }
        return;
    }
    const int done = run->lastIteration();
    const int total = run->options.iterations;
    if (isIterative(run->options.algorithm))
        progress_->setValue(std::min(done, total));
    double rate = 0.0;
    const auto& records = run->records;
    if (records.size() >= 2) {
        const std::size_t back = std::min<std::size_t>(records.size() - 1, 20);
        const IterationRecord& now = records.back();
        const IterationRecord& then = records[records.size() - 1 - back];
        if (now.seconds > then.seconds)
            rate = (now.iteration - then.iteration) / (now.seconds - then.seconds);
    }
    QString text = QStringLiteral("%1: %2").arg(run->name, statusName(run->status));
    if (isIterative(run->options.algorithm)) {
        text += QStringLiteral(" · %1 / %2").arg(done).arg(total);
        if (rate > 0.0) {
            text += QStringLiteral(" · %1 it/s").arg(number(rate, rate < 10 ? 1 : 0));
            if (run->status == ReconstructionRun::Status::Running)
                text += QStringLiteral(" · %1 s left").arg(number((total - done) / rate, 1));
        }
    }
    progressLabel_->setText(text);
}

void ReconstructionPanel::updateRunItem(int index)
{
    if (index < 0 || index >= runCount())
        return;
    const ReconstructionRun& run = runAt(index);
    QListWidgetItem* item = runList_->item(index);
    if (!item)
        return;
    QString text = run.name;
    if (run.ended() && !run.records.empty()) {
        text += QStringLiteral(" — %1 dB").arg(number(run.records.back().spectralConvergenceDb, 1));
        if (run.records.back().phase)
            text += QStringLiteral(", %1 rad²").arg(number(run.records.back().phase->signCorrected, 2));
    }
    if (run.status != ReconstructionRun::Status::Finished)
        text += QStringLiteral(" (%1)").arg(statusName(run.status));
    item->setText(text);
    QString tip = QStringLiteral("%1\n%2 iterations, %3 s").arg(run.name).arg(run.iterationsDone).arg(number(run.secondsTotal, 2));
    if (!run.records.empty())
        tip += QStringLiteral("\nlast: ") + recordSummary(run.records.back());
    if (run.snr)
        tip += QStringLiteral("\nSNR %1 dB (sign-corrected %2 dB)").arg(number(run.snr->snrDb, 2), number(run.snr->snrSignCorrectedDb, 2));
    if (!run.error.isEmpty())
        tip += QStringLiteral("\nerror: ") + run.error;
    if (run.restored)
        tip += QStringLiteral("\n(from a session: run it again to hear and see it)");
    item->setToolTip(tip);
}

int ReconstructionPanel::selectedRun() const
{
    return runList_->currentRow();
}

void ReconstructionPanel::selectRun(int index)
{
    if (index != runList_->currentRow())
        runList_->setCurrentRow(index); // emits currentRowChanged -> onSelectionChanged
}

void ReconstructionPanel::followLastIteration()
{
    updateScrubRange();
    {
        const QSignalBlocker block(scrub_);
        scrub_->setValue(scrub_->maximum());
    }
    if (plot_)
        plot_->setMarker(std::nan(""));
    updateScrubLabel();
}

void ReconstructionPanel::onSelectionChanged()
{
    const int index = selectedRun();
    followLastIteration();
    if (index >= 0) {
        const ReconstructionRun& run = runAt(index);
        if (run.analysis)
            show(index, run.analysis, run.lastIteration());
        if (playback_ && run.analysis && playback_->current() > 0) {
            for (int source = 1; source < playback_->sourceCount(); ++source)
                if (playback_->sourceSignal(source) == run.analysis->signal)
                    playback_->setCurrent(source);
        }
    }
    // A/B pairs the original with the selected run.
    if (playback_)
        playback_->setABPartner(index >= 0 && runAt(index).analysis
                                    ? runAt(index).analysis->signal
                                    : nullptr);
    updateEnabled();
}

void ReconstructionPanel::removeRun(int index)
{
    runs_->remove(index);
}

void ReconstructionPanel::onRemoving(int index)
{
    const ReconstructionRun& run = runAt(index);
    if (playback_ && run.analysis)
        for (int source = 1; source < playback_->sourceCount(); ++source)
            if (playback_->sourceSignal(source) == run.analysis->signal) {
                playback_->removeSource(source);
                break;
            }
    if (plot_)
        plot_->removeRun(index);
}

void ReconstructionPanel::onRemoved(int index, int id)
{
    delete runList_->takeItem(index);
    if (shownRun_ == id) {
        shownRun_ = -1;
        shownIteration_ = -1;
        if (comparison_)
            comparison_->clear();
        if (waveform_)
            waveform_->setAnalysis(nullptr, QString());
    }
    updateSnapshotLabel();
    updateEnabled();
    checkBusy();
}

void ReconstructionPanel::clearRuns()
{
    runs_->clear();
    if (plot_ && runCount() == 0)
        plot_->clearRuns();
}

void ReconstructionPanel::addRestoredRun(const SessionRun& stored)
{
    runs_->addRestored(stored);
    updateEnabled();
    checkBusy();
}

ComparisonQuantity ReconstructionPanel::comparisonQuantity() const
{
    return parseComparison(comparisonBox_->currentData().toString());
}

void ReconstructionPanel::setComparisonQuantity(ComparisonQuantity quantity)
{
    comparisonBox_->setCurrentIndex(comparisonBox_->findData(comparisonName(quantity)));
}

double ReconstructionPanel::maskBelowDb() const
{
    return mask_->value();
}

void ReconstructionPanel::setMaskBelowDb(double db)
{
    mask_->setValue(db);
}

bool ReconstructionPanel::logScale() const
{
    return logScale_->isChecked();
}

void ReconstructionPanel::setLogScale(bool log)
{
    logScale_->setChecked(log);
}

bool ReconstructionPanel::measureVisible(int measure) const
{
    return measure >= 0 && measure < ConvergencePlot::kMeasures && measures_[measure]->isChecked();
}

void ReconstructionPanel::setMeasureVisible(int measure, bool visible)
{
    if (measure >= 0 && measure < ConvergencePlot::kMeasures)
        measures_[measure]->setChecked(visible);
}

void ReconstructionPanel::updateScrubRange()
{
    const int index = selectedRun();
    const QSignalBlocker block(scrub_);
    if (index < 0) {
        scrub_->setRange(0, 0);
        scrub_->setEnabled(false);
        return;
    }
    const ReconstructionRun& run = runAt(index);
    scrub_->setRange(run.records.empty() ? 0 : run.records.front().iteration, run.lastIteration());
    scrub_->setEnabled(isIterative(run.options.algorithm) && run.records.size() > 1);
}

int ReconstructionPanel::scrubIteration() const
{
    return scrub_->value();
}

void ReconstructionPanel::onScrubMoved(int iteration)
{
    if (plot_)
        plot_->setMarker(iteration == scrub_->maximum() ? std::nan("") : double(iteration));
    updateScrubLabel();
    wantedIteration_ = iteration;
    scrubTimer_.start();
}

void ReconstructionPanel::scrubTo(int iteration)
{
    const int index = selectedRun();
    if (index < 0)
        return;
    if (scrub_->value() != iteration) {
        const QSignalBlocker block(scrub_);
        scrub_->setValue(iteration);
        if (plot_)
            plot_->setMarker(iteration == scrub_->maximum() ? std::nan("") : double(iteration));
        updateScrubLabel();
    }
    wantedIteration_ = iteration;
    const ReconstructionRun& run = runAt(index);
    if (run.analysis && run.ended() && iteration == run.lastIteration()) {
        show(index, run.analysis, iteration);
        return;
    }
    if (auto snapshot = runs_->snapshots().find(run.id, iteration)) {
        show(index, snapshot, iteration);
        return;
    }
    if (runs_->requestSnapshot(index, iteration)) {
        updateScrubLabel();
        checkBusy();
    } else if (shownRun_ == run.id) {
        const QSignalBlocker block(scrub_); // cannot be computed: stay where the panes are
        scrub_->setValue(shownIteration_);
        updateScrubLabel();
    }
}

void ReconstructionPanel::updateScrubLabel()
{
    const int index = selectedRun();
    if (index < 0) {
        scrubLabel_->setText(QStringLiteral("No run selected"));
        return;
    }
    const ReconstructionRun& run = runAt(index);
    const int iteration = scrub_->value();
    const auto it = std::find_if(run.records.begin(), run.records.end(),
                                 [&](const IterationRecord& record) { return record.iteration == iteration; });
    if (it == run.records.end()) {
        scrubLabel_->setText(QStringLiteral("%1: no iterations yet").arg(run.name));
        return;
    }
    QString text = QStringLiteral("Iteration %1 of %2: %3").arg(iteration).arg(run.lastIteration()).arg(recordSummary(*it));
    if (scrubPending())
        text += QStringLiteral("<br><b>Computing iteration %1…</b> the panes still show iteration %2").arg(iteration).arg(shownIteration_);
    scrubLabel_->setText(text);
}

bool ReconstructionPanel::scrubPending() const
{
    const int index = selectedRun();
    if (index < 0)
        return false;
    const ReconstructionRun& run = runAt(index);
    return run.ended() && run.analysis && shownRun_ == run.id && scrub_->value() != shownIteration_;
}

void ReconstructionPanel::updateSnapshotLabel()
{
    snapshotLabel_->setText(QStringLiteral("Snapshots: %1 stored, %2 of %3 MB budget")
                                .arg(runs_->snapshots().count())
                                .arg(number(runs_->snapshots().bytes() / 1048576.0, 1))
                                .arg(runs_->snapshots().budget() >> 20));
}

void ReconstructionPanel::show(int index, std::shared_ptr<const Analysis> reconstruction, int iteration)
{
    if (index < 0 || index >= runCount() || !reconstruction)
        return;
    const ReconstructionRun& run = runAt(index);
    shownRun_ = run.id;
    shownIteration_ = iteration;
    const QString caption = isIterative(run.options.algorithm) ? QStringLiteral("%1 · iteration %2").arg(run.name).arg(iteration)
                                                               : run.name;
    if (waveform_)
        waveform_->setAnalysis(reconstruction, caption);
    if (comparison_)
        comparison_->setReconstruction(run.inputs, reconstruction, caption);
    if (index == selectedRun())
        updateScrubLabel(); // no longer "computing"
    emit shownChanged();
    checkBusy();
}

void ReconstructionPanel::reportError(const QString& message)
{
    emit errorOccurred(message);
    if (!dialogs_)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, QStringLiteral("PhaseLab"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool ReconstructionPanel::exportAudio(int index, const QString& path)
{
    if (index < 0 || index >= runCount() || !runAt(index).analysis) {
        reportError(QStringLiteral("no reconstruction to export: run one first"));
        return false;
    }
    const std::shared_ptr<const Signal> signal = runAt(index).analysis->signal;
    const std::string source =
        runs_->analysis() ? QFile::encodeName(runs_->analysis()->path).toStdString() : std::string();
    audioWriter_->write(path, [signal, source](const std::string& target) {
        if (!source.empty())
            refuseOverwritingInput(target, {source});
        writeAudio(target, *signal);
    });
    checkBusy();
    return true;
}

bool ReconstructionPanel::exportMetrics(int index, const QString& path)
{
    if (index < 0 || index >= runCount()) {
        reportError(QStringLiteral("no run to export: run one first"));
        return false;
    }
    try {
        const std::string target = QFile::encodeName(path).toStdString();
        if (runs_->analysis() && !runs_->analysis()->path.isEmpty())
            refuseOverwritingInput(target, {QFile::encodeName(runs_->analysis()->path).toStdString()});
        const std::string text = sessionRunToJson(toSessionRun(runAt(index))).dump(1) + "\n";
        AtomicFile file(target);
        file.write(text.data(), text.size());
        file.commit();
    } catch (const std::exception& error) {
        reportError(QStringLiteral("cannot export the metrics to %1: %2").arg(path, userMessage(error)));
        return false;
    }
    return true;
}

void ReconstructionPanel::chooseAudioExport()
{
    const int index = selectedRun();
    if (index < 0)
        return;
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Reconstruction"),
                                                lastDirectory() + QStringLiteral("/reconstruction.wav"),
                                                QStringLiteral("WAV (*.wav);;FLAC (*.flac)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("flac")) ? QStringLiteral(".flac") : QStringLiteral(".wav");
    QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    exportAudio(index, path);
}

void ReconstructionPanel::chooseMetricsExport()
{
    const int index = selectedRun();
    if (index < 0)
        return;
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Metrics"),
                                                lastDirectory() + QStringLiteral("/metrics.json"),
                                                QStringLiteral("JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    exportMetrics(index, path);
}

} // namespace phaselab::ui
