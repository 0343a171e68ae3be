// SPDX-License-Identifier: GPL-3.0-or-later
// The reconstruction panel: the method and its settings (algorithm, initial phase,
// iterations, momentum, look-ahead, seed), Run / Pause / Step / Stop, a progress bar with
// iterations per second and time left, the list of runs (export audio and metrics JSON), which
// measures the convergence plot shows (and its log/linear phase-error axis), what the comparison
// pane shows, and the scrub slider that brings back any stored iteration of the selected run.
// The runs themselves are the RunQueue's (ui/model/run_queue.hpp, given by the Workbench): the
// panel shows them and follows its signals; what it offers on runs passes to the queue. The panes
// it feeds (convergence plot, the reconstruction's trace over the original waveform, comparison
// pane) and the playback are attached by the Workbench.
#pragma once

#include "ui/model/analysis.hpp"
#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/model/run_queue.hpp"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QVBoxLayout;

namespace phaselab::ui {

class FileWriter;
class Playback;
class WaveformOverlay;

class ReconstructionPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReconstructionPanel(RunQueue* runs, QWidget* parent = nullptr);
    ~ReconstructionPanel() override;

    /// The panes and playback it feeds (any may be null).
    void attach(ConvergencePlot* plot, WaveformOverlay* reconstructionWaveform, ComparisonPane* comparison, Playback* playback);
    ConvergencePlot* convergencePlot() const { return plot_; }
    WaveformOverlay* reconstructionWaveform() const { return waveform_; }
    ComparisonPane* comparisonPane() const { return comparison_; }
    Playback* playback() const { return playback_; }
    ReconstructionWorker* worker() const { return runs_->worker(); }
    RunQueue* runQueue() const { return runs_; }

    /// The source on screen changed (new file: runs are cleared; new parameters: they stay).
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    std::shared_ptr<const Analysis> analysis() const { return runs_->analysis(); }
    /// Takes an audio file as the reference of the phase errors and the SNR (for a spectrogram
    /// imported without its audio): read and analysed off the GUI thread with the open
    /// spectrogram's parameters and frame count, then referenceLoaded() (or an error and
    /// referenceFailed()). Kept until another source is opened. False with `error` set when
    /// nothing is open to take a reference.
    bool loadReference(const QString& path, QString* error = nullptr);
    /// The reference loaded by loadReference (empty: none, or the source itself).
    QString referencePath() const { return runs_->referencePath(); }

    ReconstructionOptions options() const;
    void setOptions(const ReconstructionOptions& options);

    /// Runs the panel's settings on the current analysis; returns the run id (-1: nothing open).
    int run();
    /// Queues a run of given inputs (lessons; null: the open analysis's); returns its id.
    int queueRun(const QString& name, const ReconstructionOptions& options, std::shared_ptr<const RunInputs> inputs,
                 bool startPaused = false);
    /// Starts `options` as soon as the next analysis arrives (the command line's --algorithm).
    void runWhenLoaded(const ReconstructionOptions& options);
    void pauseOrResume();
    /// One iteration: starts a paused run when idle, else steps the paused one.
    void step();
    void stop();
    /// Stops everything and waits for the worker (the window is closing).
    void shutdown();

    /// Running, queued, waiting for the source, exporting audio, or drawing the comparison (not: paused).
    bool busy() const;

    int runCount() const { return runs_->runCount(); }
    const ReconstructionRun& runAt(int index) const { return runs_->runAt(index); }
    int indexOfRun(int id) const { return runs_->indexOfRun(id); }
    int selectedRun() const; ///< index, -1 for none
    void selectRun(int index);
    void removeRun(int index);
    void clearRuns();
    /// Adds runs read from a session (records only) to the list and the plot.
    void addRestoredRun(const SessionRun& run);

    ComparisonQuantity comparisonQuantity() const;
    void setComparisonQuantity(ComparisonQuantity quantity);
    double maskBelowDb() const;
    void setMaskBelowDb(double db);
    bool logScale() const;
    void setLogScale(bool log);
    /// Which measures the convergence plot shows (index = ConvergencePlot::Measure).
    bool measureVisible(int measure) const;
    void setMeasureVisible(int measure, bool visible);

    /// Shows the selected run at `iteration` (snapshot recomputed when not stored).
    void scrubTo(int iteration);
    int scrubIteration() const;
    /// The iteration whose reconstruction the panes show (-1: none).
    int shownIteration() const { return shownIteration_; }
    /// The slider asks for an iteration the panes do not show yet (its snapshot is computing).
    bool scrubPending() const;
    SnapshotStore& snapshots() { return runs_->snapshots(); }

    /// Writes run `index`'s reconstruction as WAV or FLAC off the GUI thread: audioExported(path)
    /// or an error follows. False (and an error) when that run has no reconstruction.
    bool exportAudio(int index, const QString& path);
    bool exportMetrics(int index, const QString& path);

    /// Error dialogs on (default) or off (then errors only go to errorOccurred).
    void setErrorDialogsEnabled(bool enabled) { dialogs_ = enabled; }

signals:
    void busyChanged(bool busy);
    void runStarted(int id);
    void runEnded(int id);
    void recorded(int id, const phaselab::IterationRecord& record);
    void errorOccurred(const QString& message);
    /// An exportAudio() file is written.
    void audioExported(const QString& path);
    /// loadReference() finished: the reference is in the runs' inputs from now on.
    void referenceLoaded(const QString& path);
    /// loadReference() failed or was cancelled (what was loaded before stays).
    void referenceFailed(const QString& path);
    /// The panes show another run or iteration.
    void shownChanged();

private:
    void buildUi();
    QGroupBox* buildMethodForm();
    QHBoxLayout* buildRunButtons();
    void buildProgress(QVBoxLayout* layout);
    QGroupBox* buildRunList();
    QGroupBox* buildScrubber();
    QGroupBox* buildMeasureForm();
    QGroupBox* buildComparisonForm();
    void updateEnabled();
    void updateProgress();
    void updateRunItem(int index);
    void followRuns();
    void onRunAdded(int index);
    void onStarted(int id);
    void onRecorded(int id, const IterationRecord& record);
    void onEnded(int id);
    void onRemoving(int index);
    void onRemoved(int index, int id);
    void onStateChanged();
    void onSnapshotReady(int id, int iteration, std::shared_ptr<const Analysis> analysis);
    void onSnapshotFailed(const QString& message);
    void onReferenceLoaded();
    void onReferenceFailed(const QString& path, const QString& message);
    void onSelectionChanged();
    void onScrubMoved(int iteration);
    void show(int index, std::shared_ptr<const Analysis> reconstruction, int iteration);
    void updateScrubRange();
    /// The slider to the selected run's last iteration, without asking for a snapshot.
    void followLastIteration();
    void updateScrubLabel();
    void updateSnapshotLabel();
    void reportError(const QString& message);
    void checkBusy();
    void chooseAudioExport();
    void chooseMetricsExport();

    RunQueue* runs_;
    FileWriter* audioWriter_;
    ConvergencePlot* plot_ = nullptr;
    WaveformOverlay* waveform_ = nullptr;
    ComparisonPane* comparison_ = nullptr;
    Playback* playback_ = nullptr;

    QLabel* referenceLabel_ = nullptr;
    std::optional<ReconstructionOptions> autorun_;
    int shownIteration_ = -1;
    int shownRun_ = -1;
    int wantedIteration_ = -1;
    bool dialogs_ = true;
    bool lastBusy_ = false;
    QElapsedTimer runClock_;
    int runStartIteration_ = 0;
    QTimer progressTimer_;
    QTimer scrubTimer_;

    QComboBox* algorithm_ = nullptr;
    QComboBox* init_ = nullptr;
    QSpinBox* iterations_ = nullptr;
    QDoubleSpinBox* momentum_ = nullptr;
    QSpinBox* lookahead_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QPushButton* pauseButton_ = nullptr;
    QPushButton* stepButton_ = nullptr;
    QPushButton* stopButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QListWidget* runList_ = nullptr;
    QPushButton* removeButton_ = nullptr;
    QPushButton* clearButton_ = nullptr;
    QPushButton* exportAudioButton_ = nullptr;
    QPushButton* exportMetricsButton_ = nullptr;
    QCheckBox* measures_[ConvergencePlot::kMeasures] = {};
    QCheckBox* logScale_ = nullptr;
    QComboBox* comparisonBox_ = nullptr;
    QDoubleSpinBox* mask_ = nullptr;
    QSlider* scrub_ = nullptr;
    QLabel* scrubLabel_ = nullptr;
    QLabel* snapshotLabel_ = nullptr;
};

} // namespace phaselab::ui
