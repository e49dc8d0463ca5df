// numaplan command line: parses options and calls the library.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "numaplan/acpi/table_set.h"
#include "numaplan/check/reserved.h"
#include "numaplan/emit/dump.h"
#include "numaplan/source/load.h"
#include "numaplan/support/log.h"

namespace {

// Exit codes (DESIGN §3).
constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnreadable = 3;

struct DumpOptions {
  std::string format = "text";
  std::vector<std::string> paths;
};

int run_dump(const DumpOptions& options) {
  using namespace numaplan;
  source::Inputs inputs = source::load(options.paths);
  const bool unreadable = inputs.unreadable;
  acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
  for (acpi::Table& table : set.tables) {
    Diagnostics reserved = check::check_reserved(table);
    table.diagnostics.insert(table.diagnostics.end(), reserved.begin(), reserved.end());
  }
  log(set.diagnostics);
  for (const acpi::Table& table : set.tables) log(table.diagnostics);
  if (options.format == "json") {
    std::cout << emit::dump_json(set.tables, set.diagnostics).dump(2) << "\n";
  } else {
    bool first = true;
    for (const acpi::Table& table : set.tables) {
      if (!first) std::cout << "\n";
      first = false;
      std::cout << emit::dump_text(table);
    }
  }
  if (unreadable || (set.tables.empty() && !options.paths.empty())) return kExitUnreadable;
  return set.has_errors() ? kExitInputErrors : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"numaplan: which NUMA nodes Linux builds from ACPI tables, before anything boots"};
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Also print debug messages");

  DumpOptions dump;
  auto* dump_cmd = app.add_subcommand("dump", "Decode tables: every field, with offsets");
  dump_cmd->add_option("--format", dump.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  dump_cmd->add_option("paths", dump.paths, "Raw tables, acpidump text or directories")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  numaplan::init_logging(verbose);
  if (*dump_cmd) return run_dump(dump);
  return kExitUsage;
}
