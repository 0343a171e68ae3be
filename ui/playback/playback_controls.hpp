// SPDX-License-Identifier: GPL-3.0-or-later
// The playback toolbar: play/pause, stop, which source is heard (the original or a
// reconstruction), the A/B switch (same position, no gap), looping over a time range (the
// selection, or what is on screen), the position and the volume. Without an audio device every control is disabled and
// its tooltip says why.
#pragma once

#include <QToolBar>

#include <functional>
#include <utility>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace phaselab::ui {

class Playback;

class PlaybackControls : public QToolBar {
    Q_OBJECT
public:
    /// `visibleRange` gives the time range to loop over (s): the selection, else the view.
    PlaybackControls(Playback* playback, std::function<std::pair<double, double>()> visibleRange, QWidget* parent = nullptr);

    QAction* playAction() const { return play_; }
    QAction* stopAction() const { return stop_; }
    QAction* abAction() const { return ab_; }
    QAction* loopAction() const { return loop_; }
    QComboBox* sourceBox() const { return source_; }

private:
    void updateSources();
    void updateState();
    void updateAvailability();
    void setLoop(bool on);

    Playback* playback_;
    std::function<std::pair<double, double>()> visibleRange_;
    QAction* play_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* ab_ = nullptr;
    QAction* loop_ = nullptr;
    QComboBox* source_ = nullptr;
    QLabel* position_ = nullptr;
    QLabel* volumeLabel_ = nullptr;
    QSlider* volume_ = nullptr;
};

} // namespace phaselab::ui
