// SPDX-License-Identifier: GPL-3.0-or-later
// The guided lessons: for each one, the signal it opens, the STFT parameters, the runs
// its default "Run" starts (each with its own inputs: a flipped phase, another window or hop), how
// the panes are set up, and the text (resources/lessons/NAME.md, shown beside the panes).
// Signals are short (about 2 s) so every default run takes a few seconds at most.
#pragma once

#include "core/reconstruction/reconstruction.hpp"
#include "core/dsp/stft_params.hpp"
#include "ui/model/analysis.hpp"
#include "ui/panes/comparison_pane.hpp"
#include "ui/panes/convergence_plot.hpp"
#include "ui/model/reconstruction_run.hpp"
#include "ui/jobs/reconstruction_worker.hpp"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace phaselab::ui {

struct LessonRun {
    QString name;
    ReconstructionOptions options;
    std::shared_ptr<const RunInputs> inputs;
};

struct Lesson {
    QString name;   ///< "sign", "components", ...
    QString title;  ///< "The global sign"
    QString textResource; ///< ":/lessons/sign.md"
    StftParams params;
    /// The signal the lesson opens (synthesised, or an excerpt of the demo). Throws phaselab::Error.
    std::function<Signal()> signal;
    /// The default runs, given the lesson's analysed signal. Throws phaselab::Error.
    std::function<QList<LessonRun>(const Analysis& analysis)> runs;
    ComparisonQuantity comparison = ComparisonQuantity::PhaseErrorSign;
    bool logScale = false;
    /// The measures the convergence plot shows, bit m = ConvergencePlot::Measure m (the others
    /// can be switched on in the panel).
    unsigned measures = 0x1f;
    double maxFrequencyHz = 0.0; ///< > 0: the spectrogram panes zoom to 0 .. this
    int focusRun = 0; ///< the run shown once all have ended
    /// Extra lines for the panel (e.g. the consistency scores of the window-mismatch lesson).
    std::function<QString(const Analysis& analysis)> notes;
    /// Extra lines once the default runs have ended (e.g. figures measured on a common STFT).
    std::function<QString(const Analysis& analysis, const QList<const ReconstructionRun*>& runs)> summary;
};

/// The final figures of the runs, one line each (markdown), for the lesson panel.
QString runSummary(const QList<const ReconstructionRun*>& runs);

/// The bit of one measure in Lesson::measures.
constexpr unsigned measureBit(ConvergencePlot::Measure measure)
{
    return 1u << static_cast<unsigned>(measure);
}

/// Every lesson, in menu order.
const QList<Lesson>& lessons();
QStringList lessonNames();
/// Null for an unknown name.
const Lesson* findLesson(const QString& name);
/// The lesson's text (markdown), or a line saying it is missing.
QString lessonText(const Lesson& lesson);

} // namespace phaselab::ui
