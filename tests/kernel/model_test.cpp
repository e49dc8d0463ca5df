// The kernel model rule by rule, on small synthetic tables: exact node ids,
// PXMs, ranges, distances and log lines.
#include "numaplan/kernel/model.h"

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <random>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/page_alloc.h"
#include "numaplan/support/bytes.h"
#include "support/oracle_replay.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

using test::Bytes;
constexpr std::uint64_t GiB = 1ULL << 30;

acpi::TableSet tables(std::initializer_list<Bytes> raw) { return test::decode_tables(raw); }

// QEMU's q35 e820 for -m 2G.
std::vector<MemRange> q35_2g() { return {{0, 0x9fc00}, {0x100000, 0x7ffe0000}}; }

// The NUMA init lines of the model's log (what these tests are about; the
// memory and fallback-order lines are checked against every oracle boot).
std::vector<std::string> numa_init_log(const Layout& layout) {
  std::vector<std::string> out;
  for (const std::string& line : layout.log) {
    if (dmesg_family(line) == DmesgFamily::numa_init) out.push_back(line);
  }
  return out;
}

Config config(const char* profile = "6.1") {
  Config c;
  c.profile = *find_profile(profile);
  c.ram = q35_2g();
  c.cpus = std::vector<std::uint32_t>{0, 1};
  return c;
}

// SLIT with `d` localities and the matrix row by row.
Bytes slit(std::uint64_t d, const std::vector<std::uint8_t>& matrix) {
  Bytes body(8);
  write_le(body, 0, 8, d);
  body.insert(body.end(), matrix.begin(), matrix.end());
  return test::acpi_table("SLIT", 1, body);
}

// CEDT with one CFMWS per window.
const auto cedt = &test::cedt_cfmws;

Bytes two_nodes() {
  return test::srat({test::srat_local_apic(5, 0), test::srat_local_apic(2, 1), test::srat_memory(5, 0, 0xa0000),
                     test::srat_memory(5, 0x100000, GiB - 0x100000), test::srat_memory(2, GiB, GiB)});
}

TEST(KernelProfile, Lookup) {
  ASSERT_NE(find_profile("6.1"), nullptr);
  EXPECT_TRUE(find_profile("6.1")->srat_cpu_lines_info);
  EXPECT_FALSE(find_profile("6.12")->srat_cpu_lines_info);
  EXPECT_TRUE(find_profile("mainline")->cfmws_needs_cxl_acpi);
  EXPECT_FALSE(find_profile("5.10")->cfmws_parsed);
  ASSERT_NE(find_profile("6.8"), nullptr);
  EXPECT_EQ(find_profile("6.8"), find_profile("6.8"));
  EXPECT_EQ(find_profile("6.8")->coverage, CoverageCheck::memblock_nodes);
  EXPECT_EQ(find_profile("6.x"), nullptr);
  ASSERT_EQ(profiles().size(), 5u);
  EXPECT_EQ(profiles().back().name, "mainline");
}

// acpi_map_pxm_to_node(): ids in first-seen order, not PXM order; merge line from 0 (6.1).
TEST(KernelModel, FirstSeenNumberingAndMerge61) {
  const Layout layout = *map_numa(tables({two_nodes()}), config("6.1"));
  ASSERT_EQ(layout.nodes.size(), 2u);
  EXPECT_EQ(layout.nodes[0].pxm, 5u);
  EXPECT_EQ(layout.nodes[1].pxm, 2u);
  EXPECT_EQ(layout.possible.to_list(), "0-1");
  EXPECT_EQ(layout.online.to_list(), "0-1");
  EXPECT_EQ(layout.memory.to_list(), "0-1");
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 1}));
  EXPECT_EQ(numa_init_log(layout), (std::vector<std::string>{
                            "SRAT: PXM 5 -> APIC 0x00 -> Node 0",
                            "SRAT: PXM 2 -> APIC 0x01 -> Node 1",
                            "ACPI: SRAT: Node 0 PXM 5 [mem 0x00000000-0x0009ffff]",
                            "ACPI: SRAT: Node 0 PXM 5 [mem 0x00100000-0x3fffffff]",
                            "ACPI: SRAT: Node 1 PXM 2 [mem 0x40000000-0x7fffffff]",
                            "NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]",
                        }));
  ASSERT_EQ(layout.nodes[0].memory.size(), 1u);
  EXPECT_EQ(layout.nodes[0].memory[0].start, 0u);
  EXPECT_EQ(layout.nodes[0].memory[0].end, GiB);
  // No SLIT: no distance table, 10/20.
  EXPECT_EQ(layout.distance_table_nodes, 0);
  EXPECT_EQ(test::distance_matrix(layout), (std::vector<std::vector<int>>{{10, 20}, {20, 10}}));
}

// 6.12: no CPU lines, clean-up clamps to memblock_start_of_DRAM() (0x1000).
TEST(KernelModel, CpuLinesAndLowClampIn612) {
  const Layout layout = *map_numa(tables({two_nodes()}), config("6.12"));
  EXPECT_EQ(numa_init_log(layout), (std::vector<std::string>{
                            "ACPI: SRAT: Node 0 PXM 5 [mem 0x00000000-0x0009ffff]",
                            "ACPI: SRAT: Node 0 PXM 5 [mem 0x00100000-0x3fffffff]",
                            "ACPI: SRAT: Node 1 PXM 2 [mem 0x40000000-0x7fffffff]",
                            "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]",
                        }));
  EXPECT_EQ(layout.nodes[0].memory[0].start, 0x1000u);
}

// SLIT rows are PXMs; the table is sized at the first numa_set_distance(), so a
// CFMWS node (parsed later) is 20 from everything.
TEST(KernelModel, SlitByPxmAndCfmwsNodeAtRemoteDistance) {
  std::vector<std::uint8_t> matrix(36, 40);
  for (int i = 0; i < 6; ++i) matrix[static_cast<std::size_t>(i * 6 + i)] = 10;
  matrix[5 * 6 + 2] = 17;  // PXM 5 -> PXM 2
  matrix[2 * 6 + 5] = 19;
  const Layout layout = *map_numa(tables({two_nodes(), slit(6, matrix), cedt({{0x100000000, GiB}})}), config());
  EXPECT_EQ(layout.possible.to_list(), "0-2");
  EXPECT_EQ(layout.online.to_list(), "0-1");
  EXPECT_EQ(layout.distance_table_nodes, 2);
  EXPECT_EQ(test::distance_matrix(layout), (std::vector<std::vector<int>>{{10, 17, 20}, {19, 10, 20}, {20, 20, 10}}));
  ASSERT_EQ(layout.cfmws.size(), 1u);
  EXPECT_EQ(layout.cfmws[0].node, 2);
  EXPECT_EQ(layout.cfmws[0].pxm, 6u);  // max SRAT PXM 5, plus one
  EXPECT_FALSE(layout.cfmws[0].absorbed);
  EXPECT_EQ(layout.nodes[2].origin, "cfmws");
  ASSERT_EQ(layout.nodes[2].memory.size(), 1u);
  EXPECT_TRUE(layout.nodes[2].memory[0].reserved);  // no RAM behind it
}

TEST(KernelModel, InvalidSlitIsNotUsed) {
  const Layout layout = *map_numa(tables({two_nodes(), slit(2, {10, 10, 21, 10})}), config());
  // SLIT is parsed before the memblk clean-up, which prints the merge line.
  ASSERT_EQ(numa_init_log(layout).size(), 7u);
  EXPECT_EQ(numa_init_log(layout)[5], "ACPI: SLIT table looks invalid. Not used.");
  EXPECT_EQ(layout.distance_table_nodes, 0);
}

// numa_fill_memblks(): a window that overlaps SRAT memory makes no node; the
// pre-6.7 start-address rule makes one when the start is not covered.
TEST(KernelModel, CfmwsOverlapRules) {
  const auto set = tables({two_nodes(), cedt({{0x70000000, GiB}})});
  const Layout filled = *map_numa(set, config());
  EXPECT_EQ(filled.possible.to_list(), "0-1");
  ASSERT_EQ(filled.cfmws.size(), 1u);
  EXPECT_TRUE(filled.cfmws[0].absorbed);

  Config old = config();
  old.profile.cfmws_overlap = CfmwsOverlapRule::start_address;
  const Layout by_start = *map_numa(set, old);  // 0x70000000 is node 1's: skipped too
  EXPECT_EQ(by_start.possible.to_list(), "0-1");
  const Layout tail = *map_numa(tables({two_nodes(), cedt({{0x60000000 + 2 * GiB, GiB}})}), old);
  EXPECT_EQ(tail.possible.to_list(), "0-2");
}

// 5.10 does not read CEDT (CFMWS parsing is 5.17's): no node for a window.
TEST(KernelModel, NoCfmwsNodesBefore517) {
  const auto set = tables({two_nodes(), cedt({{0x100000000, GiB}})});
  const Layout layout = *map_numa(set, config("5.10"));
  EXPECT_EQ(layout.possible.to_list(), "0-1");
  EXPECT_TRUE(layout.cfmws.empty());
  EXPECT_EQ(layout.nodes[1].origin, "srat");
  EXPECT_NE(std::find(layout.notes.begin(), layout.notes.end(),
                      "CEDT: not parsed: kernels before 5.17 make no nodes for CFMWS windows"),
            layout.notes.end());
  // 5.17-6.0: the window's node is not set in numa_nodes_parsed; its block
  // (no RAM) moves to numa_reserved_meminfo and the node is not possible.
  const auto p518 = resolve_profile("5.18");
  ASSERT_TRUE(p518.ok());
  Config c = config();
  c.profile = p518->profile;
  EXPECT_EQ(map_numa(set, c)->possible.to_list(), "0-1");
  EXPECT_EQ(map_numa(set, config("6.1"))->possible.to_list(), "0-2");
}

// acpi_numa_init()'s fake PXM: 5.17 scanned node_to_pxm_map below
// MAX_NUMNODES - 1 only, so with every node taken it could pick the last
// node's PXM and put the window on that SRAT node; since 6.8 (Debian 6.1.77)
// the window finds no node. MAX_NUMNODES = 4, PXMs 0-3 take nodes 0-3.
TEST(KernelModel, FakePxmScansEveryNode) {
  const auto set = tables({test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 1),
                                       test::srat_memory(0, 0, GiB), test::srat_memory(1, GiB, GiB),
                                       test::srat_memory(2, 4 * GiB, GiB, 3), test::srat_memory(3, 5 * GiB, GiB, 3)}),
                           cedt({{0x800000000, GiB}})});
  Config c = config("6.1");
  c.nodes_shift = 2;
  const Layout fixed = *map_numa(set, c);
  ASSERT_EQ(fixed.cfmws.size(), 1u);
  EXPECT_EQ(fixed.cfmws[0].node, -1);
  EXPECT_NE(std::find(fixed.log.begin(), fixed.log.end(),
                      "ACPI: ACPI NUMA: Too many proximity domains while processing CFMWS."),
            fixed.log.end());
  c.profile.fake_pxm_all_nodes = false;
  const Layout old = *map_numa(set, c);
  ASSERT_EQ(old.cfmws.size(), 1u);
  EXPECT_EQ(old.cfmws[0].node, 3);
  EXPECT_EQ(old.cfmws[0].pxm, 3u);
}

// 6.16+ acpi_parse_cfmws(): a window whose base | end has no bit at 256 MiB
// or above is a BIOS bug, said before the window is looked at.
TEST(KernelModel, CfmwsAlignmentLine) {
  const std::string bug = "ACPI: CFMWS: [BIOS BUG] base/size alignment violates spec";
  const Layout aligned = *map_numa(tables({two_nodes(), cedt({{0x100000000, GiB}})}), config("7.3"));
  EXPECT_EQ(std::count(aligned.log.begin(), aligned.log.end(), bug), 0);
  const Layout misaligned =
      *map_numa(tables({two_nodes(), cedt({{0x100000000 + (128ULL << 20), 128ULL << 20}})}), config("7.3"));
  EXPECT_EQ(std::count(misaligned.log.begin(), misaligned.log.end(), bug), 1);
  EXPECT_EQ(misaligned.possible.to_list(), "0-2");  // the window still takes a node
  const Layout old = *map_numa(tables({two_nodes(), cedt({{0x100000000 + (128ULL << 20), 128ULL << 20}})}), config("6.12"));
  EXPECT_EQ(std::count(old.log.begin(), old.log.end(), bug), 0);
}

// 7.1+: CEDT is walked only with CONFIG_CXL_ACPI (Debian 7.3: =m, which counts).
TEST(KernelModel, CfmwsNeedsCxlAcpiFrom71) {
  const auto set = tables({two_nodes(), cedt({{0x100000000, GiB}})});
  Config c = config("7.3");
  EXPECT_EQ(map_numa(set, c)->possible.to_list(), "0-2");
  c.cxl_acpi = false;
  const Layout off = *map_numa(set, c);
  EXPECT_EQ(off.possible.to_list(), "0-1");
  EXPECT_TRUE(off.cfmws.empty());
  Config old = config("6.12");
  old.cxl_acpi = false;
  EXPECT_EQ(map_numa(set, old)->possible.to_list(), "0-2");
}

// Without CONFIG_MEMORY_HOTPLUG 5.10 skips a hot-pluggable entry, 6.1+ keeps
// it as plain memory (no " hotplug" in its line).
TEST(KernelModel, HotplugEntryWithoutMemoryHotplug) {
  const auto set = tables({test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(0, 1),
                                       test::srat_memory(0, 0, 2 * GiB), test::srat_memory(1, 4 * GiB, GiB, 3)})});
  Config c = config("6.1");
  EXPECT_EQ(map_numa(set, c)->log[3], "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x13fffffff] hotplug");
  c.memory_hotplug = false;
  const Layout kept = *map_numa(set, c);
  EXPECT_EQ(kept.log[3], "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x13fffffff]");
  EXPECT_EQ(kept.possible.to_list(), "0-1");
  Config old = config("5.10");
  old.memory_hotplug = false;
  const Layout skipped = *map_numa(set, old);
  EXPECT_EQ(skipped.possible.to_list(), "0");
  EXPECT_EQ(numa_init_log(skipped).size(), 3u);
}

// 7.3's numa_add_memblk_to() names a range whose end wrapped below its start
// "invalid memblk range"; before, "invalid memblk node".
TEST(KernelModel, InvalidMemblkRangeText) {
  const auto set = tables({test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(0, 1),
                                       test::srat_memory(0, 0, 2 * GiB),
                                       test::srat_memory(1, 0xFFFFFFFF00000000ULL, 0x200000000ULL)})});
  const auto has = [](const Layout& l, const std::string& line) {
    return std::find(l.log.begin(), l.log.end(), line) != l.log.end();
  };
  EXPECT_TRUE(has(*map_numa(set, config("6.12")),
                  "Warning: invalid memblk node 1 [mem 0xffffffff00000000-0xffffffff]"));
  EXPECT_TRUE(has(*map_numa(set, config("7.3")),
                  "Warning: invalid memblk range for node 1 [mem 0xffffffff00000000-0xffffffff]"));
}

// A CEDT walk error (no node left) stops later windows; MAX_NUMNODES = 2.
TEST(KernelModel, TooManyProximityDomainsForCfmws) {
  Config c = config();
  c.nodes_shift = 1;
  const Layout layout = *map_numa(tables({two_nodes(), cedt({{0x100000000, GiB}, {0x200000000, GiB}})}), c);
  ASSERT_EQ(numa_init_log(layout).size(), 7u);
  EXPECT_EQ(numa_init_log(layout)[5], "ACPI: ACPI NUMA: Too many proximity domains while processing CFMWS.");
  EXPECT_EQ(layout.possible.to_list(), "0-1");
  ASSERT_EQ(layout.cfmws.size(), 1u);  // the walk stopped calling the handler
  EXPECT_EQ(layout.cfmws[0].node, -1);
}

// Overlapping blocks of two nodes fail clean-up: one dummy node.
TEST(KernelModel, OverlapOfTwoNodesFallsBackToDummy) {
  const auto set = tables({test::srat({test::srat_memory(0, 0, GiB), test::srat_memory(1, GiB / 2, GiB)})});
  const Layout layout = *map_numa(set, config());
  EXPECT_FALSE(layout.numa_from_srat);
  EXPECT_EQ(layout.possible.to_list(), "0");
  EXPECT_EQ(numa_init_log(layout), (std::vector<std::string>{
                            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x3fffffff]",
                            "ACPI: SRAT: Node 1 PXM 1 [mem 0x20000000-0x5fffffff]",
                            "node 0 [mem 0x00000000-0x3fffffff] overlaps with node 1 [mem 0x20000000-0x5fffffff]",
                            "No NUMA configuration found",
                            "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]",
                        }));
  EXPECT_EQ(layout.nodes[0].origin, "dummy");
}

// Interleaved blocks of two nodes: no merge across the other node's block.
TEST(KernelModel, NoMergeAcrossAnotherNode) {
  const auto set = tables({test::srat({test::srat_memory(0, 0, GiB / 2), test::srat_memory(1, GiB / 2, GiB / 2),
                                       test::srat_memory(0, GiB, GiB / 2), test::srat_memory(0, 3 * GiB / 2, GiB / 2)})});
  Config c = config();
  c.ram = std::vector<MemRange>{{0, 0x9fc00}, {0x100000, 2 * GiB}};
  const Layout layout = *map_numa(set, c);
  EXPECT_EQ(numa_init_log(layout).back(),
            "NUMA: Node 0 [mem 0x40000000-0x5fffffff] + [mem 0x60000000-0x7fffffff] -> [mem 0x40000000-0x7fffffff]");
  ASSERT_EQ(layout.nodes[0].memory.size(), 2u);
}

// 6.1 and 6.12 reject an SRAT that leaves RAM without a node, with their own words.
TEST(KernelModel, CoverageMessages) {
  const auto set = tables({test::srat({test::srat_memory(0, 0, GiB)})});
  Config c = config("6.1");
  c.ram = std::vector<MemRange>{{0, 0x9fc00}, {0x100000, 0x7ffe0000}, {0x100000000, 0x180000000}};
  const Layout old = *map_numa(set, c);
  EXPECT_EQ(numa_init_log(old)[1], "NUMA: nodes only cover 1023MB of your 4095MB e820 RAM. Not used.");
  c.profile = *find_profile("6.12");
  const Layout recent = *map_numa(set, c);
  EXPECT_EQ(numa_init_log(recent)[1], "NUMA: no nodes coverage for 3071MB of 4095MB RAM");
  EXPECT_EQ(recent.possible.to_list(), "0");
  EXPECT_FALSE(recent.numa_from_srat);
}

// Oracle case 16 (every kernel panics; the guest never dumped its tables;
// oracle_test.cpp compares its console lines up to the oops).
TEST(KernelModel, RamBelowOneMegabyteWithoutNodeCrashes) {
  const auto set = tables({test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 1),
                                       test::srat_memory(0, 0x100000, GiB - 0x100000), test::srat_memory(1, GiB, GiB)})});
  const Layout layout = *map_numa(set, config());
  EXPECT_TRUE(layout.numa_from_srat);
  EXPECT_NE(layout.crash.find("RAM [mem 0x00001000-0x0009efff] has no node"), std::string::npos) << layout.crash;
}

// The walker: a zero Length ends the walk, named by the first handler's id.
TEST(KernelModel, ZeroLengthSubtable) {
  Bytes zero = test::srat_memory(1, GiB, GiB);
  zero[1] = 0;
  const auto set = tables({test::srat({test::srat_memory(0, 0, 2 * GiB), zero})});
  const Layout old = *map_numa(set, config("6.1"));
  EXPECT_EQ(numa_init_log(old), (std::vector<std::string>{
                         "ACPI: [SRAT:0x00] Invalid zero length",
                         "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]",
                         "ACPI: SRAT: Unexpected header length: 0",
                         "ACPI: SRAT: SRAT not used.",
                         "ACPI: [SRAT:0x01] Invalid zero length",
                         "No NUMA configuration found",
                         "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]",
                     }));
  EXPECT_EQ(numa_init_log(*map_numa(set, config("6.12"))).front(), "[SRAT:0x00] Invalid zero length");
}

TEST(KernelModel, NumaOffAndNoacpi) {
  Config off = config();
  off.numa_off = true;
  EXPECT_EQ(numa_init_log(*map_numa(tables({two_nodes()}), off)),
            (std::vector<std::string>{"NUMA turned off", "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]"}));
  Config noacpi = config();
  noacpi.numa_noacpi = true;
  const Layout layout = *map_numa(tables({two_nodes()}), noacpi);
  EXPECT_EQ(numa_init_log(layout).front(), "No NUMA configuration found");
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 0}));
}

// Revision 1 masks memory PXMs to 8 bits; revision 2+ widens LAPIC PXMs.
TEST(KernelModel, SratRevisionMasking) {
  Bytes table = test::srat({test::srat_local_apic(1, 0), test::srat_memory(0x101, 0, 2 * GiB)});
  table[8] = 1;
  test::set_checksum(table);
  const Layout layout = *map_numa(tables({table}), config());
  EXPECT_EQ(layout.possible.to_list(), "0");
  EXPECT_EQ(numa_init_log(layout)[1], "ACPI: SRAT: Node 0 PXM 1 [mem 0x00000000-0x7fffffff]");
}

// Each handler records what it decided, in the kernel's order: the CPU walk
// (an arm64 GICC entry is not parsed on x86, whatever its PXM), the memory
// walk (PXM after revision masking, numa_add_memblk()), then CEDT.
TEST(KernelModel, EventsRecordEachDecision) {
  Bytes gicc(18);
  gicc[0] = 3;
  gicc[1] = 18;
  write_le(gicc, 2, 4, 5000);
  write_le(gicc, 10, 4, 1);
  Bytes srat = test::srat({test::srat_local_apic(1, 0), test::srat_memory(0x101, 0, 2 * GiB), gicc,
                           test::srat_memory(3, 2 * GiB, GiB, 0)});
  srat[8] = 1;
  test::set_checksum(srat);
  const Layout layout = *map_numa(tables({srat, cedt({{0x100000000, GiB}})}), config());
  using O = Event::Outcome;
  struct Want {
    const char* table;
    std::uint32_t entry;
    O outcome;
    std::int64_t pxm;
    int node;
  };
  const std::vector<Want> want = {{"SRAT", 48, O::mapped, 1, 0},          {"SRAT", 104, O::not_parsed_on_this_arch, -1, -1},
                                  {"SRAT", 64, O::memblk_added, -1, 0},   {"SRAT", 64, O::mapped, 1, 0},
                                  {"SRAT", 122, O::disabled, -1, -1},     {"CEDT", 36, O::memblk_added, -1, 1},
                                  {"CEDT", 36, O::cfmws_fake_pxm, 2, 1}};
  ASSERT_EQ(layout.events.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Event& e = layout.events[i];
    EXPECT_EQ(e.table, want[i].table) << i;
    EXPECT_EQ(e.entry, want[i].entry) << i;
    EXPECT_EQ(e.outcome, want[i].outcome) << i;
    EXPECT_EQ(e.pxm, want[i].pxm) << i;
    EXPECT_EQ(e.node, want[i].node) << i;
  }
  EXPECT_EQ(layout.events[3].raw_pxm, 0x101u);  // read as 1 at SRAT revision 1
  EXPECT_EQ(std::string(layout.events[3].field->name), "Proximity Domain");
  EXPECT_EQ(layout.events[3].line, "ACPI: SRAT: Node 0 PXM 1 [mem 0x00000000-0x7fffffff]");
  EXPECT_EQ(layout.events[0].line, "SRAT: PXM 1 -> APIC 0x00 -> Node 0");
  EXPECT_EQ(srat_pxms(layout), (std::vector<std::uint32_t>{1}));
}

// A too-large PXM ends the SRAT (bad_srat): later handlers return unread.
TEST(KernelModel, EventsAfterBadSrat) {
  const Layout layout = *map_numa(
      tables({test::srat({test::srat_local_apic(0, 0), test::srat_x2apic(5000, 1), test::srat_memory(0, 0, 2 * GiB)})}),
      config());
  ASSERT_EQ(layout.events.size(), 3u);
  EXPECT_EQ(layout.events[1].outcome, Event::Outcome::pxm_too_large);
  EXPECT_EQ(layout.events[1].pxm, 5000);
  EXPECT_EQ(layout.events[1].line, "SRAT: Too many proximity domains 1388");
  EXPECT_EQ(layout.events[2].outcome, Event::Outcome::srat_disabled);
  EXPECT_EQ(layout.fallback, Fallback::bad_srat);
}

// The overlap numa_cleanup_meminfo() fails on is recorded at the later
// block's entry, naming the earlier one; a disabled Generic Initiator stops
// the CPU walk (walk_stopped for the entries after it); a window starting
// in SRAT memory is absorbed by that memory's node.
TEST(KernelModel, EventsOfOverlapWalkStopAndAbsorbedWindow) {
  Bytes gi(32);
  gi[0] = 5;
  gi[1] = 32;
  write_le(gi, 4, 4, 2);  // PXM 2, Flags 0: disabled
  const auto set = tables({test::srat({gi, test::srat_local_apic(0, 0), test::srat_memory(0, 0, GiB),
                                       test::srat_memory(1, GiB / 2, GiB)}),
                           cedt({{GiB / 4, GiB / 4}})});
  const Layout layout = *map_numa(set, config());
  using O = Event::Outcome;
  std::vector<std::pair<std::uint32_t, O>> got;
  for (const Event& e : layout.events) got.emplace_back(e.entry, e.outcome);
  EXPECT_EQ(got, (std::vector<std::pair<std::uint32_t, O>>{{48, O::disabled},
                                                           {80, O::walk_stopped},
                                                           {96, O::memblk_added},
                                                           {96, O::mapped},
                                                           {136, O::memblk_added},
                                                           {136, O::mapped},
                                                           {36, O::cfmws_absorbed},
                                                           {136, O::memblk_overlap}}));
  const Event& absorbed = layout.events[6];
  EXPECT_EQ(absorbed.table, "CEDT");
  EXPECT_EQ(absorbed.node, 0);
  EXPECT_EQ(absorbed.pxm, 0);
  const Event& overlap = layout.events[7];
  EXPECT_EQ(overlap.table, "SRAT");
  EXPECT_EQ(overlap.peer, std::optional<std::uint32_t>(96));
  EXPECT_EQ(overlap.node, 1);
  EXPECT_EQ(overlap.line, "node 0 [mem 0x00000000-0x3fffffff] overlaps with node 1 [mem 0x20000000-0x5fffffff]");
}

TEST(KernelModel, NoMemoryMapTakesSratRanges) {
  Config c = config();
  c.ram.reset();
  const Layout layout = *map_numa(tables({two_nodes()}), c);
  EXPECT_EQ(layout.possible.to_list(), "0-1");
  ASSERT_FALSE(layout.notes.empty());
  EXPECT_NE(layout.notes[0].find("no memory map given"), std::string::npos);
}

// A config the model cannot run is the caller's error, returned (never thrown).
TEST(KernelModel, RejectsNodesShiftOutOfRange) {
  for (const int shift : {0, 17}) {
    Config c = config();
    c.nodes_shift = shift;
    const auto layout = map_numa(tables({two_nodes()}), c);
    ASSERT_FALSE(layout.ok());
    EXPECT_EQ(layout.error().kind, ErrorKind::usage);
    EXPECT_EQ(layout.error().field, "nodes_shift");
    EXPECT_EQ(layout.error().message, std::to_string(shift) + " is outside 1..16");
  }
}

// loongarch64 before 7.3 (the EFI memory map walk) has no handlers.
TEST(KernelModel, RejectsArchitecturesWithoutHandlers) {
  Config c = config();
  c.arch = Arch::loongarch64;
  const auto layout = map_numa(tables({two_nodes()}), c);
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.error().kind, ErrorKind::usage);
  EXPECT_EQ(layout.error().field, "arch");
  EXPECT_EQ(layout.error().message, arch_not_modelled(Arch::loongarch64, c.profile));
  EXPECT_TRUE(layout.error().message.starts_with("loongarch64 is modelled from kernel 7.3 on, not for "));
  EXPECT_TRUE(check_config(config()).ok());
}

TEST(NodeDistances, TableOfTheWrongSizeIsAnInternalError) {
  const auto distances = NodeDistances::from_table(2, {10, 20, 20});
  ASSERT_FALSE(distances.ok());
  EXPECT_EQ(distances.error().kind, ErrorKind::internal);
  EXPECT_EQ(distances.error().field, "numa_distance");
  EXPECT_EQ(distances.error().message, "a distance table of 2 nodes holds 3 entries");
  EXPECT_FALSE(NodeDistances::from_table(-1, {}).ok());
  const auto square = NodeDistances::from_table(2, {10, 21, 22, 10});
  ASSERT_TRUE(square.ok());
  EXPECT_EQ((*square)(0, 1), 21);
  EXPECT_EQ((*square)(1, 0), 22);
  EXPECT_EQ((*square)(2, 2), 10);  // outside the table: __node_distance()'s defaults
  EXPECT_EQ((*square)(0, 2), 20);
}

TEST(NodeDistances, RowsOfANonSquareTableAreAUsageError) {
  const auto distances = NodeDistances::from_rows({{10, 20}, {20}});
  ASSERT_FALSE(distances.ok());
  EXPECT_EQ(distances.error().kind, ErrorKind::usage);
  EXPECT_EQ(distances.error().message, "row 1 holds 1 distances, expected 2 (a square table)");
  ASSERT_TRUE(NodeDistances::from_rows({{10, 30}, {30, 10}}).ok());
  EXPECT_EQ((*NodeDistances::from_rows({{10, 30}, {30, 10}}))(1, 0), 30);
}

// Issue 3 item 7's size: 1024 nodes x 64 blocks and 4096 CFMWS windows. Not
// a timing test (the benchmark is); it must simply not be quadratic.
TEST(KernelModel, LargeMachine) {
  std::vector<Bytes> subtables;
  const std::uint64_t block = 16ULL << 20;
  for (std::uint64_t i = 0; i < 65536; ++i) subtables.push_back(test::srat_memory(static_cast<std::uint32_t>(i / 64), i * block, block));
  Bytes body(12);
  write_le(body, 0, 4, 1);
  for (const Bytes& s : subtables) body.insert(body.end(), s.begin(), s.end());
  Bytes windows;
  for (std::uint64_t w = 0; w < 4096; ++w) {
    Bytes s(40);
    s[0] = 1;
    write_le(s, 2, 2, 40);
    write_le(s, 8, 8, (1ULL << 44) + w * GiB);
    write_le(s, 16, 8, GiB);
    windows.insert(windows.end(), s.begin(), s.end());
  }
  Config c = config();
  c.nodes_shift = 16;  // NR_NODE_MEMBLKS (2 * MAX_NUMNODES) must hold 65,536 blocks
  c.ram = std::vector<MemRange>{{0, 65536 * block}};
  const auto start = std::chrono::steady_clock::now();
  const Layout layout = *map_numa(tables({test::acpi_table("SRAT", 3, body), test::acpi_table("CEDT", 1, windows)}), c);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(layout.possible.to_list(), "0-5119");
  EXPECT_EQ(layout.online.to_list(), "0-1023");
  EXPECT_LT(seconds, 20.0);  // quadratic would take minutes
}

// Two nodes with memory and two without (CFMWS windows, oracle case 36): 6.1
// lists a memoryless node first in its own list, 6.12 leaves it out; equal
// distances rotate through node_load. 5.10 builds lists for online nodes only.
TEST(KernelModel, FallbackOrderPerProfile) {
  ZonelistState state;
  state.max_numnodes = 1024;
  for (int n : {0, 1, 2, 3}) state.possible.set(n);
  for (int n : {0, 1}) {
    state.online.set(n);
    state.memory.set(n);
  }
  state.distance = [](int from, int to) { return from == to ? 10 : 20; };
  const auto orders = [&](const char* profile) {
    std::vector<std::string> out;
    for (const NodeFallback& f : fallback_order(*find_profile(profile), state)) out.push_back(fallback_order_line(f));
    return out;
  };
  EXPECT_EQ(orders("6.1"), (std::vector<std::string>{"Fallback order for Node 0: 0 1 ", "Fallback order for Node 1: 1 0 ",
                                                     "Fallback order for Node 2: 2 0 1 ",
                                                     "Fallback order for Node 3: 3 1 0 "}));
  EXPECT_EQ(orders("6.12"), (std::vector<std::string>{"Fallback order for Node 0: 0 1 ", "Fallback order for Node 1: 1 0 ",
                                                      "Fallback order for Node 2: 0 1 ", "Fallback order for Node 3: 1 0 "}));
  EXPECT_EQ(orders("5.10"), (std::vector<std::string>{"Fallback order for Node 0: 0 1 ", "Fallback order for Node 1: 1 0 "}));
  // With CPUs in the node masks (a rebuild after boot), a CPU-less node wins a tie.
  state.possible = state.online = state.memory = NodeMask();
  for (int n : {0, 1, 2}) {
    state.possible.set(n);
    state.online.set(n);
    state.memory.set(n);
  }
  state.cpu.set(0);
  state.cpu.set(1);
  EXPECT_EQ(fallback_order(*find_profile("6.12"), state)[0].order, (std::vector<int>{0, 2, 1}));
}


// build_zonelists() and find_next_best_node() loop for loop as 5.10, 6.1,
// 6.12 and 7.3 write them (one minimum search per listed node, node_load[]
// updated as each node is listed), to check fallback_order()'s sort against.
std::vector<std::vector<int>> literal_fallback_order(const Profile& profile, const ZonelistState& state) {
  std::vector<int> node_load(static_cast<std::size_t>(state.max_numnodes), 0);
  const int nr_online_nodes = state.online.weight();
  std::vector<std::vector<int>> lists;
  for (int local_node : (profile.pgdat_for_possible_nodes ? state.possible : state.online).nodes()) {
    NodeMask used_mask;
    std::vector<int> node_order;
    int load = nr_online_nodes;
    int prev_node = local_node;
    for (;;) {
      int best_node = -1;
      if (!used_mask.test(local_node) && (!profile.memoryless_local_node_skipped || state.memory.test(local_node))) {
        best_node = local_node;
      } else {
        int min_val = INT_MAX;
        for (int n : state.memory.nodes()) {
          if (used_mask.test(n)) continue;
          int val = state.distance(local_node, n);
          val += n < local_node ? 1 : 0;
          if (state.cpu.test(n)) val += 1;  // PENALTY_FOR_NODE_WITH_CPUS
          val *= profile.node_load_accumulated ? state.max_numnodes : nr_online_nodes * state.max_numnodes;
          val += node_load[static_cast<std::size_t>(n)];
          if (val < min_val) {
            min_val = val;
            best_node = n;
          }
        }
      }
      if (best_node < 0) break;
      used_mask.set(best_node);
      if (state.distance(local_node, best_node) != state.distance(local_node, prev_node)) {
        int& node_load_of = node_load[static_cast<std::size_t>(best_node)];
        node_load_of = profile.node_load_accumulated ? node_load_of + 1 : load;
      }
      node_order.push_back(best_node);
      prev_node = best_node;
      --load;
    }
    lists.push_back(node_order);
  }
  return lists;
}

// fallback_order() sorts each list once instead of searching per node (the
// loop is quadratic per node, too slow for 1024 nodes); on small random
// topologies with many ties, offline and memoryless nodes, CPU penalties,
// asymmetric distances and MAX_NUMNODES as small as the node count (node_load
// reaching a distance step), it must list what the kernel's loop lists.
TEST(KernelModel, FallbackOrderSortMatchesTheKernelLoop) {
  std::mt19937 random(13);
  const std::vector<int> distances = {12, 17, 20, 20, 21, 25, 30, 255};
  int lists = 0;
  for (int round = 0; round < 2000; ++round) {
    const int nodes = std::uniform_int_distribution<int>(1, 8)(random);
    ZonelistState state;
    state.max_numnodes = round % 2 == 0 ? 8 : 64;
    const auto size = static_cast<std::size_t>(nodes);
    std::vector<std::vector<int>> matrix(size, std::vector<int>(size, 10));
    for (int from = 0; from < nodes; ++from) {
      state.possible.set(from);
      if (from == 0 || random() % 4 != 0) state.online.set(from);
      if (state.online.test(from) && random() % 3 != 0) state.memory.set(from);
      if (state.online.test(from) && random() % 4 == 0) state.cpu.set(from);
      for (int to = 0; to < nodes; ++to) {
        if (from == to) continue;
        matrix[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)] = distances[random() % distances.size()];
      }
    }
    state.distance = [&matrix](int from, int to) {
      return matrix[static_cast<std::size_t>(from)][static_cast<std::size_t>(to)];
    };
    for (const char* name : {"5.10", "6.1", "6.12", "7.3"}) {
      const Profile& profile = *find_profile(name);
      const std::vector<std::vector<int>> expected = literal_fallback_order(profile, state);
      const std::vector<NodeFallback> model = fallback_order(profile, state);
      ASSERT_EQ(model.size(), expected.size()) << name << ", round " << round;
      for (std::size_t i = 0; i < model.size(); ++i) {
        ASSERT_EQ(model[i].order, expected[i]) << name << ", round " << round << ", node " << model[i].node;
        ++lists;
      }
    }
  }
  EXPECT_GT(lists, 20000);
}

}  // namespace
}  // namespace numaplan::kernel
