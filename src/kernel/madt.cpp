// The CPUs the kernel brings up and their logical numbers: the MADT walk of
// arch/x86/kernel/acpi/boot.c (acpi_parse_madt_lapic_entries() ->
// acpi_parse_lapic() / acpi_parse_x2apic()) and the numbering behind it:
// acpi_register_lapic() -> generic_processor_info() (arch/x86/kernel/apic/
// apic.c) and prefill_possible_map() (arch/x86/kernel/smpboot.c) up to 6.8,
// topology_register_apic() and topology_init_possible_cpus()
// (arch/x86/kernel/cpu/topology.c) since 6.9. Both number the present CPUs
// in MADT order, the boot CPU 0, and give an APIC id met twice its first
// number; they differ in what they count as possible (Profile::topology_cpus).
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

// What the registrations leave behind, whichever kernel function counts them.
struct Registrations {
  std::vector<Cpu> present;    // cpuid_to_apicid[] of present CPUs: distinct ids in MADT order
  int present_entries = 0;     // generic_processor_info()'s num_processors: every present registration
  std::vector<Cpu> disabled;   // usable disabled entries, each counted (disabled_cpus / nr_disabled_cpus)

  void add(Cpu cpu, bool enabled) {
    if (!enabled) {
      disabled.push_back(cpu);
      return;
    }
    ++present_entries;
    const bool numbered = std::any_of(present.begin(), present.end(), [&](const Cpu& c) { return c.id == cpu.id; });
    if (!numbered) present.push_back(cpu);
  }
};

// acpi_is_processor_usable() (5.18+): a disabled entry is a hotplug CPU
// when the firmware speaks ACPI 6.3 and sets Online Capable; before ACPI
// 6.3, always up to 6.12.84 and since then only under a hypervisor, which
// numaplan takes the machine not to be (bare metal; QEMU TCG counts as such).
// The kernel reads the FADT's revision; numaplan reads no FADT and takes MADT
// revision 5 as its stand-in. 5.10 has no such test: every entry is usable.
bool acpi_is_processor_usable(const Kernel& k, const acpi::Table& madt, std::uint64_t flags) {
  if ((flags & ACPI_MADT_ENABLED) != 0 || !k.profile.online_capable_checked) return true;
  if (madt.revision >= kMadtRevisionOnlineCapable) return (flags & ACPI_MADT_ONLINE_CAPABLE) != 0;
  return !k.profile.disabled_cpu_needs_hypervisor;
}

// acpi_check_lapic() (6.7+): has_lapic_cpus, a usable Local APIC entry with a valid id.
bool has_lapic_cpus(const Kernel& k, const acpi::Table& madt) {
  return std::any_of(madt.subtables.begin(), madt.subtables.end(), [&](const acpi::Record& record) {
    if (madt.type(record) != kMadtTypeLocalApic || record.desc == nullptr || record.length < record.desc->size) return false;
    const acpi::StructView view = madt.view(record);
    namespace f = acpi::madt::local_apic_fields;
    return view.get_or(f::apic_id, 0xFF) != 0xFF && acpi_is_processor_usable(k, madt, view.get_or(f::flags, 0));
  });
}

// The hotplug CPUs: topology_init_possible_cpus() (6.9+) numbers them after
// the present ones with the APIC ids that are registered but not present,
// lowest first, and leaves the rest (a disabled id listed twice, or also
// present) without one; prefill_possible_map() (up to 6.8) makes
// num_processors + disabled_cpus CPUs possible and none has an APIC id until
// it is plugged.
std::vector<Cpu> hotplug_cpus(const Kernel& k, const Registrations& r) {
  std::vector<Cpu> hotplug;
  std::size_t count = r.disabled.size();
  if (k.profile.topology_cpus) {
    for (const Cpu& cpu : r.disabled) {
      const auto same = [&](const Cpu& c) { return c.id == cpu.id; };
      if (std::none_of(r.present.begin(), r.present.end(), same) && std::none_of(hotplug.begin(), hotplug.end(), same)) {
        hotplug.push_back(cpu);
      }
    }
    std::sort(hotplug.begin(), hotplug.end(), [](const Cpu& a, const Cpu& b) { return a.id < b.id; });
  } else {
    count += static_cast<std::size_t>(r.present_entries) - r.present.size();
  }
  hotplug.resize(count, Cpu{Cpu::Kind::apic, BAD_APICID});
  return hotplug;
}

}  // namespace

bool apic_id_valid(const Kernel& k, std::uint32_t id) {
  return k.x2apic_mode ? id != 0xFFFFFFFFU : id < 0xFF;
}

bool acpi_parse_madt_lapic_entries(Kernel& k, std::vector<Cpu>& present, std::vector<Cpu>& hotplug) {
  const acpi::Table* madt = k.tables.first("APIC");
  if (madt == nullptr || madt->desc == nullptr) return false;
  const bool lapic_cpus = k.profile.x2apic_below_ff_ignored_with_lapic && has_lapic_cpus(k, *madt);
  Registrations registered;
  for (const acpi::Record& record : madt->subtables) {
    const std::uint64_t type = madt->type(record);
    if (type != kMadtTypeLocalApic && type != kMadtTypeLocalX2apic) continue;
    // BAD_MADT_ENTRY(): a record shorter than its structure fails the walk; the CPUs so far stay.
    if (record.desc == nullptr || record.length < record.desc->size) {
      k.note("MADT entry at offset " + std::to_string(record.offset) + ": Length " + std::to_string(record.length) +
             " is shorter than the structure; the kernel stops registering CPUs there (\"Error parsing LAPIC/X2APIC "
             "entries\")");
      break;
    }
    const acpi::StructView view = madt->view(record);
    const bool x2apic = type == kMadtTypeLocalX2apic;
    const std::uint64_t flags =
        view.get_or(x2apic ? acpi::madt::x2apic_fields::flags : acpi::madt::local_apic_fields::flags, 0);
    const bool enabled = (flags & ACPI_MADT_ENABLED) != 0;
    const auto id = static_cast<std::uint32_t>(
        view.get_or(x2apic ? acpi::madt::x2apic_fields::x2apic_id : acpi::madt::local_apic_fields::apic_id, 0));
    // Invalid ids: 0xFF for a Local APIC, 0xFFFFFFFF for an x2APIC.
    if (x2apic ? id == 0xFFFFFFFFU : id == 0xFF) continue;
    if (!acpi_is_processor_usable(k, *madt, flags)) continue;
    if (x2apic) {
      // ACPI 6.5 §5.2.12.12: with valid Local APIC entries, x2APIC ids start at 0xFF.
      if (lapic_cpus && id < 0xFF) continue;
      // An id the APIC driver cannot address (xAPIC mode: above 0xFE) is dropped.
      if (!apic_id_valid(k, id)) {
        if (enabled) k.log.emplace_back("ACPI: x2apic entry ignored");
        continue;
      }
    }
    if (id >= MAX_LOCAL_APIC) {
      // acpi_register_lapic() says so for each entry; topology_register_apic() once.
      if (!k.profile.topology_cpus) {
        k.log.emplace_back("ACPI: skipped apicid that is too big");
        continue;
      }
      if (k.nr_rejected_cpus++ == 0) {
        k.log.emplace_back("CPU topo: APIC ID " + lower_hex(id, 1) + " exceeds kernel limit of: " +
                           lower_hex(MAX_LOCAL_APIC - 1, 1));
      }
      continue;
    }
    registered.add(Cpu{x2apic ? Cpu::Kind::x2apic : Cpu::Kind::apic, id}, enabled);
  }
  present = registered.present;
  hotplug = hotplug_cpus(k, registered);
  k.num_processors = registered.present_entries;
  return true;
}

void prefill_possible_map(Kernel& k, int present, int possible) {
  if (k.profile.topology_cpus) {
    k.log.emplace_back("CPU topo: Allowing " + std::to_string(present) + " present CPUs plus " +
                       std::to_string(possible - present) + " hotplug CPUs");
    if (k.nr_rejected_cpus > 0) k.log.emplace_back("CPU topo: Rejected CPUs " + std::to_string(k.nr_rejected_cpus));
    return;
  }
  k.log.emplace_back("smpboot: Allowing " + std::to_string(possible) + " CPUs, " +
                     std::to_string(std::max(possible - std::max(k.num_processors, 1), 0)) + " hotplug CPUs");
}

}  // namespace numaplan::kernel::detail

namespace numaplan::kernel {

namespace {

// include/linux/dmar.h
constexpr std::uint64_t DMAR_INTR_REMAP = 0x1;
constexpr std::uint64_t DMAR_X2APIC_OPT_OUT = 0x2;

// What the first DMAR (the one drivers/iommu/intel/dmar.c keeps in dmar_tbl)
// means for the mode Linux runs the APIC in after the MADT walk:
// enable_IR_x2apic() -> intel_prepare_irq_remapping() reads INTR_REMAP
// (dmar_ir_support()) and X2APIC_OPT_OUT (dmar_x2apic_optout()), then
// try_to_enable_x2apic() keeps or turns on x2APIC only with remapping in
// x2APIC mode, and on bare metal turns it off otherwise (x2apic_disable()).
// The same on 5.10, 6.1, 6.12 and 7.3. numaplan reads no IOMMU register
// (ecap IR and EIM support): the flags are taken to be the whole story.
std::string dmar_after_madt(const acpi::TableSet& tables, bool needs_x2apic) {
  const acpi::Table* dmar = tables.first("DMAR");
  // No DMAR: not an Intel IOMMU, or none described; AMD's IVRS is not read.
  if (dmar == nullptr || dmar->desc == nullptr) return "";
  const std::uint64_t flags = dmar->header_view().get_or(acpi::dmar::header_fields::flags, 0);
  if ((flags & DMAR_INTR_REMAP) == 0) {
    return "; the DMAR's INTR_REMAP is clear: no interrupt remapping, so bare-metal Linux " +
           std::string(needs_x2apic ? "turns x2APIC off" : "stays in xAPIC mode") +
           " after the MADT walk (try_to_enable_x2apic(): \"x2apic: IRQ remapping doesn't support X2APIC mode\")";
  }
  if ((flags & DMAR_X2APIC_OPT_OUT) != 0) {
    return "; the DMAR sets X2APIC_OPT_OUT: Linux " +
           std::string(needs_x2apic ? "turns x2APIC off" : "stays in xAPIC mode") +
           " after the MADT walk (\"x2apic is disabled because BIOS sets x2apic opt out bit.\", then "
           "try_to_enable_x2apic()" +
           (needs_x2apic ? std::string(" -> x2apic_disable(), which panics \"Cannot disable x2apic\" when the "
                                       "boot CPU's id is 0xFF or more")
                         : std::string()) +
           "; intremap=no_x2apic_optout overrides it)";
  }
  return needs_x2apic ? ""
                      : "; the DMAR allows x2APIC (INTR_REMAP set, X2APIC_OPT_OUT clear): Linux switches to it after "
                        "the MADT walk (enable_IR_x2apic()) on a CPU that has it, which changes no CPU or node";
}

}  // namespace

std::vector<Arch> tables_arch(const acpi::TableSet& tables, std::string& reason) {
  struct Kind {
    const char* table;
    std::uint64_t type;
    std::vector<Arch> archs;
    const char* name;
  };
  static const Kind kKinds[] = {
      {"APIC", 0x0, {Arch::x86_64}, "Local APIC"},
      {"APIC", 0x9, {Arch::x86_64}, "Local x2APIC"},
      {"APIC", 0xB, {Arch::arm64}, "GICC"},
      {"APIC", 0x11, {Arch::loongarch64}, "CORE_PIC"},
      {"APIC", 0x18, {Arch::riscv64}, "RINTC"},
      {"SRAT", 0x0, {Arch::x86_64, Arch::loongarch64}, "Local APIC affinity"},
      {"SRAT", 0x2, {Arch::x86_64, Arch::loongarch64}, "x2APIC affinity"},
      {"SRAT", 0x3, {Arch::arm64}, "GICC affinity"},
      {"SRAT", 0x7, {Arch::riscv64}, "RINTC affinity"},
  };
  for (const char* signature : {"APIC", "SRAT"}) {
    const acpi::Table* table = tables.first(signature);
    if (table == nullptr) continue;
    const std::string name = signature == std::string_view("APIC") ? "MADT" : "SRAT";
    std::optional<std::vector<Arch>> fits;
    std::string names;
    for (const Kind& kind : kKinds) {
      if (std::string_view(kind.table) != signature) continue;
      const bool present = std::any_of(table->subtables.begin(), table->subtables.end(),
                                       [&](const acpi::Record& r) { return table->type(r) == kind.type; });
      if (!present) continue;
      if (!fits) {
        fits = kind.archs;
      } else {
        std::erase_if(*fits, [&](Arch a) { return std::find(kind.archs.begin(), kind.archs.end(), a) == kind.archs.end(); });
      }
      names += (names.empty() ? "" : ", ") + std::string(kind.name);
    }
    if (!fits) continue;
    if (fits->empty()) {
      reason = name + " lists processors of several architectures";
      return {};
    }
    reason = name + " lists " + names + " entries";
    return *fits;
  }
  reason = "neither MADT nor SRAT lists processors";
  return {};
}

bool decide_x2apic_mode(const acpi::TableSet& tables, std::string& reason) {
  const acpi::Table* madt = tables.first("APIC");
  if (madt == nullptr || madt->desc == nullptr) {
    reason = "no MADT: xAPIC mode assumed";
    return false;
  }
  const acpi::Table* dmar = tables.first("DMAR");
  const bool opt_out = dmar != nullptr && dmar->desc != nullptr &&
                       (dmar->header_view().get_or(acpi::dmar::header_fields::flags, 0) & DMAR_X2APIC_OPT_OUT) != 0;
  bool local_apic = false, x2apic = false;
  for (const acpi::Record& record : madt->subtables) {
    if (record.desc != &acpi::madt::local_apic && record.desc != &acpi::madt::x2apic) continue;
    const acpi::StructView view = madt->view(record);
    const std::uint64_t type = madt->type(record);
    if (type == detail::kMadtTypeLocalApic && view.get_or(acpi::madt::local_apic_fields::apic_id, 0xFF) != 0xFF) local_apic = true;
    if (type != detail::kMadtTypeLocalX2apic) continue;
    const std::uint64_t id = view.get_or(acpi::madt::x2apic_fields::x2apic_id, 0xFFFFFFFFU);
    if (id == 0xFFFFFFFFU) continue;
    x2apic = true;
    if (id >= 0xFF) {
      reason = "x2APIC mode: the MADT lists x2APIC id 0x" + lower_hex(id, 4) +
               ", which only x2APIC mode addresses, so the firmware hands over in it" + dmar_after_madt(tables, true);
      return true;
    }
  }
  if (x2apic && !local_apic && !opt_out) {
    reason = "x2APIC mode: the MADT lists its CPUs as x2APIC structures only" + dmar_after_madt(tables, true);
    return true;
  }
  reason = std::string("xAPIC mode: the MADT lists no x2APIC id above 0xFE") +
           (x2apic && !local_apic ? " and the DMAR's X2APIC_OPT_OUT asks the firmware not to enable x2APIC" : "") +
           dmar_after_madt(tables, false);
  return false;
}

}  // namespace numaplan::kernel
