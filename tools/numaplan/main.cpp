// numaplan command line: parses options and calls the library.
#include "numaplan/support/log.h"
#include "commands.h"

int main(int argc, char** argv) {
  using namespace numaplan::cli;
  CLI::App app{"numaplan: which NUMA nodes Linux builds from ACPI tables, before anything boots"};
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Also print debug messages");

  const std::vector<Command> commands = {
      add_dump_command(app),
      add_validate_command(app),
      add_map_command(app),
      add_generate_command(app),
      add_plan_command(app),
  };

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
