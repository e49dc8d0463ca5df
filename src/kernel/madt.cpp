// The CPUs the kernel brings up and their logical numbers: the MADT walk of
// arch/x86/kernel/acpi/boot.c (acpi_parse_madt_lapic_entries() ->
// acpi_parse_lapic() / acpi_parse_x2apic() -> acpi_register_lapic()) and the
// numbering behind it, generic_processor_info() (arch/x86/kernel/apic/apic.c,
// up to 6.8) and topology_register_apic() / topology_init_possible_cpus()
// (arch/x86/kernel/cpu/topology.c, 6.9+). Both number the present CPUs in
// MADT order, the boot CPU 0, and give an APIC id met twice its first number.
#include <algorithm>

#include "kernel.h"
#include "numaplan/acpi/tables.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint64_t ACPI_MADT_ENABLED = 1U << 0;
constexpr std::uint64_t ACPI_MADT_ONLINE_CAPABLE = 1U << 1;
constexpr std::uint64_t kMadtTypeLocalApic = 0;
constexpr std::uint64_t kMadtTypeLocalX2apic = 9;
// MADT revision 5 is ACPI 6.3's, where Online Capable appeared.
constexpr std::uint64_t kMadtRevisionOnlineCapable = 5;

// The numbering, whichever of the two kernel functions does it: present CPUs
// take the next number (an APIC id already numbered keeps its number), the
// boot CPU is 0.
struct Numbering {
  std::vector<Cpu> present;      // cpuid_to_apicid[] of present CPUs
  std::vector<Cpu> not_present;  // usable but disabled entries: hotplug CPUs, in MADT order

  void add(Cpu cpu, bool enabled) {
    std::vector<Cpu>& list = enabled ? present : not_present;
    const bool numbered = std::any_of(list.begin(), list.end(), [&](const Cpu& c) { return c.id == cpu.id; });
    if (!numbered) list.push_back(cpu);
  }
};

// acpi_is_processor_usable() (5.18+): a disabled entry is a hotplug CPU
// when the firmware speaks ACPI 6.3 and sets Online Capable; before ACPI
// 6.3, always up to 6.8 and since then only under a hypervisor, which
// numaplan takes the machine not to be (bare metal; QEMU TCG counts as such).
// The kernel reads the FADT's revision; numaplan reads no FADT and takes MADT
// revision 5 as its stand-in. Not modelled: 5.10, which has no such test,
// takes every disabled entry of ACPI 6.3 firmware as a hotplug CPU too.
bool usable(const Kernel& k, const acpi::Table& madt, std::uint64_t flags) {
  if ((flags & ACPI_MADT_ENABLED) != 0) return true;
  if (madt.revision >= kMadtRevisionOnlineCapable) return (flags & ACPI_MADT_ONLINE_CAPABLE) != 0;
  return !k.profile.disabled_cpu_needs_hypervisor;
}

}  // namespace

bool apic_id_valid(const Kernel& k, std::uint32_t id) {
  return k.x2apic_mode ? id != 0xFFFFFFFFU : id < 0xFF;
}

bool acpi_parse_madt_lapic_entries(Kernel& k, std::vector<Cpu>& present, std::vector<Cpu>& hotplug) {
  const acpi::Table* madt = k.tables.first("APIC");
  if (madt == nullptr || madt->desc == nullptr) return false;
  Numbering numbering;
  for (const acpi::Record& record : madt->subtables) {
    if (record.type != kMadtTypeLocalApic && record.type != kMadtTypeLocalX2apic) continue;
    // BAD_MADT_ENTRY(): a record shorter than its structure fails the walk; the CPUs so far stay.
    if (record.desc == nullptr || record.length < record.desc->size) {
      k.note("MADT entry at offset " + std::to_string(record.offset) + ": Length " + std::to_string(record.length) +
             " is shorter than the structure; the kernel stops registering CPUs there (\"Error parsing LAPIC/X2APIC "
             "entries\")");
      break;
    }
    const acpi::StructView view = madt->view(record);
    const std::uint64_t flags = view.get_or("flags", 0);
    const bool x2apic = record.type == kMadtTypeLocalX2apic;
    const auto id = static_cast<std::uint32_t>(view.get_or(x2apic ? "x2apic_id" : "apic_id", 0));
    // Invalid ids: 0xFF for a Local APIC, 0xFFFFFFFF for an x2APIC.
    if (x2apic ? id == 0xFFFFFFFFU : id == 0xFF) continue;
    if (!usable(k, *madt, flags)) continue;
    // acpi_parse_x2apic(): an id the APIC driver cannot address is dropped ("x2apic entry ignored").
    if (x2apic && !apic_id_valid(k, id)) continue;
    if (id >= MAX_LOCAL_APIC) continue;  // "skipped apicid that is too big"
    numbering.add(Cpu{x2apic ? Cpu::Kind::x2apic : Cpu::Kind::apic, id}, (flags & ACPI_MADT_ENABLED) != 0);
  }
  present = std::move(numbering.present);
  // 6.9+ numbers hotplug CPUs after the present ones in APIC id order; up to 6.8 they have no
  // APIC id until they are plugged. Either way they come after the present CPUs.
  hotplug = std::move(numbering.not_present);
  std::sort(hotplug.begin(), hotplug.end(), [](const Cpu& a, const Cpu& b) { return a.id < b.id; });
  hotplug.erase(std::remove_if(hotplug.begin(), hotplug.end(),
                               [&](const Cpu& h) {
                                 return std::any_of(present.begin(), present.end(),
                                                    [&](const Cpu& p) { return p.id == h.id; });
                               }),
                hotplug.end());
  return true;
}

}  // namespace numaplan::kernel::detail

namespace numaplan::kernel {

bool decide_x2apic_mode(const acpi::TableSet& tables, std::string& reason) {
  const acpi::Table* madt = tables.first("APIC");
  if (madt == nullptr || madt->desc == nullptr) {
    reason = "no MADT: xAPIC mode assumed (--x2apic on if the firmware enables x2APIC)";
    return false;
  }
  bool local_apic = false, x2apic = false;
  for (const acpi::Record& record : madt->subtables) {
    if (record.desc != &acpi::madt::local_apic && record.desc != &acpi::madt::x2apic) continue;
    const acpi::StructView view = madt->view(record);
    if (record.type == detail::kMadtTypeLocalApic && view.get_or("apic_id", 0xFF) != 0xFF) local_apic = true;
    if (record.type != detail::kMadtTypeLocalX2apic) continue;
    const std::uint64_t id = view.get_or("x2apic_id", 0xFFFFFFFFU);
    if (id == 0xFFFFFFFFU) continue;
    x2apic = true;
    if (id >= 0xFF) {
      reason = "x2APIC mode: the MADT lists x2APIC id 0x" + lower_hex(id, 4) +
               ", which only x2APIC mode addresses, so the firmware hands over in it";
      return true;
    }
  }
  if (x2apic && !local_apic) {
    reason = "x2APIC mode: the MADT lists its CPUs as x2APIC structures only";
    return true;
  }
  reason = "xAPIC mode: the MADT lists no x2APIC id above 0xFE (--x2apic on if the firmware enables x2APIC)";
  return false;
}

}  // namespace numaplan::kernel
