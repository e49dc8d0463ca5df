// Mirrors arch/x86/mm/srat.c: the CPU affinity handlers and x86_acpi_numa_init().
#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint32_t ACPI_SRAT_CPU_ENABLED = 1U << 0;
constexpr std::uint64_t kSratCpuAffinitySize = 16;     // sizeof(struct acpi_srat_cpu_affinity)
constexpr std::uint64_t kSratX2apicAffinitySize = 24;  // sizeof(struct acpi_srat_x2apic_cpu_affinity)

bool skip_unreadable(Kernel& k, const SubtableEntry& entry) {
  k.note("SRAT entry at offset " + std::to_string(entry.offset) +
         ": its fields lie past the table's end; the kernel would read the memory after the table, the model skips it");
  return true;
}

// The end of both handlers: map the APIC id, or say it does not fit.
void set_apicid_to_node(Kernel& k, Cpu cpu, std::uint32_t pxm, int node, int digits) {
  const std::string what =
      "SRAT: PXM " + std::to_string(pxm) + " -> APIC 0x" + lower_hex(cpu.id, digits) + " -> Node " + std::to_string(node);
  if (cpu.id >= MAX_LOCAL_APIC) {
    k.printk(what + " skipped apicid that is too big");
    return;
  }
  k.apicid_to_node[cpu.id] = node;
  k.cpu_entries.push_back(CpuEntry{cpu, node});
  k.srat_cpus.push_back(cpu);
  k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
  if (k.profile.srat_cpu_lines_info) k.printk(what);
}

}  // namespace

// acpi_parse_processor_affinity() -> acpi_numa_processor_affinity_init() (all
// versions; the mapping line is pr_info up to 6.11, pr_debug since 6.12).
// The Length must be exactly 16; revision 2+ adds the 24-bit high PXM part.
int acpi_parse_processor_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  if (k.srat_disabled()) return 0;
  if (entry.length != kSratCpuAffinitySize) {
    bad_srat(k);
    return 0;
  }
  const auto flags = entry_field(srat, entry, "flags");
  const auto lo = entry_field(srat, entry, "proximity_domain_lo");
  const auto hi = entry_field(srat, entry, "proximity_domain_hi");
  const auto apic_id = entry_field(srat, entry, "apic_id");
  if (!flags || !lo || !hi || !apic_id) return skip_unreadable(k, entry), 0;
  if ((*flags & ACPI_SRAT_CPU_ENABLED) == 0) return 0;
  // The kernel reads a u32 at proximity_domain_hi and shifts it left by 8:
  // its top byte (clock_domain's low byte) falls off, leaving 24 bits.
  std::uint32_t pxm = static_cast<std::uint32_t>(*lo);
  if (k.acpi_srat_revision >= 2) pxm |= static_cast<std::uint32_t>(*hi & 0xFFFFFF) << 8;
  const int node = acpi_map_pxm_to_node(k, static_cast<std::int32_t>(pxm));
  if (node < 0) {
    k.printk("SRAT: Too many proximity domains " + lower_hex(pxm));
    bad_srat(k);
    return 0;
  }
  set_apicid_to_node(k, Cpu{Cpu::Kind::apic, static_cast<std::uint32_t>(*apic_id)}, pxm, node, 2);
  return 0;
}

// acpi_parse_x2apic_affinity() -> acpi_numa_x2apic_affinity_init() (all
// versions): the full 32-bit PXM, no revision masking; IDs the APIC driver
// cannot address are ignored before a node is taken.
int acpi_parse_x2apic_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  if (k.srat_disabled()) return 0;
  if (entry.length < kSratX2apicAffinitySize) {
    bad_srat(k);
    return 0;
  }
  const auto flags = entry_field(srat, entry, "flags");
  const auto domain = entry_field(srat, entry, "proximity_domain");
  const auto apic_id = entry_field(srat, entry, "x2apic_id");
  if (!flags || !domain || !apic_id) return skip_unreadable(k, entry), 0;
  if ((*flags & ACPI_SRAT_CPU_ENABLED) == 0) return 0;
  const auto pxm = static_cast<std::uint32_t>(*domain);
  const auto id = static_cast<std::uint32_t>(*apic_id);
  // apic_id_valid(): xAPIC mode addresses IDs up to 0xFE, x2APIC mode any but 0xFFFFFFFF.
  const bool valid = k.config.x2apic_mode ? id != 0xFFFFFFFFU : id < 0xFF;
  if (!valid) {
    k.printk("SRAT: PXM " + std::to_string(pxm) + " -> X2APIC 0x" + lower_hex(id, 4) + " ignored");
    return 0;
  }
  const int node = acpi_map_pxm_to_node(k, static_cast<std::int32_t>(pxm));
  if (node < 0) {
    k.printk("SRAT: Too many proximity domains " + lower_hex(pxm));
    bad_srat(k);
    return 0;
  }
  set_apicid_to_node(k, Cpu{Cpu::Kind::x2apic, id}, pxm, node, 4);
  return 0;
}

// x86_acpi_numa_init() (all versions): SRAT disabled after parsing is a failure too.
int x86_acpi_numa_init(Kernel& k) {
  const int ret = acpi_numa_init(k);
  if (ret < 0) return ret;
  return k.srat_disabled() ? -EINVAL : 0;
}

}  // namespace numaplan::kernel::detail
