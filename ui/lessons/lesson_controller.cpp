// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lessons/lesson_controller.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"
#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_panel.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/panes/spectrogram_view.hpp"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSplitter>
#include <QTemporaryDir>

#include <optional>
#include <vector>

namespace phaselab::ui {
namespace {

/// Narrower windows keep one dock column: two would leave the panes under ~650 px.
constexpr int kWideEnoughForTwoDocks = 1200;

} // namespace

LessonController::LessonController(MainWindow* window, ReconstructionPanel* panel, QDockWidget* reconstructionDock)
    : QObject(window), window_(window), panel_(panel), reconstructionDock_(reconstructionDock)
{
    setObjectName(QStringLiteral("lessonController"));
    jobs_.onBusyChanged([this](bool busy) { emit busyChanged(busy); });
    connect(panel_, &ReconstructionPanel::runEnded, this, [this](int id) {
        if (waiting_.erase(id) == 0 || !waiting_.empty())
            return;
        if (focusId_ >= 0)
            panel_->selectRun(panel_->indexOfRun(focusId_));
        showSummary();
    });
    // Another file opened: the lesson is over (sessions must not name it any more).
    connect(window_, &MainWindow::analysisChanged, this, [this]() {
        const auto analysis = window_->analysis();
        if (analysis && QFileInfo(analysis->path) != QFileInfo(path_))
            current_.clear();
    });
}

bool LessonController::open(const Lesson& lesson, bool runDefault, QString* error)
{
    if (!directory_)
        directory_ = std::make_unique<QTemporaryDir>();
    if (!directory_->isValid()) {
        if (error)
            *error = QStringLiteral("cannot create a temporary folder for the lesson's signal");
        return false;
    }
    const QString path = directory_->filePath(QStringLiteral("lesson-%1.wav").arg(lesson.name));
    lesson_ = &lesson;
    path_ = path;
    current_ = lesson.name;
    showPanel(lesson);
    panel_->setComparisonQuantity(lesson.comparison);
    panel_->setLogScale(lesson.logScale);
    for (int m = 0; m < ConvergencePlot::kMeasures; ++m) {
        const auto measure = static_cast<ConvergencePlot::Measure>(m);
        if (measure == ConvergencePlot::Measure::MelSpectralConvergence)
            continue; // no lesson opens a mel dump: the user's choice stays for the next one
        panel_->setMeasureVisible(m, (lesson.measures & measureBit(measure)) != 0);
    }
    arrangePanes();
    QObject::disconnect(pending_);
    // The signal is made and written off the GUI thread; the window then opens it like any file.
    const Lesson* made = &lesson;
    jobs_.start(
        [made, path](const JobTicket&) {
            try {
                writeAudio(QFile::encodeName(path).toStdString(), made->signal());
            } catch (const std::exception& failure) {
                return QStringLiteral("cannot prepare the lesson \"%1\": %2").arg(made->name, userMessage(failure));
            }
            return QString();
        },
        [this, made, runDefault](quint64 ticket, const QString& failure) {
            if (!jobs_.isLatest(ticket) || lesson_ != made)
                return;
            if (!failure.isEmpty()) {
                current_.clear();
                emit panel_->errorOccurred(failure);
                return;
            }
            pending_ = connect(window_, &MainWindow::analysisChanged, this, [this, runDefault]() {
                if (window_->analysis() && window_->analysis()->preview)
                    return;
                QObject::disconnect(pending_);
                if (lesson_)
                    prepare(true, runDefault);
            });
            window_->setStftParams(made->params);
            window_->openFile(path_, false); // a temporary file: not for Open Recent
        });
    return true;
}

void LessonController::prepare(bool notes, bool runs)
{
    const auto analysis = window_->analysis();
    if (!lesson_ || !analysis)
        return;
    const Lesson* lesson = lesson_;
    struct Prepared {
        std::optional<QString> notes;
        QList<LessonRun> runs;
        QString error;
    };
    // The lesson's notes and inputs need STFTs of its signal: a job, like any engine work.
    jobs_.start(
        [lesson, analysis, notes, runs](const JobTicket&) {
            Prepared prepared;
            try {
                if (notes)
                    prepared.notes = lesson->notes ? lesson->notes(*analysis) : QString();
                if (runs)
                    prepared.runs = lesson->runs(*analysis);
            } catch (const std::exception& failure) {
                prepared.error = QStringLiteral("the lesson's runs cannot start: %1").arg(userMessage(failure));
            }
            return prepared;
        },
        [this, lesson](quint64 ticket, const Prepared& prepared) {
            if (!jobs_.isLatest(ticket) || lesson_ != lesson)
                return;
            if (prepared.notes)
                lessonPanel_->setNotes(*prepared.notes);
            if (!prepared.error.isEmpty())
                emit panel_->errorOccurred(prepared.error);
            else
                queueRuns(prepared.runs);
        });
}

void LessonController::queueRuns(const QList<LessonRun>& runs)
{
    waiting_.clear();
    focusId_ = -1;
    for (int i = 0; i < runs.size(); ++i) {
        const int id = panel_->queueRun(runs[i].name, runs[i].options, runs[i].inputs);
        waiting_.insert(id);
        if (i == lesson_->focusRun)
            focusId_ = id;
    }
}

bool LessonController::rerun()
{
    if (!lesson_ || current_ != lesson_->name)
        return false;
    if (!window_->analysis())
        return false;
    panel_->stop();
    panel_->clearRuns();
    prepare(false, true);
    return true;
}

void LessonController::showSummary()
{
    const auto analysis = window_->analysis();
    if (!lesson_ || !analysis)
        return;
    // The runs as they are now: the job reads its own copies while the panel goes on.
    auto runs = std::make_shared<std::vector<ReconstructionRun>>();
    for (int i = 0; i < panel_->runCount(); ++i)
        runs->push_back(panel_->runAt(i));
    const Lesson* lesson = lesson_;
    jobs_.start(
        [lesson, analysis, runs](const JobTicket&) {
            QList<const ReconstructionRun*> list;
            for (const ReconstructionRun& run : *runs)
                list.append(&run);
            QString notes;
            try {
                notes = lesson->notes ? lesson->notes(*analysis) + QStringLiteral("\n") : QString();
                notes += runSummary(list);
                if (lesson->summary)
                    notes += QStringLiteral("\n") + lesson->summary(*analysis, list);
            } catch (const std::exception&) {
                // The summary is a bonus; the runs themselves are on screen.
            }
            return notes;
        },
        [this, lesson](quint64 ticket, const QString& notes) {
            if (!jobs_.isLatest(ticket) || lesson_ != lesson)
                return;
            lessonPanel_->setNotes(notes);
            showFrequencyRange();
        });
}

void LessonController::showFrequencyRange()
{
    if (lesson_->maxFrequencyHz <= 0.0)
        return;
    for (SpectrogramView* view : {window_->magnitudeView(), window_->secondView(), window_->comparisonView()}) {
        view->fitValues();
        view->yAxis->setRange(view->yAxis->range().lower, view->coordinateOf(lesson_->maxFrequencyHz));
        view->replot(QCustomPlot::rpQueuedReplot);
    }
}

// More room for the convergence plot, which a lesson is mostly about (panes keep their minimum).
void LessonController::arrangePanes()
{
    QSplitter* column = window_->paneColumn();
    const QList<int> sizes = column->sizes();
    if (sizes.size() != 5)
        return;
    int total = 0;
    for (int size : sizes)
        total += size;
    const QList<int> weights{15, 21, 15, 21, 28};
    QList<int> next;
    for (int weight : weights)
        next.append(total * weight / 100);
    column->setSizes(next);
}

void LessonController::showPanel(const Lesson& lesson)
{
    if (!dock_) {
        dock_ = new QDockWidget(QStringLiteral("Lesson"), window_);
        dock_->setObjectName(QStringLiteral("lessonDock"));
        dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
        lessonPanel_ = new LessonPanel(dock_);
        dock_->setWidget(lessonPanel_);
        dock_->setMinimumWidth(280);
        if (window_->width() < kWideEnoughForTwoDocks && reconstructionDock_) {
            // Two docks of 300 px would leave the panes too narrow to read: the lesson shares
            // the right-hand tabs instead (and comes first).
            window_->tabifyDockWidget(reconstructionDock_, dock_);
            // The panel raises its own tab when a run starts: the lesson's text stays in front.
            connect(panel_, &ReconstructionPanel::runStarted, dock_, [this]() {
                if (dock_->isVisible())
                    dock_->raise();
            });
        } else {
            window_->addDockWidget(Qt::LeftDockWidgetArea, dock_);
            window_->resizeDocks({dock_}, {300}, Qt::Horizontal);
        }
        connect(lessonPanel_, &LessonPanel::rerunRequested, this, [this]() { rerun(); });
        connect(lessonPanel_, &LessonPanel::stepRequested, panel_, &ReconstructionPanel::step);
    }
    dock_->setWindowTitle(QStringLiteral("Lesson: %1").arg(lesson.title));
    lessonPanel_->setLesson(lesson.title, lessonText(lesson));
    lessonPanel_->setNotes(QString());
    dock_->show();
    dock_->raise();
}

LessonController::~LessonController() = default;

bool LessonController::open(const QString& name, bool runDefault, QString* error)
{
    const Lesson* lesson = findLesson(name);
    if (!lesson) {
        if (error)
            *error = QStringLiteral("no lesson named \"%1\" (lessons: %2)").arg(name, lessonNames().join(QStringLiteral(", ")));
        return false;
    }
    return open(*lesson, runDefault, error);
}

QList<QAction*> LessonController::fillMenu(QMenu* menu)
{
    QList<QAction*> actions;
    for (const Lesson& lesson : lessons()) {
        const QString name = lesson.name;
        QAction* action = menu->addAction(lesson.title);
        action->setToolTip(QStringLiteral("phaselab --lesson %1").arg(name));
        connect(action, &QAction::triggered, this, [this, name]() {
            QString error;
            if (!open(name, true, &error))
                QMessageBox::warning(window_, QStringLiteral("PhaseLab"), error);
        });
        actions.append(action);
    }
    menu->addSeparator();
    QAction* again = menu->addAction(QStringLiteral("Run Lesson &Again"));
    connect(again, &QAction::triggered, this, [this]() { rerun(); });
    actions.append(again);
    return actions;
}

} // namespace phaselab::ui
