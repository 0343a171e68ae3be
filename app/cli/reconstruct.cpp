#include "app/cli/commands.hpp"
#include "core/error.hpp"

namespace phaselab::cli {

void registerReconstruct(CLI::App& app)
{
    auto* command = app.add_subcommand("reconstruct", "(being built)");
    command->callback([] { throw InputError("'reconstruct' is not available yet"); });
}

} // namespace phaselab::cli
