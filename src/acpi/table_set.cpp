#include "numaplan/acpi/table_set.h"

#include "numaplan/acpi/describe.h"

#include <algorithm>
#include <map>

namespace numaplan::acpi {

const Table* TableSet::first(std::string_view signature) const {
  for (const Table& table : tables) {
    if (table.signature == signature) return &table;
  }
  return nullptr;
}

bool TableSet::has_errors() const {
  return numaplan::has_errors(diagnostics) ||
         std::any_of(tables.begin(), tables.end(), [](const Table& t) { return numaplan::has_errors(t.diagnostics); });
}

TableSet decode_all(std::vector<RawTable> raw, Diagnostics input_diagnostics) {
  TableSet set;
  set.diagnostics = std::move(input_diagnostics);
  std::map<std::string, std::vector<std::string>> skipped;  // signature -> origins
  for (RawTable& one : raw) {
    // Named before decoding: the loader keeps only the header of such a table.
    if (numaplan_skips(one.bytes)) {
      skipped[std::string(one.bytes.begin(), one.bytes.begin() + 4)].push_back(one.origin);
      continue;
    }
    auto table = decode_table(std::move(one));
    if (!table) {
      set.diagnostics.push_back(std::move(table).error());
      continue;
    }
    if (const Table* earlier = set.first(table->signature)) {
      set.diagnostics.push_back(Diagnostic{Severity::warning, table->signature, table->origin, 0, "Signature",
                                           "a second " + table->signature + " table; Linux uses only the first, from " +
                                               earlier->origin});
    }
    set.tables.push_back(std::move(*table));
  }
  if (!skipped.empty()) {
    std::string list;
    for (const auto& [signature, origins] : skipped) {
      list += (list.empty() ? "" : ", ") + signature;
      if (origins.size() > 1) list += " x" + std::to_string(origins.size());
    }
    set.diagnostics.push_back(Diagnostic{Severity::note, "", "", 0, "",
                                         "skipped tables that are not NUMA tables: " + list});
  }
  return set;
}

}  // namespace numaplan::acpi
