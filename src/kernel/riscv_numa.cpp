// The riscv64 parts around arch_numa_init() (arch_numa.cpp): SRAT's RINTC
// Affinity handler and the CPU-to-node map (arch/riscv/kernel/acpi_numa.c,
// pr_fmt "ACPI: NUMA: "), the logical CPU numbers of the MADT RINTC walk
// (acpi_parse_rintc(), arch/riscv/kernel/smpboot.c) and each CPU's RINTC
// (acpi_init_rintc_map(), arch/riscv/kernel/acpi.c). Read in the 6.12 and 7.3
// sources; riscv64 kernels before "RISC-V: ACPI: Enable NUMA" (6.10) read no
// SRAT (Profile::riscv_acpi_numa).
#include <algorithm>

#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint64_t ACPI_MADT_TYPE_RINTC = 0x18;
constexpr std::uint64_t ACPI_MADT_ENABLED = 1U << 0;
constexpr std::uint64_t ACPI_SRAT_TYPE_RINTC_AFFINITY = 7;
constexpr std::uint64_t kSratRintcAffinitySize = 20;  // sizeof(struct acpi_srat_rintc_affinity)
const UidAffinity kRintcAffinity{ACPI_SRAT_TYPE_RINTC_AFFINITY, "HARTID", kSratRintcAffinitySize,
                                 acpi::srat::rintc_fields::flags, acpi::srat::rintc_fields::proximity_domain,
                                 acpi::srat::rintc_fields::acpi_processor_uid};
constexpr std::uint64_t kMadtRintcSize = 36;          // sizeof(struct acpi_madt_rintc)
constexpr std::uint64_t INVALID_HARTID = ~0ULL;

// A logical CPU: cpuid_to_hartid_map() and its cpu_madt_rintc[] UID (0, the
// zeroed array's, until acpi_init_rintc_map() gives it one).
struct LogicalCpu {
  std::uint64_t hart = INVALID_HARTID;
  std::uint32_t uid = 0;
};

// The hart the firmware hands over on (boot_cpu_hartid, from SBI's a0). No
// table says which it is; numaplan takes the lowest enabled one (OpenSBI
// under QEMU boots hart 0) and says so.
std::uint64_t boot_hartid(Kernel& k, const acpi::Table& madt) {
  std::uint64_t lowest = INVALID_HARTID;
  for (const acpi::Record& record : madt.subtables) {
    if (madt.type(record) != ACPI_MADT_TYPE_RINTC || record.desc == nullptr || record.length < kMadtRintcSize) continue;
    const acpi::StructView view = madt.view(record);
    if ((view.get_or(acpi::madt::rintc_fields::flags, 0) & ACPI_MADT_ENABLED) == 0) continue;
    lowest = std::min(lowest, view.get_or(acpi::madt::rintc_fields::hart_id, INVALID_HARTID));
  }
  if (lowest != INVALID_HARTID) {
    k.note("the boot hart is taken to be hart 0x" + lower_hex(lowest) +
           ", the lowest enabled one: logical CPU 0 is the hart the firmware hands over on, which no table names");
  }
  return lowest;
}

// setup_smp() -> acpi_parse_and_init_cpus() -> acpi_parse_rintc() for each
// RINTC in MADT order: a disabled one is skipped, a short one ends the walk
// (BAD_MADT_ENTRY()), the boot hart is logical CPU 0 and every other hart
// takes the next number (no duplicate check: a hart listed twice is two CPUs).
std::vector<LogicalCpu> acpi_parse_rintc(Kernel& k, const acpi::Table& madt) {
  std::vector<LogicalCpu> cpus(1);
  cpus[0].hart = boot_hartid(k, madt);
  if (cpus[0].hart == INVALID_HARTID) return {};
  for (const acpi::Record& record : madt.subtables) {
    if (madt.type(record) != ACPI_MADT_TYPE_RINTC || record.desc == nullptr) continue;
    if (record.length < 8) continue;  // Flags unreadable: the decoder already said so
    const acpi::StructView view = madt.view(record);
    if ((view.get_or(acpi::madt::rintc_fields::flags, 0) & ACPI_MADT_ENABLED) == 0) continue;
    if (record.length < kMadtRintcSize) {
      k.note("MADT RINTC at offset " + std::to_string(record.offset) + ": Length " + std::to_string(record.length) +
             " is shorter than the structure (36); the kernel stops registering CPUs there");
      break;
    }
    const std::uint64_t hart = view.get_or(acpi::madt::rintc_fields::hart_id, INVALID_HARTID);
    if (hart == INVALID_HARTID) {
      k.note("MADT RINTC at offset " + std::to_string(record.offset) + ": Hart ID 0x" + lower_hex(hart) +
             " is INVALID_HARTID (\"Invalid hartid\"); skipped");
      continue;
    }
    if (hart == cpus[0].hart) continue;  // the boot hart (a second one is a BUG_ON)
    cpus.push_back({hart, 0});
  }
  return cpus;
}

// acpi_init_rintc_map(): each enabled RINTC is the cpu_madt_rintc[] of the
// first logical CPU with its hart (riscv_hartid_to_cpuid()); a later entry
// for the same hart overwrites an earlier one.
void acpi_init_rintc_map(const acpi::Table& madt, std::vector<LogicalCpu>& cpus) {
  for (const acpi::Record& record : madt.subtables) {
    if (madt.type(record) != ACPI_MADT_TYPE_RINTC || record.desc == nullptr || record.length < kMadtRintcSize) continue;
    const acpi::StructView view = madt.view(record);
    if ((view.get_or(acpi::madt::rintc_fields::flags, 0) & ACPI_MADT_ENABLED) == 0) continue;
    const std::uint64_t hart = view.get_or(acpi::madt::rintc_fields::hart_id, INVALID_HARTID);
    const auto cpu = std::find_if(cpus.begin(), cpus.end(), [&](const LogicalCpu& c) { return c.hart == hart; });
    if (cpu != cpus.end()) cpu->uid = static_cast<std::uint32_t>(view.get_or(acpi::madt::rintc_fields::uid, 0));
  }
}

}  // namespace

// acpi_numa_rintc_affinity_init() (arch/riscv/kernel/acpi_numa.c): arch_numa.cpp's shared handler.
int acpi_parse_rintc_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  return acpi_parse_uid_affinity(k, srat, entry, kRintcAffinity);
}

// setup_smp(), acpi_init_rintc_map() and acpi_map_cpus_to_nodes(), after
// misc_mem_init()'s NUMA set-up: each CPU its SRAT node, node 0 without one
// or once numa_off is set (early_map_cpu_to_node()). Disabled RINTCs make no
// CPU, so every possible CPU is present (smp_prepare_cpus()).
CpuPlacement place_rintc_cpus(Kernel& k) {
  CpuPlacement out;
  std::vector<LogicalCpu> cpus;
  if (k.config.cpus) {
    for (std::uint32_t uid : *k.config.cpus) cpus.push_back({cpus.size(), uid});
    out.source = "config";
  } else if (const acpi::Table* madt = k.tables.first("APIC"); madt != nullptr && madt->desc != nullptr) {
    cpus = acpi_parse_rintc(k, *madt);
    if (cpus.empty()) k.note("MADT has no enabled RINTC: the kernel stops in acpi_init_rintc_map() (\"No valid RINTC entries exist\", BUG())");
    acpi_init_rintc_map(*madt, cpus);
    out.source = "madt";
  } else {
    out.source = "srat";
    k.note("no MADT: the kernel numbers no CPU but the boot hart, whose UID no table gives; the model places none");
  }
  std::vector<UidCpu> ids;
  for (const LogicalCpu& cpu : cpus) ids.push_back({cpu.hart, cpu.uid});
  const std::vector<int> nodes = k.profile.riscv_acpi_numa
                                     ? acpi_map_cpus_to_nodes(k, kRintcAffinity, ids)
                                     : std::vector<int>(cpus.size(), NUMA_NO_NODE);
  for (std::size_t cpu = 0; cpu < cpus.size(); ++cpu) {
    int node = nodes[cpu];
    if (node < 0 || node >= k.max_numnodes || k.numa_off) node = 0;
    out.cpus.emplace_back(Cpu{Cpu::Kind::rintc, cpus[cpu].uid}, node);
  }
  return out;
}

}  // namespace numaplan::kernel::detail
