// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/session_io.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "ui/model/audio_source.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_menu.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/panes/spectrogram_view.hpp"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

#include <memory>

namespace phaselab::ui {
namespace {

const char* const kLessonProperty = "phaselabLesson";

std::string storedPath(const QString& path, const QDir& base)
{
    if (path.isEmpty())
        return {};
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QString relative = base.relativeFilePath(absolute);
    return (relative.startsWith(QLatin1String("..")) ? absolute : relative).toStdString();
}

QString resolvedPath(const std::string& path, const QDir& base)
{
    const QString text = QString::fromStdString(path);
    return QFileInfo(text).isAbsolute() ? text : base.absoluteFilePath(text);
}

SessionView viewOf(const MainWindow& window, const ReconstructionPanel& panel)
{
    const DisplaySettings display = window.displayPanel()->settings();
    SessionView view;
    view.colormap = display.colormap.toStdString();
    view.gainDb = display.gainDb;
    view.rangeDb = display.rangeDb;
    view.frequencyScale = frequencyScaleName(display.frequencyScale).toStdString();
    view.magnitudeScale = display.magnitudeScale;
    view.phaseUnit = display.phaseUnit;
    view.secondPane = quantityName(display.secondPane).toStdString();
    view.comparisonPane = comparisonName(panel.comparisonQuantity()).toStdString();
    view.maskBelowDb = panel.maskBelowDb();
    view.logConvergence = panel.logScale();
    if (window.analysis()) {
        const QCPRange range = window.magnitudeView()->xAxis->range();
        if (range.upper > range.lower) {
            view.timeBegin = range.lower;
            view.timeEnd = range.upper;
        }
    }
    return view;
}

void applyView(MainWindow& window, ReconstructionPanel& panel, const SessionView& view)
{
    DisplaySettings display = window.displayPanel()->settings();
    display.colormap = QString::fromStdString(view.colormap);
    display.gainDb = view.gainDb;
    display.rangeDb = view.rangeDb;
    display.frequencyScale = parseFrequencyScale(QString::fromStdString(view.frequencyScale));
    display.magnitudeScale = view.magnitudeScale;
    display.phaseUnit = view.phaseUnit;
    display.secondPane = parseQuantity(QString::fromStdString(view.secondPane));
    window.displayPanel()->setSettings(display);
    emit window.displayPanel()->displayChanged();
    panel.setComparisonQuantity(parseComparison(QString::fromStdString(view.comparisonPane)));
    panel.setMaskBelowDb(view.maskBelowDb);
    panel.setLogScale(view.logConvergence);
}

} // namespace

Session captureSession(const MainWindow& window, const ReconstructionPanel& panel, const QString& sessionPath)
{
    const QDir base = QFileInfo(sessionPath).absoluteDir();
    Session session;
    const QString lesson = window.property(kLessonProperty).toString();
    const auto analysis = window.analysis();
    if (!lesson.isEmpty()) {
        session.source.kind = SessionSource::Kind::Lesson;
        session.source.lesson = lesson.toStdString();
    } else if (analysis && analysis->imported) {
        const ImportRequest& request = analysis->imported->request;
        session.source.kind = SessionSource::Kind::Spectrogram;
        session.source.path = storedPath(QString::fromStdString(request.files.magnitudePath), base);
        session.source.phasePath = storedPath(QString::fromStdString(request.files.phasePath), base);
        session.source.storage = request.files.storage;
        session.source.conventions = request.files.values;
        session.source.guessRank = analysis->imported->candidate ? analysis->imported->candidate->rank : 0;
        session.source.sampleRate = analysis->sampleRate();
    } else if (analysis && !analysis->path.isEmpty()) {
        session.source.kind = SessionSource::Kind::Audio;
        session.source.path = storedPath(analysis->path, base);
    } else {
        session.source.kind = SessionSource::Kind::Demo;
    }
    if (analysis && analysis->signal && analysis->sampleRate() != analysis->signal->sampleRate)
        session.source.sampleRate = analysis->sampleRate();
    if (!panel.referencePath().isEmpty())
        session.referencePath = storedPath(panel.referencePath(), base);
    session.params = window.parameterPanel()->params();
    session.view = viewOf(window, panel);
    session.panel = panel.options();
    for (int i = 0; i < panel.runCount(); ++i) {
        const ReconstructionRun& run = panel.runAt(i);
        if (run.records.empty())
            continue;
        session.runs.push_back(toSessionRun(run));
    }
    return session;
}

bool saveSessionFile(const MainWindow& window, const ReconstructionPanel& panel, const QString& path, QString* error)
{
    try {
        saveSession(QFile::encodeName(path).toStdString(), captureSession(window, panel, path));
    } catch (const std::exception& failure) {
        if (error)
            *error = userMessage(failure);
        return false;
    }
    return true;
}

bool openSessionFile(MainWindow& window, ReconstructionPanel& panel, const QString& path, QString* error)
{
    Session session;
    try {
        session = loadSession(QFile::encodeName(path).toStdString());
    } catch (const std::exception& failure) {
        if (error)
            *error = userMessage(failure);
        return false;
    }
    const QDir base = QFileInfo(path).absoluteDir();
    QString audio;
    if (session.source.kind == SessionSource::Kind::Audio || session.source.kind == SessionSource::Kind::Spectrogram) {
        audio = resolvedPath(session.source.path, base);
        if (!QFileInfo::exists(audio)) {
            if (error)
                *error = QStringLiteral("the session's %1 file %2 does not exist")
                             .arg(session.source.kind == SessionSource::Kind::Audio ? QStringLiteral("audio") : QStringLiteral("magnitude"),
                                  audio);
            return false;
        }
    }
    QString phase;
    if (session.source.kind == SessionSource::Kind::Spectrogram && !session.source.phasePath.empty()) {
        phase = resolvedPath(session.source.phasePath, base);
        if (!QFileInfo::exists(phase)) {
            if (error)
                *error = QStringLiteral("the session's phase file %1 does not exist").arg(phase);
            return false;
        }
    }
    if (session.source.kind == SessionSource::Kind::Lesson && !lessonNames().contains(QString::fromStdString(session.source.lesson))) {
        if (error)
            *error = QStringLiteral("the session's lesson \"%1\" does not exist").arg(QString::fromStdString(session.source.lesson));
        return false;
    }

    // The runs and the time range wait for the source to be on screen (after the panel has seen it).
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto reinterpreted = std::make_shared<bool>(false);
    *connection = QObject::connect(&window, &MainWindow::analysisChanged, &panel,
                                   [&window, &panel, session, connection, base, reinterpreted]() {
        if (window.analysis() && window.analysis()->preview)
            return;
        // An import comes in with the parameters it was read with; the user may have changed
        // them afterwards (another hop to look at it): those come back before the runs.
        if (session.source.kind == SessionSource::Kind::Spectrogram && !*reinterpreted &&
            window.parameterPanel()->params() != session.params) {
            *reinterpreted = true;
            window.setStftParams(session.params);
            return;
        }
        QObject::disconnect(*connection);
        panel.setOptions(session.panel);
        if (session.referencePath) {
            QString error;
            if (!panel.loadReference(resolvedPath(*session.referencePath, base), &error))
                emit panel.errorOccurred(error);
        }
        for (const SessionRun& run : session.runs)
            panel.addRestoredRun(run);
        if (session.view.timeBegin && session.view.timeEnd) {
            window.magnitudeView()->xAxis->setRange(*session.view.timeBegin, *session.view.timeEnd);
            window.magnitudeView()->replot(QCustomPlot::rpQueuedReplot);
        }
    });
    applyView(window, panel, session.view);
    panel.setOptions(session.panel);
    switch (session.source.kind) {
    case SessionSource::Kind::Lesson:
        openLesson(window, panel, QString::fromStdString(session.source.lesson), false);
        break;
    case SessionSource::Kind::Audio:
        window.setProperty(kLessonProperty, QString());
        window.setStftParams(session.params);
        window.openFile(audio);
        break;
    case SessionSource::Kind::Spectrogram: {
        window.setProperty(kLessonProperty, QString());
        ImportRequest request;
        request.files.magnitudePath = QFile::encodeName(audio).toStdString();
        request.files.phasePath = QFile::encodeName(phase).toStdString();
        if (session.source.storage)
            request.files.storage = *session.source.storage;
        request.files.values = session.source.conventions;
        request.params = session.params;
        request.sampleRate = session.source.sampleRate;
        request.autoGuess = session.source.guessRank > 0;
        request.guessRank = std::max(1, session.source.guessRank);
        window.importSpectrogram(request);
        break;
    }
    default:
        window.setProperty(kLessonProperty, QString());
        window.setStftParams(session.params);
        window.openDemo();
        break;
    }
    return true;
}

QList<QAction*> installSessionActions(MainWindow* window, ReconstructionPanel* panel, QMenu* file)
{
    QAction* quit = nullptr;
    for (QAction* action : file->actions())
        if (action->text().remove(QLatin1Char('&')) == QLatin1String("Quit"))
            quit = action;
    auto* save = new QAction(QStringLiteral("&Save Session…"), window);
    save->setShortcut(QKeySequence::Save);
    auto* open = new QAction(QStringLiteral("Open Sess&ion…"), window);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    for (QAction* action : {open, save}) {
        action->setShortcutContext(Qt::WindowShortcut);
        window->addAction(action);
    }
    file->insertAction(quit, open);
    file->insertAction(quit, save);
    file->insertSeparator(quit);
    auto directory = []() {
        const QString saved = QSettings().value(QStringLiteral("lastDirectory")).toString();
        return saved.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation) : saved;
    };
    QObject::connect(save, &QAction::triggered, window, [window, panel, directory]() {
        QString path = QFileDialog::getSaveFileName(window, QStringLiteral("Save Session"), directory() + QStringLiteral("/session.phaselab"),
                                                    QStringLiteral("PhaseLab session (*.phaselab)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QStringLiteral(".phaselab");
        QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
        QString error;
        if (!saveSessionFile(*window, *panel, path, &error))
            window->reportError(QStringLiteral("cannot save the session: %1").arg(error));
        else
            window->statusBar()->showMessage(QStringLiteral("Saved %1").arg(path), 5000);
    });
    QObject::connect(window, &MainWindow::sessionRequested, window, [window, panel](const QString& path) {
        QString error;
        if (!openSessionFile(*window, *panel, path, &error))
            window->reportError(QStringLiteral("cannot open the session: %1").arg(error));
    });
    QObject::connect(open, &QAction::triggered, window, [window, panel, directory]() {
        const QString path = QFileDialog::getOpenFileName(window, QStringLiteral("Open Session"), directory(),
                                                          QStringLiteral("PhaseLab session (*.phaselab);;All files (*)"));
        if (path.isEmpty())
            return;
        QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
        QString error;
        if (!openSessionFile(*window, *panel, path, &error))
            window->reportError(QStringLiteral("cannot open the session: %1").arg(error));
    });
    return {open, save};
}

} // namespace phaselab::ui
