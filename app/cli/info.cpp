#include "app/cli/commands.hpp"
#include "core/error.hpp"

namespace phaselab::cli {

void registerInfo(CLI::App& app)
{
    auto* command = app.add_subcommand("info", "(being built)");
    command->callback([] { throw InputError("'info' is not available yet"); });
}

} // namespace phaselab::cli
