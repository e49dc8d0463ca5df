#include "numaplan/acpi/describe.h"
#include "numaplan/check/reserved.h"
#include "numaplan/source/load.h"
#include "numaplan/source/memmap_formats.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {

namespace {

// "SRAT, SLIT, MSCT, HMAT, CEDT, APIC and DMAR", from the table descriptions.
std::string numa_signatures() {
  const auto descs = acpi::all_table_descs();
  std::string list;
  for (std::size_t i = 0; i < descs.size(); ++i) {
    if (i > 0) list += i + 1 == descs.size() ? " and " : ", ";
    list += descs[i]->signature;
  }
  return list;
}

}  // namespace

Diagnostic no_numa_table() {
  return Diagnostic{Severity::error, "", "", 0, "", "no NUMA table in the input: numaplan reads " + numa_signatures()};
}

void add_no_recurse_option(CLI::App& cmd, source::LoadOptions& load) {
  cmd.add_flag_function(
      "--no-recurse", [&load](std::int64_t) { load.recurse = false; },
      "Read only the files directly in a directory PATH, not those of its subdirectories");
}

LoadedTables load_tables(const std::vector<std::string>& paths, const source::LoadOptions& load) {
  source::Inputs inputs = source::load(paths, load);
  LoadedTables loaded;
  loaded.unreadable = inputs.unreadable;
  loaded.set = acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
  for (acpi::Table& table : loaded.set.tables) {
    Diagnostics reserved = check::check_reserved(table);
    table.diagnostics.insert(table.diagnostics.end(), reserved.begin(), reserved.end());
  }
  log(loaded.set.diagnostics);
  for (const acpi::Table& table : loaded.set.tables) log(table.diagnostics);
  // Said only when nothing else explains the empty result (tables that failed to decode are already errors).
  if (loaded.set.tables.empty() && !paths.empty() && !loaded.unreadable && !has_errors(loaded.set.diagnostics)) {
    log(no_numa_table());
  }
  if (loaded.set.tables.empty() && !paths.empty()) loaded.unreadable = true;
  return loaded;
}

bool read_memmap_option(const std::string& path, std::optional<std::vector<kernel::MemRange>>& ram,
                        std::vector<kernel::MemRange>& soft_reserved) {
  if (path.empty()) return true;
  auto read = source::load_memmap(path);
  if (!read) {
    log(read.error());
    return false;
  }
  log(read->notes);
  ram = read->ram();
  soft_reserved = read->soft_reserved();
  return true;
}

}  // namespace numaplan::cli
