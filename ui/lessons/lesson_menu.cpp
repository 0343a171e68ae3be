// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lessons/lesson_menu.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "core/io/audio_file.hpp"
#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_panel.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/reconstruction_setup.hpp"
#include "ui/panes/spectrogram_view.hpp"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QTemporaryDir>

#include <memory>
#include <set>

namespace phaselab::ui {
namespace {

const char* const kLessonProperty = "phaselabLesson";

/// Narrower windows keep one dock column: two would leave the panes under ~650 px.
constexpr int kWideEnoughForTwoDocks = 1200;

/// Per window: the lesson's temporary folder (for its signal file), its dock, and the runs it
/// is waiting for.
class LessonController : public QObject {
public:
    LessonController(MainWindow* window, ReconstructionPanel* panel) : QObject(window), window_(window), panel_(panel)
    {
        setObjectName(QStringLiteral("lessonController"));
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
                window_->setProperty(kLessonProperty, QString());
        });
    }

    bool open(const Lesson& lesson, bool runDefault, QString* error)
    {
        if (!directory_.isValid()) {
            if (error)
                *error = QStringLiteral("cannot create a temporary folder for the lesson's signal");
            return false;
        }
        const QString path = directory_.filePath(QStringLiteral("lesson-%1.wav").arg(lesson.name));
        try {
            writeAudio(QFile::encodeName(path).toStdString(), lesson.signal());
        } catch (const std::exception& failure) {
            if (error)
                *error = QStringLiteral("cannot prepare the lesson \"%1\": %2").arg(lesson.name, userMessage(failure));
            return false;
        }
        lesson_ = &lesson;
        path_ = path;
        window_->setProperty(kLessonProperty, lesson.name);
        showPanel(lesson);
        panel_->setComparisonQuantity(lesson.comparison);
        panel_->setLogScale(lesson.logScale);
        for (int m = 0; m < ConvergencePlot::kMeasures; ++m)
            panel_->setMeasureVisible(m, (lesson.measures & measureBit(static_cast<ConvergencePlot::Measure>(m))) != 0);
        arrangePanes();
        QObject::disconnect(pending_);
        pending_ = connect(window_, &MainWindow::analysisChanged, this, [this, runDefault]() {
            if (window_->analysis() && window_->analysis()->preview)
                return;
            QObject::disconnect(pending_);
            if (!lesson_)
                return;
            if (lesson_->notes && window_->analysis())
                lessonPanel_->setNotes(lesson_->notes(*window_->analysis()));
            else
                lessonPanel_->setNotes(QString());
            if (runDefault)
                startRuns();
        });
        window_->setStftParams(lesson.params);
        window_->openFile(path, false); // a temporary file: not for Open Recent
        return true;
    }

    bool startRuns()
    {
        const auto analysis = window_->analysis();
        if (!lesson_ || !analysis)
            return false;
        QList<LessonRun> runs;
        try {
            runs = lesson_->runs(*analysis);
        } catch (const std::exception& failure) {
            emit panel_->errorOccurred(QStringLiteral("the lesson's runs cannot start: %1").arg(userMessage(failure)));
            return false;
        }
        waiting_.clear();
        focusId_ = -1;
        for (int i = 0; i < runs.size(); ++i) {
            const int id = panel_->queueRun(runs[i].name, runs[i].options, runs[i].inputs);
            waiting_.insert(id);
            if (i == lesson_->focusRun)
                focusId_ = id;
        }
        return true;
    }

    bool rerun()
    {
        if (!lesson_ || window_->property(kLessonProperty).toString() != lesson_->name)
            return false;
        panel_->stop();
        panel_->clearRuns();
        return startRuns();
    }

private:
    void showSummary()
    {
        const auto analysis = window_->analysis();
        if (!lesson_ || !analysis)
            return;
        QList<const ReconstructionRun*> runs;
        for (int i = 0; i < panel_->runCount(); ++i)
            runs.append(&panel_->runAt(i));
        QString notes = lesson_->notes ? lesson_->notes(*analysis) + QStringLiteral("\n") : QString();
        notes += runSummary(runs);
        if (lesson_->summary) {
            try {
                notes += QStringLiteral("\n") + lesson_->summary(*analysis, runs);
            } catch (const std::exception&) {
                // The summary is a bonus; the runs themselves are on screen.
            }
        }
        lessonPanel_->setNotes(notes);
        if (lesson_->maxFrequencyHz > 0.0) {
            for (SpectrogramView* view : {window_->magnitudeView(), window_->secondView(), comparisonViewOf(window_)}) {
                if (!view)
                    continue;
                view->fitValues();
                view->yAxis->setRange(view->yAxis->range().lower, view->coordinateOf(lesson_->maxFrequencyHz));
                view->replot(QCustomPlot::rpQueuedReplot);
            }
        }
    }

    /// More room for the convergence plot, which a lesson is mostly about (panes keep their minimum).
    void arrangePanes()
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

    void showPanel(const Lesson& lesson)
    {
        if (!dock_) {
            dock_ = new QDockWidget(QStringLiteral("Lesson"), window_);
            dock_->setObjectName(QStringLiteral("lessonDock"));
            dock_->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
            lessonPanel_ = new LessonPanel(dock_);
            dock_->setWidget(lessonPanel_);
            dock_->setMinimumWidth(280);
            auto* reconstructionDock = window_->findChild<QDockWidget*>(QStringLiteral("reconstructionDock"));
            if (window_->width() < kWideEnoughForTwoDocks && reconstructionDock) {
                // Two docks of 300 px would leave the panes too narrow to read: the lesson shares
                // the right-hand tabs instead (and comes first).
                window_->tabifyDockWidget(reconstructionDock, dock_);
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

    MainWindow* window_;
    ReconstructionPanel* panel_;
    QTemporaryDir directory_;
    const Lesson* lesson_ = nullptr;
    QString path_;
    QDockWidget* dock_ = nullptr;
    LessonPanel* lessonPanel_ = nullptr;
    QMetaObject::Connection pending_;
    std::set<int> waiting_;
    int focusId_ = -1;
};

LessonController* controllerOf(MainWindow& window, ReconstructionPanel& panel)
{
    if (auto* existing = window.findChild<LessonController*>(QStringLiteral("lessonController")))
        return existing;
    return new LessonController(&window, &panel);
}

} // namespace

bool openLesson(MainWindow& window, ReconstructionPanel& panel, const QString& name, bool runDefault, QString* error)
{
    const Lesson* lesson = findLesson(name);
    if (!lesson) {
        if (error)
            *error = QStringLiteral("no lesson named \"%1\" (lessons: %2)").arg(name, lessonNames().join(QStringLiteral(", ")));
        return false;
    }
    return controllerOf(window, panel)->open(*lesson, runDefault, error);
}

bool rerunLesson(MainWindow& window, ReconstructionPanel& panel)
{
    return controllerOf(window, panel)->rerun();
}

QString currentLesson(const MainWindow& window)
{
    return window.property(kLessonProperty).toString();
}

QList<QAction*> installLessonMenu(MainWindow* window, ReconstructionPanel* panel)
{
    QList<QAction*> actions;
    QMenu* menu = window->menuBar()->addMenu(QStringLiteral("&Lessons"));
    for (const Lesson& lesson : lessons()) {
        const QString name = lesson.name;
        QAction* action = menu->addAction(lesson.title);
        action->setToolTip(QStringLiteral("phaselab --lesson %1").arg(name));
        QObject::connect(action, &QAction::triggered, window, [window, panel, name]() {
            QString error;
            if (!openLesson(*window, *panel, name, true, &error))
                QMessageBox::warning(window, QStringLiteral("PhaseLab"), error);
        });
        actions.append(action);
    }
    menu->addSeparator();
    QAction* again = menu->addAction(QStringLiteral("Run Lesson &Again"));
    QObject::connect(again, &QAction::triggered, window, [window, panel]() { rerunLesson(*window, *panel); });
    actions.append(again);
    return actions;
}

} // namespace phaselab::ui
