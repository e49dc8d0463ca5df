#include "numaplan/kernel/profile.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <mutex>
#include <vector>

namespace numaplan::kernel {

namespace {

// The upstream changes the model reproduces, oldest first. Each was read in
// the kernel sources of the four booted lines (5.10, 6.1, 6.12, 7.3); the
// commit is the upstream one: its subject (and id where known), read from
// Debian's changelogs; "unchecked subject" where no offline source names it
// (the version is still checked: the change is absent from the older booted
// source and present in the newer one).
constexpr std::array kChanges{
    UpstreamChange{"generic_initiator_affinity", {5, 10},
                   "\"ACPI: Support Generic Initiator only domains\"",
                   "acpi_numa_init() registers acpi_parse_gi_affinity(): SRAT Generic Initiator entries take a node "
                   "(and a disabled one stops the CPU handlers of the walk)",
                   [](Profile& p) { p.generic_initiator_affinity = true; }},
    UpstreamChange{"arch_numa_common", {5, 11},
                   "\"arm64, numa: Move numa implementation to common code\" (drivers/base/arch_numa.c); unchecked "
                   "release: absent from 5.10's tree (arch/arm64/mm/numa.c), present in 6.1's",
                   "arm64: \"Failed to initialise from firmware\" takes pr_fmt \"NUMA: \" instead of \"ACPI: NUMA: "
                   "\", and \"invalid memblk node\" prints its range with %pap (18 digits)",
                   [](Profile& p) {
                     p.arch_numa_failed_line = ArchNumaFailedLine::numa;
                     p.arch_numa_pap_ranges = true;
                   }},
    UpstreamChange{"fallback_order_printed", {5, 14},
                   "unchecked subject: \"mm/page_alloc: print node fallback order\"",
                   "build_zonelists() prints \"Fallback order for Node %d: \" with the node list; before, the "
                   "allocator's fallback order is not in dmesg",
                   [](Profile& p) { p.fallback_order_printed = true; }},
    UpstreamChange{"node_load_accumulated", {5, 16},
                   "unchecked subject: \"mm/page_alloc: use accumulated load when building node fallback list\"",
                   "build_zonelists() adds 1 to node_load[] of the first node of each distance group; before, it "
                   "set it to the count of online nodes not yet listed (another round robin among equal distances)",
                   [](Profile& p) { p.node_load_accumulated = true; }},
    UpstreamChange{"cfmws_parsed", {5, 17},
                   "fd49f99c1809 (\"ACPI: NUMA: Add a node and memblk for each CFMWS not in SRAT\")",
                   "acpi_numa_init() walks CEDT: each CFMWS window SRAT does not describe gets a node and a memblk; "
                   "before, CXL windows make no nodes",
                   [](Profile& p) { p.cfmws_parsed = true; }},
    UpstreamChange{"pgdat_for_possible_nodes", {5, 17},
                   "unchecked subject: \"mm: handle uninitialized numa nodes gracefully\" and its series",
                   "free_area_init() initialises offline possible nodes (\"Initializing node %d as memoryless\", "
                   "\"Initmem setup node %d as memoryless\") and every possible node gets a zonelist (and a "
                   "\"Fallback order\" line); before, only online nodes, and a CPU or GI node without memory is "
                   "initialised by x86 init_cpu_to_node() (\"Initmem setup node %d [mem 0x0000000000000000-...]\")",
                   [](Profile& p) {
                     p.pgdat_for_possible_nodes = true;
                     p.initializing_memoryless_line = true;
                   }},
    UpstreamChange{"online_capable_checked", {5, 18},
                   "unchecked release (absent from 5.10's arch/x86/kernel/acpi/boot.c, present in 6.1's): "
                   "\"x86/ACPI: Don't add CPUs that are not online capable\"",
                   "acpi_parse_lapic() and acpi_parse_x2apic() skip an entry acpi_is_processor_usable() rejects: a "
                   "disabled entry of ACPI 6.3+ firmware without Online Capable is no CPU; before, every disabled "
                   "entry is a hotplug CPU",
                   [](Profile& p) { p.online_capable_checked = true; }},
    UpstreamChange{"hotplug_entries_without_memory_hotplug", {6, 1},
                   "unchecked subject: acpi_numa_memory_affinity_init() masks the hot-pluggable flag with "
                   "IS_ENABLED(CONFIG_MEMORY_HOTPLUG); the change lies between 5.10 and 6.1 (both read), placed at "
                   "6.1, the first release proven to have it",
                   "without CONFIG_MEMORY_HOTPLUG a hot-pluggable SRAT memory entry is kept as plain memory; before, "
                   "it was skipped (no node, no line)",
                   [](Profile& p) { p.hotplug_entries_without_memory_hotplug = true; }},
    UpstreamChange{"cfmws_nodes_parsed", {6, 1},
                   "\"ACPI: NUMA: Add CXL CFMWS 'nodes' to the possible nodes set\" (also 6.0.8)",
                   "acpi_parse_cfmws() sets the window's node in numa_nodes_parsed: CFMWS nodes are possible nodes "
                   "with a distance-table row; before, they vanished with their block in numa_cleanup_meminfo()",
                   [](Profile& p) { p.cfmws_nodes_parsed = true; }},
    UpstreamChange{"memoryless_local_node_skipped", {6, 3},
                   "unchecked subject and version (absent from 6.1, present in 6.12): find_next_best_node() skips "
                   "a memoryless local node",
                   "a node without memory is not first in its own fallback list (\"Fallback order for Node 1: 2 0\", "
                   "before \"1 2 0\")",
                   [](Profile& p) { p.memoryless_local_node_skipped = true; }},
    UpstreamChange{"node_min_size_dropped", {6, 7},
                   "\"x86/mm: Drop the 4 MB restriction on minimal NUMA node memory size\"",
                   "numa_register_memblks() allocates NODE_DATA for every node with memory; before, nodes under "
                   "4 MiB (NODE_MIN_SIZE) stayed offline",
                   [](Profile& p) { p.node_min_size = 0; }},
    UpstreamChange{"cfmws_fill_memblks", {6, 7},
                   "8f012db27c95 (\"x86/numa: Introduce numa_fill_memblks()\") + \"ACPI/NUMA: Apply SRAT proximity "
                   "domain to entire CFMWS window\"",
                   "acpi_parse_cfmws(): a window overlapping SRAT memory anywhere stretches those blocks over the "
                   "window; before, only a window whose start SRAT covers was skipped",
                   [](Profile& p) { p.cfmws_overlap = CfmwsOverlapRule::fill_memblks; }},
    UpstreamChange{"x2apic_below_ff_ignored", {6, 7},
                   "unchecked release (absent from 6.1's arch/x86/kernel/acpi/boot.c, present in 6.12's): "
                   "ec9aedb2aa1a (\"x86/acpi: Ignore invalid x2APIC entries\") with d5a10b97 (\"x86/acpi: Handle "
                   "bogus MADT APIC tables gracefully\")",
                   "acpi_parse_x2apic() ignores an x2APIC entry with an id below 0xFF when acpi_check_lapic() found "
                   "a usable Local APIC entry with a valid id (has_lapic_cpus); before, such an entry is a CPU. "
                   "Not modelled: until \"x86/acpi: Fix LAPIC/x2APIC parsing order\" the kernel registered all "
                   "Local APIC entries before the x2APIC ones (numbering of mixed tables)",
                   [](Profile& p) { p.x2apic_below_ff_ignored_with_lapic = true; }},
    UpstreamChange{"fake_pxm_all_nodes", {6, 8},
                   "\"ACPI: NUMA: Fix the logic of getting the fake_pxm value\"",
                   "acpi_numa_init() takes the first CFMWS PXM after the PXMs of all MAX_NUMNODES nodes; before, "
                   "the last node's PXM was not looked at",
                   [](Profile& p) { p.fake_pxm_all_nodes = true; }},
    UpstreamChange{"memblock_coverage", {6, 8},
                   "unchecked subject: x86 numa_meminfo_cover_memory() replaced by memblock_validate_numa_coverage()",
                   "the RAM coverage check counts memblock RAM without a node: \"NUMA: no nodes coverage for %luMB "
                   "of %luMB RAM\"; before, \"NUMA: nodes only cover %LuMB of your %LuMB e820 RAM. Not used.\"",
                   [](Profile& p) { p.coverage = CoverageCheck::memblock_nodes; }},
    UpstreamChange{"fw_table_walker", {6, 8},
                   "\"acpi: Move common tables helper functions to common lib\" (lib/fw_table.c)",
                   "the subtable walker's messages lose drivers/acpi/tables.c's \"ACPI: \" prefix",
                   [](Profile& p) { p.table_walker_prefix = ""; }},
    UpstreamChange{"topology_cpus", {6, 9},
                   "unchecked subject and release (6.1 has arch/x86/kernel/smpboot.c prefill_possible_map(), 6.12 "
                   "arch/x86/kernel/cpu/topology.c topology_init_possible_cpus()): the x86 CPU topology rework",
                   "topology_register_apic() counts a present APIC id once and every usable disabled entry once; "
                   "topology_init_possible_cpus() prints \"CPU topo: Allowing %u present CPUs plus %u hotplug "
                   "CPUs\" and numbers the hotplug CPUs by APIC id; before, generic_processor_info() counted every "
                   "present entry (an id listed twice makes one more possible CPU) and prefill_possible_map() "
                   "printed \"smpboot: Allowing %d CPUs, %d hotplug CPUs\"",
                   [](Profile& p) { p.topology_cpus = true; }},
    UpstreamChange{"riscv_acpi_numa", {6, 10},
                   "unchecked subject and release: the \"RISC-V: ACPI: Enable NUMA\" series (arch/riscv/kernel/"
                   "acpi_numa.c; absent from 6.1's tree, present in 6.12's), placed at 6.10",
                   "riscv64: acpi_numa_init() runs from arch_numa's numa_init() and SRAT's RINTC Affinity entries "
                   "make nodes (\"ACPI: NUMA: SRAT: PXM %d -> HARTID 0x%lx -> Node %d\"); before, a riscv64 kernel "
                   "reads no SRAT (6.1 has no ACPI on riscv, 5.10 no NUMA on riscv)",
                   [](Profile& p) { p.riscv_acpi_numa = true; }},
    UpstreamChange{"gicc_online_capable", {6, 11},
                   "unchecked subject and release: arm64 acpi_map_gic_cpu_interface() tests "
                   "ACPI_MADT_GICC_ONLINE_CAPABLE in 6.12's arch/arm64/kernel/smp.c, not in 6.1's",
                   "arm64: a disabled GICC with Online Capable set takes a logical CPU number (possible, not present)",
                   [](Profile& p) { p.gicc_online_capable = true; }},
    UpstreamChange{"numa_memblks", {6, 12},
                   "\"mm: introduce numa_memblks\", \"arch_numa: switch over to numa_memblks\"; unchecked subject: "
                   "the SRAT CPU lines and arm64's \"Failed to initialise from firmware\" made pr_debug",
                   "numa_cleanup_meminfo() clamps blocks to memblock_start_of_DRAM() (0x1000 on x86), not 0; the "
                   "\"SRAT: PXM %u -> APIC 0x%02x -> Node %u\" lines become pr_debug (not in dmesg); arm64 cleans "
                   "up numa_meminfo and checks coverage with memblock_validate_numa_coverage(0)",
                   [](Profile& p) {
                     p.cleanup_low_is_dram_start = true;
                     p.srat_cpu_lines_info = false;
                     p.memblock_unset_nid_is_no_node = true;
                     p.arch_numa_memblks = true;
                     p.arch_numa_failed_line = ArchNumaFailedLine::debug;
                   }},
    UpstreamChange{"offline_node_data", {6, 12},
                   "unchecked subject: free_area_init() takes offline nodes' pgdat from alloc_offline_node_data()",
                   "the \"Initializing node %d as memoryless\" line is gone; \"Initmem setup node %d as "
                   "memoryless\" stays; an offline node with present pages gets N_MEMORY",
                   [](Profile& p) {
                     p.initializing_memoryless_line = false;
                     p.offline_node_memory = true;
                   }},
    UpstreamChange{"gicc_present_only_enabled", {6, 13},
                   "unchecked subject and release: arm64 smp_prepare_cpus() tests acpi_cpu_is_present() in 7.3's "
                   "arch/arm64/kernel/smp.c, not in 6.12's; placed at 6.13, right after the last release without it",
                   "arm64: a disabled Online Capable GICC's CPU is possible but no longer present",
                   [](Profile& p) { p.gicc_present_only_enabled = true; }},
    UpstreamChange{"cfmws_reserved_memblk", {6, 16},
                   "unchecked subjects: acpi_parse_cfmws() calls numa_add_reserved_memblk() and "
                   "memory_block_advise_max_size()",
                   "acpi_parse_cfmws() adds a window's block to numa_reserved_meminfo (never merged with later "
                   "blocks) and prints \"ACPI: CFMWS: [BIOS BUG] base/size alignment violates spec\" when the "
                   "window's base or end is not 256 MiB aligned",
                   [](Profile& p) {
                     p.cfmws_reserved_memblk = true;
                     p.cfmws_alignment_check = true;
                   }},
    UpstreamChange{"distance_table_line_debug", {6, 17},
                   "unchecked subject: numa_alloc_distance() prints its line with pr_debug",
                   "\"NUMA: Initialized distance table, cnt=%d\" (KERN_DEBUG, in dmesg) is no longer printed",
                   [](Profile& p) { p.distance_table_line = false; }},
    UpstreamChange{"disabled_cpu_needs_hypervisor", {7, 0},
                   "\"x86/acpi/boot: Correct acpi_is_processor_usable() check again\" (Debian's 6.12 changelog names "
                   "it in 6.12.85, a stable backport; absent from 6.1's arch/x86/kernel/acpi/boot.c, present in "
                   "6.12.118's and 7.3's); unchecked release: after 6.12, placed at 7.0 by the date of the backport",
                   "acpi_is_processor_usable() takes a disabled Local APIC/x2APIC entry of pre-ACPI 6.3 firmware "
                   "as a hotplug CPU only under a hypervisor (\"QEMU expects legacy Enabled=0 LAPIC entries\"); "
                   "on bare metal it is no CPU, so fewer CPUs are possible",
                   [](Profile& p) { p.disabled_cpu_needs_hypervisor = true; }},
    UpstreamChange{"phys_to_target_node_reserved", {7, 0},
                   "\"mm: numa_memblks: Identify the accurate NUMA ID of CFMW\"",
                   "phys_to_target_node() prefers the node of a numa_reserved_meminfo block over a numa_meminfo one",
                   [](Profile& p) { p.phys_to_target_node_prefers_reserved = true; }},
    UpstreamChange{"cfmws_needs_cxl_acpi", {7, 1},
                   "unchecked subject: acpi_numa_init() gates acpi_table_parse_cedt() on CONFIG_CXL_ACPI",
                   "acpi_numa_init() walks CEDT only if IS_ENABLED(CONFIG_CXL_ACPI) (=y or =m)",
                   [](Profile& p) { p.cfmws_needs_cxl_acpi = true; }},
    UpstreamChange{"free_area_init_in_mm_core", {7, 3},
                   "unchecked subject and release: 6.12's x86 paging_init() -> zone_sizes_init() calls "
                   "free_area_init(), 7.3's mm_core_init_early() does (mm/mm_init.c), placed at 7.3, the first "
                   "release proven to have it",
                   "free_area_init() runs after setup_arch(): its \"Initmem setup node\" lines come after the MADT "
                   "walk's CPU lines (\"CPU topo: Allowing ...\"); before, ahead of them",
                   [](Profile& p) { p.free_area_init_after_setup_arch = true; }},
    UpstreamChange{"loongarch_numa_memblks", {7, 3},
                   "unchecked subject and release: LoongArch's init_numa_memory() calls numa_memblks_init() in 7.3's "
                   "arch/loongarch/kernel/numa.c, not in 6.12's; placed at 7.3, the first release read with it",
                   "loongarch64: numa_meminfo is the generic one (cleaned up, memblock node ids set from it), then "
                   "memblock_validate_numa_coverage(SZ_1M); only nodes with a CPU go online. Before, LoongArch's own "
                   "numa_meminfo (not modelled)",
                   [](Profile& p) { p.loongarch_numa_memblks = true; }},
    UpstreamChange{"memblk_nid_checked_first", {7, 3},
                   "unchecked subject: numa_add_memblk() sets numa_nodes_parsed, numa_nodemask_from_meminfo() removed",
                   "numa_add_memblk_to() rejects an invalid node id first, with -EINVAL (\"Warning: invalid memblk "
                   "node id %d ...\"), and warns of a start past the end as \"Warning: invalid memblk range for "
                   "node %d ...\"; numa_add_memblk() sets numa_nodes_parsed itself",
                   [](Profile& p) { p.memblk_nid_checked_first = true; }},
};

// Debian's kernels: the upstream version, plus what Debian (through the
// stable series) backported, read from each package's changelog.Debian and
// checked in its source.
constexpr std::array<std::string_view, 1> k510Backports{
    "node_min_size_dropped",  // 5.10.202
};
constexpr std::array<std::string_view, 3> k61Backports{
    "node_min_size_dropped",  // 6.1.64
    "cfmws_fill_memblks",     // 6.1.64, with the 6.1.93 sort fix
    "fake_pxm_all_nodes",     // 6.1.77
};
constexpr std::array<std::string_view, 2> k612Backports{
    "phys_to_target_node_reserved",   // 6.12.75
    "disabled_cpu_needs_hypervisor",  // 6.12.85
};

constexpr std::array kBooted{
    BootedProfile{"5.10", {5, 10}, "5.10.0-32-amd64", k510Backports},
    BootedProfile{"6.1", {6, 1}, "6.1.0-57-amd64", k61Backports},
    BootedProfile{"6.12", {6, 12}, "6.12.118+deb12-amd64", k612Backports},
    BootedProfile{"7.3", {7, 3}, "7.3.4+deb13-amd64", {}},
};
constexpr std::string_view kMainline = "mainline";  // the newest booted profile

// The keys of the changes a version has: upstream ones plus backports.
std::vector<std::string_view> changes_of(KernelVersion version, std::span<const std::string_view> backports) {
  std::vector<std::string_view> keys;
  for (const UpstreamChange& change : kChanges) {
    if (change.since <= version || std::find(backports.begin(), backports.end(), change.key) != backports.end()) {
      keys.push_back(change.key);
    }
  }
  return keys;
}

Profile build(std::string name, const std::vector<std::string_view>& keys) {
  Profile profile;
  profile.name = std::move(name);
  for (const UpstreamChange& change : kChanges) {
    if (std::find(keys.begin(), keys.end(), change.key) != keys.end()) change.apply(profile);
  }
  return profile;
}

Profile build_booted(const BootedProfile& booted, std::string name) {
  return build(std::move(name), changes_of(booted.version, booted.backports));
}

// The booted profile whose change set differs from `keys` in the fewest
// changes; on a tie the one whose version is closest, the older one first.
const BootedProfile& nearest_booted(KernelVersion version, const std::vector<std::string_view>& keys) {
  const BootedProfile* best = nullptr;
  std::size_t best_diff = 0;
  int best_distance = 0;
  for (const BootedProfile& booted : kBooted) {
    const std::vector<std::string_view> theirs = changes_of(booted.version, booted.backports);
    std::size_t diff = 0;
    for (std::string_view key : keys) diff += std::find(theirs.begin(), theirs.end(), key) == theirs.end();
    for (std::string_view key : theirs) diff += std::find(keys.begin(), keys.end(), key) == keys.end();
    const int distance = std::abs((booted.version.major - version.major) * 100 + booted.version.minor - version.minor);
    if (best == nullptr || diff < best_diff || (diff == best_diff && distance < best_distance)) {
      best = &booted;
      best_diff = diff;
      best_distance = distance;
    }
  }
  return *best;
}

std::string profile_names() {
  std::string out;
  for (const BootedProfile& booted : kBooted) out += std::string(booted.name) + ", ";
  return out + std::string(kMainline) + " (= " + std::string(kBooted.back().name) + ") or a version X.Y";
}

// One decimal number of at most 3 digits at text[at]; advances at.
std::optional<int> parse_number(std::string_view text, std::size_t& at) {
  std::size_t end = at;
  while (end < text.size() && end - at < 4 && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == at || end - at > 3) return std::nullopt;
  int value = 0;
  std::from_chars(text.data() + at, text.data() + end, value);
  at = end;
  return value;
}

}  // namespace

std::optional<KernelVersion> parse_kernel_version(std::string_view text) {
  std::size_t at = 0;
  const std::optional<int> major = parse_number(text, at);
  if (!major || at >= text.size() || text[at] != '.') return std::nullopt;
  ++at;
  const std::optional<int> minor = parse_number(text, at);
  if (!minor) return std::nullopt;
  // After X.Y: the end, or a sublevel / Debian ABI / local version.
  if (at < text.size() && text[at] != '.' && text[at] != '-' && text[at] != '+') return std::nullopt;
  if (*major == 0) return std::nullopt;
  return KernelVersion{*major, *minor};
}

std::string to_string(KernelVersion version) {
  return std::to_string(version.major) + "." + std::to_string(version.minor);
}

std::span<const UpstreamChange> upstream_changes() { return kChanges; }

namespace {
constexpr std::array<std::pair<Arch, std::string_view>, 4> kArchNames{{
    {Arch::x86_64, "x86_64"}, {Arch::arm64, "arm64"}, {Arch::riscv64, "riscv64"}, {Arch::loongarch64, "loongarch64"}}};
}  // namespace

std::string_view to_string(Arch arch) {
  for (const auto& [value, name] : kArchNames) {
    if (value == arch) return name;
  }
  return "?";
}

std::optional<Arch> parse_arch(std::string_view name) {
  for (const auto& [value, arch_name] : kArchNames) {
    if (arch_name == name) return value;
  }
  return std::nullopt;
}

std::span<const BootedProfile> booted_profiles() { return kBooted; }

Expected<ResolvedProfile> resolve_profile(std::string_view name_or_version) {
  if (name_or_version == kMainline) {
    return ResolvedProfile{build_booted(kBooted.back(), std::string(kMainline)), std::string(kBooted.back().name), ""};
  }
  for (const BootedProfile& booted : kBooted) {
    if (booted.name == name_or_version) return ResolvedProfile{build_booted(booted, std::string(booted.name)), std::string(booted.name), ""};
  }
  const std::optional<KernelVersion> version = parse_kernel_version(name_or_version);
  if (!version || to_string(*version) != name_or_version) {
    return make_error(ErrorKind::usage, "kernel profile",
                      "unknown kernel profile \"" + std::string(name_or_version) + "\"; use " + profile_names());
  }
  const std::vector<std::string_view> keys = changes_of(*version, {});
  ResolvedProfile out{build(std::string(name_or_version), keys), std::string(nearest_booted(*version, keys).name), ""};
  if (*version < kOldestModelled || *version > kBooted.back().version) {
    out.warning = "kernel " + std::string(name_or_version) + " is outside what the model knows (" +
                  to_string(kOldestModelled) + " to " + to_string(kBooted.back().version) +
                  "); modelled with the changes up to it, nearest proven profile " + out.nearest_proven;
  }
  return out;
}

const Profile* find_profile(std::string_view name) {
  for (const Profile& profile : profiles()) {
    if (profile.name == name) return &profile;
  }
  // An X.Y: built once and kept, so callers may hold the pointer (std::map
  // nodes never move); the mutex lets threads look profiles up at once.
  static std::mutex lock;
  static std::map<std::string, Profile, std::less<>> versions;
  const std::lock_guard<std::mutex> hold(lock);
  if (const auto it = versions.find(name); it != versions.end()) return &it->second;
  const Expected<ResolvedProfile> resolved = resolve_profile(name);
  if (!resolved.ok()) return nullptr;
  return &versions.emplace(std::string(name), resolved->profile).first->second;
}

std::span<const Profile> profiles() {
  static const std::vector<Profile> all = [] {
    std::vector<Profile> out;
    for (const BootedProfile& booted : kBooted) out.push_back(build_booted(booted, std::string(booted.name)));
    out.push_back(build_booted(kBooted.back(), std::string(kMainline)));
    return out;
  }();
  return all;
}

}  // namespace numaplan::kernel
