// SPDX-License-Identifier: GPL-3.0-or-later
// The "Lesson" dock: the lesson's text (markdown with formulas in plain Unicode), notes computed
// for the open signal, and the lesson's own buttons (run again, step with Space, A/B hint).
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace phaselab::ui {

class LessonPanel : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);

    void setLesson(const QString& title, const QString& markdown);
    void setNotes(const QString& markdown);
    QTextBrowser* text() const { return text_; }
    QString notes() const;

signals:
    void rerunRequested();
    void stepRequested();

private:
    QTextBrowser* text_ = nullptr;
    QLabel* notes_ = nullptr;
    QPushButton* rerun_ = nullptr;
    QPushButton* step_ = nullptr;
};

} // namespace phaselab::ui
