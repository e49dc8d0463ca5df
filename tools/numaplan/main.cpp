// numaplan command line: parses options and calls the library.
#include <ios>

#include "numaplan/support/format.h"
#include "numaplan/support/log.h"
#include "numaplan/version.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

// The subcommand the user named, so that an error can point at its help.
const CLI::App* chosen_command(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? nullptr : chosen.front();
}

// CLI11's usage errors with the prefix every numaplan message carries.
std::string usage_error(const CLI::App* app, const CLI::Error& error) {
  const CLI::App* command = chosen_command(*app);
  const std::string help = command ? "numaplan help " + command->get_name() : std::string("numaplan help");
  return "numaplan: error: " + printable_ascii(error.what()) + "\nnumaplan: '" + help + "' lists the options\n";
}

}  // namespace
}  // namespace numaplan::cli

int main(int argc, char** argv) {
  using namespace numaplan::cli;
  // Results go to stdout through std::cout only: not synchronised with C
  // stdio, its large writes (dump's 64 KiB pieces) reach the file without
  // another copy. Diagnostics go to stderr (spdlog).
  std::ios::sync_with_stdio(false);
  CLI::App app{"numaplan: which NUMA nodes Linux builds from ACPI tables, before anything boots", "numaplan"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("numaplan ") + numaplan::kVersion, "Print the version and exit");
  app.failure_message(usage_error);
  app.footer("'numaplan help COMMAND' shows a command's options. -v, --verbose and --version may also follow the "
             "command.");
  // Subcommands created after this pass the options they do not know (-v) to the app.
  app.fallthrough();
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Also print debug messages");

  std::vector<Command> commands = {
      add_dump_command(app),
      add_validate_command(app),
      add_map_command(app),
      add_generate_command(app),
      add_plan_command(app),
  };
  commands.push_back(add_help_command(app));
  commands.push_back(add_docs_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  numaplan::init_logging(verbose);
  for (const Command& command : commands)
    if (*command.app) return command.run();
  return kExitUsage;
}
