// SPDX-License-Identifier: GPL-3.0-or-later
// Playback of the original and of each reconstruction through Qt Multimedia (a QAudioSink fed
// in push mode). Every source plays through one PlaybackStream, so switching source (the A/B key)
// keeps the position and leaves no gap: the next block written simply comes from the other
// signal. The device's stream is opened as soon as there is something to play and kept open
// (corked) while nothing plays, and each write fills all the room it has, so the sound and the
// position counter start at once. Loops over a time range or plays one to its end; volume; a
// position for the play cursor (what was pulled minus what still waits in the device's buffer).
// A/B switches between the original and a partner source (the reconstruction selected in the run
// list). Sources of another sample rate than the device are resampled linearly. Without an audio
// device, available() is false and unavailableReason() says why (the controls show it as their
// tooltip); every call is then a harmless no-op.
#pragma once

#include "core/base/signal.hpp"

#include <QAudioFormat>
#include <QIODevice>
#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>
#include <mutex>
#include <vector>

class QAudioSink;
class QMediaDevices;

namespace phaselab::ui {

/// What the sink is fed: the current signal from the current position, converted
/// to the output format, looping over a range when set. Thread-safe (a sink may read from its
/// own thread). Positions are in seconds, so sources of different rates line up.
class PlaybackStream : public QIODevice {
    Q_OBJECT
public:
    explicit PlaybackStream(QObject* parent = nullptr);

    void setFormat(const QAudioFormat& format);
    QAudioFormat format() const;
    /// Replaces the signal; the position (in seconds) stays.
    void setSignal(std::shared_ptr<const Signal> signal);
    std::shared_ptr<const Signal> signal() const;

    double position() const; ///< seconds of the source pulled so far
    void setPosition(double seconds);
    /// Loops over [begin, end) seconds (end > begin); clearLoop() plays to the end.
    void setLoop(double begin, double end);
    void clearLoop();
    bool looping() const;
    /// Without a loop, the stream ends at `seconds` instead of the signal's end; < 0: no end.
    void setEnd(double seconds);
    /// True once the position has reached the end of a non-looping signal.
    bool finished() const;
    /// Output frames delivered since the last setPosition (for tests: proof that samples flowed).
    qint64 framesDelivered() const;

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 size) override;

private:
    float sampleAt(double sourcePosition) const; // caller holds mutex_
    double endSeconds() const;                   // caller holds mutex_

    mutable std::mutex mutex_;
    QAudioFormat format_;
    std::shared_ptr<const Signal> signal_;
    double position_ = 0.0; ///< seconds
    double loopBegin_ = 0.0;
    double loopEnd_ = -1.0; ///< < loopBegin_: no loop
    double end_ = -1.0;     ///< < 0: the signal's end
    qint64 delivered_ = 0;
};

class Playback : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Playing, Paused };
    Q_ENUM(State)

    explicit Playback(QObject* parent = nullptr);
    ~Playback() override;

    /// Is there an output device to play on? When not, the reason for the user.
    bool available() const { return available_; }
    QString unavailableReason() const { return unavailableReason_; }
    /// Turns playback off with a reason (no device wanted, or a test); re-detects when empty.
    void setDisabledReason(const QString& reason);

    /// Sources by index: 0 is usually the original. Replacing keeps the current index.
    int addSource(const QString& name, std::shared_ptr<const Signal> signal);
    void setSource(int index, const QString& name, std::shared_ptr<const Signal> signal);
    void removeSource(int index);
    void clearSources();
    int sourceCount() const { return static_cast<int>(sources_.size()); }
    QString sourceName(int index) const;
    std::shared_ptr<const Signal> sourceSignal(int index) const;

    /// Switches what is heard, keeping the position (A/B).
    void setCurrent(int index);
    int current() const { return current_; }
    /// The source A/B pairs with the original (0); null: the source heard before the last switch.
    void setABPartner(std::shared_ptr<const Signal> signal);
    /// A/B: between the original and the partner when there is one, else back to the source
    /// heard before the last switch (or 0 <-> 1).
    void toggleAB();

    void play();
    void pause();
    void stop();
    /// Stops and deletes the audio sink for good. QAudioSink's destructor runs an event loop (Qt
    /// Multimedia's PulseAudio backend), which would deliver events to a window already half
    /// destroyed if the sink died with it: the shell calls this while the window is whole.
    void releaseAudio();
    void togglePlayPause();
    /// Plays [begin, end) seconds once, from its start.
    void playRange(double begin, double end);
    State state() const { return state_; }

    /// The position heard (seconds): pulled minus what waits in the device's buffer.
    double position() const;
    /// Moves the position; while playing, the jump is heard after the little the device has
    /// buffered (the counter waits at the new position meanwhile).
    void seek(double seconds);
    void setLoopRange(double begin, double end);
    void clearLoop();
    bool looping() const { return stream_->looping(); }
    double loopBegin() const { return loopBegin_; }
    double loopEnd() const { return loopEnd_; }
    /// How much audio the device buffers ahead (seconds), once it is open; 0 before.
    double bufferSeconds() const;
    /// 0 (silent) to 1 (full).
    void setVolume(double volume);
    double volume() const { return volume_; }

    PlaybackStream* stream() const { return stream_; }
    QAudioSink* sink() const { return sink_; }

signals:
    void stateChanged(phaselab::ui::Playback::State state);
    void positionChanged(double seconds);
    void sourcesChanged();
    void currentChanged(int index);
    void availabilityChanged(bool available);

private:
    void detectDevice();
    void setState(State state);
    void onSinkState();
    /// Opens the device's stream, corked, unless it is open; false when it cannot be.
    bool openSink();
    void closeSink();
    /// Drops what waits in the device's buffer: a fresh stream, corked.
    void reopenSink();
    /// Writes as much of the stream as the sink has room for.
    void feed();

    PlaybackStream* stream_ = nullptr;
    QAudioSink* sink_ = nullptr;
    QMediaDevices* devices_ = nullptr;
    QPointer<QIODevice> push_; ///< the sink's input while it runs
    QTimer feedTimer_;
    QByteArray feedBuffer_;
    double pausedAt_ = 0.0;
    mutable double seekFloor_ = -1.0; ///< >= 0: the position sought while playing, until it is heard
    QElapsedTimer sinceSeek_;
    QTimer positionTimer_;
    struct Source {
        QString name;
        std::shared_ptr<const Signal> signal;
    };
    std::vector<Source> sources_;
    int current_ = -1;
    int previous_ = -1;
    std::shared_ptr<const Signal> abPartner_;
    State state_ = State::Stopped;
    bool available_ = false;
    QString unavailableReason_;
    double volume_ = 0.8;
    double loopBegin_ = 0.0;
    double loopEnd_ = 0.0;
    QString disabledReason_;
};

} // namespace phaselab::ui
