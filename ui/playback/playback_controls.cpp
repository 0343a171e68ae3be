// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/playback/playback_controls.hpp"

#include "ui/playback/playback.hpp"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>

#include <cmath>

namespace phaselab::ui {
namespace {

QString clock(double seconds)
{
    const int minutes = static_cast<int>(seconds / 60.0);
    return QStringLiteral("%1:%2").arg(minutes).arg(seconds - 60.0 * minutes, 6, 'f', 3, QLatin1Char('0'));
}

} // namespace

PlaybackControls::PlaybackControls(Playback* playback, std::function<std::pair<double, double>()> visibleRange, QWidget* parent)
    : QToolBar(QStringLiteral("Playback"), parent), playback_(playback), visibleRange_(std::move(visibleRange))
{
    setObjectName(QStringLiteral("playbackToolBar"));
    setMovable(false);
    setIconSize(QSize(16, 16));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    play_ = addAction(style()->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("Play"));
    play_->setObjectName(QStringLiteral("playAction"));
    play_->setShortcut(QKeySequence(Qt::Key_P));
    connect(play_, &QAction::triggered, playback_, &Playback::togglePlayPause);
    stop_ = addAction(style()->standardIcon(QStyle::SP_MediaStop), QStringLiteral("Stop"));
    stop_->setObjectName(QStringLiteral("stopPlaybackAction"));
    stop_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_P));
    connect(stop_, &QAction::triggered, playback_, &Playback::stop);
    addSeparator();
    addWidget(new QLabel(QStringLiteral(" Hear "), this));
    source_ = new QComboBox(this);
    source_->setObjectName(QStringLiteral("playbackSource"));
    source_->setMinimumContentsLength(16);
    source_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    addWidget(source_);
    connect(source_, &QComboBox::currentIndexChanged, this, [this](int index) { playback_->setCurrent(index); });
    ab_ = addAction(QStringLiteral("A/B"));
    ab_->setObjectName(QStringLiteral("abAction"));
    ab_->setShortcut(QKeySequence(Qt::Key_B));
    connect(ab_, &QAction::triggered, playback_, &Playback::toggleAB);
    loop_ = addAction(QStringLiteral("Loop Selection (or View)"));
    loop_->setIconText(QStringLiteral("Loop"));
    loop_->setObjectName(QStringLiteral("loopAction"));
    loop_->setCheckable(true);
    loop_->setShortcut(QKeySequence(Qt::Key_O));
    connect(loop_, &QAction::toggled, this, &PlaybackControls::setLoop);
    addSeparator();
    position_ = new QLabel(this);
    position_->setObjectName(QStringLiteral("playbackPosition"));
    position_->setMinimumWidth(70);
    addWidget(position_);
    addSeparator();
    volumeLabel_ = new QLabel(QStringLiteral(" Volume "), this);
    addWidget(volumeLabel_);
    volume_ = new QSlider(Qt::Horizontal, this);
    volume_->setObjectName(QStringLiteral("volume"));
    volume_->setRange(0, 100);
    volume_->setValue(static_cast<int>(std::lround(playback_->volume() * 100)));
    volume_->setMaximumWidth(100);
    addWidget(volume_);
    connect(volume_, &QSlider::valueChanged, this, [this](int value) { playback_->setVolume(value / 100.0); });

    connect(playback_, &Playback::sourcesChanged, this, &PlaybackControls::updateSources);
    connect(playback_, &Playback::currentChanged, this, [this](int index) {
        const QSignalBlocker block(source_);
        source_->setCurrentIndex(index);
    });
    connect(playback_, &Playback::stateChanged, this, &PlaybackControls::updateState);
    connect(playback_, &Playback::availabilityChanged, this, &PlaybackControls::updateAvailability);
    connect(playback_, &Playback::positionChanged, this, [this](double seconds) { position_->setText(clock(seconds)); });
    position_->setText(clock(0.0));
    updateSources();
    updateState();
    updateAvailability();
}

void PlaybackControls::updateSources()
{
    const QSignalBlocker block(source_);
    source_->clear();
    for (int i = 0; i < playback_->sourceCount(); ++i)
        source_->addItem(playback_->sourceName(i));
    source_->setCurrentIndex(playback_->current());
    updateAvailability();
}

void PlaybackControls::updateState()
{
    const bool playing = playback_->state() == Playback::State::Playing;
    play_->setText(playing ? QStringLiteral("Pause") : QStringLiteral("Play"));
    play_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void PlaybackControls::updateAvailability()
{
    const bool available = playback_->available();
    const bool hasSource = playback_->sourceCount() > 0;
    const QString reason = available ? QString() : playback_->unavailableReason();
    for (QAction* action : {play_, stop_, ab_, loop_}) {
        action->setEnabled(available && hasSource);
        action->setToolTip(available ? action->text() + QStringLiteral(" (") + action->shortcut().toString(QKeySequence::NativeText) +
                                           QLatin1Char(')')
                                     : reason);
    }
    ab_->setEnabled(available && playback_->sourceCount() > 1);
    if (available) {
        ab_->setToolTip(QStringLiteral("Switch between the original and the selected run at the same position (B)"));
        loop_->setToolTip(QStringLiteral("Loop over the selection, or the view without one (O)"));
    }
    for (QWidget* widget : QList<QWidget*>{source_, volume_, position_, volumeLabel_}) {
        widget->setEnabled(available && (widget != source_ || hasSource));
        widget->setToolTip(available ? QString() : reason);
    }
    if (available) {
        source_->setToolTip(QStringLiteral("What plays: the original or a reconstruction"));
        volume_->setToolTip(QStringLiteral("Volume"));
    }
}

void PlaybackControls::setLoop(bool on)
{
    if (!on) {
        playback_->clearLoop();
        return;
    }
    const auto [begin, end] = visibleRange_ ? visibleRange_() : std::pair<double, double>(0.0, 0.0);
    if (end > begin)
        playback_->setLoopRange(std::max(0.0, begin), end);
}

} // namespace phaselab::ui
