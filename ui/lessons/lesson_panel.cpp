// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/lessons/lesson_panel.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace phaselab::ui {

LessonPanel::LessonPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    text_ = new QTextBrowser(this);
    text_->setObjectName(QStringLiteral("lessonText"));
    text_->setOpenExternalLinks(true);
    text_->document()->setDocumentMargin(6);
    layout->addWidget(text_, 1);
    notes_ = new QLabel(this);
    notes_->setObjectName(QStringLiteral("lessonNotes"));
    notes_->setTextFormat(Qt::MarkdownText);
    notes_->setWordWrap(true);
    notes_->setVisible(false);
    layout->addWidget(notes_);
    auto* buttons = new QHBoxLayout;
    rerun_ = new QPushButton(QStringLiteral("Run Lesson Again"), this);
    rerun_->setToolTip(QStringLiteral("Start the lesson's runs again from the beginning"));
    step_ = new QPushButton(QStringLiteral("Step (Space)"), this);
    step_->setToolTip(QStringLiteral("Run one iteration at a time with the reconstruction panel's settings"));
    buttons->addWidget(rerun_);
    buttons->addWidget(step_);
    layout->addLayout(buttons);
    auto* hint = new QLabel(QStringLiteral("Scrub back with the slider in the Reconstruction panel · P plays, B switches "
                                           "original/reconstruction"),
                            this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #666;"));
    layout->addWidget(hint);
    connect(rerun_, &QPushButton::clicked, this, &LessonPanel::rerunRequested);
    connect(step_, &QPushButton::clicked, this, &LessonPanel::stepRequested);
}

void LessonPanel::setLesson(const QString& title, const QString& markdown)
{
    setWindowTitle(title);
    // The dock's title names the lesson: drop the text's own top heading (a huge H1 in a narrow dock).
    QString body = markdown;
    if (body.startsWith(QLatin1String("# "))) {
        const qsizetype end = body.indexOf(QLatin1Char('\n'));
        body = end < 0 ? QString() : body.mid(end + 1);
    }
    text_->setMarkdown(body);
}

void LessonPanel::setNotes(const QString& markdown)
{
    notes_->setText(markdown);
    notes_->setVisible(!markdown.isEmpty());
}

QString LessonPanel::notes() const
{
    return notes_->text();
}

} // namespace phaselab::ui
