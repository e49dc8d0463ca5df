// Inputs, detected by content (DESIGN §2): a raw table, acpidump text, or a
// directory of either (the /sys/firmware/acpi/tables layout, `acpixtract -a`
// output).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table.h"
#include "numaplan/support/diagnostic.h"

namespace numaplan::source {

struct Inputs {
  std::vector<acpi::RawTable> tables;  // in input order
  Diagnostics diagnostics;             // input-level problems (origin set, table empty)
  bool unreadable = false;             // some path could not be read or held no ACPI table
};

struct LoadOptions {
  // A directory's subdirectories are read too (a machine's tables kept in
  // folders, /sys/firmware/acpi/tables/dynamic); false: its own files only.
  bool recurse = true;
};

// Every path's tables. In a directory, files that are neither tables nor
// acpidump text are named in one note, and a table whose bytes an earlier
// table of the same directory has is read once.
Inputs load(std::span<const std::string> paths, const LoadOptions& options = {});

// Tables in acpidump text, in file order; `origin` names the file. Of a table
// numaplan skips (acpi::numaplan_skips) only the common header is kept, as
// from a raw file; its lines are still checked.
std::vector<acpi::RawTable> parse_acpidump(std::string_view text, std::string_view origin,
                                           Diagnostics& diagnostics);

// True when the first 4 KiB of `bytes` look like acpidump text rather than a raw table.
bool looks_like_acpidump(std::span<const std::uint8_t> bytes);

}  // namespace numaplan::source
