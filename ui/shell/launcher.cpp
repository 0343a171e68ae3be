// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/launcher.hpp"

#include "ui/lessons/lesson_controller.hpp"
#include "ui/panels/reconstruction_panel.hpp"
#include "ui/shell/main_window.hpp"
#include "ui/shell/session_io.hpp"
#include "ui/shell/workbench.hpp"

#include <QApplication>
#include <QGuiApplication>
#include <QPixmap>
#include <QSaveFile>
#include <QTimer>

#include <cstdio>

namespace phaselab::ui {
namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "error: %s\n", message.toLocal8Bit().constData());
    std::fflush(stderr);
}

bool savePixmap(const QPixmap& pixmap, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write the screenshot %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray format = path.endsWith(QLatin1String(".jpg"), Qt::CaseInsensitive) ||
                                      path.endsWith(QLatin1String(".jpeg"), Qt::CaseInsensitive)
                                  ? QByteArray("JPG")
                                  : QByteArray("PNG");
    if (!pixmap.save(&file, format.constData()) || !file.commit()) {
        *error = QStringLiteral("cannot write the screenshot %1").arg(path);
        return false;
    }
    return true;
}

} // namespace

int runWorkbench(const LaunchOptions& options)
{
    Workbench workbench;
    MainWindow& window = workbench.window();
    ReconstructionPanel* reconstruction = workbench.reconstructionPanel();
    const bool screenshot = !options.screenshotPath.isEmpty();
    const bool offscreen = QGuiApplication::platformName() == QLatin1String("offscreen");
    if (options.geometry)
        window.resize(*options.geometry);
    else if (!screenshot && !offscreen) {
        window.restoreSavedGeometry();
        window.fitToScreen();
    }
    if (screenshot) {
        window.setErrorDialogsEnabled(false);
        reconstruction->setErrorDialogsEnabled(false);
    }
    window.show();

    int status = 0;
    bool finished = false;
    auto finish = [&](int code, const QString& error) {
        if (finished)
            return;
        finished = true;
        if (!error.isEmpty())
            printError(error);
        status = code;
        QTimer::singleShot(0, qApp, [code]() { QCoreApplication::exit(code); });
    };

    const bool requested = options.demo || !options.files.isEmpty() || options.import || !options.lesson.isEmpty();
    if (screenshot) {
        QObject::connect(&window, &MainWindow::errorOccurred, &window, [&](const QString& message) { finish(1, message); });
        QObject::connect(reconstruction, &ReconstructionPanel::errorOccurred, &window,
                         [&](const QString& message) { finish(1, message); });
        auto capture = [&]() {
            if (finished || window.isBusy() || reconstruction->busy() || workbench.lessons()->busy() ||
                workbench.sessions()->busy() || (requested && !window.analysis()) ||
                (window.analysis() && window.analysis()->preview))
                return;
            QString error;
            if (!savePixmap(window.grabWindow(), options.screenshotPath, &error))
                finish(1, error);
            else
                finish(0, QString());
        };
        auto later = [&, capture]() {
            // Let queued replots and layout settle before grabbing.
            QTimer::singleShot(0, &window, capture);
        };
        QObject::connect(&window, &MainWindow::settled, &window, later);
        QObject::connect(reconstruction, &ReconstructionPanel::busyChanged, &window, later);
        QObject::connect(workbench.lessons(), &LessonController::busyChanged, &window, later);
        QObject::connect(workbench.sessions(), &SessionIo::busyChanged, &window, later);
        if (!requested)
            QTimer::singleShot(0, &window, capture);
        QTimer::singleShot(options.timeoutSeconds * 1000, &window, [&]() {
            finish(1, QStringLiteral("timed out after %1 s waiting for the window to be drawn").arg(options.timeoutSeconds));
        });
    }

    if (options.memoryLimit)
        window.setMemoryLimit(*options.memoryLimit);
    if (options.stft)
        window.setStftParams(*options.stft);
    if (options.reconstruction)
        reconstruction->runWhenLoaded(*options.reconstruction);
    if (!options.lesson.isEmpty()) {
        QString error;
        if (!workbench.lessons()->open(options.lesson, true, &error)) {
            printError(error);
            return 1;
        }
    } else if (options.demo) {
        window.openDemo();
    } else if (options.import) {
        window.importSpectrogram(*options.import);
    } else if (!options.files.isEmpty()) {
        window.openFile(options.files.first());
    }
    if (finished && status != 0)
        return status;
    const int code = QApplication::exec();
    return finished ? status : code;
}

} // namespace phaselab::ui
