// Kernel limits that both the kernel model and the checks use (reference §1.1).
#pragma once

namespace numaplan::kernel {

// Debian's kernels are built with NODES_SHIFT 10 (MAXSMP); the x86-64 default is 6.
inline constexpr int kDefaultNodesShift = 10;
// CONFIG_NODES_SHIFT's range on x86 (arch/x86/Kconfig: `range 1 10`): what the
// command line accepts. The model itself goes further (model.h) for scale tests.
inline constexpr int kMaxNodesShift = 10;
// CONFIG_NR_CPUS of Debian's amd64 kernels (5.10 to 7.3), printed by setup_per_cpu_areas().
inline constexpr int kDebianNrCpus = 8192;
inline constexpr int kLocalDistance = 10;   // LOCAL_DISTANCE, include/linux/numa.h
inline constexpr int kRemoteDistance = 20;  // REMOTE_DISTANCE

// MAX_NUMNODES = 1 << CONFIG_NODES_SHIFT (include/linux/numa.h).
constexpr int max_numnodes(int nodes_shift) { return 1 << nodes_shift; }
// MAX_PXM_DOMAINS = max(MAX_NUMNODES, 256) (include/acpi/acpi_numa.h).
constexpr int max_pxm_domains(int max_nodes) { return max_nodes > 256 ? max_nodes : 256; }

}  // namespace numaplan::kernel
