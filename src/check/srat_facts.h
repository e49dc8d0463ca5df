// SRAT entries as the kernel reads them: kind, enabled, the proximity domain
// after revision masking, and memory ranges. Several rules (SRAT, SLIT, MSCT,
// HMAT, CEDT) look at the same facts.
#pragma once

#include <cstdint>
#include <vector>

#include "numaplan/acpi/table.h"

namespace numaplan::check {

struct SratEntry {
  enum class Kind : std::uint8_t { cpu, memory, initiator, port, other };
  const acpi::Record* record = nullptr;
  Kind kind = Kind::other;
  bool enabled = false;
  std::uint64_t raw_pxm = 0;  // every PXM bit the entry holds
  std::uint64_t pxm = 0;      // what Linux uses: 8 bits of LAPIC/memory PXMs below revision 2/3
  std::uint64_t base = 0;     // memory only
  std::uint64_t length = 0;
  bool hotplug = false;
};

std::vector<SratEntry> read_srat_entries(const acpi::Table& srat);

// Enabled CPU, Generic Initiator and memory entries: those acpi_map_pxm_to_node() sees.
bool maps_a_node(const SratEntry& entry);

}  // namespace numaplan::check
