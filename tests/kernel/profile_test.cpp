// Kernel profiles: version parsing, profile names and versions, and the
// switches each booted line gets from its upstream version and backports.
#include "numaplan/kernel/profile.h"

#include <gtest/gtest.h>

#include <set>

namespace numaplan::kernel {
namespace {

TEST(KernelVersion, ParsesReleasesAndVersions) {
  const auto v = [](std::string_view text) {
    const auto version = parse_kernel_version(text);
    return version ? to_string(*version) : std::string("none");
  };
  EXPECT_EQ(v("6.8"), "6.8");
  EXPECT_EQ(v("6.12.118+deb12-amd64"), "6.12");
  EXPECT_EQ(v("5.10.0-32-amd64"), "5.10");
  EXPECT_EQ(v("7.3.4+deb13-amd64"), "7.3");
  EXPECT_EQ(v("4.18.0-553.el8_10.x86_64"), "4.18");
  EXPECT_EQ(v("mainline"), "none");
  EXPECT_EQ(v("6"), "none");
  EXPECT_EQ(v("6."), "none");
  EXPECT_EQ(v(".8"), "none");
  EXPECT_EQ(v("6.8x"), "none");
  EXPECT_EQ(v("0.8"), "none");
  EXPECT_EQ(v("6.1234"), "none");
  EXPECT_EQ(v(""), "none");
}

TEST(KernelProfile, BootedNamesResolveToThemselves) {
  for (const char* name : {"5.10", "6.1", "6.12", "7.3"}) {
    const auto resolved = resolve_profile(name);
    ASSERT_TRUE(resolved.ok()) << name;
    EXPECT_EQ(resolved->profile.name, name);
    EXPECT_EQ(resolved->nearest_proven, name);
    EXPECT_EQ(resolved->warning, "");
  }
}

TEST(KernelProfile, MainlineIsTheNewestBoot) {
  const auto resolved = resolve_profile("mainline");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->profile.name, "mainline");
  EXPECT_EQ(resolved->nearest_proven, "7.3");
  EXPECT_EQ(booted_profiles().back().name, "7.3");
}

// The switches of each booted line, as its source reads.
TEST(KernelProfile, BootedSwitches) {
  const Profile& p510 = *find_profile("5.10");
  EXPECT_TRUE(p510.generic_initiator_affinity);
  EXPECT_FALSE(p510.cfmws_parsed);
  EXPECT_FALSE(p510.hotplug_entries_without_memory_hotplug);
  EXPECT_EQ(p510.node_min_size, 0u);  // Debian 5.10.202 backport
  EXPECT_EQ(p510.coverage, CoverageCheck::e820_ram);
  EXPECT_EQ(p510.table_walker_prefix, "ACPI: ");

  const Profile& p61 = *find_profile("6.1");
  EXPECT_TRUE(p61.cfmws_parsed);
  EXPECT_TRUE(p61.cfmws_nodes_parsed);
  EXPECT_TRUE(p61.hotplug_entries_without_memory_hotplug);
  EXPECT_EQ(p61.cfmws_overlap, CfmwsOverlapRule::fill_memblks);  // Debian 6.1.64 backport
  EXPECT_TRUE(p61.fake_pxm_all_nodes);                          // Debian 6.1.77 backport
  EXPECT_EQ(p61.node_min_size, 0u);
  EXPECT_TRUE(p61.srat_cpu_lines_info);
  EXPECT_FALSE(p61.phys_to_target_node_prefers_reserved);

  const Profile& p612 = *find_profile("6.12");
  EXPECT_FALSE(p612.srat_cpu_lines_info);
  EXPECT_TRUE(p612.cleanup_low_is_dram_start);
  EXPECT_EQ(p612.coverage, CoverageCheck::memblock_nodes);
  EXPECT_EQ(p612.table_walker_prefix, "");
  EXPECT_FALSE(p612.cfmws_reserved_memblk);
  EXPECT_TRUE(p612.phys_to_target_node_prefers_reserved);  // Debian 6.12.75 backport

  const Profile& p73 = *find_profile("7.3");
  EXPECT_TRUE(p73.cfmws_reserved_memblk);
  EXPECT_TRUE(p73.cfmws_alignment_check);
  EXPECT_TRUE(p73.cfmws_needs_cxl_acpi);
  EXPECT_TRUE(p73.memblk_nid_checked_first);
}

// An X.Y gets the upstream changes up to it (no Debian backports) and names
// the booted line whose changes differ least.
TEST(KernelProfile, VersionsBetweenBoots) {
  const auto p515 = resolve_profile("5.15");
  ASSERT_TRUE(p515.ok());
  EXPECT_EQ(p515->profile.name, "5.15");
  EXPECT_FALSE(p515->profile.cfmws_parsed);
  EXPECT_EQ(p515->profile.node_min_size, 4ULL << 20);
  EXPECT_EQ(p515->nearest_proven, "5.10");
  EXPECT_EQ(p515->warning, "");

  const auto p518 = resolve_profile("5.18");
  ASSERT_TRUE(p518.ok());
  EXPECT_TRUE(p518->profile.cfmws_parsed);
  EXPECT_FALSE(p518->profile.cfmws_nodes_parsed);
  EXPECT_EQ(p518->profile.cfmws_overlap, CfmwsOverlapRule::start_address);

  const auto p68 = resolve_profile("6.8");
  ASSERT_TRUE(p68.ok());
  EXPECT_TRUE(p68->profile.srat_cpu_lines_info);
  EXPECT_EQ(p68->profile.coverage, CoverageCheck::memblock_nodes);
  EXPECT_EQ(p68->profile.table_walker_prefix, "");
  EXPECT_FALSE(p68->profile.cleanup_low_is_dram_start);
  EXPECT_EQ(p68->warning, "");

  const auto p616 = resolve_profile("6.16");
  ASSERT_TRUE(p616.ok());
  EXPECT_TRUE(p616->profile.cfmws_reserved_memblk);
  EXPECT_FALSE(p616->profile.cfmws_needs_cxl_acpi);
  EXPECT_EQ(p616->nearest_proven, "6.12");
}

TEST(KernelProfile, OutsideTheModelWarns) {
  const auto old = resolve_profile("4.14");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->nearest_proven, "5.10");
  EXPECT_EQ(old->warning,
            "kernel 4.14 is outside what the model knows (4.19 to 7.3); modelled with the changes up to it, "
            "nearest proven profile 5.10");
  const auto future = resolve_profile("7.9");
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->nearest_proven, "7.3");
  EXPECT_NE(future->warning, "");
  EXPECT_EQ(resolve_profile("4.19")->warning, "");
  EXPECT_EQ(resolve_profile("7.3")->warning, "");
}

TEST(KernelProfile, UnknownNameIsAnError) {
  for (const char* bad : {"5.x", "latest", "6.12.118", "6.1.0-57-amd64", ""}) {
    const auto resolved = resolve_profile(bad);
    ASSERT_FALSE(resolved.ok()) << bad;
    EXPECT_EQ(resolved.error().field, "kernel profile");
    EXPECT_EQ(resolved.error().kind, ErrorKind::usage);
    EXPECT_EQ(resolved.error().message, "unknown kernel profile \"" + std::string(bad) +
                                            "\"; use 5.10, 6.1, 6.12, 7.3, mainline (= 7.3) or a version X.Y");
  }
}

TEST(KernelProfile, ChangesAreOrderedAndKeysUnique) {
  std::set<std::string_view> keys;
  KernelVersion last{0, 0};
  for (const UpstreamChange& change : upstream_changes()) {
    EXPECT_TRUE(keys.insert(change.key).second) << change.key;
    EXPECT_LE(last, change.since) << change.key;
    last = change.since;
  }
  for (const BootedProfile& booted : booted_profiles()) {
    for (std::string_view key : booted.backports) EXPECT_TRUE(keys.contains(key)) << booted.name << ": " << key;
  }
}

}  // namespace
}  // namespace numaplan::kernel
