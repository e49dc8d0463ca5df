// Mirrors arch/x86/mm/srat.c: the CPU affinity handlers (LoongArch's copies of them too) and x86_acpi_numa_init().
#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint32_t ACPI_SRAT_CPU_ENABLED = 1U << 0;
constexpr std::uint64_t kSratCpuAffinitySize = 16;     // sizeof(struct acpi_srat_cpu_affinity)
constexpr std::uint64_t kSratX2apicAffinitySize = 24;  // sizeof(struct acpi_srat_x2apic_cpu_affinity)

// x86's side of the two handlers (arch/x86/mm/srat.c, all versions).
constexpr SratCpuArch kX86SratCpus{
    .apic_kind = Cpu::Kind::apic,
    .x2apic_kind = Cpu::Kind::x2apic,
    .id_name = "APIC",
    .max_id = MAX_LOCAL_APIC,
    .x2apic_digits = 4,
    .x2apic_id_valid = true,
    .line_by_profile = true,
};

bool skip_unreadable(Kernel& k, const SubtableEntry& entry) {
  k.note("SRAT entry at offset " + std::to_string(entry.offset) +
         ": its fields lie past the table's end; the kernel would read the memory after the table, the model skips it");
  return true;
}

// The end of both handlers: map the CPU's id (set_apicid_to_node() on x86,
// set_cpuid_to_node() on LoongArch), or say it does not fit.
void set_cpu_to_node(Kernel& k, const SratCpuArch& arch, Event& event, Cpu cpu, std::uint32_t pxm, int node,
                     int digits) {
  const std::string what = "SRAT: PXM " + std::to_string(pxm) + " -> " + arch.id_name + " 0x" +
                           lower_hex(cpu.id, digits) + " -> Node " + std::to_string(node);
  event.node = node;
  if (cpu.id >= arch.max_id) {
    k.printk(what + " skipped apicid that is too big");
    event.outcome = Event::Outcome::apic_ignored;
    event.line = k.log.back();
    return;
  }
  k.apicid_to_node[cpu.id] = node;
  k.cpu_entries.push_back(CpuEntry{cpu, node});
  k.srat_cpus.push_back(cpu);
  k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
  event.outcome = Event::Outcome::mapped;
  if (!arch.line_by_profile || k.profile.srat_cpu_lines_info) {
    k.printk(what);
    event.line = k.log.back();
  }
}

// The start of both handlers: SRAT already discarded, or a Length the kernel refuses.
bool refused(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, bool length_ok) {
  if (k.srat_disabled()) {
    record(k, srat, entry, Event::Outcome::srat_disabled);
    return true;
  }
  if (length_ok) return false;
  bad_srat(k);
  record_length(k, srat, entry, Event::Outcome::bad_length).line = k.log.back();
  return true;
}

// Both handlers once the PXM is read: a node, or bad_srat() after "SRAT: Too
// many proximity domains %x".
Event& map_cpu_pxm(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, acpi::Field field,
                   std::uint32_t pxm, std::uint64_t raw_pxm, int& node) {
  node = acpi_map_pxm_to_node(k, static_cast<std::int32_t>(pxm));
  const bool too_large = static_cast<std::int32_t>(pxm) < 0 || static_cast<std::int64_t>(pxm) >= k.max_pxm_domains;
  Event& event = record(k, srat, entry,
                        node >= 0    ? Event::Outcome::mapped
                        : too_large ? Event::Outcome::pxm_too_large
                                    : Event::Outcome::too_many_nodes,
                        field);
  event.pxm = pxm;
  event.raw_pxm = raw_pxm;
  if (node < 0) {
    k.printk("SRAT: Too many proximity domains " + lower_hex(pxm));
    event.line = k.log.back();
    bad_srat(k);
  }
  return event;
}

}  // namespace

// acpi_numa_processor_affinity_init(), x86's (all versions) and LoongArch's
// copy: the Length must be exactly 16; revision 2+ adds the 24-bit high PXM
// part (x86 reads a u32 at proximity_domain_hi and shifts it left by 8, its
// top byte - clock_domain's low byte - falling off; LoongArch ORs in
// proximity_domain_hi[0..2]: the same 24 bits).
int acpi_numa_processor_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry,
                                      const SratCpuArch& arch) {
  if (refused(k, srat, entry, entry.length == kSratCpuAffinitySize)) return 0;
  namespace f = acpi::srat::local_apic_fields;
  const auto flags = entry_field(srat, entry, f::flags);
  const auto lo = entry_field(srat, entry, f::proximity_domain_lo);
  const auto hi = entry_field(srat, entry, f::proximity_domain_hi);
  const auto apic_id = entry_field(srat, entry, f::apic_id);
  if (!flags || !lo || !hi || !apic_id) return skip_unreadable(k, entry), 0;
  if ((*flags & ACPI_SRAT_CPU_ENABLED) == 0) {
    record(k, srat, entry, Event::Outcome::disabled, f::flags);
    return 0;
  }
  const std::uint64_t raw_pxm = *lo | (*hi & 0xFFFFFF) << 8;
  const auto pxm = static_cast<std::uint32_t>(k.acpi_srat_revision >= 2 ? raw_pxm : *lo);
  int node = NUMA_NO_NODE;
  Event& event = map_cpu_pxm(k, srat, entry, f::proximity_domain_lo, pxm, raw_pxm, node);
  if (node >= 0) {
    set_cpu_to_node(k, arch, event, Cpu{arch.apic_kind, static_cast<std::uint32_t>(*apic_id)}, pxm, node, 2);
  }
  return 0;
}

// acpi_numa_x2apic_affinity_init(), x86's (all versions) and LoongArch's
// copy: the full 32-bit PXM, no revision masking; on x86, IDs the APIC
// driver cannot address are ignored before a node is taken.
int acpi_numa_x2apic_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry,
                                   const SratCpuArch& arch) {
  if (refused(k, srat, entry, entry.length >= kSratX2apicAffinitySize)) return 0;
  namespace f = acpi::srat::x2apic_fields;
  const auto flags = entry_field(srat, entry, f::flags);
  const auto domain = entry_field(srat, entry, f::proximity_domain);
  const auto apic_id = entry_field(srat, entry, f::x2apic_id);
  if (!flags || !domain || !apic_id) return skip_unreadable(k, entry), 0;
  if ((*flags & ACPI_SRAT_CPU_ENABLED) == 0) {
    record(k, srat, entry, Event::Outcome::disabled, f::flags);
    return 0;
  }
  const auto pxm = static_cast<std::uint32_t>(*domain);
  const auto id = static_cast<std::uint32_t>(*apic_id);
  if (arch.x2apic_id_valid && !apic_id_valid(k, id)) {
    k.printk("SRAT: PXM " + std::to_string(pxm) + " -> X2APIC 0x" + lower_hex(id, 4) + " ignored");
    Event& event = record(k, srat, entry, Event::Outcome::apic_ignored, f::x2apic_id);
    event.pxm = pxm;
    event.raw_pxm = pxm;
    event.line = k.log.back();
    return 0;
  }
  int node = NUMA_NO_NODE;
  Event& event = map_cpu_pxm(k, srat, entry, f::proximity_domain, pxm, pxm, node);
  if (node >= 0) set_cpu_to_node(k, arch, event, Cpu{arch.x2apic_kind, id}, pxm, node, arch.x2apic_digits);
  return 0;
}

// acpi_parse_processor_affinity() -> x86's acpi_numa_processor_affinity_init()
// (the mapping line is pr_info up to 6.11, pr_debug since 6.12).
int acpi_parse_processor_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  return acpi_numa_processor_affinity_init(k, srat, entry, kX86SratCpus);
}

// acpi_parse_x2apic_affinity() -> x86's acpi_numa_x2apic_affinity_init().
int acpi_parse_x2apic_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  return acpi_numa_x2apic_affinity_init(k, srat, entry, kX86SratCpus);
}

// x86_acpi_numa_init() (all versions): SRAT disabled after parsing is a failure too.
int x86_acpi_numa_init(Kernel& k) {
  const int ret = acpi_numa_init(k);
  if (ret < 0) return ret;
  return k.srat_disabled() ? -EINVAL : 0;
}

}  // namespace numaplan::kernel::detail
