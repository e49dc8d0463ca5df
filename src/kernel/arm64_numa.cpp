// The arm64 parts around arch_numa_init() (arch_numa.cpp): SRAT's GICC
// Affinity handler and the CPU-to-node map (arch/arm64/kernel/acpi_numa.c,
// pr_fmt "ACPI: NUMA: "), the logical CPU numbers of the MADT GICC walk
// (arch/arm64/kernel/smp.c), and the GIC ITS driver's reading of SRAT
// (drivers/irqchip/irq-gic-v3-its.c). Read in the 5.10, 6.1, 6.12 and 7.3
// sources; proven by the arm64 oracle cases (tests/kernel/arm64-cases).
#include <algorithm>

#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint64_t ACPI_MADT_TYPE_GENERIC_INTERRUPT = 0xB;
constexpr std::uint64_t ACPI_MADT_ENABLED = 1U << 0;
constexpr std::uint64_t ACPI_MADT_GICC_ONLINE_CAPABLE = 1U << 3;
constexpr std::uint64_t ACPI_SRAT_TYPE_GICC_AFFINITY = 3;
constexpr std::uint64_t ACPI_SRAT_TYPE_GIC_ITS_AFFINITY = 4;
constexpr std::uint64_t kSratGiccAffinitySize = 18;  // sizeof(struct acpi_srat_gicc_affinity)
const UidAffinity kGiccAffinity{ACPI_SRAT_TYPE_GICC_AFFINITY, "MPIDR", kSratGiccAffinitySize,
                                acpi::srat::gicc_fields::flags, acpi::srat::gicc_fields::proximity_domain,
                                acpi::srat::gicc_fields::acpi_processor_uid};
constexpr std::uint64_t kSratGicItsAffinitySize = 12;  // sizeof(struct acpi_srat_gic_its_affinity)
// The GICC fields the kernel reads end with ARM MPIDR (+68, 8 bytes).
constexpr std::uint64_t kGiccMpidrEnd = 76;
constexpr std::uint64_t MPIDR_HWID_BITMASK = 0xff00ffffffULL;
constexpr std::uint64_t INVALID_HWID = ~0ULL;

// A logical CPU of cpu_logical_map / cpu_madt_gicc.
struct LogicalCpu {
  std::uint64_t mpidr = INVALID_HWID;
  std::uint32_t uid = 0;
  bool present = false;  // an enabled GICC; not: a disabled Online Capable one (6.12+)
};

// The MPIDR of the CPU the firmware hands over on. No table says which it
// is; numaplan takes the lowest usable MPIDR (QEMU boots on MPIDR 0, and so
// do the servers numaplan knows of) and says so.
std::uint64_t boot_mpidr(Kernel& k, const acpi::Table& madt) {
  std::uint64_t lowest = INVALID_HWID;
  for (const acpi::Record& record : madt.subtables) {
    if (madt.type(record) != ACPI_MADT_TYPE_GENERIC_INTERRUPT || record.desc == nullptr) continue;
    const acpi::StructView view = madt.view(record);
    if ((view.get_or(acpi::madt::gicc_fields::flags, 0) & ACPI_MADT_ENABLED) == 0) continue;
    lowest = std::min(lowest, view.get_or(acpi::madt::gicc_fields::arm_mpidr, INVALID_HWID));
  }
  if (lowest != INVALID_HWID) {
    k.note("the boot CPU is taken to be MPIDR 0x" + lower_hex(lowest) +
           ", the lowest enabled one: logical CPU 0 is the CPU the firmware hands over on, which no table names");
  }
  return lowest;
}

// acpi_parse_and_init_cpus() -> acpi_map_gic_cpu_interface() for each GICC
// in MADT order: the boot CPU is logical CPU 0, every other usable GICC takes
// the next number; a duplicate or invalid MPIDR is skipped.
std::vector<LogicalCpu> acpi_parse_and_init_cpus(Kernel& k, const acpi::Table& madt) {
  std::vector<LogicalCpu> cpus(1);
  const std::uint64_t boot = boot_mpidr(k, madt);
  bool bootcpu_valid = false;
  for (const acpi::Record& record : madt.subtables) {
    if (madt.type(record) != ACPI_MADT_TYPE_GENERIC_INTERRUPT) continue;
    // BAD_MADT_GICC_ENTRY(): the walk stops at a GICC too short for the fields it reads.
    if (record.desc == nullptr || record.length < kGiccMpidrEnd) {
      k.note("MADT GICC at offset " + std::to_string(record.offset) + ": Length " + std::to_string(record.length) +
             " is too short for ARM MPIDR; the kernel stops registering CPUs there");
      break;
    }
    const acpi::StructView view = madt.view(record);
    const std::uint64_t flags = view.get_or(acpi::madt::gicc_fields::flags, 0);
    const std::uint64_t hwid = view.get_or(acpi::madt::gicc_fields::arm_mpidr, INVALID_HWID);
    const auto uid = static_cast<std::uint32_t>(view.get_or(acpi::madt::gicc_fields::uid, 0));
    const bool enabled = (flags & ACPI_MADT_ENABLED) != 0;
    if (!enabled && !(k.profile.gicc_online_capable && (flags & ACPI_MADT_GICC_ONLINE_CAPABLE) != 0)) continue;
    if ((hwid & ~MPIDR_HWID_BITMASK) != 0 || hwid == INVALID_HWID) {
      k.note("MADT GICC at offset " + std::to_string(record.offset) + ": MPIDR 0x" + lower_hex(hwid) +
             " is invalid (\"skipping CPU entry with invalid MPIDR\")");
      continue;
    }
    // is_mpidr_duplicate(): against the secondary CPUs numbered so far.
    if (std::any_of(cpus.begin() + 1, cpus.end(), [&](const LogicalCpu& c) { return c.mpidr == hwid; })) {
      k.note("MADT GICC at offset " + std::to_string(record.offset) + ": MPIDR 0x" + lower_hex(hwid) +
             " is listed twice (\"duplicate CPU MPIDR 0x" + lower_hex(hwid) + " in MADT\"); skipped");
      continue;
    }
    if (hwid == boot) {
      if (bootcpu_valid) continue;  // "duplicate boot CPU MPIDR"
      bootcpu_valid = true;
      cpus[0] = {hwid, uid, enabled};
      continue;
    }
    cpus.push_back({hwid, uid, enabled});
  }
  if (!bootcpu_valid) cpus.erase(cpus.begin());  // no GICC: the model knows no CPU
  return cpus;
}

}  // namespace

// acpi_numa_gicc_affinity_init() (arch/arm64/kernel/acpi_numa.c): arch_numa.cpp's shared handler.
int acpi_parse_gicc_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  return acpi_parse_uid_affinity(k, srat, entry, kGiccAffinity);
}

// gic_acpi_parse_srat_its() (5.10-7.3): an ITS takes the node of its
// entry's PXM and never makes one ("in theory a new proximity node could be
// created by this entry ... We do not currently support doing so"). No
// pr_fmt: the lines start with "SRAT: ".
namespace {

int gic_acpi_parse_srat_its(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  if (entry.length < kSratGicItsAffinitySize) {
    k.printk("SRAT: Invalid header length " + std::to_string(entry.length) + " in ITS affinity");
    record_length(k, srat, entry, Event::Outcome::bad_length).line = k.log.back();
    return -EINVAL;
  }
  const auto domain = entry_field(srat, entry, acpi::srat::gic_its_fields::proximity_domain);
  const auto its_id = entry_field(srat, entry, acpi::srat::gic_its_fields::its_id);
  if (!domain || !its_id) return 0;
  // The PXM is a u32 passed as int.
  const auto pxm = static_cast<std::int32_t>(static_cast<std::uint32_t>(*domain));
  const int node = pxm_to_node(k, pxm);
  Event& event = record(k, srat, entry, Event::Outcome::its_mapped, acpi::srat::gic_its_fields::proximity_domain);
  event.pxm = pxm;
  event.raw_pxm = static_cast<std::uint32_t>(*domain);
  event.node = node;
  if (node == NUMA_NO_NODE || node >= k.max_numnodes) {
    k.printk("SRAT: Invalid NUMA node " + std::to_string(node) + " in ITS affinity");
    event.outcome = Event::Outcome::its_no_node;
    event.line = k.log.back();
    return 0;
  }
  k.printk("SRAT: PXM " + std::to_string(pxm) + " -> ITS " + std::to_string(static_cast<std::int32_t>(*its_id)) +
           " -> Node " + std::to_string(node));
  event.line = k.log.back();
  return 0;
}

}  // namespace

// acpi_table_parse_srat_its(), from its_acpi_probe() at init_IRQ(): after
// the zonelists, with SRAT's NUMA verdict final (a fall-back's numa_off
// leaves every ITS without a node).
void acpi_table_parse_srat_its(Kernel& k) {
  SubtableProc proc{ACPI_SRAT_TYPE_GIC_ITS_AFFINITY, gic_acpi_parse_srat_its};
  acpi_table_parse_entries_array(k, "SRAT", std::span(&proc, 1));
}

// smp_init_cpus() and, after NUMA set-up, early_map_cpu_to_node() for each
// CPU: its SRAT node, node 0 without one or once numa_off is set.
CpuPlacement place_gicc_cpus(Kernel& k) {
  CpuPlacement out;
  std::vector<LogicalCpu> cpus;
  if (k.config.cpus) {
    for (std::uint32_t uid : *k.config.cpus) cpus.push_back({cpus.size(), uid, true});
    out.source = "config";
  } else if (const acpi::Table* madt = k.tables.first("APIC"); madt != nullptr && madt->desc != nullptr) {
    cpus = acpi_parse_and_init_cpus(k, *madt);
    out.source = "madt";
  } else {
    out.source = "srat";
    k.note("no MADT: the kernel numbers no CPU but the boot CPU, whose UID no table gives; the model places none");
  }
  std::vector<UidCpu> ids;
  for (const LogicalCpu& cpu : cpus) ids.push_back({cpu.mpidr, cpu.uid});
  const std::vector<int> nodes = acpi_map_cpus_to_nodes(k, kGiccAffinity, ids);
  for (std::size_t cpu = 0; cpu < cpus.size(); ++cpu) {
    int node = nodes[cpu];
    if (node < 0 || node >= k.max_numnodes || k.numa_off) node = 0;
    const Cpu id{Cpu::Kind::gicc, cpus[cpu].uid};
    if (cpus[cpu].present) {
      out.cpus.emplace_back(id, node);
    } else {
      out.hotplug.push_back(id);
    }
  }
  // smp_prepare_cpus(): before acpi_cpu_is_present() every possible CPU is present.
  if (!k.profile.gicc_present_only_enabled) out.present_offline = static_cast<int>(out.hotplug.size());
  return out;
}

}  // namespace numaplan::kernel::detail
