// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/flag_words.hpp"

#include <utility>

namespace phaselab::cli {
namespace {

/// Every parameter core/ names, and the option that sets it.
constexpr std::pair<const char*, const char*> kFlagOfParameter[] = {
    {"`n_fft`", "--n-fft"},
    {"`win_length`", "--win-length"},
    {"`hop`", "--hop"},
    {"`pad_mode`", "--pad-mode"},
    {"`center`", "--center"},
    {"`sample_rate`", "--sample-rate"},
    {"`signal_length`", "--signal-length"},
    {"`length`", "--length"},
    {"`bins`", "--bins"},
    {"`frames`", "--frames"},
    {"`dtype`", "--dtype"},
    {"`header_bytes`", "--header-bytes"},
    {"`layout`", "--layout"},
    {"`scale`", "--scale"},
    {"`iterations`", "--iterations"},
    {"`momentum`", "--momentum"},
    {"`lookahead`", "--lookahead"},
    {"`channel`", "--channel"},
    {"`memory_limit`", "--memory-limit"},
    {"`fft_backend`", "--fft-backend"},
    {"`magnitude_file`", "--magnitude FILE"},
    {"`phase_file`", "--phase FILE"},
    {"`audio_file`", "--audio FILE"},
};

} // namespace

std::string inFlagWords(std::string message)
{
    for (const auto& [parameter, flag] : kFlagOfParameter) {
        const std::string from = parameter;
        const std::string to = flag;
        for (std::size_t at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
            message.replace(at, from.size(), to);
    }
    return message;
}

} // namespace phaselab::cli
