#include "srat_facts.h"

#include <algorithm>
#include <iterator>

#include "numaplan/acpi/tables.h"

namespace numaplan::check {

namespace {

using Kind = SratEntry::Kind;

// What each SRAT structure is to the rules, and the fields they read.
struct SratLayout {
  const acpi::StructDesc* desc;
  Kind kind;
  const acpi::Field* flags;  // nullptr: GIC ITS Affinity has no Flags, nothing disables it
  const acpi::Field* pxm;    // LAPIC: the low 8 bits; the high 24 are its proximity_domain_hi
};

constexpr SratLayout kLayouts[] = {
    {&acpi::srat::local_apic, Kind::cpu, &acpi::srat::local_apic_fields::flags,
     &acpi::srat::local_apic_fields::proximity_domain_lo},
    {&acpi::srat::memory, Kind::memory, &acpi::srat::memory_fields::flags, &acpi::srat::memory_fields::proximity_domain},
    {&acpi::srat::x2apic, Kind::cpu, &acpi::srat::x2apic_fields::flags, &acpi::srat::x2apic_fields::proximity_domain},
    {&acpi::srat::gicc, Kind::cpu, &acpi::srat::gicc_fields::flags, &acpi::srat::gicc_fields::proximity_domain},
    {&acpi::srat::gic_its, Kind::other, nullptr, &acpi::srat::gic_its_fields::proximity_domain},
    {&acpi::srat::generic_initiator, Kind::initiator, &acpi::srat::initiator_fields::flags,
     &acpi::srat::initiator_fields::proximity_domain},
    {&acpi::srat::generic_port, Kind::port, &acpi::srat::initiator_fields::flags,
     &acpi::srat::initiator_fields::proximity_domain},
    {&acpi::srat::rintc, Kind::cpu, &acpi::srat::rintc_fields::flags, &acpi::srat::rintc_fields::proximity_domain},
};

const SratLayout* layout_of(const acpi::StructDesc* desc) {
  for (const SratLayout& layout : kLayouts) {
    if (layout.desc == desc) return &layout;
  }
  return nullptr;
}

// Every PXM bit the entry holds (a LAPIC entry splits its PXM in two fields).
std::uint64_t pxm_field(const acpi::StructView& view, const SratLayout& layout) {
  const std::uint64_t pxm = view.get_or(*layout.pxm, 0);
  if (layout.desc != &acpi::srat::local_apic) return pxm;
  return pxm | view.get_or(acpi::srat::local_apic_fields::proximity_domain_hi, 0) << 8;
}

}  // namespace

std::vector<SratEntry> read_srat_entries(const acpi::Table& srat) {
  std::vector<SratEntry> out;
  for (const acpi::Record& record : srat.subtables) {
    const SratLayout* layout = layout_of(record.desc);  // nullptr: no description
    if (layout == nullptr || record.length < record.desc->size) continue;
    const acpi::StructView view = srat.view(record);
    SratEntry entry;
    entry.record = &record;
    entry.kind = layout->kind;
    entry.enabled = layout->flags == nullptr || (view.get_or(*layout->flags, 0) & 1) != 0;
    entry.pxm = pxm_field(view, *layout);
    if (entry.kind == Kind::memory) {
      entry.base = view.get_or(acpi::srat::memory_fields::base_address, 0);
      entry.length = view.get_or(acpi::srat::memory_fields::length, 0);
    }
    out.push_back(entry);
  }
  return out;
}

const acpi::Field* srat_flags_field(const acpi::StructDesc* desc) {
  const SratLayout* layout = layout_of(desc);
  return layout == nullptr ? nullptr : layout->flags;
}

bool is_srat_pxm_field(const acpi::FieldDesc* field) {
  return std::any_of(std::begin(kLayouts), std::end(kLayouts),
                     [&](const SratLayout& layout) { return &**layout.pxm == field; });
}

}  // namespace numaplan::check
