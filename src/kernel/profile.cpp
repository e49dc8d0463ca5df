#include "numaplan/kernel/profile.h"

#include <algorithm>
#include <array>

namespace numaplan::kernel {

namespace {

// Debian's 6.1 carries the numa_fill_memblks backports (6.1.64-1, 6.1.94-1),
// so its CFMWS rule is the v6.7 one; the oracle shows no kernel with the
// start-address rule.
constexpr std::array kProfiles{
    Profile{.name = "6.1",
            .srat_cpu_lines_info = true,
            .cfmws_overlap = CfmwsOverlapRule::fill_memblks,
            .coverage = CoverageCheck::e820_ram,
            .cleanup_low_is_dram_start = false,
            .cfmws_reserved_memblk = false,
            .cfmws_needs_cxl_acpi = false,
            .node_min_size = 4ULL << 20,
            .table_walker_prefix = "ACPI: "},
    Profile{.name = "6.12",
            .srat_cpu_lines_info = false,
            .cfmws_overlap = CfmwsOverlapRule::fill_memblks,
            .coverage = CoverageCheck::memblock_nodes,
            .cleanup_low_is_dram_start = true,
            .cfmws_reserved_memblk = false,
            .cfmws_needs_cxl_acpi = false,
            .node_min_size = 0,
            .table_walker_prefix = ""},
    Profile{.name = "mainline",
            .srat_cpu_lines_info = false,
            .cfmws_overlap = CfmwsOverlapRule::fill_memblks,
            .coverage = CoverageCheck::memblock_nodes,
            .cleanup_low_is_dram_start = true,
            .cfmws_reserved_memblk = true,
            .cfmws_needs_cxl_acpi = true,
            .node_min_size = 0,
            .table_walker_prefix = ""},
};

}  // namespace

const Profile* find_profile(std::string_view name) {
  const auto* it = std::find_if(kProfiles.begin(), kProfiles.end(), [&](const Profile& p) { return p.name == name; });
  return it == kProfiles.end() ? nullptr : &*it;
}

std::span<const Profile> profiles() { return kProfiles; }

}  // namespace numaplan::kernel
