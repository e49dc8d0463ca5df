// numaplan dump: decode tables, every field with its offset (text or JSON).
#include <iostream>
#include <memory>

#include "numaplan/emit/dump.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

struct DumpOptions {
  std::string format = "text";
  source::LoadOptions load;
  bool each = false;
  std::vector<std::string> paths;
};

int run_dump(const DumpOptions& options, const std::vector<std::string>& paths, const std::string& format,
             std::ostream& out) {
  LoadedTables loaded = load_tables(paths, options.load);
  if (format == "json") {
    emit::write_dump_json(loaded.set.tables, loaded.set.diagnostics, out);
    out << "\n";
  } else {
    emit::write_dump_text(loaded.set.tables, out);
  }
  if (loaded.unreadable) return kExitUnreadable;
  return loaded.set.has_errors() ? kExitFindings : kExitOk;
}

}  // namespace

Command add_dump_command(CLI::App& app) {
  auto options = std::make_shared<DumpOptions>();
  CLI::App* cmd = app.add_subcommand("dump", "Decode tables: every field, with offsets");
  cmd->add_option("--format", options->format, "text, json or junit (a JUnit report: one test case a machine)")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  add_each_option(*cmd, options->each);
  add_no_recurse_option(*cmd, options->load);
  cmd->add_option("PATH", options->paths, "Raw tables, acpidump text or directories (with their subdirectories)")
      ->required();
  return {cmd, [options] {
            return run_machines("dump", options->paths, options->each, options->format,
                                [options](const std::vector<std::string>& paths, const std::string& format,
                                          std::ostream& out, Tally&) { return run_dump(*options, paths, format, out); });
          }};
}

}  // namespace numaplan::cli
