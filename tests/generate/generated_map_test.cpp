// `numaplan map` on generated tables gives the layout the spec implies: each
// spec (the examples in tables/examples/ and small ones written here) is
// turned into tables in-process, decoded, and run through the kernel model
// (map_numa) for 6.1 and 6.12 with the RAM the spec implies. The expected
// layout is written out by hand from the spec and Linux's rules (reference
// §1.2-1.9), not computed by the code under test:
// - node ids in first-seen PXM order, CPUs and Generic Initiators in one SRAT
//   pass (SRAT order: CPUs, then Generic Initiators), memory in a second;
//   Generic Ports make no node on these kernels;
// - each CEDT window that no SRAT range overlaps takes the next node and the
//   next fake PXM (one above the highest PXM a node has); numa_fill_memblks()
//   absorbs a window that SRAT memory overlaps;
// - numa_cleanup_meminfo(): blocks without RAM (hot-pluggable, specific-purpose,
//   CXL) are kept as reserved; a node's blocks merge unless another node's
//   block lies between; the lowest block starts at 0 on 6.1 and at
//   memblock_start_of_DRAM() (0x1000: the first page is never RAM) on 6.12;
// - distances from the SLIT by PXM; the SLIT is applied before the CEDT is
//   parsed, so CXL window nodes are 20 from every other node (10 to themselves);
// - online: nodes with CPUs, RAM or a Generic Initiator; has_memory: RAM.
// The RAM of each spec is its enabled ranges that are neither hot-pluggable,
// non-volatile nor specific-purpose (what firmware reports as usable e820).
// The log lines are not spelled out here: for the booted examples they are
// compared with the kernels' own console (second part of this file).
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/model.h"
#include "numaplan/spec/tables.h"
#include "numaplan/spec/topology.h"
#include "support/oracle_replay.h"
#include "support/spec_examples.h"

namespace numaplan::kernel {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uint64_t GiB = 1ULL << 30;
constexpr const char* kProfiles[] = {"6.1", "6.12"};

// Where node 0's first block starts after numa_cleanup_meminfo().
std::uint64_t low(const std::string& profile) { return profile == "6.12" ? 0x1000 : 0; }

struct ExpectedMemory {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  bool reserved = false;
  bool hotplug = false;
  std::string source = "srat";
};

struct ExpectedNode {
  int node = -1;
  std::uint32_t pxm = 0;
  std::string origin;
  std::vector<std::uint32_t> apic_ids;
  std::vector<ExpectedMemory> memory;
  bool generic_initiator = false;
};

struct ExpectedWindow {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  int node = -1;
  bool absorbed = false;
};

struct ExpectedLayout {
  std::vector<ExpectedNode> nodes;
  std::string possible, online, memory, cpu, generic_initiator;
  std::vector<std::vector<int>> distance;  // over the possible nodes
  std::vector<int> cpu_to_node;
  std::vector<ExpectedWindow> cfmws;
};

struct Machine {
  std::vector<MemRange> ram;
  std::vector<std::uint32_t> cpus;  // APIC ids, MADT order
};

spec::Topology parse(const json& document) {
  auto topology = spec::parse_topology(document);
  if (!topology.ok()) throw std::runtime_error(topology.error().format());
  return *topology;
}

// build_tables, then decoded as `numaplan map` decodes table files.
acpi::TableSet generated_tables(const spec::Topology& topology) {
  auto built = spec::build_tables(topology);
  if (!built.ok()) throw std::runtime_error(built.error().format());
  std::vector<acpi::RawTable> raw;
  for (const spec::GeneratedTable& table : *built) raw.push_back({"generated " + table.signature, table.bytes});
  acpi::TableSet set = acpi::decode_all(std::move(raw), {});
  for (const acpi::Table& table : set.tables) EXPECT_TRUE(table.diagnostics.empty()) << table.signature;
  EXPECT_TRUE(set.diagnostics.empty());
  return set;
}

Layout map_generated(const spec::Topology& topology, const Machine& machine, const std::string& profile) {
  Config config;
  config.profile = *find_profile(profile);
  config.ram = machine.ram;
  config.cpus = machine.cpus;
  return *map_numa(generated_tables(topology), config);
}

void expect_layout(const Layout& layout, const ExpectedLayout& expected) {
  EXPECT_TRUE(layout.numa_from_srat);
  EXPECT_EQ(layout.crash, "");
  EXPECT_EQ(layout.possible.to_list(), expected.possible);
  EXPECT_EQ(layout.online.to_list(), expected.online);
  EXPECT_EQ(layout.memory.to_list(), expected.memory);
  EXPECT_EQ(layout.cpu.to_list(), expected.cpu);
  EXPECT_EQ(layout.generic_initiator.to_list(), expected.generic_initiator);
  EXPECT_EQ(layout.cpu_to_node, expected.cpu_to_node);
  ASSERT_EQ(layout.nodes.size(), expected.nodes.size());
  for (std::size_t i = 0; i < expected.nodes.size(); ++i) {
    const Node& node = layout.nodes[i];
    const ExpectedNode& want = expected.nodes[i];
    SCOPED_TRACE("node " + std::to_string(want.node));
    EXPECT_EQ(node.node, want.node);
    EXPECT_EQ(node.pxm, want.pxm);
    EXPECT_EQ(node.origin, want.origin);
    EXPECT_EQ(node.generic_initiator, want.generic_initiator);
    std::vector<std::uint32_t> apic_ids;
    for (const Cpu& cpu : node.cpus) {
      EXPECT_EQ(cpu.kind, Cpu::Kind::apic);
      apic_ids.push_back(cpu.id);
    }
    EXPECT_EQ(apic_ids, want.apic_ids);
    ASSERT_EQ(node.memory.size(), want.memory.size());
    for (std::size_t m = 0; m < want.memory.size(); ++m) {
      SCOPED_TRACE("memory " + std::to_string(m));
      EXPECT_EQ(node.memory[m].start, want.memory[m].start);
      EXPECT_EQ(node.memory[m].end, want.memory[m].end);
      EXPECT_EQ(node.memory[m].reserved, want.memory[m].reserved);
      EXPECT_EQ(node.memory[m].hotplug, want.memory[m].hotplug);
      EXPECT_FALSE(node.memory[m].non_volatile);
      EXPECT_EQ(node.memory[m].source, want.memory[m].source);
    }
  }
  std::vector<int> ids;
  for (const ExpectedNode& node : expected.nodes) ids.push_back(node.node);
  EXPECT_EQ(layout.distance_nodes, ids);
  EXPECT_EQ(test::distance_matrix(layout), expected.distance);
  ASSERT_EQ(layout.cfmws.size(), expected.cfmws.size());
  for (std::size_t w = 0; w < expected.cfmws.size(); ++w) {
    SCOPED_TRACE("window " + std::to_string(w));
    EXPECT_EQ(layout.cfmws[w].start, expected.cfmws[w].start);
    EXPECT_EQ(layout.cfmws[w].end, expected.cfmws[w].end);
    EXPECT_EQ(layout.cfmws[w].node, expected.cfmws[w].node);
    EXPECT_EQ(layout.cfmws[w].absorbed, expected.cfmws[w].absorbed);
    if (!expected.cfmws[w].absorbed) {
      EXPECT_EQ(layout.cfmws[w].pxm, layout.nodes[static_cast<std::size_t>(expected.cfmws[w].node)].pxm);
    }
  }
}

// ------------------------------------------------------------ the examples

// 2 sockets (PXM 0 and 1, 2 CPUs and 2 GiB each), Generic Ports in PXM 2 and
// 3, three CXL windows beyond SRAT memory. The fake PXMs of the windows are 2,
// 3 and 4 (the ports' PXMs have no node, so they do not count): the SLIT rows
// of PXM 2 and 3 describe the ports, and are not applied to the window nodes.
TEST(GeneratedMap, TwoSocketCxl) {
  const Machine machine{{{0, 2 * GiB}, {4 * GiB, 6 * GiB}}, {0, 1, 2, 3}};
  for (const std::string profile : kProfiles) {
    SCOPED_TRACE(profile);
    const ExpectedMemory window0{0x400000000, 0x500000000, true, false, "cfmws"};
    const ExpectedMemory window1{0x500000000, 0x600000000, true, false, "cfmws"};
    const ExpectedMemory window2{0x600000000, 0x800000000, true, false, "cfmws"};
    const ExpectedLayout expected{
        .nodes = {{0, 0, "srat", {0, 1}, {{low(profile), 0x80000000}}},
                  {1, 1, "srat", {2, 3}, {{0x100000000, 0x180000000}}},
                  {2, 2, "cfmws", {}, {window0}},
                  {3, 3, "cfmws", {}, {window1}},
                  {4, 4, "cfmws", {}, {window2}}},
        .possible = "0-4", .online = "0-1", .memory = "0-1", .cpu = "0-1", .generic_initiator = "",
        .distance = {{10, 21, 20, 20, 20}, {21, 10, 20, 20, 20}, {20, 20, 10, 20, 20}, {20, 20, 20, 10, 20},
                     {20, 20, 20, 20, 10}},
        .cpu_to_node = {0, 0, 1, 1},
        .cfmws = {{0x400000000, 0x500000000, 2}, {0x500000000, 0x600000000, 3}, {0x600000000, 0x800000000, 4}}};
    expect_layout(map_generated(test::example_topology("2socket-cxl"), machine, profile), expected);
  }
}

// 4 sockets with one CPU each (PXM 0-3), memory-only PXMs 4 and 5; PXM 5's
// hot-pluggable 2 GiB lie beyond boot RAM, so they stay reserved and apart
// from its RAM block. The MSCT does not change the layout.
TEST(GeneratedMap, FourSocketMemoryOnly) {
  const Machine machine{{{0, 2 * GiB}, {4 * GiB, 8 * GiB}}, {0, 1, 2, 3}};
  for (const std::string profile : kProfiles) {
    SCOPED_TRACE(profile);
    const ExpectedLayout expected{
        .nodes = {{0, 0, "srat", {0}, {{low(profile), 0x40000000}}},
                  {1, 1, "srat", {1}, {{0x40000000, 0x80000000}}},
                  {2, 2, "srat", {2}, {{0x100000000, 0x140000000}}},
                  {3, 3, "srat", {3}, {{0x140000000, 0x180000000}}},
                  {4, 4, "srat", {}, {{0x180000000, 0x1c0000000}}},
                  {5, 5, "srat", {}, {{0x1c0000000, 0x200000000}, {0x200000000, 0x280000000, true, true}}}},
        .possible = "0-5", .online = "0-5", .memory = "0-5", .cpu = "0-3", .generic_initiator = "",
        .distance = {{10, 21, 21, 21, 17, 21},
                     {21, 10, 21, 21, 17, 21},
                     {21, 21, 10, 21, 21, 17},
                     {21, 21, 21, 10, 21, 17},
                     {17, 17, 21, 21, 10, 28},
                     {21, 21, 17, 17, 28, 10}},
        .cpu_to_node = {0, 1, 2, 3},
        .cfmws = {}};
    expect_layout(map_generated(test::example_topology("4socket-memonly"), machine, profile), expected);
  }
}

// One socket (PXM 0, two blocks that merge), an accelerator as a Generic
// Initiator in PXM 1 whose specific-purpose memory is not RAM: node 1 is
// online as an initiator, without memory.
TEST(GeneratedMap, AcceleratorGenericInitiator) {
  const Machine machine{{{0, 2 * GiB}, {4 * GiB, 5 * GiB}}, {0, 1}};
  for (const std::string profile : kProfiles) {
    SCOPED_TRACE(profile);
    const ExpectedLayout expected{
        .nodes = {{0, 0, "srat", {0, 1}, {{low(profile), 0x140000000}}},
                  {1, 1, "srat", {}, {{0x140000000, 0x180000000, true}}, true}},
        .possible = "0-1", .online = "0-1", .memory = "0", .cpu = "0", .generic_initiator = "1",
        .distance = {{10, 31}, {31, 10}},
        .cpu_to_node = {0, 0},
        .cfmws = {}};
    expect_layout(map_generated(test::example_topology("accelerator-gi"), machine, profile), expected);
  }
}

// ------------------------------------------------------------ small specs

// Sparse PXMs (7, 3, 12): CPUs number their PXMs first, in SRAT order, the
// memory-only PXM 12 comes next; the SLIT rule spans PXM 0-12 and is read by PXM.
TEST(GeneratedMap, SparsePxmsMemoryOnlyNodeAndSlitRule) {
  const json spec = json::parse(R"({
    "initiators": [{"apic": 0, "pxm": 7}, {"apic": 1, "pxm": 3}],
    "memory": [{"pxm": 3, "base": "0x0", "length": "1G"},
               {"pxm": 7, "base": "0x40000000", "length": "1G"},
               {"pxm": 12, "base": "0x80000000", "length": "1G"}],
    "distances": {"local": 10, "remote": 30, "overrides": [{"from": 7, "to": 12, "distance": 25}]}})");
  const Machine machine{{{0, 3 * GiB}}, {0, 1}};
  for (const std::string profile : kProfiles) {
    SCOPED_TRACE(profile);
    const ExpectedLayout expected{
        .nodes = {{0, 7, "srat", {0}, {{0x40000000, 0x80000000}}},
                  {1, 3, "srat", {1}, {{low(profile), 0x40000000}}},
                  {2, 12, "srat", {}, {{0x80000000, 0xc0000000}}}},
        .possible = "0-2", .online = "0-2", .memory = "0-2", .cpu = "0-1", .generic_initiator = "",
        .distance = {{10, 30, 25}, {30, 10, 30}, {25, 30, 10}},
        .cpu_to_node = {0, 1},
        .cfmws = {}};
    expect_layout(map_generated(parse(spec), machine, profile), expected);
  }
}

// A Generic Initiator (PXM 2) with specific-purpose memory and a memory-only
// PXM 1, no SLIT: the initiator's PXM is seen in the first pass, before the
// memory-only one; every distance is the default 10 / 20.
TEST(GeneratedMap, GenericInitiatorWithSpecificPurposeMemory) {
  const json spec = json::parse(R"({
    "initiators": [{"apic": 0, "pxm": 0}],
    "generic_initiators": [{"pxm": 2, "pci": {"segment": 0, "bus": 0, "device": 4, "function": 0}}],
    "memory": [{"pxm": 0, "base": "0x0", "length": "1G"},
               {"pxm": 1, "base": "0x40000000", "length": "1G"},
               {"pxm": 2, "base": "0x80000000", "length": "512M", "specific_purpose": true}]})");
  const Machine machine{{{0, 2 * GiB}}, {0}};
  for (const std::string profile : kProfiles) {
    SCOPED_TRACE(profile);
    const ExpectedLayout expected{
        .nodes = {{0, 0, "srat", {0}, {{low(profile), 0x40000000}}},
                  {1, 2, "srat", {}, {{0x80000000, 0xa0000000, true}}, true},
                  {2, 1, "srat", {}, {{0x40000000, 0x80000000}}}},
        .possible = "0-2", .online = "0-2", .memory = "0,2", .cpu = "0", .generic_initiator = "1",
        .distance = {{10, 20, 20}, {20, 10, 20}, {20, 20, 10}},
        .cpu_to_node = {0},
        .cfmws = {}};
    expect_layout(map_generated(parse(spec), machine, profile), expected);
  }
}

// CXL: the first window is SRAT's hot-pluggable PXM 1 range (numa_fill_memblks
// absorbs it: no node of its own); the two windows SRAT does not describe get
// nodes 2 and 3 with fake PXMs 2 and 3, 20 from everything despite the SLIT.
TEST(GeneratedMap, CxlWindowsOutsideSratGetNodesOfTheirOwn) {
  const json spec = json::parse(R"({
    "initiators": [{"apic": 0, "pxm": 0}, {"apic": 1, "pxm": 1}],
    "memory": [{"pxm": 0, "base": "0x0", "length": "2G"},
               {"pxm": 1, "base": "0x100000000", "length": "1G"},
               {"pxm": 1, "base": "0x140000000", "length": "4G", "hotplug": true}],
    "cxl": {"host_bridges": [{"uid": 12, "base": "0xfed00000"}, {"uid": 13, "base": "0xfed10000"}],
            "windows": [{"base": "0x140000000", "size": "4G", "targets": [12]},
                        {"base": "0x300000000", "size": "4G", "targets": [13]},
                        {"base": "0x400000000", "size": "4G", "targets": [12, 13], "granularity": 4096}]},
    "distances": {"matrix": [[10, 21], [21, 10]]}})");
  const Machine machine{{{0, 2 * GiB}, {4 * GiB, 5 * GiB}}, {0, 1}};
  for (const std::string profile : kProfiles) {
    SCOPED_TRACE(profile);
    const ExpectedLayout expected{
        .nodes = {{0, 0, "srat", {0}, {{low(profile), 0x80000000}}},
                  {1, 1, "srat", {1}, {{0x100000000, 0x140000000}, {0x140000000, 0x240000000, true, true}}},
                  {2, 2, "cfmws", {}, {{0x300000000, 0x400000000, true, false, "cfmws"}}},
                  {3, 3, "cfmws", {}, {{0x400000000, 0x500000000, true, false, "cfmws"}}}},
        .possible = "0-3", .online = "0-1", .memory = "0-1", .cpu = "0-1", .generic_initiator = "",
        .distance = {{10, 21, 20, 20}, {21, 10, 20, 20}, {20, 20, 10, 20}, {20, 20, 20, 10}},
        .cpu_to_node = {0, 1},
        // The absorbed window has no node of its own (acpi_parse_cfmws() returns
        // before assigning one): CfmwsWindow::node -1; node 1's block holds it.
        .cfmws = {{0x140000000, 0x240000000, -1, true}, {0x300000000, 0x400000000, 2}, {0x400000000, 0x500000000, 3}}};
    expect_layout(map_generated(parse(spec), machine, profile), expected);
  }
}

// ------------------------------------------------------------ the booted examples

// The kernels booted these very tables (tests/generate/oracle_cases_test.cpp
// checks that byte for byte); the model on the generated tables, with the
// machine of the boot (its e820 map and CPUs), must give the kernels' verdict:
// masks, distances, CPU lists and the NUMA set-up lines of the console.
class GeneratedMapOracle : public testing::TestWithParam<std::string> {};

TEST_P(GeneratedMapOracle, ModelOnGeneratedTablesMatchesTheKernels) {
  const fs::path case_dir = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/generate/cases" / GetParam();
  const acpi::TableSet tables = generated_tables(test::example_topology(GetParam()));
  const std::vector<fs::path> runs = test::oracle_out_dirs(case_dir);
  EXPECT_FALSE(runs.empty()) << "never booted";
  for (const fs::path& out_dir : runs) {
    SCOPED_TRACE(out_dir.string());
    ASSERT_FALSE(test::oracle_crashed(out_dir));
    const auto config = test::oracle_config(case_dir, out_dir, test::oracle_profile(out_dir));
    ASSERT_TRUE(config.ok()) << config.error().format();
    test::expect_layout_matches_kernel(*map_numa(tables, *config), out_dir);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, GeneratedMapOracle, testing::ValuesIn(test::kExampleTopologies), test::example_test_name);

}  // namespace
}  // namespace numaplan::kernel
