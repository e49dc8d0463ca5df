// Diagnostics: what went wrong, where (table, offset, field) and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace numaplan {

enum class Severity : std::uint8_t { note, warning, error };

const char* to_string(Severity severity);

// A diagnostic names the table and the byte offset inside it, so a firmware
// engineer can find the bytes in `iasl -d` output or a hex dump.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string table;      // signature, e.g. "SRAT"; empty for input-level problems
  std::string origin;     // file (and instance) the table came from
  std::uint64_t offset = 0;
  std::string field;      // field name as iasl prints it, e.g. "Length"
  std::string message;    // what is wrong and what was expected

  // "error: SRAT (tables/a.dat) offset 0x58 (88): Length: subtable length 0, expected at least 2"
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

}  // namespace numaplan
