#include "app/cli/commands.hpp"
#include "core/error.hpp"

namespace phaselab::cli {

void registerAnalyze(CLI::App& app)
{
    auto* command = app.add_subcommand("analyze", "(being built)");
    command->callback([] { throw InputError("'analyze' is not available yet"); });
}

} // namespace phaselab::cli
