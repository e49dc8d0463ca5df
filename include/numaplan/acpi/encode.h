// Encoding tables from the same structure descriptions that decode them.
// The input is a table in the `numaplan.tables/1` JSON form that `dump`
// writes, so decode -> dump_json -> encode gives back the original bytes.
// Lengths and the checksum are computed; a field that is absent is zero.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "numaplan/support/expected.h"

namespace numaplan::acpi {

// `table` is one element of dump_json's "tables" list (signature, revision,
// header fields, subtables with type and fields or raw bytes). Errors name
// the JSON path ("/subtables/3/fields/flags") and what was expected.
Expected<std::vector<std::uint8_t>> encode_table(const nlohmann::json& table);

}  // namespace numaplan::acpi
