// SPDX-License-Identifier: GPL-3.0-or-later
// The spectrogram import dialog: a magnitude file and an optional phase file, how they are stored
// (container, dtype, byte order, header bytes, layout, bins x frames from the factorisations the
// file size allows), their value conventions (magnitude scale, or a mel candidate's own value
// scale: linear, power, ln, log10 or dB of the filterbank output; phase unit) and how they were made
// (STFT parameters, sample rate). A live preview image of the magnitudes updates as the fields
// change, so a wrong dtype or layout shows at once as noise instead of structure. "Suggest" runs
// the guesser in the background and lists its ranked candidates with scores and evidence;
// picking one (a click, or the first as soon as they arrive) fills the fields, and the import then
// reads the file exactly as the candidate says. Import does not close the dialog: the window reads
// the files and the dialog closes only when that worked; an error is shown inside the dialog,
// which keeps every field and candidate. Return in a field only commits it; Ctrl+Return imports.
// A new path is probed (its size and what its first bytes say it is) in a job: Import and Suggest
// wait for it, and a Suggest asked meanwhile starts once the probe has filled the fields.
#pragma once

#include "core/guess/file_probe.hpp"
#include "core/guess/guess.hpp"
#include "ui/jobs/job_runner.hpp"
#include "ui/model/spectrogram_import.hpp"

#include <QDialog>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;
class QVBoxLayout;
class QCPColorMap;

namespace phaselab::ui {

class GuessWorker;
class ImportPreviewWorker;
class ParameterPanel;
class PlotWidget;
struct ImportPreview;
struct PreviewValueScale;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(QWidget* parent = nullptr);
    ~ImportDialog() override;

    /// Set the path and probe the magnitude file in a job (probing() until it is back).
    void setMagnitudePath(const QString& path);
    void setPhasePath(const QString& path);
    /// True from a path's change until its probe has filled the fields.
    bool probing() const { return probeTicket_ != 0; }
    /// How a file is probed (core's probeFile unless a test watches the probing).
    using FileProber = std::function<FileProbe(const std::string& path)>;
    void setFileProber(FileProber prober);
    /// The import the fields describe.
    ImportRequest request() const;

    /// Starts the guesser ("Suggest"), once the probe of the path is back.
    void suggest();
    bool guessing() const;
    const std::vector<Candidate>& candidates() const { return candidates_; }
    /// Fills the fields from candidate `index` (as double-clicking it does).
    void useCandidate(int index);
    /// The candidate the import will follow (cleared when a field is edited afterwards).
    const std::optional<Candidate>& chosenCandidate() const { return chosen_; }

    /// Asks the window to import what the fields describe (the Import button, Ctrl+Return); the
    /// dialog stays open until finishImport() or showImportError().
    void accept() override;
    /// The import worked: the dialog closes.
    void finishImport();
    /// The import failed: the message is shown in the dialog, which keeps its state.
    void showImportError(const QString& message);
    bool importing() const { return importing_; }
    /// What the last import attempt said (empty: none failed).
    QString importError() const { return importError_; }
    /// Writes the report of the last Suggest to `path` in the background; reportWritten() follows.
    void exportReport(const QString& path);
    /// True when the guesser found no reading that looks like a spectrogram.
    bool guesserGaveUp() const { return guesserGaveUp_; }

    /// The preview on screen (null before the first) and the message under it; a preview is
    /// pending while the path is probed too.
    const std::shared_ptr<const ImportPreview>& preview() const { return preview_; }
    bool previewPending() const;
    QString previewMessage() const;
    PlotWidget* previewPlot() const { return previewPlot_; }

signals:
    void previewUpdated();
    void candidatesChanged();
    /// Import pressed: the window should read the files as `request` says.
    void importRequested(const phaselab::ui::ImportRequest& request);
    /// exportReport() finished: `error` is empty when the file was written.
    void reportWritten(const QString& path, const QString& error);

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void buildUi();
    QGroupBox* buildFilesBox(QWidget* parent);
    QGroupBox* buildStorageBox(QWidget* parent);
    void buildPreview(QWidget* right, QVBoxLayout* rightLayout);
    void buildGuesser(QWidget* right, QVBoxLayout* rightLayout);
    QHBoxLayout* buildButtonRow();
    void connectFields();
    void probe();
    void showProbe(const FileProbe& probed, const QString& error);
    void fieldsChanged();
    void schedulePreview();
    void requestPreview();
    void showPreview(const std::shared_ptr<const ImportPreview>& preview);
    void showPreviewError(const QString& message);
    void updateShapes();
    void applyShape();
    /// The scale field lists a linear spectrogram's magnitude scales, or a mel dump's value
    /// scales for a filterbank of |X|^power, with `selected` current.
    void listMagnitudeScales(MagnitudeScale selected);
    void listMelValueScales(MelValueScale selected, double power);
    /// The scale field was changed by hand.
    void scaleChanged();
    /// How the preview reads the values: as the scale field says.
    PreviewValueScale previewScale() const;
    void showCandidates(const std::shared_ptr<const GuessResult>& result);
    /// Export Report…: the guesser's findings as a self-contained HTML file, written off the GUI thread.
    void chooseReportExport();
    void showEvidence();
    void updateAcceptable();
    StorageSpec storage() const;
    ValueConventions values() const;

    QLineEdit* magnitude_ = nullptr;
    QLineEdit* phase_ = nullptr;
    QLabel* fileInfo_ = nullptr;
    QComboBox* container_ = nullptr;
    QComboBox* dtype_ = nullptr;
    QComboBox* byteOrder_ = nullptr;
    QSpinBox* headerBytes_ = nullptr;
    QComboBox* layout_ = nullptr;
    QComboBox* shape_ = nullptr;
    QSpinBox* bins_ = nullptr;
    QSpinBox* frames_ = nullptr;
    QComboBox* magnitudeScale_ = nullptr;
    QComboBox* phaseUnit_ = nullptr;
    ParameterPanel* params_ = nullptr;
    PlotWidget* previewPlot_ = nullptr;
    QCPColorMap* previewMap_ = nullptr;
    QLabel* previewStatus_ = nullptr;
    QPushButton* suggestButton_ = nullptr;
    QPushButton* reportButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTreeWidget* candidateList_ = nullptr;
    QPlainTextEdit* evidence_ = nullptr;
    QPushButton* importButton_ = nullptr;
    QLabel* importStatus_ = nullptr;

    ImportPreviewWorker* previewWorker_ = nullptr;
    GuessWorker* guessWorker_ = nullptr;
    JobRunner reportJobs_; ///< writes the guess report (hashing and drawing read the inputs again)
    JobRunner probeJobs_;
    FileProber prober_;
    quint64 probeTicket_ = 0; ///< the probe whose outcome fills the fields (0: none running)
    bool suggestAfterProbe_ = false;
    QTimer previewTimer_;
    std::shared_ptr<const ImportPreview> preview_;
    bool previewWaiting_ = false;
    std::vector<Candidate> candidates_;
    std::shared_ptr<const GuessResult> guessed_; ///< the last Suggest's result, for the report
    GuessInput guessedInput_;
    std::optional<Candidate> chosen_;
    bool melScales_ = false; ///< the scale field lists mel value scales (of a filterbank of |X|^melPower_)
    double melPower_ = 1.0;
    std::int64_t fileBytes_ = 0;
    Container detected_ = Container::Raw;
    int updating_ = 0;
    bool previewFailed_ = false;
    bool importing_ = false;
    bool guesserGaveUp_ = false;
    QString importError_;
};

} // namespace phaselab::ui
