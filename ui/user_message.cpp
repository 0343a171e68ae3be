// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/user_message.hpp"

#include <QRegularExpression>

#include <utility>
#include <vector>

namespace phaselab::ui {
namespace {

// Longest first: "--bins/--frames" before "--bins". A flag with its argument maps to the field
// set to that value.
const std::vector<std::pair<QString, QString>>& replacements()
{
    static const std::vector<std::pair<QString, QString>> table{
        {QStringLiteral("give --bins or --frames (or --n-fft, bins = n_fft/2+1)"),
         QStringLiteral("choose a Shape, or set Bins or Frames (bins = n_fft/2+1)")},
        {QStringLiteral("--bins/--frames"), QStringLiteral("Bins/Frames")},
        {QStringLiteral("use --magnitude FILE"), QStringLiteral("choose a magnitude file")},
        {QStringLiteral("use --phase FILE"), QStringLiteral("choose a phase file")},
        {QStringLiteral("(--phase FILE)"), QStringLiteral("(a phase file)")},
        {QStringLiteral("`reconstruct --audio`"), QStringLiteral("File → Open")},
        {QStringLiteral("--pad-mode constant"), QStringLiteral("Padding: constant")},
        {QStringLiteral("--scale db"), QStringLiteral("Magnitude scale: dB")},
        {QStringLiteral("--scale"), QStringLiteral("Magnitude scale")},
        {QStringLiteral("--header-bytes"), QStringLiteral("Header")},
        {QStringLiteral("--dtype"), QStringLiteral("Data type")},
        {QStringLiteral("--bins"), QStringLiteral("Bins")},
        {QStringLiteral("--frames"), QStringLiteral("Frames")},
        {QStringLiteral("--layout"), QStringLiteral("Layout")},
        {QStringLiteral("--n-fft"), QStringLiteral("n_fft")},
        {QStringLiteral("--win-length"), QStringLiteral("Window length")},
        {QStringLiteral("--hop"), QStringLiteral("Hop")},
        {QStringLiteral("--center"), QStringLiteral("Centre frames")},
        {QStringLiteral("give --sample-rate"), QStringLiteral("set Sample rate under Parameters (or in the import dialog)")},
        {QStringLiteral("--sample-rate"), QStringLiteral("Sample rate")},
        {QStringLiteral("--iterations"), QStringLiteral("Iterations")},
        {QStringLiteral("--momentum"), QStringLiteral("Momentum")},
        {QStringLiteral("--lookahead"), QStringLiteral("Look-ahead")},
        {QStringLiteral("--channel"), QStringLiteral("channel")},
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
