// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/session_io.hpp"
#include "ui/user_message.hpp"

#include "core/base/error.hpp"
#include "ui/model/audio_source.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/panels/display_panel.hpp"
#include "ui/lessons/lesson_catalog.hpp"
#include "ui/lessons/lesson_controller.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/panels/parameter_panel.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/panes/spectrogram_view.hpp"
#include "ui/jobs/file_writer.hpp"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

#include <exception>
#include <memory>
#include <utility>

namespace phaselab::ui {
namespace {

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

Session captureSession(const SessionParts& parts, const QString& sessionPath)
{
    const MainWindow& window = *parts.window;
    const ReconstructionPanel& panel = *parts.panel;
    const QDir base = QFileInfo(sessionPath).absoluteDir();
    Session session;
    const QString lesson = parts.lessons->current();
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

namespace {

/// The files a session names, resolved against its folder and checked to exist.
struct SessionFiles {
    QString source; ///< audio or magnitude file
    QString phase;
};

/// Where the session's files are, or why it cannot be used (empty: it can). Runs in the open's
/// job: it asks the file system.
QString resolveFiles(const Session& session, const QDir& base, const QStringList& lessons, SessionFiles* files)
{
    const SessionSource& source = session.source;
    if (source.kind == SessionSource::Kind::Audio || source.kind == SessionSource::Kind::Spectrogram) {
        files->source = resolvedPath(source.path, base);
        if (!QFileInfo::exists(files->source))
            return QStringLiteral("the session's %1 file %2 does not exist")
                .arg(source.kind == SessionSource::Kind::Audio ? QStringLiteral("audio") : QStringLiteral("magnitude"), files->source);
    }
    if (source.kind == SessionSource::Kind::Spectrogram && !source.phasePath.empty()) {
        files->phase = resolvedPath(source.phasePath, base);
        if (!QFileInfo::exists(files->phase))
            return QStringLiteral("the session's phase file %1 does not exist").arg(files->phase);
    }
    if (source.kind == SessionSource::Kind::Lesson && !lessons.contains(QString::fromStdString(source.lesson)))
        return QStringLiteral("the session's lesson \"%1\" does not exist").arg(QString::fromStdString(source.lesson));
    return QString();
}

/// A session file as the open's job leaves it: the session and its files, or why not.
struct SessionRead {
    Session session;
    SessionFiles files;
    QString error;
};

/// Once the source is on screen (after the panel has seen it): its parameters, the reference,
/// the runs and the time range. Returns the connection that waits for it.
std::shared_ptr<QMetaObject::Connection> restoreOnceShown(const SessionParts& parts, const Session& session, const QDir& base)
{
    MainWindow& window = *parts.window;
    ReconstructionPanel& panel = *parts.panel;
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
        const auto addRuns = [&window, &panel, session]() {
            for (const SessionRun& run : session.runs)
                panel.addRestoredRun(run);
            if (session.view.timeBegin && session.view.timeEnd) {
                window.magnitudeView()->xAxis->setRange(*session.view.timeBegin, *session.view.timeEnd);
                window.magnitudeView()->replot(QCustomPlot::rpQueuedReplot);
            }
        };
        if (!session.referencePath) {
            addRuns();
            return;
        }
        // The runs are computed again with the reference: they wait for it (or for its failure).
        auto loaded = std::make_shared<QMetaObject::Connection>();
        auto failed = std::make_shared<QMetaObject::Connection>();
        const auto once = [loaded, failed, addRuns]() {
            QObject::disconnect(*loaded);
            QObject::disconnect(*failed);
            addRuns();
        };
        *loaded = QObject::connect(&panel, &ReconstructionPanel::referenceLoaded, &panel, once);
        *failed = QObject::connect(&panel, &ReconstructionPanel::referenceFailed, &panel, once);
        QString error;
        if (!panel.loadReference(resolvedPath(*session.referencePath, base), &error)) {
            emit panel.errorOccurred(error);
            once();
        }
    });
    return connection;
}

void openSource(const SessionParts& parts, const Session& session, const SessionFiles& files)
{
    MainWindow& window = *parts.window;
    if (session.source.kind == SessionSource::Kind::Lesson) {
        parts.lessons->open(QString::fromStdString(session.source.lesson), false);
        return;
    }
    parts.lessons->forget();
    if (session.source.kind == SessionSource::Kind::Spectrogram) {
        ImportRequest request;
        request.files.magnitudePath = QFile::encodeName(files.source).toStdString();
        request.files.phasePath = QFile::encodeName(files.phase).toStdString();
        if (session.source.storage)
            request.files.storage = *session.source.storage;
        request.files.values = session.source.conventions;
        request.params = session.params;
        request.sampleRate = session.source.sampleRate;
        request.autoGuess = session.source.guessRank > 0;
        request.guessRank = std::max(1, session.source.guessRank);
        window.importSpectrogram(request);
        return;
    }
    window.setStftParams(session.params);
    if (session.source.kind == SessionSource::Kind::Audio)
        window.openFile(files.source);
    else
        window.openDemo();
}

QString sessionDirectory()
{
    const QString saved = QSettings().value(QStringLiteral("lastDirectory")).toString();
    return saved.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation) : saved;
}

} // namespace

SessionIo::SessionIo(const SessionParts& parts, QObject* parent) : QObject(parent), parts_(parts), writer_(new FileWriter(this))
{
    reader_.onBusyChanged([this](bool) { updateBusy(); });
    connect(writer_, &FileWriter::written, this, &SessionIo::saved);
    connect(writer_, &FileWriter::failed, this, &SessionIo::saveFailed);
    connect(writer_, &FileWriter::busyChanged, this, [this](bool writing) {
        if (!writing && !waitingOpen_.isEmpty())
            startReading(std::exchange(waitingOpen_, QString()));
        updateBusy();
    });
}

SessionIo::~SessionIo() = default;

void SessionIo::setReader(Reader reader)
{
    read_ = std::move(reader);
}

bool SessionIo::busy() const
{
    return reader_.busy() || writer_->busy() || !waitingOpen_.isEmpty();
}

void SessionIo::updateBusy()
{
    if (busy() != busy_)
        emit busyChanged(busy_ = busy());
}

void SessionIo::save(const QString& path)
{
    writer_->write(path, [session = captureSession(parts_, path)](const std::string& target) { saveSession(target, session); });
    updateBusy();
}

void SessionIo::open(const QString& path)
{
    openTicket_ = 0; // an older read still running is not applied
    if (writer_->busy()) {
        waitingOpen_ = path;
        updateBusy();
        return;
    }
    startReading(path);
}

void SessionIo::stop()
{
    openTicket_ = 0;
    waitingOpen_.clear();
    reader_.cancel();
    updateBusy();
}

void SessionIo::startReading(const QString& path)
{
    openTicket_ = reader_.start(
        [read = read_, file = QFile::encodeName(path).toStdString(), base = QFileInfo(path).absoluteDir(),
         lessons = lessonNames()](const JobTicket&) {
            SessionRead outcome;
            try {
                outcome.session = read ? read(file) : loadSession(file);
                outcome.error = resolveFiles(outcome.session, base, lessons, &outcome.files);
            } catch (const std::exception& failure) {
                outcome.error = userMessage(failure);
            }
            return outcome;
        },
        [this, path](quint64 ticket, const SessionRead& outcome) {
            if (ticket != openTicket_)
                return; // a newer open, or the window closing
            openTicket_ = 0;
            if (!outcome.error.isEmpty()) {
                emit openFailed(path, outcome.error);
                return;
            }
            // The restore an older session still waited for would list its runs over this one's.
            if (pendingRestore_)
                QObject::disconnect(*pendingRestore_);
            const QDir base = QFileInfo(path).absoluteDir();
            pendingRestore_ = restoreOnceShown(parts_, outcome.session, base);
            applyView(*parts_.window, *parts_.panel, outcome.session.view);
            parts_.panel->setOptions(outcome.session.panel);
            openSource(parts_, outcome.session, outcome.files);
            emit opened(path);
        });
    updateBusy();
}

QList<QAction*> addSessionActions(SessionIo* sessions, QMenu* file, QAction* before)
{
    MainWindow* window = sessions->parts().window;
    auto* save = new QAction(QStringLiteral("&Save Session…"), window);
    save->setShortcut(QKeySequence::Save);
    auto* open = new QAction(QStringLiteral("Open Sess&ion…"), window);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    for (QAction* action : {open, save}) {
        action->setShortcutContext(Qt::WindowShortcut);
        window->addAction(action);
    }
    file->insertAction(before, open);
    file->insertAction(before, save);
    file->insertSeparator(before);
    QObject::connect(save, &QAction::triggered, window, [sessions, window]() {
        QString path = QFileDialog::getSaveFileName(window, QStringLiteral("Save Session"), sessionDirectory() + QStringLiteral("/session.phaselab"),
                                                    QStringLiteral("PhaseLab session (*.phaselab)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QStringLiteral(".phaselab");
        QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
        window->statusBar()->showMessage(QStringLiteral("Saving %1…").arg(path));
        sessions->save(path);
    });
    QObject::connect(sessions, &SessionIo::saved, window,
                     [window](const QString& path) { window->statusBar()->showMessage(QStringLiteral("Saved %1").arg(path), 5000); });
    QObject::connect(sessions, &SessionIo::saveFailed, window, [window](const QString&, const QString& error) {
        window->statusBar()->clearMessage();
        window->reportError(QStringLiteral("cannot save the session: %1").arg(error));
    });
    QObject::connect(sessions, &SessionIo::openFailed, window, [window](const QString&, const QString& error) {
        window->reportError(QStringLiteral("cannot open the session: %1").arg(error));
    });
    QObject::connect(window, &MainWindow::sessionRequested, sessions, &SessionIo::open);
    QObject::connect(open, &QAction::triggered, window, [window, sessions]() {
        const QString path = QFileDialog::getOpenFileName(window, QStringLiteral("Open Session"), sessionDirectory(),
                                                          QStringLiteral("PhaseLab session (*.phaselab);;All files (*)"));
        if (path.isEmpty())
            return;
        QSettings().setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
        sessions->open(path);
    });
    return {open, save};
}

} // namespace phaselab::ui
