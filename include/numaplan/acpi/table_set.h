// The NUMA tables of one machine, decoded from any mix of inputs.
#pragma once

#include <string_view>
#include <vector>

#include "numaplan/acpi/table.h"

namespace numaplan::acpi {

struct TableSet {
  std::vector<Table> tables;  // every SRAT/SLIT/MSCT/CEDT/HMAT instance, in input order
  Diagnostics diagnostics;    // input-level: unreadable inputs, skipped tables, duplicates

  // The instance Linux uses: the first with that signature.
  const Table* first(std::string_view signature) const;
  bool has_errors() const;  // any error, input-level or in a table
};

// Decodes what `load` found. Tables numaplan does not decode are noted and
// left out; a second table with one signature is kept but noted as unused.
TableSet decode_all(std::vector<RawTable> raw, Diagnostics input_diagnostics);

}  // namespace numaplan::acpi
