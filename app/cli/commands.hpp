// SPDX-License-Identifier: GPL-3.0-or-later
// The phaselab-cli subcommands (contract: ../shared/CLI.md). Each register function adds one
// subcommand to the app; its callback does the work and throws phaselab::Error on bad input,
// which main() turns into one "error:" line and exit status 1.
#pragma once

#include <CLI/CLI.hpp>

namespace phaselab::cli {

void registerInfo(CLI::App& app);
void registerAnalyze(CLI::App& app);
void registerReconstruct(CLI::App& app);
void registerGuess(CLI::App& app);
void registerBatch(CLI::App& app);

} // namespace phaselab::cli
