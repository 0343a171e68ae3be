// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench's main window: a column of panes sharing one time axis (waveform, magnitude
// spectrogram, a second spectrogram pane for phase / IF / group delay, the comparison pane of a
// reconstruction, the convergence plot), the parameter and display panels in a dock (their changes
// undoable), the File, Edit, View, Analysis and Help menus whose every action has a shortcut, and a
// crosshair readout in the status bar. Heavy work runs in workers (ui/jobs); a failed open or
// recompute shows an error and leaves the current state untouched. The parts that reconstruct,
// play and teach are built around it by the Workbench (ui/shell/workbench.hpp).
#pragma once

#include "core/base/memory_budget.hpp"
#include "core/dsp/stft_params.hpp"
#include "ui/model/analysis.hpp"
#include "ui/model/display_settings.hpp"
#include "ui/model/spectrogram_import.hpp"
#include "ui/dialogs/shortcuts_dialog.hpp"

#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <memory>

class QAction;
class QDockWidget;
class QGroupBox;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;
class QSplitter;

namespace phaselab::ui {

class AnalysisWorker;
class ConsistencyPanel;
class ConvergencePlot;
class DisplayPanel;
class EditHistory;
class FileWriter;
class ImportDialog;
class ParameterPanel;
class PlotWidget;
class SpectrogramView;
class WaveformView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kDefaultWidth = 1280;
    static constexpr int kDefaultHeight = 800;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens the bundled demo clip.
    void openDemo();
    /// Opens an audio file, or a session (sessionRequested); anything else goes to the import dialog.
    /// `remember` false: not listed under Open Recent (a lesson's temporary signal file).
    void openFile(const QString& path, bool remember = true);
    /// Reads a spectrogram dump (magnitude and optional phase) as the request says.
    void importSpectrogram(const ImportRequest& request);
    /// Shows the import dialog (magnitudePath prefilled when given); returns it (it deletes itself
    /// on close; accepting it imports).
    ImportDialog* showImportDialog(const QString& magnitudePath = QString());
    /// Sets the STFT parameters (e.g. from the command line) and recomputes if something is open.
    void setStftParams(const StftParams& params);
    /// Restores the geometry saved by the last session (if any); returns whether it did.
    bool restoreSavedGeometry();
    /// Shrinks the window to the screen's free area when it is larger (the default 1280x800 at a
    /// 1.5 scale factor on a small screen); returns whether it changed anything.
    bool fitToScreen();
    /// Error dialogs (default on); off for --screenshot runs, which report on stderr instead.
    void setErrorDialogsEnabled(bool enabled) { errorDialogs_ = enabled; }

    /// Stops opening a file or recomputing the STFT (Shift+Esc, the status bar's Cancel button):
    /// what is on screen stays.
    void cancelAnalysis();
    /// Limit for the memory an analysis may allocate (default: half the physical memory;
    /// phaselab --memory-limit); <= 0: none.
    void setMemoryLimit(std::int64_t bytes) { memoryLimit_ = bytes; }

    /// True while anything is being computed or waits to be drawn.
    bool isBusy() const;
    /// Replots every pane now and grabs the window (what --screenshot saves).
    QPixmap grabWindow();

    std::shared_ptr<const Analysis> analysis() const { return analysis_; }
    WaveformView* waveformView() const { return waveform_; }
    SpectrogramView* magnitudeView() const { return magnitude_; }
    SpectrogramView* secondView() const { return second_; }
    ConvergencePlot* convergencePlot() const { return convergence_; }
    ParameterPanel* parameterPanel() const { return parameters_; }
    DisplayPanel* displayPanel() const { return displayPanel_; }
    ConsistencyPanel* consistencyPanel() const { return consistency_; }
    EditHistory* editHistory() const { return history_; }
    /// View -> Rubber-Band Zoom Tool (checkable), for tools that must not be on at the same time.
    QAction* rubberBandAction() const { return rubberBandAction_; }
    /// The reconstruction's comparison pane (time-aligned with the others; fed by the ComparisonPane).
    SpectrogramView* comparisonView() const { return comparisonView_; }
    QDockWidget* parameterDock() const { return parameterDock_; }
    QMenu* fileMenu() const { return fileMenu_; }
    /// File -> Quit: what other parts' File actions go before.
    QAction* quitAction() const { return quitAction_; }
    /// The Help menu, which stays last: other parts' menus go before it.
    QMenu* helpMenu() const { return helpMenu_; }
    QSplitter* paneColumn() const { return column_; }
    /// Replots every visible pane now (before a grab).
    void replotPanes();
    /// Adds a group of actions another part made to the Help -> Shortcuts page (before Help).
    void addShortcutGroup(const ShortcutGroup& group);
    /// The status bar's crosshair readout.
    QString readout() const;
    /// Updates the crosshair and readout for a point (time in s; frequency in Hz or NaN).
    void showCrosshair(double seconds, double hz);
    QString lastError() const { return lastError_; }
    /// Shows an error (a dialog unless disabled) and emits errorOccurred; what is shown stays.
    void reportError(const QString& message);
    /// Every action with its shortcut, by menu (the Help -> Shortcuts page).
    QList<ShortcutGroup> shortcutGroups() const;

    /// Exports of the visible magnitude spectrogram (numbers: CSV or npy by extension, written off
    /// the GUI thread: spectrogramDataExported(path) or an error follows; false when nothing is
    /// open) and of a pane (PNG or PDF by extension; false and an error on failure).
    bool exportSpectrogramData(const QString& path);
    bool exportPlot(PlotWidget* plot, const QString& path);

signals:
    /// A new analysis is on screen (after open or recompute).
    void analysisChanged();
    /// An error was reported (also shown in a dialog unless disabled).
    void errorOccurred(const QString& message);
    /// An exportSpectrogramData() file is written.
    void spectrogramDataExported(const QString& path);
    /// Nothing is being computed and every pane is drawn.
    void settled();
    /// Opening or recomputing reported progress (the status bar shows it): stage as shown, 0..1.
    void progressReported(const QString& stage, double fraction);
    /// openFile() was given a session (.phaselab): whoever restores sessions opens it.
    void sessionRequested(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Source {
        QString path;
        QString name;
        std::shared_ptr<const Signal> signal;
        std::shared_ptr<const WaveformSummary> waveform;
        std::shared_ptr<const ImportRequest> import;         ///< a spectrogram file to read
        std::shared_ptr<const ImportedSpectrogram> imported; ///< an imported spectrogram to reinterpret
        bool remember = true; ///< list a new source under Open Recent
    };
    static Source sourceOf(const Analysis& analysis);

    void buildPanes();
    void linkComparisonPane();
    void buildDock();
    void buildStatusBar();
    void buildFileMenu();
    void buildEditMenu();
    void buildViewMenu();
    void buildPaneActions(QMenu* view);
    void buildAnalysisMenu();
    void buildHelpMenu();
    template <typename Slot>
    QAction* makeAction(QList<QAction*>& group, const QString& text, const QList<QKeySequence>& keys, Slot slot);
    /// Starts reading/recomputing; the job's ticket, or 0 when the parameters were refused.
    quint64 submit(const Source& source, bool newSource);
    /// An error of the job `ticket`: shown in the import dialog that asked for it, else reported.
    void reportJobError(quint64 ticket, const QString& message);
    void onAnalysisFinished(quint64 ticket, std::shared_ptr<const Analysis> analysis);
    void onAnalysisFailed(quint64 ticket, const QString& message);
    void onAnalysisCancelled(quint64 ticket);
    void onAnalysisProgress(quint64 ticket, double fraction, const QString& stage);
    /// After a failed or cancelled job: what is on screen stays, and so do its parameters.
    void keepWhatIsShown();
    void showAnalysis(std::shared_ptr<const Analysis> analysis);
    void onParametersChanged();
    void onDisplayChanged();
    void checkSettled();
    void linkTimeAxes();
    void alignTimeAxes();
    void onHovered(PlotWidget* plot, double key, double value);
    void clearCrosshair();
    void zoomTime(double factor);
    void panTime(double fraction);
    void zoomFrequency(double factor);
    void panFrequency(double fraction);
    void fitAll();
    void setPaneVisible(QWidget* pane, bool visible);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void updateTitle();
    void showInfo(const QString& text);
    void onDataWritten(const QString& path);
    void onDataWriteFailed(const QString& path, const QString& message);
    void updateBusyIndicator();
    void chooseFileToOpen();
    void chooseSpectrogramDataExport(const QString& suffix);
    void choosePlotExport(PlotWidget* plot, const QString& format);
    void showShortcuts();
    void showAbout();
    QList<PlotWidget*> timePanes() const;
    QString lastDirectory() const;
    void rememberDirectory(const QString& path);

    AnalysisWorker* worker_ = nullptr;
    FileWriter* dataWriter_ = nullptr;
    QHash<QString, QString> pendingExports_; ///< path -> what the status bar says once it is written
    QAction* cancelAction_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
    std::int64_t memoryLimit_ = defaultMemoryLimit();
    std::shared_ptr<const Analysis> analysis_;
    std::shared_ptr<const Analysis> complete_; ///< the last analysis shown that was not a first look
    Source pendingSource_;
    quint64 latestTicket_ = 0;
    QPointer<ImportDialog> importDialog_; ///< the dialog whose import is being read
    quint64 importTicket_ = 0;
    bool pendingIsNewSource_ = false;
    DisplaySettings display_;

    QSplitter* column_ = nullptr;
    WaveformView* waveform_ = nullptr;
    SpectrogramView* magnitude_ = nullptr;
    SpectrogramView* second_ = nullptr;
    SpectrogramView* comparisonView_ = nullptr;
    ConvergencePlot* convergence_ = nullptr;
    QDockWidget* parameterDock_ = nullptr;
    QGroupBox* consistencyBox_ = nullptr;
    ParameterPanel* parameters_ = nullptr;
    DisplayPanel* displayPanel_ = nullptr;
    ConsistencyPanel* consistency_ = nullptr;
    QLabel* readout_ = nullptr;
    QLabel* busy_ = nullptr;
    QLabel* info_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QAction* quitAction_ = nullptr;

    QList<QAction*> fileActions_;
    QList<QAction*> viewActions_;
    QList<QAction*> analysisActions_;
    QList<QAction*> helpActions_;
    QList<QAction*> editActions_;
    EditHistory* history_ = nullptr;
    QAction* rubberBandAction_ = nullptr;
    QList<QAction*> paneActions_;
    QList<ShortcutGroup> otherShortcutGroups_;

    QString lastError_;
    bool errorDialogs_ = true;
    bool linkingAxes_ = false;
    bool wasBusy_ = false;
};

} // namespace phaselab::ui
