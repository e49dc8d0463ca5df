// The kernel model: what Linux builds from the ACPI NUMA tables (acpi_numa_init,
// the x86 SRAT handlers, numa_memblks and the x86 fall-back), per profile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/limits.h"
#include "numaplan/kernel/profile.h"
#include "numaplan/support/expected.h"

namespace numaplan::kernel {

// The standby-node RFC of June 2026 ("[RFC PATCH 1/3] mm/numa: add exclusive
// node pool and numa=standby boot parameter", 20260610014517.253609-2/-3/-4-
// gourry@gourry.net) applied to the model: what a kernel carrying it reads.
struct StandbyRfc1 {
  std::vector<std::string> cmdline;  // the N of every numa=standby=N word, in command-line order, unparsed
  int standby_nodes = 0;             // CONFIG_ACPI_NUMA_STANDBY_NODES (Kconfig range 0..16)
  int add_cfmws_nodes = 0;           // CONFIG_ACPI_NUMA_ADD_CFMWS_NODES (Kconfig range 0..4)
  // memblock_alloc() of the saved distance copy fails: never at a real boot
  // this early, but the RFC has a line for it ("standby nodes will use
  // default distances"), which tests reach through this switch.
  bool saved_distance_alloc_fails = false;
};

struct Config {
  Profile profile = *find_profile("6.1");   // a copy: tests and callers may flip single switches
  // Whose kernel. loongarch64 is modelled from 7.3 on (Profile::
  // loongarch_numa_memblks): map_numa() returns a usage error for an older
  // profile, the CLI refuses it earlier.
  Arch arch = Arch::x86_64;
  int nodes_shift = kDefaultNodesShift;      // CONFIG_NODES_SHIFT; MAX_NUMNODES = 1 << nodes_shift (1..16)
  // e820 usable RAM (the firmware's map, as BIOS-e820 lines show it); nullopt:
  // take SRAT's enabled, non-hotplug ranges and say so in Layout::notes.
  std::optional<std::vector<MemRange>> ram;
  // The memory map's Soft Reserved ranges (E820_TYPE_SOFT_RESERVED: EFI
  // specific-purpose memory, EFI_MEMORY_SP), read with `ram`. Without `ram`,
  // SRAT's enabled ranges with the Specific-Purpose flag stand for them.
  std::vector<MemRange> soft_reserved;
  // x86: APIC ids of the CPUs the machine has, all present (CPU n is the n-th);
  // nullopt: the first MADT's CPU entries (Layout::cpu_source "madt"), or
  // without a MADT every enabled SRAT CPU entry, in SRAT order ("srat").
  std::optional<std::vector<std::uint32_t>> cpus;
  bool numa_off = false;     // numa=off
  bool numa_noacpi = false;  // numa=noacpi
  // Whether the firmware hands over in x2APIC mode (else apic_id_valid() takes
  // only IDs up to 0xFE); nullopt: decided from the MADT (decide_x2apic_mode()).
  std::optional<bool> x2apic_mode;
  bool memory_hotplug = true;  // CONFIG_MEMORY_HOTPLUG (=y in every Debian build)
  bool cxl_acpi = true;      // CONFIG_CXL_ACPI (read only by profiles with cfmws_needs_cxl_acpi)
  std::optional<StandbyRfc1> standby_rfc1;  // set: the kernel carries the standby-node RFC
};

// Largest nodes_shift the model accepts (MAX_NUMNODES 65536): beyond the
// kernel's own range (limits.h kMaxNodesShift, 10) so that benchmarks and
// tests can map 65,536 memory ranges (NR_NODE_MEMBLKS = 2 x MAX_NUMNODES).
inline constexpr int kModelMaxNodesShift = 16;

// The PXM acpi_parse_memory_affinity() takes from a Memory Affinity entry's
// Proximity Domain in an SRAT of `revision` (all versions): up to revision 1
// only its low 8 bits. The model's only copy of that rule; a planner writing
// SRAT memory entries asks it whether a PXM survives.
std::uint32_t memory_affinity_pxm(std::uint8_t revision, std::uint32_t proximity_domain);

// Whether the firmware hands over to Linux in x2APIC mode, the mode the MADT
// and SRAT walks run in, as far as the tables tell (check_x2apic() reads the
// APIC's MSR, which no table holds): yes when the first MADT lists an x2APIC
// id above 0xFE (such a CPU needs x2APIC mode) or lists its CPUs as x2APIC
// structures only and the DMAR does not set X2APIC_OPT_OUT; otherwise no
// (xAPIC: QEMU's SeaBIOS and OVMF, most machines below 255 CPUs). `reason`
// says which, and what the DMAR's flags make Linux do after the walks
// (enable_IR_x2apic()), which changes no CPU or node.
bool decide_x2apic_mode(const acpi::TableSet& tables, std::string& reason);

// The architectures whose kernels read the tables' processors: the first
// MADT's CPU structures (Local APIC/x2APIC: x86_64, GICC: arm64, RINTC:
// riscv64, CORE_PIC: loongarch64), else SRAT's CPU entries (Local APIC and
// x2APIC affinity: x86_64 or loongarch64, whose kernel reads them too; GICC:
// arm64; RINTC: riscv64); empty when neither names processors or they name
// several architectures'. `reason` says which entries decided.
std::vector<Arch> tables_arch(const acpi::TableSet& tables, std::string& reason);

// Why the model has no handlers for `arch`'s kernels of `profile`
// (loongarch64 before 7.3), or "" when it has.
std::string arch_not_modelled(Arch arch, const Profile& profile);

// Whether the model can run `config`: a usage error (field "nodes_shift" or
// "arch") for a nodes_shift outside 1..kModelMaxNodesShift or an
// architecture's kernels it has no handlers for (arch_not_modelled()).
Expected<void> check_config(const Config& config);

// What the kernel builds from `tables` (the first SRAT, SLIT and CEDT); the
// error of check_config() for a config the model cannot run.
Expected<Layout> map_numa(const acpi::TableSet& tables, const Config& config);

}  // namespace numaplan::kernel
