// SPDX-License-Identifier: GPL-3.0-or-later
// Playback (ui/playback/playback.*): the pull stream keeps its position when the source changes (A/B
// without a gap), loops over a range, resamples to the device rate; the toolbar is disabled with
// a reason when there is no device; A/B pairs the original with the partner source (the selected
// run); a range plays once to its end; and with a device (PulseAudio's null sink, started here when
// `pulseaudio` is installed) samples are really pulled, and the device's buffer is full when play()
// returns, so the sound and the counter start at once (play() to the first non-zero position is
// printed).
#include "ui/playback/play_cursor.hpp"
#include "ui/playback/playback.hpp"
#include "ui/panes/plot_widget.hpp"
#include "ui/playback/playback_controls.hpp"

#include <QAction>
#include <QApplication>
#include <QAudioDevice>
#include <QAudioSink>
#include <QComboBox>
#include <QElapsedTimer>
#include <QMediaDevices>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace phaselab;
using namespace phaselab::ui;

namespace {

std::shared_ptr<const Signal> constant(float value, double rate, double seconds)
{
    auto signal = std::make_shared<Signal>();
    signal->sampleRate = rate;
    signal->samples.assign(static_cast<std::size_t>(rate * seconds), value);
    return signal;
}

std::shared_ptr<const Signal> ramp(double rate, double seconds)
{
    auto signal = std::make_shared<Signal>();
    signal->sampleRate = rate;
    const auto count = static_cast<std::size_t>(rate * seconds);
    for (std::size_t n = 0; n < count; ++n)
        signal->samples.push_back(static_cast<float>(n) / static_cast<float>(count));
    return signal;
}

QAudioFormat floatMono(int rate)
{
    QAudioFormat format;
    format.setSampleRate(rate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Float);
    return format;
}

std::vector<float> pull(PlaybackStream& stream, int frames)
{
    std::vector<float> out(static_cast<std::size_t>(frames));
    const qint64 got = stream.read(reinterpret_cast<char*>(out.data()), frames * qint64(sizeof(float)));
    out.resize(static_cast<std::size_t>(std::max<qint64>(got, 0)) / sizeof(float));
    return out;
}

} // namespace

class TestPlayback : public QObject {
    Q_OBJECT
private slots:
    void switchingSourceKeepsPositionWithoutGap()
    {
        PlaybackStream stream;
        stream.setFormat(floatMono(8000));
        stream.setSignal(constant(0.5f, 8000, 2.0));
        const auto a = pull(stream, 4000);
        QCOMPARE(int(a.size()), 4000);
        QCOMPARE(a.back(), 0.5f);
        QCOMPARE(stream.position(), 0.5);
        stream.setSignal(constant(-0.25f, 8000, 2.0));
        QCOMPARE(stream.position(), 0.5); // the switch does not move the position
        const auto b = pull(stream, 100);
        QCOMPARE(int(b.size()), 100);
        QCOMPARE(b.front(), -0.25f); // the very next frame comes from the other source: no gap
        QCOMPARE(stream.position(), 0.5 + 100.0 / 8000.0);
    }

    void playbackABKeepsPosition()
    {
        Playback playback;
        playback.addSource(QStringLiteral("Original"), ramp(8000, 2.0));
        playback.addSource(QStringLiteral("fgla"), constant(0.1f, 8000, 2.0));
        QCOMPARE(playback.current(), 0);
        playback.seek(1.25);
        playback.setCurrent(1);
        QCOMPARE(playback.current(), 1);
        QCOMPARE(playback.position(), 1.25);
        playback.toggleAB();
        QCOMPARE(playback.current(), 0);
        QCOMPARE(playback.position(), 1.25);
        playback.toggleAB();
        QCOMPARE(playback.current(), 1);
        // What the stream delivers next is the ramp at 1.25 s after switching back.
        playback.toggleAB();
        playback.stream()->setFormat(floatMono(8000));
        const auto next = pull(*playback.stream(), 1);
        QCOMPARE(int(next.size()), 1);
        QVERIFY(std::abs(next[0] - 0.625f) < 1e-3f);
    }

    void abSwitchesBetweenTheOriginalAndThePartner()
    {
        Playback playback;
        const auto original = ramp(8000, 2.0);
        std::vector<std::shared_ptr<const Signal>> runs;
        playback.addSource(QStringLiteral("Original"), original);
        for (int run = 1; run <= 3; ++run) {
            runs.push_back(constant(0.1f * float(run), 8000, 2.0));
            playback.addSource(QStringLiteral("run %1").arg(run), runs.back());
        }
        QCOMPARE(playback.current(), 0);
        // The third run is the partner: B goes to it and back, never to run 1.
        playback.setABPartner(runs[2]);
        playback.toggleAB();
        QCOMPARE(playback.sourceSignal(playback.current()), runs[2]);
        playback.toggleAB();
        QCOMPARE(playback.current(), 0);
        // Another partner while the original plays.
        playback.setABPartner(runs[1]);
        playback.toggleAB();
        QCOMPARE(playback.sourceSignal(playback.current()), runs[1]);
        // Removing a source before it keeps the pairing by signal, not by index.
        playback.removeSource(1);
        playback.toggleAB();
        QCOMPARE(playback.current(), 0);
        playback.toggleAB();
        QCOMPARE(playback.sourceSignal(playback.current()), runs[1]);
        // Without a partner: back to the source heard before.
        playback.setABPartner(nullptr);
        playback.setCurrent(2);
        playback.setCurrent(0);
        playback.toggleAB();
        QCOMPARE(playback.current(), 2);
    }

    void streamEndsAtTheRangeEnd()
    {
        PlaybackStream stream;
        stream.setFormat(floatMono(8000));
        stream.setSignal(ramp(8000, 2.0));
        stream.setPosition(0.5);
        stream.setEnd(0.75);
        std::vector<float> heard;
        for (int block = 0; block < 10; ++block)
            for (float value : pull(stream, 512))
                heard.push_back(value);
        QCOMPARE(int(heard.size()), 2000); // 0.25 s at 8 kHz, then nothing
        QVERIFY(std::abs(heard.front() - 0.25f) < 1e-4f);
        QVERIFY(std::abs(heard.back() - 0.375f) < 1e-3f);
        QVERIFY(stream.finished());
        stream.setEnd(-1.0);
        QVERIFY(!stream.finished());
        QCOMPARE(int(pull(stream, 100).size()), 100);
    }

    void loopStaysInRange()
    {
        PlaybackStream stream;
        stream.setFormat(floatMono(8000));
        stream.setSignal(ramp(8000, 2.0));
        stream.setLoop(0.5, 0.6);
        QCOMPARE(stream.position(), 0.5);
        double low = 10.0, high = -10.0;
        for (int block = 0; block < 20; ++block) {
            for (float value : pull(stream, 333)) {
                low = std::min<double>(low, value);
                high = std::max<double>(high, value);
            }
            QVERIFY(stream.position() >= 0.5 && stream.position() < 0.6 + 1e-9);
        }
        QVERIFY(low >= 0.25 - 1e-3 && high <= 0.3 + 1e-3);
        QVERIFY(!stream.finished());
        stream.clearLoop();
        while (!pull(stream, 4096).empty()) {
        }
        QVERIFY(stream.finished());
    }

    void resamplesToTheDeviceRate()
    {
        PlaybackStream stream;
        stream.setFormat(floatMono(44100));
        stream.setSignal(ramp(22050, 1.0));
        const auto out = pull(stream, 44100);
        QCOMPARE(int(out.size()), 44100);
        // Linear interpolation: the output at t is the ramp's value at t.
        for (int n : {0, 1, 1000, 22051, 44000})
            QVERIFY(std::abs(out[static_cast<std::size_t>(n)] - static_cast<float>(n / 2.0 / 22050.0)) < 1e-4f);
    }

    void int16StereoOutput()
    {
        PlaybackStream stream;
        QAudioFormat format;
        format.setSampleRate(16000);
        format.setChannelCount(2);
        format.setSampleFormat(QAudioFormat::Int16);
        stream.setFormat(format);
        stream.setSignal(constant(0.5f, 16000, 0.1));
        qint16 frame[2] = {0, 0};
        QCOMPARE(stream.read(reinterpret_cast<char*>(frame), 4), qint64(4));
        QCOMPARE(frame[0], qint16(16384));
        QCOMPARE(frame[1], qint16(16384));
    }

    void playCursorFollowsThePosition()
    {
        PlotWidget first, second;
        PlayCursor cursor;
        cursor.addPane(&first);
        cursor.addPane(&second);
        cursor.setPosition(1.5);
        int lines = 0;
        for (PlotWidget* pane : {&first, &second})
            for (int i = 0; i < pane->itemCount(); ++i)
                if (auto* line = qobject_cast<QCPItemStraightLine*>(pane->item(i)); line && line->layer()->name() == QLatin1String("playCursor")) {
                    QVERIFY(line->visible());
                    QCOMPARE(line->point1->coords().x(), 1.5);
                    ++lines;
                }
        QCOMPARE(lines, 2);
        cursor.setPosition(std::nan(""));
        QVERIFY(std::isnan(cursor.position()));
    }

    void controlsDisabledWithReasonWithoutDevice()
    {
        Playback playback;
        playback.addSource(QStringLiteral("Original"), ramp(8000, 1.0));
        if (playback.available())
            playback.setDisabledReason(QStringLiteral("Playback is off: no audio output device was found (test)."));
        PlaybackControls controls(&playback, []() { return std::pair<double, double>(0.0, 1.0); });
        QVERIFY(!playback.available());
        QVERIFY(!controls.playAction()->isEnabled());
        QVERIFY(!controls.abAction()->isEnabled());
        QVERIFY(!controls.sourceBox()->isEnabled());
        QVERIFY2(controls.playAction()->toolTip().contains(QStringLiteral("no audio output device")),
                 qPrintable(controls.playAction()->toolTip()));
        // Nothing crashes when asked to play anyway.
        playback.play();
        playback.toggleAB();
        playback.pause();
        playback.stop();
        QCOMPARE(playback.state(), Playback::State::Stopped);
        if (QMediaDevices::audioOutputs().isEmpty())
            qInfo("no audio device here: the real no-device path was exercised");
        else
            qInfo("an audio device exists: the disabled path was forced");
    }

    void samplesArePulledFromTheDevice()
    {
        if (QMediaDevices::audioOutputs().isEmpty())
            QSKIP("no audio output device (start PulseAudio with `pulseaudio --start --exit-idle-time=-1` for its null sink)");
        Playback playback;
        QVERIFY(playback.available());
        playback.addSource(QStringLiteral("Original"), ramp(22050, 3.0));
        playback.addSource(QStringLiteral("Other"), constant(0.1f, 22050, 3.0));
        PlaybackControls controls(&playback, []() { return std::pair<double, double>(0.0, 3.0); });
        QVERIFY(controls.playAction()->isEnabled());
        playback.setVolume(0.0);
        playback.play();
        QCOMPARE(playback.state(), Playback::State::Playing);
        QTRY_VERIFY_WITH_TIMEOUT(playback.stream()->framesDelivered() > 4096, 10000);
        const double before = playback.stream()->position();
        playback.toggleAB();
        QVERIFY(playback.stream()->position() >= before); // switching does not rewind
        QTRY_VERIFY_WITH_TIMEOUT(playback.position() > 0.05, 10000);
        qInfo("pulled %lld frames (%s, %d Hz, %d channels), heard position %.3f s", playback.stream()->framesDelivered(),
              qPrintable(QMediaDevices::defaultAudioOutput().description()), playback.stream()->format().sampleRate(),
              playback.stream()->format().channelCount(), playback.position());
        playback.pause();
        QCOMPARE(playback.state(), Playback::State::Paused);
        playback.stop();
        QCOMPARE(playback.state(), Playback::State::Stopped);
    }

    void counterStartsWithTheSound()
    {
        if (QMediaDevices::audioOutputs().isEmpty())
            QSKIP("no audio output device (start PulseAudio with `pulseaudio --start --exit-idle-time=-1` for its null sink)");
        Playback playback;
        QVERIFY(playback.available());
        playback.addSource(QStringLiteral("Original"), ramp(44100, 6.0));
        playback.setVolume(0.0);
        // The device's stream is open, corked, before play: PulseAudio holds back a stream whose
        // first data comes as it opens (up to 2 s on its null sink), and the counter with it.
        QVERIFY(playback.sink());
        QCOMPARE(playback.sink()->state(), QAudio::SuspendedState);
        QTest::qWait(1500); // the user reaches for P

        QElapsedTimer clock;
        double reachedMs = -1.0;
        const double mark = 0.25;
        connect(&playback, &Playback::positionChanged, this, [&](double seconds) {
            if (seconds >= mark && reachedMs < 0.0)
                reachedMs = double(clock.nsecsElapsed()) / 1e6;
        });
        clock.start();
        playback.play();
        QCOMPARE(playback.state(), Playback::State::Playing);
        // The device's buffer is full as soon as play() returns.
        const int frameBytes = playback.stream()->format().bytesPerFrame();
        QVERIFY(playback.sink()->bufferSize() > 0);
        QVERIFY2(playback.sink()->bytesFree() < frameBytes,
                 qPrintable(QStringLiteral("%1 of %2 bytes free").arg(playback.sink()->bytesFree()).arg(playback.sink()->bufferSize())));
        QCOMPARE(playback.stream()->framesDelivered() * frameBytes, qint64(playback.sink()->bufferSize()));
        QTRY_VERIFY_WITH_TIMEOUT(reachedMs >= 0.0, 10000);
        qInfo("play() to the counter at %.2f s: %.0f ms, so the sound started %.0f ms after play(); the device buffers %.0f ms",
              mark, reachedMs, reachedMs - 1000.0 * mark, 1000.0 * playback.bufferSeconds());

        // A range plays once and stops at its end.
        playback.playRange(1.0, 1.3);
        QCOMPARE(playback.state(), Playback::State::Playing);
        QVERIFY(playback.position() >= 1.0 && playback.position() < 1.3);
        QTRY_COMPARE_WITH_TIMEOUT(playback.state(), Playback::State::Stopped, 10000);
        QVERIFY(playback.stream()->framesDelivered() <= qint64(0.3 * playback.stream()->format().sampleRate()) + 1);
    }
};

int main(int argc, char** argv)
{
    // With PulseAudio installed but not running (a test machine), start it for its null sink; it
    // exits by itself a few seconds after the last client leaves.
    if (!QStandardPaths::findExecutable(QStringLiteral("pulseaudio")).isEmpty()) {
        const int status = std::system("pulseaudio --check 2>/dev/null || pulseaudio --start --exit-idle-time=10 >/dev/null 2>&1");
        (void)status; // without a sound server the device tests skip
    }
    QApplication application(argc, argv);
    TestPlayback test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_playback.moc"
