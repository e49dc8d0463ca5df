// `numaplan dump`: every field of every decoded table, as text that reads
// next to `iasl -d` output, or as JSON `numaplan.tables/1`.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "numaplan/acpi/table.h"

namespace numaplan::emit {

// Appends the table's text to `out`, so one buffer serves a whole run.
void dump_text(const acpi::Table& table, std::string& out);
std::string dump_text(const acpi::Table& table);
nlohmann::json dump_json(const acpi::Table& table);

// The whole document: {"schema": "numaplan.tables/1", "tables": [...], "diagnostics": [...]}.
nlohmann::json dump_json(std::span<const acpi::Table> tables, const Diagnostics& input_diagnostics);

nlohmann::json to_json(const Diagnostic& diagnostic);

}  // namespace numaplan::emit
