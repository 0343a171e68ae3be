// SPDX-License-Identifier: GPL-3.0-or-later
// How soon the workbench shows a long file: a 10-minute 44.1 kHz mono WAV (made here), opened in
// a 1280x800 main window (run with QT_QPA_PLATFORM=offscreen). Times, per run, from openFile() to
// the first look (hop = window length, level of detail) and to the full 2048/512 view, next to the
// floor measured in the same run: reading the file and one 2048/512 STFT with core/ alone, all
// cores. Prints medians and the ratio full view / floor (what the window adds: images, waveform
// summary, the preview pass). The goal: on screen within about a second, as a user expects of an
// audio editor.
// Usage: QT_QPA_PLATFORM=offscreen open_bench [repeats]
#include "bench/bench_util.hpp"
#include "core/io/audio_file.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/stft.hpp"
#include "ui/shell/main_window.hpp"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>
#include <cstdio>

using namespace phaselab;

int main(int argc, char** argv)
{
    QApplication application(argc, argv);
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    QTemporaryDir folder;
    const std::string path = folder.filePath(QStringLiteral("ten_minutes.wav")).toStdString();
    {
        Signal signal;
        signal.sampleRate = 44100.0;
        signal.samples = bench::benchSignal(600.0);
        writeAudio(path, signal);
    }

    std::vector<double> floors, firstLooks, fullViews;
    for (int round = 0; round <= repeats; ++round) { // round 0 warms caches and fonts
        QElapsedTimer timer;
        timer.start();
        {
            WorkerPool pool;
            StftParams params;
            params.nFft = 2048;
            params.hop = 512;
            const Spectrogram spectrogram = stft(readAudio(path), params, pool);
        }
        const double floor = timer.nsecsElapsed() * 1e-9;

        ui::MainWindow window;
        window.resize(1280, 800);
        window.show();
        application.processEvents();
        QEventLoop loop;
        int changes = 0;
        double firstLook = 0.0, fullView = 0.0;
        QObject::connect(&window, &ui::MainWindow::analysisChanged, &loop, [&]() {
            const double seconds = timer.nsecsElapsed() * 1e-9;
            if (++changes == 1)
                firstLook = seconds;
            if (window.analysis() && !window.analysis()->preview) {
                fullView = seconds;
                loop.quit();
            }
        });
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        timer.restart();
        window.openFile(QString::fromStdString(path));
        loop.exec();
        if (round == 0)
            continue;
        floors.push_back(floor);
        firstLooks.push_back(firstLook);
        fullViews.push_back(fullView);
    }
    std::printf("10-minute 44.1 kHz mono WAV, 2048/512, 1280x800 window; medians of %d runs\n", repeats);
    std::printf("%-28s %10s\n", "", "seconds");
    std::printf("%-28s %10.3f\n", "floor (read + core STFT)", bench::median(floors));
    std::printf("%-28s %10.3f\n", "workbench first look", bench::median(firstLooks));
    std::printf("%-28s %10.3f\n", "workbench full view", bench::median(fullViews));
    std::printf("full view / floor: %.2f; first look / floor: %.2f\n", bench::medianRatio(fullViews, floors),
                bench::medianRatio(firstLooks, floors));
    return 0;
}
