// The oracle's verdicts on the generated examples (tests/generate/cases/NAME,
// made by make-cases.sh): the kernels saw exactly the generated tables and
// built the nodes that the spec implies under Linux's SRAT rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "numaplan/emit/generate.h"
#include "support/oracle_replay.h"
#include "support/spec_examples.h"
#include "support/table_bytes.h"

namespace numaplan::emit {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/generate/cases";

// Node ids in the kernel's list syntax: "0-1,3".
std::string list_text(const std::set<int>& ids) {
  std::string out;
  for (auto it = ids.begin(); it != ids.end();) {
    int last = *it;
    auto next = std::next(it);
    while (next != ids.end() && *next == last + 1) last = *next++;
    out += (out.empty() ? "" : ",") + std::to_string(*it) + (last != *it ? "-" + std::to_string(last) : "");
    it = next;
  }
  return out;
}

// What the spec implies under Linux's rules (reference §1.2-1.9): nodes are
// numbered as PXMs are first seen, CPUs and Generic Initiators in one SRAT
// pass, memory in a second; each CEDT window outside SRAT memory takes the
// next node, on a kernel that parses CFMWS (5.17+); a node is online with a CPU, boot RAM or a Generic Initiator;
// distances come from the SLIT by PXM (10/20 beyond it). QEMU numbers
// logical CPUs by APIC id, so the examples' CPU n has APIC id n.
struct Implied {
  std::map<std::uint32_t, int> node_of_pxm;
  std::set<int> possible, online, memory, cpu, generic_initiator;
  std::map<int, std::set<int>> cpus;

  Implied(const spec::Topology& t, bool cfmws_parsed) {
    const auto node = [&](std::uint32_t pxm) {
      return node_of_pxm.emplace(pxm, static_cast<int>(node_of_pxm.size())).first->second;
    };
    for (const spec::Initiator& c : t.initiators) {
      if (c.enabled) cpus[node(c.pxm)].insert(static_cast<int>(c.id));
    }
    for (const spec::GenericAffinity& g : t.generic_initiators) {
      if (g.enabled) generic_initiator.insert(node(g.pxm));
    }
    for (const spec::MemoryRange& m : t.memory) {
      if (!m.enabled) continue;
      const int n = node(m.pxm);
      if (!m.hotplug && !m.non_volatile && !m.specific_purpose) memory.insert(n);
    }
    int next = static_cast<int>(node_of_pxm.size());
    for (const spec::Window& w : cfmws_parsed ? t.windows : std::vector<spec::Window>{}) {
      const bool covered = std::any_of(t.memory.begin(), t.memory.end(), [&](const spec::MemoryRange& m) {
        return m.enabled && m.base <= w.base && w.base + w.size <= m.base + m.length;
      });
      if (!covered) possible.insert(next++);
    }
    for (const auto& [pxm, n] : node_of_pxm) possible.insert(n);
    for (const auto& [n, list] : cpus) cpu.insert(n);
    online = cpu;
    online.insert(memory.begin(), memory.end());
    online.insert(generic_initiator.begin(), generic_initiator.end());
  }

  std::string distance_row(const spec::Topology& t, int from) const {
    std::map<int, std::uint32_t> pxm_of_node;
    for (const auto& [pxm, n] : node_of_pxm) pxm_of_node[n] = pxm;
    const std::vector<std::vector<std::uint8_t>> none;  // no SLIT: 10/20 for every pair
    const auto& matrix = t.distances ? t.distances->matrix : none;
    std::string row;
    for (int to : online) {
      const std::uint32_t a = pxm_of_node.at(from), b = pxm_of_node.at(to);
      const int d = a < matrix.size() && b < matrix.size() ? matrix[a][b] : (from == to ? 10 : 20);
      row += (row.empty() ? "" : " ") + std::to_string(d);
    }
    return row;
  }
};

class OracleCase : public testing::TestWithParam<std::string> {};

TEST_P(OracleCase, CaseTablesAreWhatGenerateWrites) {
  const std::string name = GetParam();
  const spec::Topology t = test::example_topology(name);
  const std::string dir = "tests/generate/cases/" + name;  // as make-cases.sh passes --out
  auto built = spec::build_tables(t);
  ASSERT_TRUE(built.ok()) << built.error().format();
  std::set<std::string> expected_files, files;
  for (const spec::GeneratedTable& table : *built) {
    expected_files.insert(table_file_name(table.signature));
    EXPECT_EQ(test::read_bytes(kCases / name / table_file_name(table.signature)), table.bytes) << table.signature;
  }
  for (const auto& entry : fs::directory_iterator(kCases / name)) {
    if (entry.path().extension() == ".dat") files.insert(entry.path().filename().string());
  }
  EXPECT_EQ(files, expected_files);
  Diagnostics notes;
  const std::string args = qemu_args(t, *built, dir, notes);
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(test::read_text(kCases / name / "qemu.args"), args);
  std::string boot_args;
  std::istringstream lines(args);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("#") && !line.starts_with("-acpitable")) boot_args += line + "\n";
  }
  EXPECT_EQ(test::read_text(kCases / name / "qemu-args"), boot_args);
}

TEST_P(OracleCase, KernelsSawExactlyTheGeneratedTables) {
  const std::string name = GetParam();
  auto built = spec::build_tables(test::example_topology(name));
  ASSERT_TRUE(built.ok());
  const auto kernels = test::oracle_out_dirs(kCases / name);
  ASSERT_FALSE(kernels.empty()) << "no kernel verdicts; rerun make-cases.sh";
  for (const fs::path& out : kernels) {
    SCOPED_TRACE(out.string());
    EXPECT_NE(test::read_text(out / "meta.txt").find("complete: yes"), std::string::npos);
    std::set<std::string> guest, generated;
    for (const auto& entry : fs::directory_iterator(out)) {
      const std::string file = entry.path().filename().string();
      // Newer oracle runs also dump QEMU's own MADT (guest-APIC.dat), not a
      // generated table, and iasl's text of each table (guest-*.dsl).
      if (file.starts_with("guest-") && file.ends_with(".dat") && file != "guest-APIC.dat") guest.insert(file.substr(6, 4));
    }
    for (const spec::GeneratedTable& table : *built) {
      generated.insert(table.signature);
      EXPECT_EQ(test::read_bytes(out / ("guest-" + table.signature + ".dat")), table.bytes) << table.signature;
    }
    EXPECT_EQ(guest, generated);
  }
}

TEST_P(OracleCase, KernelsBuiltTheNodesTheSpecImplies) {
  const std::string name = GetParam();
  const spec::Topology t = test::example_topology(name);
  for (const fs::path& out : test::oracle_out_dirs(kCases / name)) {
    SCOPED_TRACE(out.string());
    const kernel::Profile* profile = kernel::find_profile(test::oracle_profile(out));
    ASSERT_NE(profile, nullptr);
    const Implied implied(t, profile->cfmws_parsed);
    const auto values = test::read_verdict(out / "layout.txt");
    EXPECT_EQ(values.at("possible"), list_text(implied.possible));
    EXPECT_EQ(values.at("online"), list_text(implied.online));
    EXPECT_EQ(values.at("has_memory"), list_text(implied.memory));
    EXPECT_EQ(values.at("has_cpu"), list_text(implied.cpu));
    EXPECT_EQ(values.at("has_generic_initiator"), list_text(implied.generic_initiator));
    for (int node : implied.online) {
      const std::string key = "node" + std::to_string(node);
      const auto cpus = implied.cpus.find(node);
      EXPECT_EQ(values.at(key + ".cpulist"), cpus == implied.cpus.end() ? "" : list_text(cpus->second)) << key;
      EXPECT_EQ(values.at(key + ".distance"), implied.distance_row(t, node)) << key;
    }
  }
}

// Golden data: the HMAT of tables/examples/cxl-generic-port-hmat.json names
// the Generic Port's PXM 1 as a locality target (the host side of a CXL link:
// 200 ns, 5000 MB/s from PXM 0). Every kernel accepted the table (node 0's
// access0 is the HMAT's 80 ns, 20000 MB/s); 5.10 to 6.12 print the Generic
// Port's entries (hmat_parse_locality(), pr_info), 7.3 only at debug level.
TEST(OracleCase, GenericPortHmatTargetAccepted) {
  const auto kernels = test::oracle_out_dirs(kCases / "cxl-generic-port-hmat");
  ASSERT_EQ(kernels.size(), 4U);
  for (const fs::path& out : kernels) {
    SCOPED_TRACE(out.string());
    const auto values = test::read_verdict(out / "layout.txt");
    EXPECT_EQ(values.at("node0.access0.read_latency"), "80");
    EXPECT_EQ(values.at("node0.access0.read_bandwidth"), "20000");
    EXPECT_EQ(values.at("node0.access0.initiators"), "node0 ");
    const std::string log = test::read_text(out / "layout.txt");
    EXPECT_EQ(log.find("Ignoring: Invalid table"), std::string::npos);
    const bool debug_only = test::oracle_profile(out) == "7.3";
    EXPECT_EQ(log.find("acpi/hmat:   Initiator-Target[0-1]:200 nsec") != std::string::npos, !debug_only);
    EXPECT_EQ(log.find("acpi/hmat:   Initiator-Target[0-1]:5000 MB/s") != std::string::npos, !debug_only);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, OracleCase, testing::ValuesIn(test::kExampleTopologies), test::example_test_name);

}  // namespace
}  // namespace numaplan::emit
