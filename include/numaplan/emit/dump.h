// `numaplan dump`: every field of every decoded table, as text that reads
// next to `iasl -d` output, or as JSON `numaplan.tables/1`.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>

#include "numaplan/acpi/table.h"

namespace numaplan::emit {

std::string dump_text(const acpi::Table& table);
// The text of every table, a blank line between two, written to `sink` in
// pieces of about 64 KiB as it is made (a 1 MiB SRAT's text is 24 MB).
void write_dump_text(std::span<const acpi::Table> tables, std::ostream& sink);
// One table's object of the document below, as text (what
// acpi::encode_table_text reads back) and as a DOM (for the planner and the
// tests, which edit small tables).
std::string dump_json_text(const acpi::Table& table);
nlohmann::json dump_json(const acpi::Table& table);

// The whole document, {"diagnostics": [...], "schema": "numaplan.tables/1",
// "tables": [...]}, written to `out` as it is made (laid out as nlohmann's
// dump(2), no newline after it): a machine's dump never exists as a DOM.
void write_dump_json(std::span<const acpi::Table> tables, const Diagnostics& input_diagnostics, std::ostream& out);

}  // namespace numaplan::emit
