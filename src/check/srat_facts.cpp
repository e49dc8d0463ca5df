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

// Every PXM bit the entry holds (a LAPIC entry splits its PXM in two fields).
std::uint64_t pxm_field(const acpi::StructView& view) {
  if (view.desc().field("proximity_domain_lo") != nullptr) {
    return view.get_or("proximity_domain_lo", 0) | view.get_or("proximity_domain_hi", 0) << 8;
  }
  return view.get_or("proximity_domain", 0);
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
    // GIC ITS Affinity has no Flags: nothing disables it.
    entry.enabled = record.desc->field("flags") == nullptr || (view.get_or("flags", 0) & 1) != 0;
    entry.pxm = pxm_field(view);
    if (entry.kind == Kind::memory) {
      entry.base = view.get_or("base_address", 0);
      entry.length = view.get_or("length", 0);
    }
    out.push_back(entry);
  }
  return out;
}

}  // namespace numaplan::check
