// numaplan command line: one file per subcommand. Each add_*_command()
// registers its options on the app and returns how to run it; the work is
// done by the library.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"

namespace numaplan::cli {

// Exit codes (DESIGN §3).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // table decode errors, validate errors, a dmesg difference
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreadable = 3;

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_dump_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_map_command(CLI::App& app);
Command add_generate_command(CLI::App& app);
Command add_plan_command(CLI::App& app);

// Tables read from PATHS and decoded, with reserved-field warnings added and
// every diagnostic logged. `unreadable` is set when a path could not be read
// or no table was found: the caller then exits kExitUnreadable.
struct LoadedTables {
  acpi::TableSet set;
  bool unreadable = false;
};
LoadedTables load_tables(const std::vector<std::string>& paths);

// --memmap PATH read into `ram` (left as it is when PATH is empty). False,
// after logging why, when it cannot be read: the command exits kExitUnreadable.
bool read_memmap_option(const std::string& path, std::optional<std::vector<kernel::MemRange>>& ram);

}  // namespace numaplan::cli
