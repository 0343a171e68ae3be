// SPDX-License-Identifier: GPL-3.0-or-later
// The workbench on a long file (an hour of audio must open without freezing the window): a 1-hour 44.1 kHz mono 16-bit WAV (made here, 318 MB)
// opened at 2048/512 in a 1280x800 main window (run with QT_QPA_PLATFORM=offscreen). Reports
//  - seconds to the first progress report, the first look (hop = window length) and the full view;
//  - how responsive the window stayed: a 10 ms timer runs throughout, and the longest gap between
//    its ticks (and the 99th percentile) is what a user would feel as a freeze;
//  - the process's peak memory (VmHWM) next to the floor, the bytes of the signal and its STFT;
//  - the second open, cancelled a third of the way in: seconds from Cancel until the window is idle, and
//    whether the first analysis stayed on screen;
//  - the time floor measured in the same run afterwards: reading the file and one 2048/512 STFT
//    with core/ alone, all cores; ratio full view / floor;
//  - the full view on each FFT backend, opened again `rounds` times, backends interleaved round by
//    round: medians and the median of the per-round KissFFT / FFTW ratios.
// Usage: QT_QPA_PLATFORM=offscreen long_open_bench [minutes (default 60)] [folder for the WAV] [rounds (default 3)]
#include "bench/bench_util.hpp"
#include "core/io/audio_file.hpp"
#include "core/base/parallel.hpp"
#include "core/dsp/fft.hpp"
#include "core/dsp/stft.hpp"
#include "ui/shell/main_window.hpp"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

using namespace phaselab;

namespace {

/// Peak resident memory of this process so far, in bytes (Linux /proc/self/status VmHWM).
double peakResidentBytes()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    return 0.0;
}

/// Records the gaps between the ticks of a 10 ms timer: the event loop's stalls.
class StallMeter {
public:
    StallMeter()
    {
        timer_.setInterval(10);
        QObject::connect(&timer_, &QTimer::timeout, [this]() {
            if (clock_.isValid()) {
                gapsMs_.push_back(clock_.nsecsElapsed() * 1e-6);
                if (gapsMs_.back() >= longestMs())
                    longestEndsAt_ = since_.nsecsElapsed() * 1e-9;
            }
            clock_.start();
        });
        timer_.start();
    }
    double longestMs() const { return gapsMs_.empty() ? 0.0 : *std::max_element(gapsMs_.begin(), gapsMs_.end()); }
    double percentileMs(double p) const
    {
        if (gapsMs_.empty())
            return 0.0;
        std::vector<double> sorted = gapsMs_;
        std::sort(sorted.begin(), sorted.end());
        return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
    }
    /// Seconds from reset() to the end of the longest gap.
    double longestEndsAt() const { return longestEndsAt_; }
    void reset()
    {
        gapsMs_.clear();
        clock_.invalidate();
        since_.start();
    }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    QElapsedTimer since_;
    std::vector<double> gapsMs_;
    double longestEndsAt_ = 0.0;
};

} // namespace

int main(int argc, char** argv)
{
    QApplication application(argc, argv);
    const double minutes = argc > 1 ? std::max(1.0, std::atof(argv[1])) : 60.0;
    QTemporaryDir folder(argc > 2 ? QString::fromLocal8Bit(argv[2]) + QStringLiteral("/long_open_bench-XXXXXX") : QString());
    const QString wav = folder.filePath(QStringLiteral("long.wav"));
    const std::string path = QFile::encodeName(wav).toStdString();
    const auto samples = static_cast<std::int64_t>(minutes * 60.0 * 44100.0);
    {
        Signal signal;
        signal.sampleRate = 44100.0;
        signal.samples = bench::benchSignal(static_cast<double>(samples) / 44100.0);
        AudioWriteOptions options;
        options.sampleFormat = AudioSampleFormat::Pcm16;
        writeAudio(path, signal, options);
    }
    StftParams params;
    params.nFft = 2048;
    params.hop = 512;
    const std::int64_t frames = params.resolved().frameCount(samples);
    const double floorBytes = static_cast<double>(samples) * 4.0 + static_cast<double>(frames) * params.bins() * 8.0;
    const double baseline = peakResidentBytes();

    ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    application.processEvents();
    StallMeter stalls;
    QElapsedTimer clock;
    double firstProgress = -1.0, firstLook = -1.0, fullView = -1.0;
    QObject::connect(&window, &ui::MainWindow::analysisChanged, [&]() {
        const double seconds = clock.nsecsElapsed() * 1e-9;
        if (firstLook < 0.0)
            firstLook = seconds;
        if (window.analysis() && !window.analysis()->preview && fullView < 0.0)
            fullView = seconds;
    });
    auto* progress = window.findChild<QWidget*>(QStringLiteral("analysisProgress"));
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, [&]() {
        if (firstProgress < 0.0 && progress && progress->isVisible())
            firstProgress = clock.nsecsElapsed() * 1e-9;
        if (fullView >= 0.0 && !window.isBusy())
            loop.quit();
    });
    poll.start();
    QTimer::singleShot(600000, &loop, &QEventLoop::quit);
    clock.start();
    stalls.reset();
    window.openFile(wav);
    loop.exec();
    const double drawn = clock.nsecsElapsed() * 1e-9;
    const double longestStall = stalls.longestMs(), stall99 = stalls.percentileMs(0.99), stallAt = stalls.longestEndsAt();
    const double peak = peakResidentBytes();
    const auto opened = window.analysis();

    // The same file again, cancelled a third of the way to its full view.
    QElapsedTimer sinceCancel;
    double cancelSeconds = -1.0;
    const int cancelAfterMs = static_cast<int>(std::lround(fullView * 1000.0 / 3.0));
    QTimer::singleShot(cancelAfterMs, &loop, [&]() {
        sinceCancel.start();
        window.cancelAnalysis();
    });
    QObject::disconnect(&poll, nullptr, nullptr, nullptr);
    QObject::connect(&poll, &QTimer::timeout, [&]() {
        if (sinceCancel.isValid() && !window.isBusy()) {
            cancelSeconds = sinceCancel.nsecsElapsed() * 1e-9;
            loop.quit();
        }
    });
    window.openFile(wav);
    QTimer::singleShot(600000, &loop, &QEventLoop::quit);
    loop.exec();
    const bool kept = window.analysis() == opened;

    QElapsedTimer floorClock;
    floorClock.start();
    {
        WorkerPool pool;
        const Spectrogram spectrogram = stft(readAudio(path), params, pool);
    }
    const double floorSeconds = floorClock.nsecsElapsed() * 1e-9;

    // The full view again on each backend, interleaved round by round.
    const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
    std::vector<FftBackend> backends{FftBackend::Kiss};
    if (fftBackendAvailable(FftBackend::Fftw))
        backends.push_back(FftBackend::Fftw);
    const FftBackend defaultBackend = fftBackend();
    const auto fullViewSeconds = [&]() {
        double seconds = -1.0;
        QElapsedTimer openClock;
        const auto connection = QObject::connect(&window, &ui::MainWindow::analysisChanged, [&]() {
            if (seconds < 0.0 && window.analysis() && !window.analysis()->preview)
                seconds = openClock.nsecsElapsed() * 1e-9;
        });
        QObject::disconnect(&poll, nullptr, nullptr, nullptr);
        QObject::connect(&poll, &QTimer::timeout, [&]() {
            if (seconds >= 0.0 && !window.isBusy())
                loop.quit();
        });
        openClock.start();
        window.openFile(wav);
        QTimer::singleShot(600000, &loop, &QEventLoop::quit);
        loop.exec();
        QObject::disconnect(connection);
        return seconds;
    };
    std::vector<std::function<double()>> bodies;
    for (FftBackend backend : backends)
        bodies.push_back([&, backend]() {
            setFftBackend(backend);
            return fullViewSeconds();
        });
    const auto backendTimes = bench::interleavedSeconds(rounds, bodies);
    setFftBackend(defaultBackend);

    const double gib = 1024.0 * 1024.0 * 1024.0;
    std::printf("%.0f-minute 44.1 kHz mono 16-bit WAV, 2048/512 (%lld frames), 1280x800 window, %d threads, %s backend "
                "(the backend comparison: %d rounds)\n",
                minutes, static_cast<long long>(frames), hardwareThreadCount(), fftBackendName(defaultBackend).c_str(), rounds);
    std::printf("%-44s %10.2f s\n", "first progress report", firstProgress);
    std::printf("%-44s %10.2f s\n", "first look on screen", firstLook);
    std::printf("%-44s %10.2f s\n", "full view on screen", fullView);
    std::printf("%-44s %10.2f s\n", "full view drawn (window idle)", drawn);
    std::printf("%-44s %10.2f s\n", "floor: read + core STFT, same run", floorSeconds);
    std::printf("%-44s %10.2f\n", "full view / floor", fullView / floorSeconds);
    std::printf("%-44s %10.1f ms\n", "longest event-loop stall while opening", longestStall);
    std::printf("%-44s %10.2f s\n", "  ending at", stallAt);
    std::printf("%-44s %10.1f ms\n", "99th percentile of the 10 ms timer's gaps", stall99);
    std::printf("%-44s %10.2f GiB\n", "peak memory (VmHWM)", peak / gib);
    std::printf("%-44s %10.2f GiB\n", "  of which before opening", baseline / gib);
    std::printf("%-44s %10.2f GiB\n", "floor: signal + STFT bytes", floorBytes / gib);
    std::printf("%-44s %10.2f\n", "peak / floor", peak / floorBytes);
    std::printf("%-44s %10.2f s\n", "second open: cancelled after", cancelAfterMs * 1e-3);
    std::printf("%-44s %10.2f s\n", "  from the cancel to an idle window", cancelSeconds);
    std::printf("%-44s %10s\n", "first analysis kept after the cancel", kept ? "yes" : "NO");
    for (std::size_t b = 0; b < backends.size(); ++b)
        std::printf("%-44s %10.2f s\n", ("full view on " + fftBackendName(backends[b]) + ", median of rounds").c_str(),
                    bench::median(backendTimes[b]));
    if (backends.size() > 1)
        std::printf("%-44s %10.2f\n", "  kiss / fftw (median of per-round ratios)", bench::medianRatio(backendTimes[0], backendTimes[1]));
    return kept && cancelSeconds >= 0.0 ? 0 : 1;
}
