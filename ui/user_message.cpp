// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/user_message.hpp"

#include <QRegularExpression>

#include <utility>
#include <vector>

namespace phaselab::ui {
namespace {

// The parameters core/ names in backquotes, each as the field or menu that sets it here. Phrases
// first: a parameter with its value maps to the field set to that value, and some advice reads
// differently in the window as a whole.
const std::vector<std::pair<QString, QString>>& replacements()
{
    static const std::vector<std::pair<QString, QString>> table{
        {QStringLiteral("give `bins` or `frames` (or `n_fft`, bins = n_fft/2+1)"),
         QStringLiteral("choose a Shape, or set Bins or Frames (bins = n_fft/2+1)")},
        {QStringLiteral("`bins`/`frames`"), QStringLiteral("Bins/Frames")},
        {QStringLiteral("use `magnitude_file`"), QStringLiteral("choose a magnitude file")},
        {QStringLiteral("use `phase_file`"), QStringLiteral("choose a phase file")},
        {QStringLiteral("(`phase_file`)"), QStringLiteral("(a phase file)")},
        {QStringLiteral("open it as audio (`audio_file`)"), QStringLiteral("open it with File → Open")},
        {QStringLiteral("`pad_mode` constant"), QStringLiteral("Padding: constant")},
        {QStringLiteral("`scale` db"), QStringLiteral("Magnitude scale: dB")},
        {QStringLiteral("give `sample_rate`"), QStringLiteral("set Sample rate under Parameters (or in the import dialog)")},
        {QStringLiteral("`scale`"), QStringLiteral("Magnitude scale")},
        {QStringLiteral("`header_bytes`"), QStringLiteral("Header")},
        {QStringLiteral("`dtype`"), QStringLiteral("Data type")},
        {QStringLiteral("`bins`"), QStringLiteral("Bins")},
        {QStringLiteral("`frames`"), QStringLiteral("Frames")},
        {QStringLiteral("`layout`"), QStringLiteral("Layout")},
        {QStringLiteral("`n_fft`"), QStringLiteral("n_fft")},
        {QStringLiteral("`win_length`"), QStringLiteral("Window length")},
        {QStringLiteral("`hop`"), QStringLiteral("Hop")},
        {QStringLiteral("`center`"), QStringLiteral("Centre frames")},
        {QStringLiteral("`pad_mode`"), QStringLiteral("Padding")},
        {QStringLiteral("`sample_rate`"), QStringLiteral("Sample rate")},
        {QStringLiteral("`signal_length`"), QStringLiteral("signal length")},
        {QStringLiteral("`length`"), QStringLiteral("length")},
        {QStringLiteral("`iterations`"), QStringLiteral("Iterations")},
        {QStringLiteral("`momentum`"), QStringLiteral("Momentum")},
        {QStringLiteral("`lookahead`"), QStringLiteral("Look-ahead")},
        {QStringLiteral("`channel`"), QStringLiteral("channel")},
        // No field sets these: the workbench takes them on its command line, as phaselab-cli does.
        {QStringLiteral("`memory_limit`"), QStringLiteral("--memory-limit")},
        {QStringLiteral("`fft_backend`"), QStringLiteral("--fft-backend")},
        {QStringLiteral("`magnitude_file`"), QStringLiteral("a magnitude file")},
        {QStringLiteral("`phase_file`"), QStringLiteral("a phase file")},
        {QStringLiteral("`audio_file`"), QStringLiteral("an audio file")},
    };
    return table;
}

} // namespace

QString userMessage(const std::string& message)
{
    QString text = QString::fromStdString(message);
    for (const auto& [flag, field] : replacements())
        text.replace(flag, field);
    return text;
}

QString userMessage(const std::exception& error)
{
    return userMessage(std::string(error.what()));
}

} // namespace phaselab::ui
