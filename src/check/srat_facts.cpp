#include "srat_facts.h"

#include "numaplan/acpi/tables.h"

namespace numaplan::check {

namespace {

using Kind = SratEntry::Kind;

Kind kind_of(const acpi::StructDesc* desc) {
  using namespace acpi;
  if (desc == &srat::local_apic || desc == &srat::x2apic || desc == &srat::gicc || desc == &srat::rintc) {
    return Kind::cpu;
  }
  if (desc == &srat::memory) return Kind::memory;
  if (desc == &srat::generic_initiator) return Kind::initiator;
  if (desc == &srat::generic_port) return Kind::port;
  return Kind::other;
}

// acpi_parse_processor_affinity reads PXM[31:8] only from revision 2 on;
// acpi_parse_memory_affinity masks the PXM to 8 bits up to revision 1.
void read_pxm(const acpi::StructView& view, std::uint8_t revision, SratEntry& entry) {
  if (view.desc().field("proximity_domain_lo") != nullptr) {
    const std::uint64_t lo = view.get_or("proximity_domain_lo", 0);
    const std::uint64_t hi = view.get_or("proximity_domain_hi", 0);
    entry.raw_pxm = lo | hi << 8;
    entry.pxm = revision >= 2 ? entry.raw_pxm : lo;
    return;
  }
  entry.raw_pxm = view.get_or("proximity_domain", 0);
  entry.pxm = entry.kind == Kind::memory && revision <= 1 ? entry.raw_pxm & 0xFF : entry.raw_pxm;
}

}  // namespace

std::vector<SratEntry> read_srat_entries(const acpi::Table& srat) {
  std::vector<SratEntry> out;
  for (const acpi::Record& record : srat.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    const acpi::StructView view = srat.view(record);
    SratEntry entry;
    entry.record = &record;
    entry.kind = kind_of(record.desc);
    const std::uint64_t flags = view.get_or("flags", 0);
    entry.enabled = (flags & 1) != 0;
    read_pxm(view, srat.revision, entry);
    if (entry.kind == Kind::memory) {
      entry.base = view.get_or("base_address", 0);
      entry.length = view.get_or("length", 0);
      entry.hotplug = (flags & 2) != 0;
    }
    out.push_back(entry);
  }
  return out;
}

bool maps_a_node(const SratEntry& entry) {
  return entry.enabled && (entry.kind == Kind::cpu || entry.kind == Kind::memory || entry.kind == Kind::initiator);
}

}  // namespace numaplan::check
