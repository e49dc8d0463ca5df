#include "numaplan/support/diagnostic.h"

#include <algorithm>
#include <cstdio>

#include "numaplan/support/format.h"

namespace numaplan {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::input: return "input";
    case ErrorKind::usage: return "usage";
    case ErrorKind::finding: return "finding";
    case ErrorKind::internal: return "internal";
  }
  return "input";
}

Diagnostic make_error(ErrorKind kind, std::string field, std::string message) {
  Diagnostic d;
  d.field = std::move(field);
  d.message = std::move(message);
  d.kind = kind;
  return d;
}

std::string Diagnostic::format() const {
  std::string out = to_string(severity);
  out += ": ";
  if (!table.empty()) {
    out += table;
    if (!origin.empty()) out += " (" + origin + ")";
    char where[64];
    std::snprintf(where, sizeof where, " offset 0x%llX (%llu)", static_cast<unsigned long long>(offset),
                  static_cast<unsigned long long>(offset));
    out += where;
    out += ": ";
  } else if (!origin.empty()) {
    out += origin + ": ";
  }
  if (!field.empty()) out += field + ": ";
  out += message;
  // File names and quoted input may hold any byte: none reaches a terminal raw.
  return printable_ascii(out);
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

}  // namespace numaplan
