// Diagnostics: what went wrong, where (table, offset, field) and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace numaplan {

enum class Severity : std::uint8_t { note, warning, error };

const char* to_string(Severity severity);

// What an error returned by the library (an Expected's) is about, so that a
// caller decides what to do (the CLI: which exit code) without reading the
// message or the field:
// - input: a file or its contents cannot be used (unreadable, malformed);
// - usage: a value the caller gave is out of its range or syntax (a distance
//   spec, a profile name, a command-line word);
// - finding: the inputs are readable but what was asked cannot be done with
//   them (no MSCT to count spare domains from, no room for standby nodes);
// - internal: numaplan contradicts itself (a table it decoded does not encode).
// Findings of `validate` and decode diagnostics are not errors of a call and
// keep the default.
enum class ErrorKind : std::uint8_t { input, usage, finding, internal };

const char* to_string(ErrorKind kind);

// A diagnostic names the table and the byte offset inside it, so a firmware
// engineer can find the bytes in `iasl -d` output or a hex dump.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string table;      // signature, e.g. "SRAT"; empty for input-level problems
  std::string origin;     // file (and instance) the table came from
  std::uint64_t offset = 0;
  std::string field;      // field name as iasl prints it, e.g. "Length"
  std::string message;    // what is wrong and what was expected
  ErrorKind kind = ErrorKind::input;

  // "error: SRAT (tables/a.dat) offset 0x58 (88): Length: subtable length 0, expected at least 2"
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// An error of `kind` about `field`: what the library's functions return.
Diagnostic make_error(ErrorKind kind, std::string field, std::string message);

}  // namespace numaplan
