// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/playback/playback.hpp"

#include <QAudioDevice>
#include <QAudioSink>
#include <QMediaDevices>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace phaselab::ui {

PlaybackStream::PlaybackStream(QObject* parent) : QIODevice(parent)
{
    format_.setSampleRate(44100);
    format_.setChannelCount(2);
    format_.setSampleFormat(QAudioFormat::Int16);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered); // no read-ahead: position() is what was pulled
}

void PlaybackStream::setFormat(const QAudioFormat& format)
{
    std::lock_guard lock(mutex_);
    format_ = format;
}

QAudioFormat PlaybackStream::format() const
{
    std::lock_guard lock(mutex_);
    return format_;
}

void PlaybackStream::setSignal(std::shared_ptr<const Signal> signal)
{
    std::lock_guard lock(mutex_);
    signal_ = std::move(signal);
}

std::shared_ptr<const Signal> PlaybackStream::signal() const
{
    std::lock_guard lock(mutex_);
    return signal_;
}

double PlaybackStream::position() const
{
    std::lock_guard lock(mutex_);
    return position_;
}

void PlaybackStream::setPosition(double seconds)
{
    std::lock_guard lock(mutex_);
    position_ = std::max(0.0, seconds);
    delivered_ = 0;
}

void PlaybackStream::setLoop(double begin, double end)
{
    std::lock_guard lock(mutex_);
    if (!(end > begin))
        return;
    loopBegin_ = std::max(0.0, begin);
    loopEnd_ = end;
    if (position_ < loopBegin_ || position_ >= loopEnd_)
        position_ = loopBegin_;
}

void PlaybackStream::clearLoop()
{
    std::lock_guard lock(mutex_);
    loopEnd_ = -1.0;
}

bool PlaybackStream::looping() const
{
    std::lock_guard lock(mutex_);
    return loopEnd_ > loopBegin_;
}

void PlaybackStream::setEnd(double seconds)
{
    std::lock_guard lock(mutex_);
    end_ = seconds;
}

double PlaybackStream::endSeconds() const
{
    const double duration = signal_ ? signal_->durationSeconds() : 0.0;
    return end_ >= 0.0 ? std::min(end_, duration) : duration;
}

bool PlaybackStream::finished() const
{
    std::lock_guard lock(mutex_);
    return !(loopEnd_ > loopBegin_) && (!signal_ || position_ >= endSeconds());
}

qint64 PlaybackStream::framesDelivered() const
{
    std::lock_guard lock(mutex_);
    return delivered_;
}

qint64 PlaybackStream::bytesAvailable() const
{
    // "Plenty" while there is something to play, so a reader keeps asking.
    return finished() ? QIODevice::bytesAvailable() : QIODevice::bytesAvailable() + (1 << 20);
}

float PlaybackStream::sampleAt(double sourcePosition) const
{
    const auto& samples = signal_->samples;
    const double index = sourcePosition * signal_->sampleRate;
    const auto first = static_cast<std::int64_t>(std::floor(index));
    if (first < 0 || first >= static_cast<std::int64_t>(samples.size()))
        return 0.0f;
    const float a = samples[static_cast<std::size_t>(first)];
    const float b = first + 1 < static_cast<std::int64_t>(samples.size()) ? samples[static_cast<std::size_t>(first + 1)] : 0.0f;
    const auto fraction = static_cast<float>(index - static_cast<double>(first));
    return a + (b - a) * fraction;
}

qint64 PlaybackStream::readData(char* data, qint64 maxSize)
{
    std::lock_guard lock(mutex_);
    const int bytesPerFrame = format_.bytesPerFrame();
    if (!signal_ || !(signal_->sampleRate > 0.0) || bytesPerFrame <= 0 || format_.sampleRate() <= 0)
        return 0;
    const qint64 frames = maxSize / bytesPerFrame;
    const double step = 1.0 / format_.sampleRate();
    const double duration = endSeconds();
    const bool loop = loopEnd_ > loopBegin_;
    const int channels = format_.channelCount();
    qint64 written = 0;
    for (; written < frames; ++written) {
        if (loop && position_ >= loopEnd_)
            position_ = loopBegin_ + std::fmod(position_ - loopEnd_, loopEnd_ - loopBegin_);
        if (!loop && position_ >= duration)
            break;
        const float value = std::clamp(sampleAt(position_), -1.0f, 1.0f);
        char* frame = data + written * bytesPerFrame;
        for (int channel = 0; channel < channels; ++channel) {
            char* out = frame + channel * format_.bytesPerSample();
            switch (format_.sampleFormat()) {
            case QAudioFormat::Float: std::memcpy(out, &value, sizeof value); break;
            case QAudioFormat::Int32: {
                const auto v = static_cast<qint32>(std::lround(value * 2147483520.0));
                std::memcpy(out, &v, sizeof v);
                break;
            }
            case QAudioFormat::UInt8: *reinterpret_cast<quint8*>(out) = static_cast<quint8>(std::lround(value * 127.0f) + 128); break;
            default: {
                const auto v = static_cast<qint16>(std::lround(value * 32767.0f));
                std::memcpy(out, &v, sizeof v);
                break;
            }
            }
        }
        position_ += step;
    }
    delivered_ += written;
    return written * bytesPerFrame;
}

qint64 PlaybackStream::writeData(const char*, qint64)
{
    return -1;
}

Playback::Playback(QObject* parent) : QObject(parent), stream_(new PlaybackStream(this)), devices_(new QMediaDevices(this))
{
    feedTimer_.setInterval(10);
    feedTimer_.setTimerType(Qt::PreciseTimer);
    connect(&feedTimer_, &QTimer::timeout, this, &Playback::feed);
    positionTimer_.setInterval(33);
    connect(&positionTimer_, &QTimer::timeout, this, [this]() {
        emit positionChanged(position());
        if (state_ == State::Playing && stream_->finished() && sink_ && sink_->bytesFree() == sink_->bufferSize())
            stop();
    });
    connect(devices_, &QMediaDevices::audioOutputsChanged, this, [this]() { detectDevice(); });
    detectDevice();
}

Playback::~Playback()
{
    closeSink();
}

void Playback::setDisabledReason(const QString& reason)
{
    disabledReason_ = reason;
    detectDevice();
}

void Playback::detectDevice()
{
    const bool was = available_;
    const QString wasReason = unavailableReason_;
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    available_ = !device.isNull() && disabledReason_.isEmpty();
    unavailableReason_ = available_ ? QString()
                         : !disabledReason_.isEmpty()
                             ? disabledReason_
                             : QStringLiteral("Playback is off: no audio output device was found (Qt Multimedia "
                                              "reports none; is a sound server such as PulseAudio running?).");
    if (!available_ && sink_) {
        closeSink();
        delete sink_;
        sink_ = nullptr;
        setState(State::Stopped);
    }
    if (was != available_ || wasReason != unavailableReason_)
        emit availabilityChanged(available_);
}

int Playback::addSource(const QString& name, std::shared_ptr<const Signal> signal)
{
    sources_.push_back({name, std::move(signal)});
    if (current_ < 0)
        setCurrent(0);
    if (available_ && !sink_)
        openSink(); // ahead of the first play, so that it starts at once
    emit sourcesChanged();
    return sourceCount() - 1;
}

void Playback::setSource(int index, const QString& name, std::shared_ptr<const Signal> signal)
{
    if (index < 0 || index >= sourceCount())
        return;
    sources_[static_cast<std::size_t>(index)] = {name, std::move(signal)};
    if (index == current_)
        stream_->setSignal(sources_[static_cast<std::size_t>(index)].signal);
    emit sourcesChanged();
}

void Playback::removeSource(int index)
{
    if (index < 0 || index >= sourceCount())
        return;
    sources_.erase(sources_.begin() + index);
    if (previous_ == index)
        previous_ = -1;
    else if (previous_ > index)
        --previous_;
    if (current_ == index) {
        current_ = -1;
        stop();
        setCurrent(std::min(index, sourceCount() - 1));
    } else if (current_ > index) {
        --current_;
    }
    emit sourcesChanged();
}

void Playback::clearSources()
{
    stop();
    sources_.clear();
    current_ = previous_ = -1;
    stream_->setSignal(nullptr);
    emit sourcesChanged();
    emit currentChanged(current_);
}

QString Playback::sourceName(int index) const
{
    return index >= 0 && index < sourceCount() ? sources_[static_cast<std::size_t>(index)].name : QString();
}

std::shared_ptr<const Signal> Playback::sourceSignal(int index) const
{
    return index >= 0 && index < sourceCount() ? sources_[static_cast<std::size_t>(index)].signal : nullptr;
}

void Playback::setCurrent(int index)
{
    if (index < 0 || index >= sourceCount() || index == current_)
        return;
    previous_ = current_;
    current_ = index;
    // The stream keeps its position: the next block the sink pulls comes from the new signal.
    stream_->setSignal(sources_[static_cast<std::size_t>(index)].signal);
    emit currentChanged(current_);
}

void Playback::setABPartner(std::shared_ptr<const Signal> signal)
{
    abPartner_ = std::move(signal);
}

void Playback::toggleAB()
{
    if (sourceCount() < 2)
        return;
    for (int index = 1; abPartner_ && index < sourceCount(); ++index)
        if (sources_[static_cast<std::size_t>(index)].signal == abPartner_) {
            setCurrent(current_ == 0 ? index : 0);
            return;
        }
    int other = previous_;
    if (other < 0 || other >= sourceCount() || other == current_)
        other = current_ == 0 ? 1 : 0;
    setCurrent(other);
}

void Playback::play()
{
    if (!available_ || current_ < 0)
        return;
    if (state_ == State::Playing)
        return;
    if (state_ == State::Stopped && stream_->finished())
        stream_->setPosition(stream_->looping() ? loopBegin_ : 0.0);
    if (!openSink())
        return;
    sink_->setVolume(volume_);
    setState(State::Playing);
    sink_->resume();
    feed();
    feedTimer_.start();
    if (sink_->error() != QAudio::NoError) {
        unavailableReason_ = QStringLiteral("Playback failed: the audio device could not be opened (error %1).")
                                 .arg(static_cast<int>(sink_->error()));
        closeSink();
        setState(State::Stopped);
    }
}

bool Playback::openSink()
{
    if (sink_ && push_)
        return true;
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        detectDevice();
        return false;
    }
    const QAudioFormat format = device.preferredFormat();
    if (format.sampleRate() <= 0 || format.channelCount() <= 0)
        return false;
    if (!sink_ || sink_->format() != format) {
        delete sink_;
        sink_ = new QAudioSink(device, format, this);
        connect(sink_, &QAudioSink::stateChanged, this, [this]() { onSinkState(); });
    }
    stream_->setFormat(format);
    // Push mode: the stream is written to fill all the room the device has, and it is opened
    // ahead of play and kept open, corked, while nothing plays. PulseAudio holds back a stream that
    // gets its first data as it opens for up to 2 s (the sink still runs at the long latency it
    // had while idle), and the counter sat at zero meanwhile; one opened a moment before starts
    // at once.
    push_ = sink_->start();
    if (push_)
        sink_->suspend();
    return push_ != nullptr;
}

void Playback::releaseAudio()
{
    closeSink();
    delete sink_;
    sink_ = nullptr;
    available_ = false;
    disabledReason_ = QStringLiteral("Playback is off: the window is closing."); // no device check reopens it
}

void Playback::closeSink()
{
    feedTimer_.stop();
    if (sink_)
        sink_->stop();
    push_ = nullptr;
}

void Playback::reopenSink()
{
    closeSink();
    if (available_ && current_ >= 0)
        openSink();
}

void Playback::feed()
{
    if (!sink_ || !push_ || state_ != State::Playing)
        return;
    const int frameBytes = sink_->format().bytesPerFrame();
    qint64 free = sink_->bytesFree();
    if (frameBytes <= 0 || free < frameBytes)
        return;
    free -= free % frameBytes;
    feedBuffer_.resize(static_cast<qsizetype>(free));
    const qint64 got = stream_->read(feedBuffer_.data(), free);
    if (got > 0)
        push_->write(feedBuffer_.constData(), got);
}

void Playback::pause()
{
    if (state_ != State::Playing || !sink_)
        return;
    pausedAt_ = position(); // a corked device reports no free space: the buffer looks full
    feedTimer_.stop();
    sink_->suspend();
    setState(State::Paused);
}

void Playback::playRange(double begin, double end)
{
    if (!available_ || current_ < 0 || !(end > begin))
        return;
    seek(begin);
    stream_->setEnd(end);
    play();
    emit positionChanged(position());
}

void Playback::stop()
{
    // What waits in the device's buffer must not play at the next start: a fresh stream,
    // opened now and corked, so the next start is prompt too.
    const bool wasActive = state_ != State::Stopped;
    stream_->setEnd(-1.0);
    stream_->setPosition(stream_->looping() ? loopBegin_ : 0.0);
    seekFloor_ = -1.0;
    setState(State::Stopped);
    if (wasActive)
        reopenSink();
    emit positionChanged(position());
}

void Playback::togglePlayPause()
{
    if (state_ == State::Playing)
        pause();
    else
        play();
}

double Playback::position() const
{
    if (state_ == State::Paused)
        return pausedAt_;
    double seconds = stream_->position();
    if (sink_ && state_ != State::Stopped) {
        const QAudioFormat format = sink_->format();
        const qint64 buffered = std::max<qint64>(0, sink_->bufferSize() - sink_->bytesFree());
        if (format.bytesPerFrame() > 0 && format.sampleRate() > 0)
            seconds -= static_cast<double>(buffered) / format.bytesPerFrame() / format.sampleRate();
        if (stream_->looping() && seconds < loopBegin_)
            seconds += loopEnd_ - loopBegin_;
        // Just after a seek, what is heard is the rest of the buffer from before it: the counter
        // waits at the new position until that has played.
        if (seekFloor_ >= 0.0) {
            if (seconds < seekFloor_ && sinceSeek_.elapsed() < 1000.0 * bufferSeconds() + 100.0)
                seconds = seekFloor_;
            else
                seekFloor_ = -1.0;
        }
    }
    return std::max(0.0, seconds);
}

void Playback::seek(double seconds)
{
    // Playing, the stream stays open (reopening it would hold the sound back): the jump is heard
    // once the little the device has buffered has played. Paused, the buffer is dropped.
    if (state_ == State::Paused)
        reopenSink();
    stream_->setEnd(-1.0);
    stream_->setPosition(seconds);
    seekFloor_ = -1.0;
    if (state_ == State::Playing) {
        seekFloor_ = stream_->position();
        sinceSeek_.start();
    }
    if (state_ == State::Paused)
        pausedAt_ = stream_->position();
    emit positionChanged(position());
}

void Playback::setLoopRange(double begin, double end)
{
    if (!(end > begin))
        return;
    loopBegin_ = begin;
    loopEnd_ = end;
    stream_->setLoop(begin, end);
}

void Playback::clearLoop()
{
    stream_->clearLoop();
}

double Playback::bufferSeconds() const
{
    if (!sink_)
        return 0.0;
    const QAudioFormat format = sink_->format();
    return format.bytesPerFrame() > 0 && format.sampleRate() > 0
               ? static_cast<double>(sink_->bufferSize()) / format.bytesPerFrame() / format.sampleRate()
               : 0.0;
}

void Playback::setVolume(double volume)
{
    volume_ = std::clamp(volume, 0.0, 1.0);
    if (sink_)
        sink_->setVolume(volume_);
}

void Playback::setState(State state)
{
    if (state_ == state)
        return;
    state_ = state;
    if (state == State::Playing)
        positionTimer_.start();
    else
        positionTimer_.stop();
    emit stateChanged(state);
}

void Playback::onSinkState()
{
    if (!sink_)
        return;
    // Idle: the stream ran dry (the end of a non-looping signal).
    if (sink_->state() == QAudio::IdleState && state_ == State::Playing && stream_->finished())
        stop();
}

} // namespace phaselab::ui
