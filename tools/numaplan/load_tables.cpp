#include "numaplan/check/reserved.h"
#include "numaplan/source/load.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {

LoadedTables load_tables(const std::vector<std::string>& paths) {
  source::Inputs inputs = source::load(paths);
  LoadedTables loaded;
  loaded.unreadable = inputs.unreadable;
  loaded.set = acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
  for (acpi::Table& table : loaded.set.tables) {
    Diagnostics reserved = check::check_reserved(table);
    table.diagnostics.insert(table.diagnostics.end(), reserved.begin(), reserved.end());
  }
  log(loaded.set.diagnostics);
  for (const acpi::Table& table : loaded.set.tables) log(table.diagnostics);
  if (loaded.set.tables.empty() && !paths.empty()) loaded.unreadable = true;
  return loaded;
}

}  // namespace numaplan::cli
