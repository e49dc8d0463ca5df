#include <array>

#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
const std::array<const TableDesc*, 7> kTables = {&srat_table, &slit_table, &msct_table, &hmat_table,
                                                  &cedt_table, &madt_table, &dmar_table};
}  // namespace

std::span<const TableDesc* const> all_table_descs() { return kTables; }

const TableDesc* find_table_desc(std::string_view signature) {
  for (const TableDesc* table : kTables) {
    if (table->signature == signature) return table;
  }
  return nullptr;
}

}  // namespace numaplan::acpi
