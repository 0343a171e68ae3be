// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/import_dialog.hpp"
#include "ui/user_message.hpp"
#include "ui/shell/wheel_needs_focus.hpp"

#include "core/base/error.hpp"
#include "core/guess/file_probe.hpp"
#include "core/guess/guess_report.hpp"
#include "core/io/raw.hpp"
#include "ui/render/colormaps.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panes/plot_widget.hpp"
#include "ui/jobs/guess_worker.hpp"
#include "ui/jobs/import_preview_worker.hpp"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>
#include <utility>

namespace phaselab::ui {
namespace {

struct Blocker {
    explicit Blocker(int& counter) : counter(counter) { ++counter; }
    ~Blocker() { --counter; }
    int& counter;
};

bool isOneSidedPowerOfTwo(std::int64_t bins)
{
    const std::int64_t n = bins - 1;
    return n >= 2 && (n & (n - 1)) == 0;
}

QString containerLabel(Container container)
{
    switch (container) {
    case Container::Npy: return QStringLiteral("npy (NumPy)");
    case Container::Csv: return QStringLiteral("csv (numeric text)");
    case Container::Mat: return QStringLiteral("mat (MATLAB)");
    case Container::Raw: break;
    }
    return QStringLiteral("raw binary");
}

} // namespace

ImportDialog::ImportDialog(QWidget* parent)
    : QDialog(parent), previewWorker_(new ImportPreviewWorker(this)), guessWorker_(new GuessWorker(this))
{
    setObjectName(QStringLiteral("importDialog"));
    makeWheelNeedFocus();
    setWindowTitle(QStringLiteral("Import Spectrogram"));
    resize(1180, 760);
    buildUi();
    previewTimer_.setSingleShot(true);
    previewTimer_.setInterval(150);
    connect(&previewTimer_, &QTimer::timeout, this, &ImportDialog::requestPreview);
    connect(previewWorker_, &ImportPreviewWorker::ready, this, &ImportDialog::showPreview);
    connect(previewWorker_, &ImportPreviewWorker::failed, this, &ImportDialog::showPreviewError);
    connect(guessWorker_, &GuessWorker::progress, this, [this](double fraction, const QString& stage) {
        progress_->setValue(static_cast<int>(std::lround(100.0 * fraction)));
        progress_->setFormat(stage + QStringLiteral(" %p%"));
    });
    connect(guessWorker_, &GuessWorker::finished, this, [this](const std::shared_ptr<const GuessResult>& result) {
        suggestButton_->setText(QStringLiteral("Suggest"));
        progress_->setVisible(false);
        showCandidates(result);
    });
    connect(guessWorker_, &GuessWorker::failed, this, [this](const QString& message) {
        suggestButton_->setText(QStringLiteral("Suggest"));
        progress_->setVisible(false);
        guesserGaveUp_ = true;
        evidence_->setPlainText(QStringLiteral("The guesser gave up: ") + message +
                                QStringLiteral("\nImport stays off until you set the fields yourself."));
        updateAcceptable();
        emit candidatesChanged();
    });
    updateAcceptable();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter, 1);

    // Left: the fields, in a scroll area.
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* fields = new QWidget(scroll);
    auto* fieldsLayout = new QVBoxLayout(fields);
    fieldsLayout->setContentsMargins(4, 4, 4, 4);

    fieldsLayout->addWidget(buildFilesBox(fields));
    fieldsLayout->addWidget(buildStorageBox(fields));

    auto* stftBox = new QGroupBox(QStringLiteral("How it was made (STFT)"), fields);
    auto* stftLayout = new QVBoxLayout(stftBox);
    stftLayout->setContentsMargins(0, 0, 0, 0);
    params_ = new ParameterPanel(stftBox);
    params_->setSampleRate(0.0, 0.0);
    params_->setFftSizeLocked(true, QStringLiteral("n_fft follows the bin count: 2 (bins - 1)"));
    stftLayout->addWidget(params_);
    fieldsLayout->addWidget(stftBox);
    fieldsLayout->addStretch(1);
    scroll->setWidget(fields);
    scroll->setMinimumWidth(470);

    // Right: preview, then the guesser.
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(4, 4, 4, 4);
    buildPreview(right, rightLayout);
    buildGuesser(right, rightLayout);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({480, 700});

    layout->addLayout(buildButtonRow());
    connectFields();
}

QGroupBox* ImportDialog::buildFilesBox(QWidget* parent)
{
    auto* filesBox = new QGroupBox(QStringLiteral("Files"), parent);
    auto* filesForm = new QFormLayout(filesBox);
    auto fileRow = [this, filesBox, filesForm](const QString& label, QLineEdit*& edit, const QString& placeholder, bool magnitude) {
        auto* row = new QHBoxLayout;
        edit = new QLineEdit(filesBox);
        edit->setPlaceholderText(placeholder);
        auto* browse = new QPushButton(QStringLiteral("Browse…"), filesBox);
        browse->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        row->addWidget(edit, 1);
        row->addWidget(browse);
        filesForm->addRow(label, row);
        connect(browse, &QPushButton::clicked, this, [this, edit, magnitude]() {
            const QString path = QFileDialog::getOpenFileName(this, magnitude ? QStringLiteral("Magnitude file") : QStringLiteral("Phase file"),
                                                              QFileInfo(edit->text()).absolutePath());
            if (path.isEmpty())
                return;
            edit->setText(path);
            probe(); // setText() is no edit: editingFinished does not come
        });
        connect(edit, &QLineEdit::editingFinished, this, [this]() { probe(); });
    };
    fileRow(QStringLiteral("Magnitude"), magnitude_, QStringLiteral("magnitude (or complex) file"), true);
    magnitude_->setObjectName(QStringLiteral("magnitudePath"));
    fileRow(QStringLiteral("Phase"), phase_, QStringLiteral("optional"), false);
    phase_->setObjectName(QStringLiteral("phasePath"));
    fileInfo_ = new QLabel(filesBox);
    fileInfo_->setWordWrap(true);
    filesForm->addRow(fileInfo_);
    return filesBox;
}

QGroupBox* ImportDialog::buildStorageBox(QWidget* parent)
{
    auto* storageBox = new QGroupBox(QStringLiteral("Storage"), parent);
    auto* storageForm = new QFormLayout(storageBox);
    container_ = new QComboBox(storageBox);
    container_->setObjectName(QStringLiteral("container"));
    for (Container container : {Container::Raw, Container::Npy, Container::Csv, Container::Mat})
        container_->addItem(containerLabel(container), static_cast<int>(container));
    container_->setToolTip(QStringLiteral("Detected from the file's first bytes; raw files need every field below."));
    storageForm->addRow(QStringLiteral("Container"), container_);
    dtype_ = new QComboBox(storageBox);
    dtype_->setObjectName(QStringLiteral("dtype"));
    for (DType dtype : allDTypes())
        dtype_->addItem(QString::fromStdString(dtypeName(dtype)), static_cast<int>(dtype));
    dtype_->setCurrentIndex(dtype_->findData(static_cast<int>(DType::Float32)));
    storageForm->addRow(QStringLiteral("Data type"), dtype_);
    byteOrder_ = new QComboBox(storageBox);
    byteOrder_->setObjectName(QStringLiteral("byteOrder"));
    byteOrder_->addItem(QStringLiteral("little-endian"), static_cast<int>(ByteOrder::Little));
    byteOrder_->addItem(QStringLiteral("big-endian"), static_cast<int>(ByteOrder::Big));
    storageForm->addRow(QStringLiteral("Byte order"), byteOrder_);
    headerBytes_ = new QSpinBox(storageBox);
    headerBytes_->setObjectName(QStringLiteral("headerBytes"));
    headerBytes_->setRange(0, 1 << 30);
    headerBytes_->setSuffix(QStringLiteral(" bytes"));
    storageForm->addRow(QStringLiteral("Header"), headerBytes_);
    layout_ = new QComboBox(storageBox);
    layout_->setObjectName(QStringLiteral("layout"));
    layout_->addItem(QStringLiteral("bins × frames"), static_cast<int>(MatrixLayout::BinsByFrames));
    layout_->addItem(QStringLiteral("frames × bins"), static_cast<int>(MatrixLayout::FramesByBins));
    layout_->setToolTip(QStringLiteral("How the values run: bins × frames = each bin's time series contiguous (librosa, torch); frames × bins = the bins of one frame contiguous (one CSV line per frame). For .npy: the orientation of the array np.load returns "
                                       "(shape (bins, frames) = bins × frames)."));
    storageForm->addRow(QStringLiteral("Layout"), layout_);
    shape_ = new QComboBox(storageBox);
    shape_->setObjectName(QStringLiteral("shape"));
    shape_->setToolTip(QStringLiteral("The shapes the file size allows for this data type and header."));
    storageForm->addRow(QStringLiteral("Shape"), shape_);
    auto* shapeRow = new QHBoxLayout;
    bins_ = new QSpinBox(storageBox);
    bins_->setObjectName(QStringLiteral("bins"));
    bins_->setRange(0, 1 << 24);
    bins_->setSpecialValueText(QStringLiteral("auto"));
    bins_->setSuffix(QStringLiteral(" bins"));
    frames_ = new QSpinBox(storageBox);
    frames_->setObjectName(QStringLiteral("frames"));
    frames_->setRange(0, 1 << 30);
    frames_->setSpecialValueText(QStringLiteral("auto"));
    frames_->setSuffix(QStringLiteral(" frames"));
    shapeRow->addWidget(bins_);
    shapeRow->addWidget(frames_);
    storageForm->addRow(QString(), shapeRow);
    magnitudeScale_ = new QComboBox(storageBox);
    magnitudeScale_->setObjectName(QStringLiteral("magnitudeScale"));
    listMagnitudeScales(MagnitudeScale::Linear);
    storageForm->addRow(QStringLiteral("Magnitude scale"), magnitudeScale_);
    phaseUnit_ = new QComboBox(storageBox);
    phaseUnit_->setObjectName(QStringLiteral("phaseUnit"));
    phaseUnit_->addItem(QStringLiteral("radians"), static_cast<int>(PhaseUnit::Radians));
    phaseUnit_->addItem(QStringLiteral("degrees"), static_cast<int>(PhaseUnit::Degrees));
    storageForm->addRow(QStringLiteral("Phase unit"), phaseUnit_);
    return storageBox;
}

void ImportDialog::buildPreview(QWidget* right, QVBoxLayout* rightLayout)
{
    previewPlot_ = new PlotWidget(right);
    previewPlot_->setObjectName(QStringLiteral("importPreview"));
    previewPlot_->setTitle(QStringLiteral("Preview (magnitude, dB)"));
    previewPlot_->xAxis->setLabel(QStringLiteral("Frame"));
    previewPlot_->yAxis->setLabel(QStringLiteral("Bin"));
    previewPlot_->axisRect()->setBackground(QBrush(QColor(40, 40, 40)));
    previewPlot_->xAxis->grid()->setVisible(false);
    previewPlot_->yAxis->grid()->setVisible(false);
    auto* scale = new QCPColorScale(previewPlot_);
    scale->setType(QCPAxis::atRight);
    scale->setBarWidth(12);
    scale->axis()->setLabel(QStringLiteral("dB"));
    scale->axis()->setTickLabelFont(previewPlot_->xAxis->tickLabelFont());
    scale->axis()->setLabelFont(previewPlot_->xAxis->labelFont());
    previewPlot_->setRightColumn(scale);
    previewMap_ = new QCPColorMap(previewPlot_->xAxis, previewPlot_->yAxis);
    previewMap_->setColorScale(scale);
    previewMap_->setGradient(magnitudeGradient(QStringLiteral("viridis")));
    previewMap_->setInterpolate(false);
    previewMap_->setVisible(false);
    scale->setVisible(false); // no values yet: a colour scale would show made-up ones
    previewPlot_->setPlaceholder(QStringLiteral("Choose a magnitude file"), true);
    previewPlot_->setMinimumHeight(260);
    rightLayout->addWidget(previewPlot_, 3);
    previewStatus_ = new QLabel(right);
    previewStatus_->setObjectName(QStringLiteral("previewStatus"));
    previewStatus_->setWordWrap(true);
    previewStatus_->setTextFormat(Qt::RichText);
    rightLayout->addWidget(previewStatus_);

}

void ImportDialog::buildGuesser(QWidget* right, QVBoxLayout* rightLayout)
{
    auto* guessRow = new QHBoxLayout;
    suggestButton_ = new QPushButton(QStringLiteral("Suggest"), right);
    suggestButton_->setObjectName(QStringLiteral("suggest"));
    suggestButton_->setToolTip(QStringLiteral("Run the guesser: how were these files most likely made?"));
    progress_ = new QProgressBar(right);
    progress_->setRange(0, 100);
    progress_->setVisible(false);
    guessRow->addWidget(suggestButton_);
    reportButton_ = new QPushButton(QStringLiteral("Export Report…"), right);
    reportButton_->setObjectName(QStringLiteral("exportReport"));
    reportButton_->setToolTip(QStringLiteral("Save what the guesser found, with the inputs' SHA-256 and pictures, as one HTML file"));
    reportButton_->setEnabled(false);
    connect(reportButton_, &QPushButton::clicked, this, &ImportDialog::chooseReportExport);
    guessRow->addWidget(reportButton_);
    guessRow->addWidget(progress_, 1);
    rightLayout->addLayout(guessRow);
    candidateList_ = new QTreeWidget(right);
    candidateList_->setObjectName(QStringLiteral("candidates"));
    candidateList_->setHeaderLabels({QStringLiteral("#"), QStringLiteral("Score"), QStringLiteral("Reading")});
    candidateList_->setRootIsDecorated(false);
    candidateList_->setAlternatingRowColors(true);
    candidateList_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    candidateList_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    candidateList_->setToolTip(QStringLiteral("Click a candidate to fill the fields with it."));
    rightLayout->addWidget(candidateList_, 2);
    evidence_ = new QPlainTextEdit(right);
    evidence_->setObjectName(QStringLiteral("evidence"));
    evidence_->setReadOnly(true);
    evidence_->setPlaceholderText(QStringLiteral("Evidence for the selected candidate"));
    evidence_->setMaximumHeight(130);
    rightLayout->addWidget(evidence_, 1);
}

QHBoxLayout* ImportDialog::buildButtonRow()
{
    auto* bottom = new QHBoxLayout;
    importStatus_ = new QLabel(this);
    importStatus_->setObjectName(QStringLiteral("importStatus"));
    importStatus_->setWordWrap(true);
    importStatus_->setTextFormat(Qt::RichText);
    importStatus_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bottom->addWidget(importStatus_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    importButton_ = buttons->addButton(QStringLiteral("Import"), QDialogButtonBox::AcceptRole);
    importButton_->setObjectName(QStringLiteral("import"));
    importButton_->setToolTip(QStringLiteral("Read the files as the fields say (Ctrl+Return)"));
    // Return commits the field being edited (keyPressEvent): no button may take it as "import".
    for (QAbstractButton* button : buttons->buttons())
        if (auto* push = qobject_cast<QPushButton*>(button)) {
            push->setAutoDefault(false);
            push->setDefault(false);
        }
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    bottom->addWidget(buttons);
    return bottom;
}

void ImportDialog::connectFields()
{
    connect(suggestButton_, &QPushButton::clicked, this, [this]() {
        if (guessing()) {
            suggestAfterProbe_ = false;
            guessWorker_->cancel();
            suggestButton_->setText(QStringLiteral("Suggest"));
            progress_->setVisible(false);
        } else {
            suggest();
        }
    });
    // The highlighted candidate is the one the fields follow: a click (or the arrow keys) picks it.
    connect(candidateList_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        showEvidence();
        if (item && !updating_)
            useCandidate(candidateList_->indexOfTopLevelItem(item));
    });
    connect(candidateList_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const int index = candidateList_->indexOfTopLevelItem(item);
        if (!chosen_ || chosen_->rank != candidates_[static_cast<std::size_t>(index)].rank)
            useCandidate(index); // clicked again after the fields were edited by hand
    });

    for (QComboBox* combo : {container_, dtype_, byteOrder_, layout_, phaseUnit_})
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::fieldsChanged);
    connect(magnitudeScale_, &QComboBox::currentIndexChanged, this, &ImportDialog::scaleChanged);
    connect(dtype_, &QComboBox::currentIndexChanged, this, &ImportDialog::updateShapes);
    connect(headerBytes_, &QSpinBox::valueChanged, this, &ImportDialog::updateShapes);
    connect(headerBytes_, &QSpinBox::valueChanged, this, &ImportDialog::fieldsChanged);
    connect(shape_, &QComboBox::currentIndexChanged, this, &ImportDialog::applyShape);
    connect(bins_, &QSpinBox::valueChanged, this, &ImportDialog::fieldsChanged);
    connect(frames_, &QSpinBox::valueChanged, this, &ImportDialog::fieldsChanged);
    connect(params_, &ParameterPanel::parametersChanged, this, [this]() {
        if (!updating_)
            chosen_.reset();
    });
}

void ImportDialog::setMagnitudePath(const QString& path)
{
    magnitude_->setText(path);
    probe();
}

void ImportDialog::setPhasePath(const QString& path)
{
    phase_->setText(path);
    probe();
}

void ImportDialog::setFileProber(FileProber prober)
{
    prober_ = std::move(prober);
}

namespace {

struct ProbeOutcome {
    FileProbe probed;
    QString error;
};

} // namespace

void ImportDialog::probe()
{
    const std::string path = QFile::encodeName(magnitude_->text()).toStdString();
    probeTicket_ = 0; // what an older probe finds is for another path
    if (path.empty()) {
        fileInfo_->setText(QString());
        updateAcceptable();
        return;
    }
    fileInfo_->setText(QStringLiteral("Reading %1…").arg(QFileInfo(magnitude_->text()).fileName().toHtmlEscaped()));
    probeTicket_ = probeJobs_.start(
        [path, prober = prober_](const JobTicket&) {
            ProbeOutcome outcome;
            try {
                outcome.probed = prober ? prober(path) : probeFile(path);
            } catch (const std::exception& error) {
                outcome.error = userMessage(error);
            }
            return outcome;
        },
        [this](quint64 ticket, const ProbeOutcome& outcome) {
            if (ticket == probeTicket_)
                showProbe(outcome.probed, outcome.error);
        });
    updateAcceptable();
}

void ImportDialog::showProbe(const FileProbe& probed, const QString& error)
{
    probeTicket_ = 0;
    if (error.isEmpty()) {
        fileBytes_ = probed.size;
        detected_ = probed.container;
        QString text = QStringLiteral("%1 bytes, looks like %2").arg(probed.size).arg(containerLabel(probed.container));
        if (probed.npy)
            text += QStringLiteral(": ") + QString::fromStdString(probed.npy->describe());
        fileInfo_->setText(text);
        const Blocker block(updating_);
        container_->setCurrentIndex(container_->findData(static_cast<int>(probed.container)));
        if (probed.npy) {
            dtype_->setCurrentIndex(dtype_->findData(static_cast<int>(probed.npy->dtype)));
            byteOrder_->setCurrentIndex(byteOrder_->findData(static_cast<int>(probed.npy->byteOrder)));
            headerBytes_->setValue(static_cast<int>(probed.npy->headerBytes));
        }
    } else {
        fileBytes_ = 0;
        fileInfo_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
    }
    updateShapes();
    fieldsChanged();
    if (suggestAfterProbe_) {
        suggestAfterProbe_ = false;
        suggest();
    }
}

void ImportDialog::updateShapes()
{
    const Blocker block(updating_);
    shape_->clear();
    const bool raw = container_->currentData().toInt() == static_cast<int>(Container::Raw);
    shape_->setEnabled(raw);
    if (!raw || fileBytes_ <= 0) {
        shape_->addItem(raw ? QStringLiteral("(choose a file)") : QStringLiteral("(from the file)"));
        return;
    }
    const DType dtype = static_cast<DType>(dtype_->currentData().toInt());
    const auto factorisations = rawFactorisations(fileBytes_, headerBytes_->value(), 2);
    std::vector<std::pair<std::int64_t, std::int64_t>> shapes; // bins, frames
    for (const MatrixFactorisation& factorisation : factorisations) {
        if (factorisation.dtype != dtype)
            continue;
        for (const auto& [rows, columns] : factorisation.shapes) {
            shapes.emplace_back(rows, columns);
            if (rows != columns)
                shapes.emplace_back(columns, rows);
        }
    }
    // One-sided power-of-two bin counts first (the usual STFT), then by bins.
    std::stable_sort(shapes.begin(), shapes.end(), [](const auto& a, const auto& b) {
        const bool ap = isOneSidedPowerOfTwo(a.first), bp = isOneSidedPowerOfTwo(b.first);
        if (ap != bp)
            return ap;
        return a.first < b.first;
    });
    if (shapes.empty()) {
        shape_->addItem(QStringLiteral("(the size is no whole number of %1 values)").arg(dtype_->currentText()));
        return;
    }
    shape_->addItem(QStringLiteral("choose… (%1 shapes fit)").arg(shapes.size()), QVariant());
    for (std::size_t i = 0; i < shapes.size() && i < 60; ++i) {
        shape_->addItem(QStringLiteral("%1 bins × %2 frames").arg(shapes[i].first).arg(shapes[i].second),
                        QVariant::fromValue(QPoint(static_cast<int>(shapes[i].first), static_cast<int>(shapes[i].second))));
        if (shapes[i].first == bins_->value() && shapes[i].second == frames_->value())
            shape_->setCurrentIndex(shape_->count() - 1);
    }
}

void ImportDialog::applyShape()
{
    if (updating_)
        return;
    const QVariant data = shape_->currentData();
    if (!data.isValid())
        return;
    const QPoint shape = data.toPoint();
    {
        const Blocker block(updating_);
        bins_->setValue(shape.x());
        frames_->setValue(shape.y());
    }
    fieldsChanged();
}

StorageSpec ImportDialog::storage() const
{
    StorageSpec spec;
    spec.container = static_cast<Container>(container_->currentData().toInt());
    spec.dtype = static_cast<DType>(dtype_->currentData().toInt());
    spec.byteOrder = static_cast<ByteOrder>(byteOrder_->currentData().toInt());
    spec.headerBytes = headerBytes_->value();
    spec.layout = static_cast<MatrixLayout>(layout_->currentData().toInt());
    spec.bins = bins_->value();
    spec.frames = frames_->value();
    return spec;
}

void ImportDialog::listMagnitudeScales(MagnitudeScale selected)
{
    const Blocker block(updating_);
    if (melScales_ || magnitudeScale_->count() == 0) {
        magnitudeScale_->clear();
        magnitudeScale_->addItem(QStringLiteral("linear |X|"), static_cast<int>(MagnitudeScale::Linear));
        magnitudeScale_->addItem(QStringLiteral("power |X|²"), static_cast<int>(MagnitudeScale::Power));
        magnitudeScale_->addItem(QStringLiteral("dB (20 log10 |X|)"), static_cast<int>(MagnitudeScale::Db));
        melScales_ = false;
    }
    magnitudeScale_->setCurrentIndex(magnitudeScale_->findData(static_cast<int>(selected)));
}

void ImportDialog::listMelValueScales(MelValueScale selected, double power)
{
    const Blocker block(updating_);
    const QString mel = power == 2.0 ? QStringLiteral("mel F·|X|²") : QStringLiteral("mel F·|X|");
    magnitudeScale_->clear();
    magnitudeScale_->addItem(power == 2.0 ? QStringLiteral("power, %1").arg(mel) : QStringLiteral("linear, %1").arg(mel),
                             static_cast<int>(MelValueScale::Linear));
    magnitudeScale_->addItem(QStringLiteral("ln(%1)").arg(mel), static_cast<int>(MelValueScale::Ln));
    magnitudeScale_->addItem(QStringLiteral("log10(%1)").arg(mel), static_cast<int>(MelValueScale::Log10));
    magnitudeScale_->addItem(QStringLiteral("dB of %1").arg(mel), static_cast<int>(MelValueScale::Db));
    magnitudeScale_->addItem(QStringLiteral("Whisper, (log10(%1) + 4) / 4").arg(mel), static_cast<int>(MelValueScale::Whisper));
    magnitudeScale_->setCurrentIndex(magnitudeScale_->findData(static_cast<int>(selected)));
    melScales_ = true;
    melPower_ = power;
}

void ImportDialog::scaleChanged()
{
    if (updating_)
        return;
    if (melScales_ && chosen_ && chosen_->mel) {
        // The mel candidate stays: only how its values are stored changes.
        chosen_->melValueScale = static_cast<MelValueScale>(magnitudeScale_->currentData().toInt());
        schedulePreview();
        return;
    }
    fieldsChanged();
}

PreviewValueScale ImportDialog::previewScale() const
{
    PreviewValueScale scale;
    if (melScales_) {
        scale.mel = static_cast<MelValueScale>(magnitudeScale_->currentData().toInt());
        scale.melPower = melPower_;
    } else {
        scale.magnitude = static_cast<MagnitudeScale>(magnitudeScale_->currentData().toInt());
    }
    return scale;
}

ValueConventions ImportDialog::values() const
{
    ValueConventions conventions;
    // Mel value scales belong to a mel candidate; a reading by hand is a linear spectrogram's.
    conventions.magnitudeScale =
        melScales_ ? MagnitudeScale::Linear : static_cast<MagnitudeScale>(magnitudeScale_->currentData().toInt());
    conventions.phaseUnit = static_cast<PhaseUnit>(phaseUnit_->currentData().toInt());
    return conventions;
}

ImportRequest ImportDialog::request() const
{
    ImportRequest request;
    request.files.magnitudePath = QFile::encodeName(magnitude_->text()).toStdString();
    request.files.phasePath = QFile::encodeName(phase_->text()).toStdString();
    request.files.storage = storage();
    request.files.values = values();
    request.params = params_->params();
    request.sampleRate = params_->sampleRate();
    request.candidate = chosen_;
    if (!chosen_ && request.files.storage.bins == 0)
        request.params.nFft = 0; // from the file's bin count
    return request;
}

void ImportDialog::fieldsChanged()
{
    if (updating_)
        return;
    chosen_.reset();
    guesserGaveUp_ = false; // the fields are the user's own reading now
    if (melScales_)
        listMagnitudeScales(MagnitudeScale::Linear); // a reading by hand has no mel value scale
    const bool raw = container_->currentData().toInt() == static_cast<int>(Container::Raw);
    for (QWidget* field : {static_cast<QWidget*>(dtype_), static_cast<QWidget*>(byteOrder_), static_cast<QWidget*>(headerBytes_),
                           static_cast<QWidget*>(bins_), static_cast<QWidget*>(frames_)})
        field->setEnabled(raw);
    // n_fft follows the bin count.
    if (bins_->value() >= 2) {
        StftParams params = params_->params();
        if (params.nFft != 2 * (bins_->value() - 1)) {
            const Blocker block(updating_);
            params.nFft = 2 * (bins_->value() - 1);
            params.winLength = 0;
            params.hop = 0;
            params.winOffset = -1;
            params_->setParams(params);
        }
    }
    schedulePreview();
    updateAcceptable();
}

void ImportDialog::schedulePreview()
{
    if (magnitude_->text().isEmpty())
        return;
    if (!preview_) { // a file is chosen: "Choose a magnitude file" would be wrong while it is read
        previewPlot_->setPlaceholder(QStringLiteral("Reading the file…"), true);
        previewPlot_->replot();
    }
    previewWaiting_ = true;
    previewTimer_.start();
}

void ImportDialog::requestPreview()
{
    previewStatus_->setText(QStringLiteral("Reading…"));
    previewWorker_->request(QFile::encodeName(magnitude_->text()).toStdString(), storage(), previewScale());
}

bool ImportDialog::previewPending() const
{
    return previewWaiting_ || previewTimer_.isActive() || probing();
}

QString ImportDialog::previewMessage() const
{
    return previewStatus_->text();
}

void ImportDialog::showPreview(const std::shared_ptr<const ImportPreview>& preview)
{
    previewWaiting_ = false;
    previewFailed_ = false;
    preview_ = preview;
    previewMap_->colorScale()->setVisible(true);
    QCPColorMapData* data = previewMap_->data();
    const int columns = std::max(preview->columns, 2);
    const int rows = std::max(preview->rows, 2);
    data->setSize(columns, rows);
    const double frameStep = static_cast<double>(preview->frames) / preview->columns;
    const double binStep = static_cast<double>(preview->bins) / preview->rows;
    data->setRange(QCPRange(0.5 * frameStep, (columns - 0.5) * frameStep), QCPRange(0.5 * binStep, (rows - 0.5) * binStep));
    for (int row = 0; row < rows; ++row)
        for (int column = 0; column < columns; ++column)
            data->setCell(column, row,
                          preview->db[static_cast<std::size_t>(std::min(row, preview->rows - 1)) * preview->columns +
                                      std::min(column, preview->columns - 1)]);
    previewMap_->setDataRange(QCPRange(preview->peakDb - 90.0, preview->peakDb));
    previewPlot_->setTitle(preview->mel ? QStringLiteral("Preview (mel, dB)") : QStringLiteral("Preview (magnitude, dB)"));
    previewPlot_->yAxis->setLabel(preview->mel ? QStringLiteral("Mel channel") : QStringLiteral("Bin"));
    previewMap_->setVisible(true);
    previewPlot_->setPlaceholder(QString(), false);
    previewPlot_->setDataExtent(QCPRange(0, preview->frames), QCPRange(0, preview->bins));
    previewPlot_->fit();
    previewPlot_->replot();
    QString text = QStringLiteral("%1 bins × %2 frames read as %3")
                       .arg(preview->bins)
                       .arg(preview->frames)
                       .arg(QString::fromStdString(preview->storage.describe()).toHtmlEscaped());
    if (preview->nonFinite > 0)
        text += QStringLiteral("<br><span style='color:#a05a00'>%1 % of the values are NaN or infinite: a wrong data type or "
                               "byte order?</span>")
                    .arg(100.0 * preview->nonFinite, 0, 'f', 1);
    previewStatus_->setText(text);
    updateAcceptable();
    emit previewUpdated();
}

void ImportDialog::showPreviewError(const QString& message)
{
    previewWaiting_ = false;
    previewFailed_ = true;
    preview_.reset();
    previewMap_->setVisible(false);
    previewMap_->colorScale()->setVisible(false);
    previewPlot_->setPlaceholder(QStringLiteral("No preview for these fields"), true);
    previewPlot_->replot();
    previewStatus_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(message.toHtmlEscaped()));
    updateAcceptable();
    emit previewUpdated();
}

void ImportDialog::suggest()
{
    if (magnitude_->text().isEmpty())
        return;
    if (probing()) {
        // The probe's fields, landing after the guesser's pick, would undo it.
        suggestAfterProbe_ = true;
        return;
    }
    GuessInput input;
    input.magnitudePath = QFile::encodeName(magnitude_->text()).toStdString();
    input.phasePath = QFile::encodeName(phase_->text()).toStdString();
    input.sampleRate = params_->sampleRate();
    guessedInput_ = input;
    guessed_.reset();
    reportButton_->setEnabled(false);
    candidates_.clear();
    guesserGaveUp_ = false;
    candidateList_->clear();
    evidence_->clear();
    progress_->setValue(0);
    progress_->setFormat(QStringLiteral("%p%"));
    progress_->setVisible(true);
    suggestButton_->setText(QStringLiteral("Cancel"));
    guessWorker_->start(input, 5);
}

bool ImportDialog::guessing() const
{
    return guessWorker_->busy() || suggestAfterProbe_;
}

void ImportDialog::showCandidates(const std::shared_ptr<const GuessResult>& shared)
{
    const GuessResult& result = *shared;
    guessed_ = shared;
    reportButton_->setEnabled(true);
    candidates_ = result.candidates;
    candidateList_->clear();
    for (const Candidate& candidate : candidates_) {
        auto* item = new QTreeWidgetItem(candidateList_);
        item->setText(0, QString::number(candidate.rank));
        item->setText(1, QString::number(candidate.score, 'f', 2));
        // The framing first: the storage is often the same for every candidate; a mel dump's channel
        // count and value scale next, since they decide how its values are read.
        std::string row = candidate.framing.describe() + " | ";
        if (candidate.mel)
            row += "mel " + std::to_string(candidate.mel->nMels) + ", " + melValueScaleName(candidate.melValueScale) + " | ";
        item->setText(2, QString::fromStdString(row + candidate.summary()));
        item->setToolTip(2, QString::fromStdString(candidate.summary()));
    }
    if (!candidates_.empty())
        candidateList_->setCurrentItem(candidateList_->topLevelItem(0));
    else {
        guesserGaveUp_ = true;
        evidence_->setPlainText(QStringLiteral("No candidate: set the fields by hand."));
        updateAcceptable();
    }
    if (!result.looksLikeSpectrogram) {
        // The guesser's own verdict: no reading looks like a spectrogram (noise, or not a dump).
        guesserGaveUp_ = true;
        evidence_->setPlainText(QStringLiteral("Nothing here looks like a spectrogram: %1\nImport stays off until you set "
                                               "the fields yourself.")
                                    .arg(QString::fromStdString(result.verdict)));
        updateAcceptable();
    }
    emit candidatesChanged();
}

void ImportDialog::showEvidence()
{
    const int index = candidateList_->indexOfTopLevelItem(candidateList_->currentItem());
    if (index < 0 || index >= static_cast<int>(candidates_.size()))
        return;
    QStringList lines;
    // What the evidence cannot tell apart comes first: it decides how far to trust the pick.
    if (guessed_)
        for (const std::string& line : guessed_->ambiguities)
            lines << QStringLiteral("⚠ ") + QString::fromStdString(line);
    for (const std::string& line : candidates_[static_cast<std::size_t>(index)].evidence)
        lines << QStringLiteral("• ") + QString::fromStdString(line);
    evidence_->setPlainText(lines.join(QLatin1Char('\n')));
}

void ImportDialog::useCandidate(int index)
{
    if (index < 0 || index >= static_cast<int>(candidates_.size()))
        return;
    const Candidate& candidate = candidates_[static_cast<std::size_t>(index)];
    {
        const Blocker block(updating_);
        const StorageSpec& spec = candidate.storage;
        container_->setCurrentIndex(container_->findData(static_cast<int>(spec.container)));
        dtype_->setCurrentIndex(dtype_->findData(static_cast<int>(spec.dtype)));
        byteOrder_->setCurrentIndex(byteOrder_->findData(static_cast<int>(spec.byteOrder)));
        headerBytes_->setValue(static_cast<int>(spec.headerBytes));
        layout_->setCurrentIndex(layout_->findData(static_cast<int>(spec.layout)));
        bins_->setValue(candidate.bins);
        frames_->setValue(candidate.frames);
        if (candidate.mel)
            listMelValueScales(candidate.melValueScale, candidate.mel->power);
        else
            listMagnitudeScales(candidate.magnitudeScale);
        if (candidate.phaseUnit)
            phaseUnit_->setCurrentIndex(phaseUnit_->findData(static_cast<int>(*candidate.phaseUnit)));
        params_->setParams(candidate.phaselabParams());
        const bool raw = spec.container == Container::Raw;
        for (QWidget* field : {static_cast<QWidget*>(dtype_), static_cast<QWidget*>(byteOrder_),
                               static_cast<QWidget*>(headerBytes_), static_cast<QWidget*>(bins_), static_cast<QWidget*>(frames_)})
            field->setEnabled(raw);
        candidateList_->setCurrentItem(candidateList_->topLevelItem(index));
    }
    params_->flush();
    chosen_ = candidate;
    updateShapes();
    schedulePreview();
    updateAcceptable();
}

void ImportDialog::updateAcceptable()
{
    const bool readable = !magnitude_->text().isEmpty() && fileBytes_ > 0;
    // A reading whose preview failed would fail the import the same way; one the guesser gave up
    // on would be noise.
    importButton_->setEnabled(readable && !probing() && !previewFailed_ && !guesserGaveUp_ && !importing_);
    suggestButton_->setEnabled(readable && !probing() && !importing_);
}

void ImportDialog::accept()
{
    if (importing_ || !importButton_->isEnabled())
        return;
    importing_ = true;
    importError_.clear();
    importStatus_->setText(QStringLiteral("Importing…"));
    updateAcceptable();
    emit importRequested(request());
}

void ImportDialog::finishImport()
{
    importing_ = false;
    importStatus_->clear();
    QDialog::accept();
}

void ImportDialog::showImportError(const QString& message)
{
    importing_ = false;
    importError_ = message;
    importStatus_->setText(QStringLiteral("<span style='color:#b00020'>Cannot import: %1</span>").arg(message.toHtmlEscaped()));
    updateAcceptable();
}

void ImportDialog::keyPressEvent(QKeyEvent* event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && (event->modifiers() & Qt::ControlModifier)) {
        accept();
        return;
    }
    if (enter) {
        // The field has taken its value (editingFinished ran before the event came here).
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void ImportDialog::chooseReportExport()
{
    if (!guessed_)
        return;
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Report"),
                                                QFileInfo(magnitude_->text()).absolutePath() + QLatin1Char('/') +
                                                    QFileInfo(magnitude_->text()).completeBaseName() + QStringLiteral("-report.html"),
                                                QStringLiteral("HTML report (*.html)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".html");
    exportReport(path);
}

void ImportDialog::exportReport(const QString& path)
{
    if (!guessed_)
        return;
    reportButton_->setEnabled(false);
    importStatus_->setText(QStringLiteral("Writing the report…"));
    // Hashing and drawing read the inputs again: not on the GUI thread.
    reportJobs_.start(
        [result = guessed_, input = guessedInput_, file = QFile::encodeName(path).toStdString()](const JobTicket&) {
            try {
                GuessReportContext context;
                context.commandLine = "phaselab (import dialog): Suggest";
                writeGuessReport(file, input, *result, context);
            } catch (const std::exception& error) {
                return userMessage(error);
            }
            return QString();
        },
        [this, path](quint64, const QString& error) {
            reportButton_->setEnabled(guessed_ != nullptr);
            importStatus_->setText(error.isEmpty() ? QStringLiteral("Wrote %1").arg(QFileInfo(path).fileName())
                                                   : QStringLiteral("<span style='color:#b00020'>Cannot write the report: %1</span>")
                                                         .arg(error.toHtmlEscaped()));
            emit reportWritten(path, error);
        });
}

} // namespace phaselab::ui
