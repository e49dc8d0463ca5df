// SRAT entries as the table writes them: kind, enabled, the proximity domain
// field (every bit of it) and memory ranges, for the rules that compare
// tables with one another (MSCT, HMAT). What the kernel makes of an entry
// (its PXM after revision masking, its node) is in the kernel model's
// events (Context::layout), never here.
#pragma once

#include <cstdint>
#include <vector>

#include "numaplan/acpi/table.h"
#include "numaplan/acpi/describe.h"

namespace numaplan::check {

struct SratEntry {
  enum class Kind : std::uint8_t { cpu, memory, initiator, port, other };
  const acpi::Record* record = nullptr;
  Kind kind = Kind::other;
  bool enabled = false;
  std::uint64_t pxm = 0;      // the Proximity Domain field(s) as written: LAPIC low | high << 8
  std::uint64_t base = 0;     // memory only
  std::uint64_t length = 0;
};

std::vector<SratEntry> read_srat_entries(const acpi::Table& srat);

// The Flags of an SRAT structure; nullptr for GIC ITS Affinity, which has
// none, and for a structure that is not SRAT's.
const acpi::Field* srat_flags_field(const acpi::StructDesc* desc);
// Whether `field` is an SRAT structure's Proximity Domain (LAPIC: its low 8 bits).
bool is_srat_pxm_field(const acpi::FieldDesc* field);

}  // namespace numaplan::check
