// Reads the tables given on the command line with the installed library and
// prints the signatures it decoded, one a line, then the library's version.
#include <iostream>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/source/load.h"
#include "numaplan/version.h"

int main(int argc, char** argv) {
  const std::vector<std::string> paths(argv + 1, argv + argc);
  numaplan::source::Inputs inputs = numaplan::source::load(paths);
  const numaplan::acpi::TableSet set = numaplan::acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
  for (const numaplan::acpi::Table& table : set.tables) std::cout << table.signature << "\n";
  std::cout << "numaplan " << numaplan::kVersion << "\n";
  return set.has_errors() ? 1 : 0;
}
