// numaplan dump: decode tables, every field with its offset (text or JSON).
#include <iostream>
#include <memory>

#include "numaplan/emit/dump.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

struct DumpOptions {
  std::string format = "text";
  std::vector<std::string> paths;
};

int run_dump(const DumpOptions& options) {
  LoadedTables loaded = load_tables(options.paths);
  if (options.format == "json") {
    std::cout << emit::dump_json(loaded.set.tables, loaded.set.diagnostics).dump(2) << "\n";
  } else {
    // One buffer, written whenever it passes 64 KiB: a machine's dump is
    // megabytes, and fresh memory for each table costs page faults.
    constexpr std::size_t kFlushAt = 1 << 16;
    std::string text;
    text.reserve(2 * kFlushAt);
    for (const acpi::Table& table : loaded.set.tables) {
      if (&table != &loaded.set.tables.front()) text += '\n';
      emit::dump_text(table, text);
      if (text.size() >= kFlushAt) {
        std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
        text.clear();
      }
    }
    std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  if (loaded.unreadable) return kExitUnreadable;
  return loaded.set.has_errors() ? kExitFindings : kExitOk;
}

}  // namespace

Command add_dump_command(CLI::App& app) {
  auto options = std::make_shared<DumpOptions>();
  CLI::App* cmd = app.add_subcommand("dump", "Decode tables: every field, with offsets");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("paths", options->paths, "Raw tables, acpidump text or directories")->required();
  return {cmd, [options] { return run_dump(*options); }};
}

}  // namespace numaplan::cli
