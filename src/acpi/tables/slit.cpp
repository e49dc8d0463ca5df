// SLIT: System Locality Information Table (ACPI 6.6 §5.2.17; ACPICA actbl3.h,
// AcpiDmTableInfoSlit). Names are the ones `iasl -d` prints.
#include <cstdint>
#include <limits>

#include "numaplan/acpi/table.h"
#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
constexpr FieldDesc kSlitHeaderFields[] = {
    {36, 8, "Localities", "locality_count"},
};
}  // namespace

namespace slit::header_fields {
constexpr Field locality_count{kSlitHeaderFields, "locality_count"};
}  // namespace slit::header_fields

namespace {

std::uint64_t locality_count(const StructView& header) { return header.get_or(slit::header_fields::locality_count, 0); }

// N x N one-byte entries; N is a u64, so N * N overflows past 2^32 - 1. The
// decoder clips the count to the bytes the table holds.
std::uint64_t entry_count(const StructView& header) {
  const std::uint64_t n = locality_count(header);
  if (n > std::numeric_limits<std::uint32_t>::max()) return std::numeric_limits<std::uint64_t>::max();
  return n * n;
}

constexpr ArrayDesc kSlitArrays[] = {
    {"Locality", "entries", 1, entry_count, locality_count},
};

constexpr StructDesc kSlitHeader = checked_struct({"SLIT Header", "slit_header", 44, kSlitHeaderFields, kSlitArrays}, 36);

}  // namespace

const TableDesc slit_table{"SLIT", "System Locality Information Table", &kSlitHeader, SubtableWalk{}, {}};

}  // namespace numaplan::acpi
