// The standby-node RFC (20260610014517.253609-2/-3/-4-gourry@gourry.net)
// applied to the kernel model, rule by rule: the counter numa=standby=N
// leaves (kstrtoint), the Kconfig and per-CFMWS counts, the ids, the distance
// table, the dummy fall-back, the pool.
#include <gtest/gtest.h>

#include "numaplan/kernel/dmesg_filter.h"

#include "numaplan/kernel/model.h"
#include "support/oracle_replay.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

// The model's log up to NUMA init: without the memory, setup_percpu,
// fallback-order and distance-table lines (checked against the oracle boots).
std::vector<std::string> numa_init_log(const Layout& layout) {
  std::vector<std::string> out;
  for (const std::string& line : layout.log) {
    const DmesgFamily family = dmesg_family(line);
    if (family == DmesgFamily::numa_init || family == DmesgFamily::none) out.push_back(line);
  }
  return out;
}

using test::Bytes;
constexpr std::uint64_t GiB = 1ULL << 30;

acpi::TableSet tables(std::initializer_list<Bytes> raw) { return test::decode_tables(raw); }

// Nodes 0 and 1 (PXMs 0, 1), 1 GiB each, with a CPU each.
Bytes two_nodes() {
  return test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 1), test::srat_memory(0, 0, GiB),
                     test::srat_memory(1, GiB, GiB)});
}

Config config(std::vector<std::string> cmdline, int standby_nodes = 0, int add_cfmws_nodes = 0,
              const char* profile = "6.12") {
  Config c;
  c.profile = *find_profile(profile);
  c.ram = std::vector<MemRange>{{0, 0x9fc00}, {0x100000, 0x7ffe0000}};
  c.cpus = std::vector<std::uint32_t>{0, 1};
  c.standby_rfc1 = StandbyRfc1{std::move(cmdline), standby_nodes, add_cfmws_nodes, false};
  return c;
}

std::vector<std::string> standby_lines(const Layout& layout) {
  std::vector<std::string> out;
  for (const std::string& line : numa_init_log(layout)) {
    if (line.starts_with("NUMA: standby") || line.starts_with("NUMA: error registering") ||
        line.starts_with("Malformed early option")) {
      out.push_back(line);
    }
  }
  return out;
}

int counter_after(std::vector<std::string> words) {
  return map_numa(tables({two_nodes()}), config(std::move(words)))->standby->cmdline;
}

// numa_standby_cmdline(): kstrtoint(N, 0) writes the counter only when N
// parses, and a negative N is written before -EINVAL refuses it.
TEST(StandbyRfc1, CommandLineCounterFollowsKstrtoint) {
  EXPECT_EQ(counter_after({"3"}), 3);
  EXPECT_EQ(counter_after({"0x4"}), 4);   // base 0: hex
  EXPECT_EQ(counter_after({"010"}), 8);   // base 0: octal
  EXPECT_EQ(counter_after({"+5"}), 5);
  EXPECT_EQ(counter_after({"20"}), 16);   // capped
  EXPECT_EQ(counter_after({"-2"}), -2);   // refused, but already in the counter
  EXPECT_EQ(counter_after({"3", "x4"}), 3);   // malformed: the counter keeps the earlier 3
  EXPECT_EQ(counter_after({"3", ""}), 3);
  EXPECT_EQ(counter_after({"3", "0x"}), 3);   // "0" in base 8, then "x"
  EXPECT_EQ(counter_after({"3", "08"}), 3);   // 8 is no octal digit
  EXPECT_EQ(counter_after({"3", "2147483648"}), 3);  // -ERANGE: not an int
  EXPECT_EQ(counter_after({"3", "-2147483648"}), INT32_MIN);
  EXPECT_EQ(counter_after({"-1", "2"}), 2);
}

TEST(StandbyRfc1, RefusedOptionsPrintMalformedAndNegativeTotalRegistersNone) {
  const Layout layout = *map_numa(tables({two_nodes()}), config({"3", "x", "-2"}));
  EXPECT_EQ(numa_init_log(layout).front(), "Malformed early option 'numa'");
  EXPECT_EQ(standby_lines(layout), (std::vector<std::string>{"Malformed early option 'numa'",
                                                             "Malformed early option 'numa'",
                                                             "NUMA: error registering standby nodes"}));
  EXPECT_EQ(layout.possible.to_list(), "0-1");
  EXPECT_TRUE(layout.standby->pool.empty());
  // -2 plus CONFIG_ACPI_NUMA_STANDBY_NODES=3: one node, and registered == total.
  const Layout mixed = *map_numa(tables({two_nodes()}), config({"-2"}, 3));
  EXPECT_EQ(mixed.standby->pool.to_list(), "2");
  EXPECT_EQ(standby_lines(mixed), (std::vector<std::string>{"Malformed early option 'numa'",
                                                            "NUMA: standby node 2 reserved"}));
}

// The lowest ids not in numa_nodes_parsed, no PXM, possible but not online.
TEST(StandbyRfc1, LowestFreeIdsWithoutPxm) {
  const Layout layout = *map_numa(tables({two_nodes()}), config({"20"}));
  EXPECT_EQ(layout.standby->pool.to_list(), "2-17");
  EXPECT_EQ(layout.possible.to_list(), "0-17");
  EXPECT_EQ(layout.online.to_list(), "0-1");
  EXPECT_EQ(layout.memory.to_list(), "0-1");
  ASSERT_EQ(layout.nodes.size(), 18u);
  EXPECT_EQ(layout.nodes[2].origin, "standby");
  EXPECT_FALSE(layout.nodes[2].has_pxm);
  EXPECT_TRUE(layout.nodes[1].has_pxm);
  const std::vector<std::string> lines = standby_lines(layout);
  ASSERT_EQ(lines.size(), 16u);
  EXPECT_EQ(lines.front(), "NUMA: standby node 2 reserved");
  EXPECT_EQ(lines.back(), "NUMA: standby node 17 reserved");
}

// [2/3] and [3/3]: Kconfig counts only when acpi_numa_init() succeeds;
// a CFMWS SRAT already covers counts too.
TEST(StandbyRfc1, KconfigAndEveryHandledCfmwsWindow) {
  // 0x70000000 overlaps node 1's memory (absorbed); 0x100000000 gets node 2.
  const auto set = tables({two_nodes(), test::cedt_cfmws({{0x70000000, GiB}, {0x100000000, GiB}})});
  const Layout layout = *map_numa(set, config({}, 1, 2));
  ASSERT_EQ(layout.cfmws.size(), 2u);
  EXPECT_TRUE(layout.cfmws[0].absorbed);
  EXPECT_EQ(layout.cfmws[1].node, 2);
  EXPECT_EQ(layout.standby->cfmws_windows, 2);
  EXPECT_EQ(layout.standby->cfmws, 4);
  EXPECT_EQ(layout.standby->kconfig, 1);
  EXPECT_EQ(layout.standby->acpi, 5);
  EXPECT_EQ(layout.standby->pool.to_list(), "3-7");
  EXPECT_EQ(layout.possible.to_list(), "0-7");
}

// 7.1+ reads CFMWS only with CONFIG_CXL_ACPI: no window, no per-window count.
TEST(StandbyRfc1, NoCfmwsCountWithoutCxlAcpi) {
  Config c = config({}, 1, 2, "mainline");
  c.cxl_acpi = false;
  const Layout layout = *map_numa(tables({two_nodes(), test::cedt_cfmws({{0x100000000, GiB}})}), c);
  EXPECT_EQ(layout.standby->cfmws_windows, 0);
  EXPECT_EQ(layout.standby->cfmws, 0);
  EXPECT_EQ(layout.standby->pool.to_list(), "2");
}

// "Too many proximity domains" ends the CEDT walk: that window and the ones
// after it add nothing; no id is left for the standby nodes (MAX_NUMNODES 4).
TEST(StandbyRfc1, FailedCfmwsWindowNotCountedAndTooFewIds) {
  Config c = config({}, 0, 1);
  c.nodes_shift = 2;
  const auto set = tables(
      {two_nodes(), test::cedt_cfmws({{0x100000000, GiB}, {0x200000000, GiB}, {0x300000000, GiB}, {0x400000000, GiB}})});
  const Layout layout = *map_numa(set, c);
  EXPECT_EQ(layout.standby->cfmws_windows, 2);
  EXPECT_EQ(layout.standby->cfmws, 2);
  EXPECT_EQ(layout.possible.to_list(), "0-3");
  EXPECT_TRUE(layout.standby->pool.empty());
  EXPECT_EQ(standby_lines(layout), (std::vector<std::string>{"NUMA: error registering standby nodes"}));
}

// numa=off and numa=noacpi: the dummy node only; the command-line count
// still applies (nodes 1..N), the Kconfig count does not.
TEST(StandbyRfc1, DummyNodeKeepsOnlyTheCommandLineCount) {
  Config off = config({"2"}, 3);
  off.numa_off = true;
  const Layout layout = *map_numa(tables({two_nodes()}), off);
  EXPECT_FALSE(layout.numa_from_srat);
  EXPECT_EQ(layout.standby->pool.to_list(), "1-2");
  EXPECT_EQ(layout.standby->acpi, 0);
  EXPECT_EQ(numa_init_log(layout), (std::vector<std::string>{"NUMA turned off",
                                                  "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]",
                                                  "NUMA: standby node 1 reserved", "NUMA: standby node 2 reserved"}));
  EXPECT_EQ(layout.nodes[0].origin, "dummy");
  EXPECT_EQ(layout.nodes[1].origin, "standby");
  EXPECT_EQ(layout.distance_table_nodes, 0);  // no table to rebuild: __node_distance() answers 20
}

// The coverage check fails after the standby nodes were made: the SRAT
// attempt's lines stay in the log, its nodes are not possible, and the
// dummy attempt makes the command-line ones again.
TEST(StandbyRfc1, CoverageFallBackAfterStandbyNodes) {
  Config c = config({"1"}, 2);
  c.ram = std::vector<MemRange>{{0, 0x9fc00}, {0x100000, 0x7ffe0000}, {0x100000000, 0x180000000}};
  const Layout layout = *map_numa(tables({test::srat({test::srat_memory(0, 0, GiB)})}), c);
  EXPECT_FALSE(layout.numa_from_srat);
  EXPECT_EQ(numa_init_log(layout), (std::vector<std::string>{"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x3fffffff]",
                                                  "NUMA: standby node 1 reserved", "NUMA: standby node 2 reserved",
                                                  "NUMA: standby node 3 reserved",
                                                  "NUMA: no nodes coverage for 3071MB of 4095MB RAM",
                                                  "No NUMA configuration found",
                                                  "Faking a node at [mem 0x0000000000000000-0x000000017fffffff]",
                                                  "NUMA: standby node 1 reserved"}));
  EXPECT_EQ(layout.standby->candidates.to_list(), "1-3");
  EXPECT_EQ(layout.standby->pool.to_list(), "1");
  EXPECT_EQ(layout.possible.to_list(), "0-1");
}

// A standby id beyond the SLIT's table: rebuilt, old entries kept, 20 for
// the new ones, 10 to themselves.
TEST(StandbyRfc1, DistanceTableRebuiltForStandbyIds) {
  const auto set = tables({two_nodes(), test::slit(2, {10, 21, 21, 10})});
  const Layout layout = *map_numa(set, config({"2"}));
  EXPECT_EQ(layout.distance_table_nodes, 4);
  EXPECT_EQ(test::distance_matrix(layout),
            (std::vector<std::vector<int>>{{10, 21, 20, 20}, {21, 10, 20, 20}, {20, 20, 10, 20}, {20, 20, 20, 10}}));
  Config failing = config({"2"});
  failing.standby_rfc1->saved_distance_alloc_fails = true;
  const Layout kept = *map_numa(set, failing);
  EXPECT_EQ(kept.distance_table_nodes, 2);
  EXPECT_EQ(numa_init_log(kept).back(), "NUMA: standby nodes will use default distances");
}

TEST(StandbyRfc1, RequestExclusiveNodeHandsOutTheLowestFirst) {
  NodeMask pool = map_numa(tables({two_nodes()}), config({"2"}))->standby->pool;
  EXPECT_EQ(numa_request_exclusive_node(pool), 2);
  EXPECT_EQ(numa_request_exclusive_node(pool), 3);
  EXPECT_EQ(numa_request_exclusive_node(pool), -1);
  EXPECT_TRUE(pool.empty());
}

// Without the patch nothing changes and nothing is reported.
TEST(StandbyRfc1, UnpatchedKernelHasNoStandbyReport) {
  Config c = config({"2"});
  c.standby_rfc1.reset();
  const Layout layout = *map_numa(tables({two_nodes()}), c);
  EXPECT_FALSE(layout.standby.has_value());
  EXPECT_EQ(layout.possible.to_list(), "0-1");
}

}  // namespace
}  // namespace numaplan::kernel
