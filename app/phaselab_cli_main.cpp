// SPDX-License-Identifier: GPL-3.0-or-later
// phaselab-cli: the headless front end. Parses the command line, runs one subcommand, and turns
// every failure into a single "error: ..." line on stderr with exit status 1 (CLI.md).
#include "app/cli/commands.hpp"
#include "app/cli/flag_words.hpp"
#include "core/base/error.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <new>

int main(int argc, char** argv)
{
    CLI::App app{"phaselab-cli: inspect, analyse, guess and reconstruct spectrograms"};
    app.set_version_flag("--version", std::string("phaselab-cli ") + PHASELAB_VERSION);
    app.require_subcommand(1);
    phaselab::cli::registerInfo(app);
    phaselab::cli::registerAnalyze(app);
    phaselab::cli::registerReconstruct(app);
    phaselab::cli::registerGuess(app);
    phaselab::cli::registerBatch(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0)
            return app.exit(error);
        std::cerr << "error: " << error.what() << " (see phaselab-cli --help)\n";
        return 1;
    } catch (const phaselab::Error& error) {
        std::cerr << "error: " << phaselab::cli::inFlagWords(error.what()) << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "error: out of memory: the input is too large for this machine\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "error: " << phaselab::cli::inFlagWords(error.what()) << "\n";
        return 1;
    }
    return 0;
}
