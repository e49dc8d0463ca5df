// Kernel profiles: what differs between the kernels `map` reproduces. One
// table of switches per kernel; the model reads switches, never versions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

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

struct Profile {
  std::string_view name;
  // arch/x86/mm/srat.c prints "SRAT: PXM %u -> APIC 0x%02x -> Node %u" with
  // pr_info (<= 6.11); 6.12 made it pr_debug, which dmesg does not show.
  bool srat_cpu_lines_info = true;
  CfmwsOverlapRule cfmws_overlap = CfmwsOverlapRule::fill_memblks;
  CoverageCheck coverage = CoverageCheck::e820_ram;
  // numa_cleanup_meminfo() clamps block starts to 0 (x86, <= 6.11) or to
  // memblock_start_of_DRAM() (mm/numa_memblks.c, 6.12+; 0x1000 on x86 since
  // the first page is never RAM to memblock).
  bool cleanup_low_is_dram_start = false;
  // numa_add_reserved_memblk() for CFMWS blocks (6.16+): the block goes
  // straight to numa_reserved_meminfo, so later windows never merge into it.
  bool cfmws_reserved_memblk = false;
  // acpi_numa_init() parses CEDT only if IS_ENABLED(CONFIG_CXL_ACPI) (2026).
  bool cfmws_needs_cxl_acpi = false;
  // x86 numa_register_memblks(): nodes with less memory than NODE_MIN_SIZE
  // (4 MiB) get no NODE_DATA and stay offline (removed in 6.12's
  // numa_register_nodes()). 0: no minimum.
  std::uint64_t node_min_size = 0;
  // The subtable walker's messages ("[SRAT:0x01] Invalid zero length"):
  // drivers/acpi/tables.c prints them with pr_fmt "ACPI: " (6.1); since 6.8
  // the walker lives in lib/fw_table.c, which has no prefix.
  std::string_view table_walker_prefix = "ACPI: ";
};

// "6.1", "6.12" or "mainline"; nullptr for anything else.
const Profile* find_profile(std::string_view name);
// Every profile, oldest first.
std::span<const Profile> profiles();

}  // namespace numaplan::kernel
