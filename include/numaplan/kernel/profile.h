// Kernel profiles: what differs between the kernels `map` reproduces. One
// table of switches per kernel; the model reads switches, never versions.
//
// A profile is built, never written by hand: the oldest behaviour the model
// knows (Profile's defaults), then every upstream change (upstream_changes())
// that had landed by the version, then, for a booted Debian kernel, the
// changes Debian backported into it (booted_profiles()).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "numaplan/support/expected.h"

namespace numaplan::kernel {

// How acpi_parse_cfmws() decides that SRAT already describes a window.
enum class CfmwsOverlapRule : std::uint8_t {
  start_address,  // before v6.7: phys_to_target_node(start) has a node -> skip the window
  fill_memblks,   // v6.7+ (and Debian 6.1.64+): numa_fill_memblks() extends overlapping blocks
};

// Which RAM coverage check rejects an SRAT that leaves RAM without a node.
enum class CoverageCheck : std::uint8_t {
  e820_ram,       // <= 6.7 x86 numa_meminfo_cover_memory(): "nodes only cover %LuMB of your %LuMB e820 RAM. Not used."
  memblock_nodes, // 6.8+ memblock_validate_numa_coverage(): "no nodes coverage for %luMB of %luMB RAM"
};

// The architecture whose kernel reads the tables (--arch). One model: the
// shared acpi_numa_init() and numa_memblks, and per architecture its own
// SRAT CPU handler, MADT CPU walk and NUMA set-up (x86: arch/x86/mm/numa.c;
// arm64: drivers/base/arch_numa.c with arch/arm64/kernel/{acpi_numa,smp}.c;
// riscv64: the same arch_numa with arch/riscv/kernel/{acpi_numa,smpboot,acpi}.c;
// loongarch64: arch/loongarch/kernel/{numa,acpi,smp,setup}.c, 7.3 only).
enum class Arch : std::uint8_t { x86_64, arm64, riscv64, loongarch64 };
// "x86_64", "arm64", ... ; parse_arch() takes the same names.
std::string_view to_string(Arch arch);
std::optional<Arch> parse_arch(std::string_view name);

// arm64: how arch_acpi_numa_init() says acpi_numa_init() failed.
enum class ArchNumaFailedLine : std::uint8_t {
  acpi_numa,  // 5.10 arm64_acpi_numa_init() (arch/arm64/kernel/acpi_numa.c): "ACPI: NUMA: Failed to initialise from firmware"
  numa,       // 5.11+ drivers/base/arch_numa.c: "NUMA: Failed to initialise from firmware"
  debug,      // 6.12+: pr_debug, not on the console
};

// The switches. The defaults are the oldest behaviour modelled (4.19-5.9);
// each field says which upstream change sets it (see upstream_changes()).
struct Profile {
  std::string name;  // "5.10", "6.1", "6.12", "7.3", "mainline" or the X.Y asked for
  // acpi_parse_gi_affinity(): SRAT Generic Initiator Affinity entries make
  // nodes (5.10+).
  bool generic_initiator_affinity = false;
  // Without CONFIG_MEMORY_HOTPLUG a hot-pluggable SRAT memory entry is taken
  // as plain memory (6.1 reads so); 5.10 skips the entry.
  bool hotplug_entries_without_memory_hotplug = false;
  // acpi_numa_init() walks CEDT for CFMWS windows and gives each window SRAT
  // does not describe a node of its own (5.17+). Before, CEDT is not read.
  bool cfmws_parsed = false;
  // acpi_parse_cfmws() sets a window's node in numa_nodes_parsed, so it is a
  // possible node (6.1+). Before, the node's block, holding no RAM, moved to
  // numa_reserved_meminfo and the node was not possible.
  bool cfmws_nodes_parsed = false;
  // acpi_numa_init() looks for the highest PXM in all MAX_NUMNODES nodes
  // (6.8+); before, in the first MAX_NUMNODES - 1.
  bool fake_pxm_all_nodes = false;
  CfmwsOverlapRule cfmws_overlap = CfmwsOverlapRule::start_address;
  // arch/x86/mm/srat.c prints "SRAT: PXM %u -> APIC 0x%02x -> Node %u" with
  // pr_info (<= 6.11); 6.12 made it pr_debug, which dmesg does not show.
  bool srat_cpu_lines_info = true;
  CoverageCheck coverage = CoverageCheck::e820_ram;
  // numa_cleanup_meminfo() clamps block starts to 0 (x86, <= 6.11) or to
  // memblock_start_of_DRAM() (mm/numa_memblks.c, 6.12+; 0x1000 on x86 since
  // the first page is never RAM to memblock).
  bool cleanup_low_is_dram_start = false;
  // numa_add_reserved_memblk() for CFMWS blocks (6.16+): the block goes
  // straight to numa_reserved_meminfo, so later windows never merge into it.
  bool cfmws_reserved_memblk = false;
  // acpi_parse_cfmws() (6.16+) prints "ACPI: CFMWS: [BIOS BUG] base/size
  // alignment violates spec" when the lowest set bit of base | end is below
  // 256 MiB (else advises that size as the memory block size).
  bool cfmws_alignment_check = false;
  // phys_to_target_node() prefers a numa_reserved_meminfo node (7.0+).
  bool phys_to_target_node_prefers_reserved = false;
  // acpi_numa_init() parses CEDT only if IS_ENABLED(CONFIG_CXL_ACPI) (7.1+).
  bool cfmws_needs_cxl_acpi = false;
  // x86 numa_register_memblks(): nodes with less memory than NODE_MIN_SIZE
  // (4 MiB) get no NODE_DATA and stay offline (removed in 6.12's
  // numa_register_nodes()). 0: no minimum.
  std::uint64_t node_min_size = 4ULL << 20;
  // The subtable walker's messages ("[SRAT:0x01] Invalid zero length"):
  // drivers/acpi/tables.c prints them with pr_fmt "ACPI: " (<= 6.7); since 6.8
  // the walker lives in lib/fw_table.c, which has no prefix.
  std::string_view table_walker_prefix = "ACPI: ";
  // numa_add_memblk_to() (7.3+): an invalid node id fails (-EINVAL) before
  // the zero-length check; a start past the end is "invalid memblk range".
  bool memblk_nid_checked_first = false;
  // arch/x86/kernel/acpi/boot.c acpi_is_processor_usable() exists: a
  // disabled MADT CPU entry of ACPI 6.3+ firmware is a hotplug CPU only with
  // Online Capable set. Before (5.10), every disabled entry is one.
  bool online_capable_checked = false;
  // acpi_is_processor_usable(): a disabled MADT CPU entry of pre-ACPI 6.3
  // firmware is a hotplug CPU always (false), or only under a hypervisor
  // Linux recognises (true; not on bare metal or QEMU TCG: oracle case 55).
  bool disabled_cpu_needs_hypervisor = false;
  // mm/page_alloc.c build_zonelists() prints "Fallback order for Node %d: "
  // and each node of the list (pr_info, 5.14+); before, nothing.
  bool fallback_order_printed = false;
  // build_zonelists()'s round robin among equally distant nodes: node_load[]
  // grows by 1 (5.16+); before, it was set to the number of online nodes not
  // yet listed and find_next_best_node() scaled by nr_online_nodes * MAX_NUMNODES.
  bool node_load_accumulated = false;
  // Every possible node gets a pgdat and a zonelist (5.17+): free_area_init()
  // initialises offline nodes as memoryless ("Initmem setup node %d as
  // memoryless") and build_all_zonelists() visits for_each_node(). Before,
  // only online nodes; x86 init_cpu_to_node() / init_gi_nodes() initialised a
  // CPU or GI node without memory ("Initmem setup node %d [mem 0x0-0x0]").
  bool pgdat_for_possible_nodes = false;
  // free_area_init() prints "Initializing node %d as memoryless" before
  // initialising an offline node (5.17 to 6.11); 6.12's alloc_offline_node_data() does not.
  bool initializing_memoryless_line = false;
  // find_next_best_node() does not put a memoryless node first in its own
  // list (absent from 6.1, present in 6.12).
  bool memoryless_local_node_skipped = false;
  // numa_alloc_distance() prints "NUMA: Initialized distance table, cnt=%d"
  // at KERN_DEBUG: in the ring buffer (dmesg), not on a console at the
  // default log level. pr_debug from 6.17 (not in dmesg).
  bool distance_table_line = true;
  // RAM memblock left without a node prints as node -1 (NUMA_NO_NODE, 6.12+:
  // numa_memblks_init() resets memblock nids to NUMA_NO_NODE) in "Early memory
  // node ranges"; before, MAX_NUMNODES (x86 numa_init()).
  bool memblock_unset_nid_is_no_node = false;
  // acpi_parse_x2apic(): an x2APIC entry with an id below 0xFF is ignored
  // when the MADT has a usable Local APIC entry with a valid id
  // (has_lapic_cpus; oracle case 59). Before, it is a CPU like any other.
  bool x2apic_below_ff_ignored_with_lapic = false;
  // arch/x86/kernel/cpu/topology.c: topology_register_apic() numbers the
  // CPUs and topology_init_possible_cpus() sizes the possible map: a present
  // APIC id counts once, every usable disabled entry once ("CPU topo:
  // Allowing %u present CPUs plus %u hotplug CPUs"), and the hotplug CPUs
  // take the disabled entries' ids in id order. Before (false),
  // generic_processor_info() (apic.c) counts every present entry in
  // num_processors, even an APIC id met twice (oracle case 58), and
  // prefill_possible_map() (smpboot.c) prints "smpboot: Allowing %d CPUs, %d
  // hotplug CPUs"; hotplug CPUs have no APIC id until they are plugged.
  bool topology_cpus = false;
  // mm_core_init_early() calls free_area_init() after setup_arch(), so its
  // lines ("Initmem setup node ...") follow the MADT's CPU lines; before,
  // x86 paging_init() -> zone_sizes_init() called it ahead of the MADT walk.
  bool free_area_init_after_setup_arch = false;
  // arm64 (drivers/base/arch_numa.c) from here on; x86 reads none of these.
  // arch_numa's numa_init() goes through mm/numa_memblks.c (6.12+): numa_meminfo
  // cleaned up, then memblock_validate_numa_coverage(0), which lets no page
  // without a node through. Before, numa_add_memblk() is memblock_set_node()
  // and numa_register_nodes() rejects a memblock region without a node:
  // "NUMA: Warning: invalid memblk node %d [mem ...]" (oracle arm64 case 01).
  bool arch_numa_memblks = false;
  ArchNumaFailedLine arch_numa_failed_line = ArchNumaFailedLine::acpi_numa;
  // arch_numa's "invalid memblk node" range: %#010Lx in 5.10, %pap (18
  // digits) since the move to drivers/base.
  bool arch_numa_pap_ranges = false;
  // acpi_map_gic_cpu_interface() (arch/arm64/kernel/smp.c): a GICC that is
  // disabled but Online Capable (ACPI 6.5) is a possible CPU (6.12+);
  // before, every disabled GICC is skipped.
  bool gicc_online_capable = false;
  // smp_prepare_cpus() marks only CPUs with an enabled GICC present
  // (acpi_cpu_is_present(), 7.x); 6.12 marks every possible CPU present, the
  // Online Capable ones too (oracle arm64 case 16: cpu.present 0-2, online 0-1).
  bool gicc_present_only_enabled = false;
  // riscv64: acpi_numa_init() and SRAT's RINTC Affinity (arch/riscv/kernel/
  // acpi_numa.c, 6.10+). Before, a riscv64 kernel reads no SRAT: 6.1 has no
  // ACPI on riscv (6.5+), 5.10 no NUMA on riscv (5.12+).
  bool riscv_acpi_numa = false;
  // free_area_init() sets N_MEMORY for every node with present pages, offline
  // ones too (6.12+, alloc_offline_node_data()); before, an offline node is
  // initialised memoryless and skipped. Only LoongArch (whose nodes without
  // CPUs stay offline) has offline nodes with memory at that point.
  bool offline_node_memory = false;
  // loongarch64: init_numa_memory() goes through numa_memblks_init()
  // (7.3's arch/loongarch/kernel/numa.c); 6.1's and 6.12's own numa_meminfo,
  // which assigns memory to nodes by walking the EFI memory map
  // (init_node_memblock()), is not modelled.
  bool loongarch_numa_memblks = false;
};

struct KernelVersion {
  int major = 0, minor = 0;
  friend constexpr auto operator<=>(const KernelVersion&, const KernelVersion&) = default;
};

// "6.8", "6.12.118+deb12-amd64", "5.10.0-32-amd64", "7.3.4+deb13-amd64" -> {major, minor}; nullopt otherwise.
std::optional<KernelVersion> parse_kernel_version(std::string_view text);
// "6.8"
std::string to_string(KernelVersion version);

// One upstream change the model reproduces: the switch it sets, the first
// release that has it, the commit, and what it changes in nodes, distances
// or log lines.
struct UpstreamChange {
  std::string_view key;  // the switch's name, also the Debian backport lists' key
  KernelVersion since;
  std::string_view commit;  // "abcdef012345 (\"subject\")"
  std::string_view what;
  void (*apply)(Profile&);
};
// Every change, oldest first.
std::span<const UpstreamChange> upstream_changes();

// A Debian kernel the oracle boots: its upstream version plus the changes
// Debian backported into it (UpstreamChange::key).
struct BootedProfile {
  std::string_view name;     // "6.1"
  KernelVersion version;
  std::string_view release;  // uname -r of the oracle's boot, "6.1.0-57-amd64"
  std::span<const std::string_view> backports;
};
// Every booted kernel, oldest first.
std::span<const BootedProfile> booted_profiles();

// Oldest version the change list is complete for; below it a warning.
inline constexpr KernelVersion kOldestModelled{4, 19};

struct ResolvedProfile {
  Profile profile;
  std::string nearest_proven;  // the booted profile whose switches differ least (itself for a booted one)
  std::string warning;         // "" if none: set outside kOldestModelled..the newest boot
};
// A profile name ("5.10", "6.1", "6.12", "7.3", "mainline" = the newest boot)
// or an X.Y version; otherwise an error naming the profiles (a usage error:
// the CLI exits 2).
Expected<ResolvedProfile> resolve_profile(std::string_view name_or_version);

// A booted profile, "mainline" or an X.Y version (as resolve_profile() builds
// it); nullptr for anything else. The pointer stays valid.
const Profile* find_profile(std::string_view name);
// Every booted profile, oldest first, then "mainline".
std::span<const Profile> profiles();

}  // namespace numaplan::kernel
