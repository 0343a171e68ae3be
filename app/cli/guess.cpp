#include "app/cli/commands.hpp"
#include "core/error.hpp"

namespace phaselab::cli {

void registerGuess(CLI::App& app)
{
    auto* command = app.add_subcommand("guess", "(being built)");
    command->callback([] { throw InputError("'guess' is not available yet"); });
}

} // namespace phaselab::cli
