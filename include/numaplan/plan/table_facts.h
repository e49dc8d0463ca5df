// What the planner reads from the tables, through the structure
// descriptions (StructView::get), never by byte offsets of its own: table
// content only. What the kernel makes of it (which PXMs get nodes, memory by
// PXM) comes from the kernel model's Layout.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "numaplan/acpi/table_set.h"

namespace numaplan::plan::facts {

// The first SLIT, as the kernel's slit_valid() judges it.
struct Slit {
  std::uint64_t localities = 0;
  std::vector<std::uint8_t> entries;  // localities x localities, row-major
  bool valid = false;                 // present, complete, diagonal 10, every other entry > 10

  // The entry for two PXMs when the SLIT is valid and covers both.
  std::optional<int> at(std::uint32_t from, std::uint32_t to) const;
};
Slit read_slit(const acpi::TableSet& tables);

// PXMs of enabled Generic Port entries (SRAT type 6) with an ACPI device
// handle, by the handle's _UID (the host bridge UID).
std::map<std::uint32_t, std::uint32_t> generic_ports(const acpi::TableSet& tables);

// UIDs of the CEDT's CXL host bridges (CHBS).
std::set<std::uint32_t> host_bridges(const acpi::TableSet& tables);

// Interleave targets (host bridge UIDs) of each CFMWS, in CEDT order.
std::vector<std::vector<std::uint32_t>> cfmws_targets(const acpi::TableSet& tables);

// HMAT memory-hierarchy latencies by (initiator PXM, target PXM), in the
// entry base unit (picoseconds): access latency, read latency where the
// HMAT gives no access latency. Entries 0 and 0xFFFF (no data) are left out.
std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> hmat_latencies(const acpi::TableSet& tables);

}  // namespace numaplan::plan::facts
