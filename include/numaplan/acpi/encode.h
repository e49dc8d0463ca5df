// Encoding tables from the same structure descriptions that decode them.
// The input is a table in the `numaplan.tables/1` JSON form that `dump`
// writes, so decode -> dump_json -> encode gives back the original bytes.
// Lengths and the checksum are computed; a field that is absent is zero.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "numaplan/support/expected.h"

namespace numaplan::acpi {

// The bytes between the header and an offset-addressed record list (MSCT
// Proximity Offset) are zeros that no JSON field describes, so that offset
// is the one value that makes the encoder write more than the JSON says.
// Firmware puts the records right after the header (56 bytes for MSCT); a
// gap is allowed up to this bound, and a larger offset is an error naming
// the table, the field and the value: a broken table's offset (up to 4 GiB)
// would otherwise be padded out. A table decoded without errors and at most
// this long always encodes (its records lie within it).
inline constexpr std::uint64_t kMaxRecordsOffset = 0x10000;

// The encoder's last step: the common header's Length set to the size of
// `table` (36 bytes to 4 GiB) and its Checksum to what makes the bytes sum
// to 0 mod 256. roundtrip_fuzz makes its inputs consistent with it.
void seal_table(std::span<std::uint8_t> table);

// `table` is one element of dump_json's "tables" list (signature, revision,
// header fields, subtables with type and fields or raw bytes). Errors name
// the JSON path ("/subtables/3/fields/flags") and what was expected; a
// table that would not fit the 32-bit Length field is an error too.
// Read from JSON text (JsonDocument: errors say line and column).
Expected<std::vector<std::uint8_t>> encode_table_text(std::string_view text);
// From a DOM built in C++ (the planner's, the spec's, tests'): written as
// text and read as above, so both go through one encoder.
Expected<std::vector<std::uint8_t>> encode_table(const nlohmann::json& table);

}  // namespace numaplan::acpi
