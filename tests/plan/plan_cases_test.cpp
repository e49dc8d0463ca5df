// The oracle's verdicts on emitted plans (tests/plan/cases/NAME): each case
// holds the machine's tables (machine/), the plan's options (options, one
// word a line, paths relative to the case), the tables `plan --emit-tables`
// wrote (*.dat, qemu-args) and what Debian's kernels made of them when
// ../shared/oracle/run-case.sh booted that directory (out/<kernel>/). The
// plan must still emit those bytes, and the kernel must have built exactly
// the planned possible nodes, the planned PXMs of the CFMWS and reserved
// nodes, the planned distances between online nodes and the plan's fallback
// order; the model on the booted tables gives the kernel's NUMA set-up,
// memory, setup_percpu, fallback-order and distance-table lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/profile.h"
#include "support/oracle_replay.h"
#include "support/table_bytes.h"

namespace numaplan::plan {
namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "key: value" lines of layout.txt (before the dmesg part).
std::map<std::string, std::string> layout_keys(const std::string& layout) {
  std::map<std::string, std::string> keys;
  for (const std::string& line : lines_of(layout)) {
    if (line.starts_with("--- dmesg")) break;
    const std::size_t colon = line.find(": ");
    if (colon != std::string::npos) keys[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return keys;
}

std::vector<int> node_list(const std::string& list) {
  std::vector<int> nodes;
  std::istringstream in(list);
  for (std::string run; std::getline(in, run, ',');) {
    if (run.empty()) continue;
    const std::size_t dash = run.find('-');
    const int first = std::stoi(run.substr(0, dash));
    const int last = dash == std::string::npos ? first : std::stoi(run.substr(dash + 1));
    for (int n = first; n <= last; ++n) nodes.push_back(n);
  }
  return nodes;
}

struct Run {
  nlohmann::json plan;
  test::TempDir tables;
};

// `numaplan plan` as the case's options say, for one kernel profile.
void run_plan(const fs::path& case_dir, const std::string& profile, Run& run) {
  const fs::path dir = run.tables.path() / "emitted";
  std::string command = "cd " + shell_quote(case_dir.string()) + " && " + shell_quote(NUMAPLAN_BINARY) +
                        " plan --format json --kernel " + profile + " --emit-tables " + shell_quote(dir.string());
  for (const std::string& word : lines_of(test::read_text(case_dir / "options"))) command += " " + shell_quote(word);
  const fs::path out = run.tables.path() / "plan.json";
  ASSERT_EQ(std::system((command + " > " + shell_quote(out.string())).c_str()), 0) << command;
  run.plan = nlohmann::json::parse(test::read_text(out));
}

// The distances the plan recommends, which the emitted SLIT carries.
int planned_distance(const nlohmann::json& plan, int from, int to) {
  const auto& recommended = plan["spm"]["recommended_distance"];
  const auto& nodes = recommended["nodes"];
  const auto index = [&](int node) {
    return static_cast<std::size_t>(std::find(nodes.begin(), nodes.end(), node) - nodes.begin());
  };
  return recommended["matrix"][index(from)][index(to)].get<int>();
}

std::string srat_line(int node, std::uint32_t pxm, std::uint64_t start, std::uint64_t end) {
  char line[128];
  std::snprintf(line, sizeof line, "ACPI: SRAT: Node %d PXM %u [mem %#010llx-%#010llx] hotplug", node, pxm,
                static_cast<unsigned long long>(start), static_cast<unsigned long long>(end - 1));
  return line;
}

// The plan's fallback order (nodes[].fallback_order) as build_zonelists() prints it.
std::vector<std::string> planned_fallback_lines(const nlohmann::json& plan) {
  std::vector<std::string> lines;
  for (const auto& node : plan["nodes"]) {
    if (node["fallback_order"].is_null()) continue;
    std::string line = "Fallback order for Node " + std::to_string(node["node"].get<int>()) + ": ";
    for (const auto& n : node["fallback_order"]) line += std::to_string(n.get<int>()) + " ";
    lines.push_back(line);
  }
  return lines;
}

// The "Fallback order for Node N: ..." lines of layout.txt's dmesg part.
std::vector<std::string> printed_fallback_lines(const std::string& layout) {
  std::vector<std::string> lines;
  const std::size_t dmesg = layout.find("--- dmesg ---\n");
  if (dmesg == std::string::npos) return lines;
  for (const kernel::LogMessage& message : kernel::first_boot(std::string_view(layout).substr(dmesg)).messages) {
    if (kernel::dmesg_family(message.text) == kernel::DmesgFamily::fallback_order) lines.emplace_back(message.text);
  }
  return lines;
}

// True when the plan wrote the case's tables (the ones that were booted).
bool wrote_case_tables(const fs::path& case_dir, const Run& run) {
  for (const auto& entry : fs::directory_iterator(case_dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || (!name.ends_with(".dat") && name != "qemu-args")) continue;
    if (test::read_bytes(run.tables.path() / "emitted" / name) != test::read_bytes(entry.path())) return false;
  }
  return true;
}

void check_kernel_run(const fs::path& case_dir, const fs::path& out) {
  SCOPED_TRACE(out.string());
  const std::string profile = test::oracle_profile(out);
  ASSERT_FALSE(profile.empty());
  ASSERT_NE(test::read_text(out / "meta.txt").find("complete: yes"), std::string::npos);
  auto run = std::make_unique<Run>();
  run_plan(case_dir, profile, *run);
  if (testing::Test::HasFatalFailure()) return;
  // A line that plans other tables for the case (5.10 reads no CFMWS window,
  // so it reserves no standby node for one) booted the tables planned for the
  // newest line: the boot must then give that plan's nodes.
  const bool own_plan = wrote_case_tables(case_dir, *run);
  if (!own_plan) {
    run = std::make_unique<Run>();
    run_plan(case_dir, "mainline", *run);
    if (testing::Test::HasFatalFailure()) return;
  }

  // The plan still writes the tables that were booted, and the guest saw exactly them.
  for (const auto& entry : fs::directory_iterator(case_dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || (!name.ends_with(".dat") && name != "qemu-args")) continue;
    EXPECT_EQ(test::read_bytes(run->tables.path() / "emitted" / name), test::read_bytes(entry.path())) << name;
    if (name.ends_with(".dat")) {
      std::string signature = name.substr(0, name.size() - 4);
      for (char& c : signature) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_EQ(test::read_bytes(out / ("guest-" + signature + ".dat")), test::read_bytes(entry.path())) << name;
    }
  }

  const std::string layout = test::read_text(out / "layout.txt");
  const auto keys = layout_keys(layout);
  EXPECT_EQ(keys.at("possible"), run->plan["nodemasks"]["possible"].get<std::string>());
  const std::vector<int> online = node_list(keys.at("online"));
  for (int from : online) {
    std::string planned;
    for (int to : online) planned += (planned.empty() ? "" : " ") + std::to_string(planned_distance(run->plan, from, to));
    EXPECT_EQ(keys.at("node" + std::to_string(from) + ".distance"), planned) << "node " << from;
  }
  // The fallback order the plan shows for the planned layout, reserved nodes
  // included, is the one the kernel printed (5.14+; 5.10 prints none).
  const std::vector<std::string> printed = printed_fallback_lines(layout);
  if (kernel::find_profile(profile)->fallback_order_printed) {
    EXPECT_TRUE(own_plan) << "the kernel booted another profile's plan";
    EXPECT_EQ(planned_fallback_lines(run->plan), printed);
  } else {
    EXPECT_EQ(printed, std::vector<std::string>{});
  }
  // The model on the booted tables: every line the kernel printed, in order.
  const auto replayed = test::replay_guest(case_dir, out, profile);
  ASSERT_TRUE(replayed.ok()) << replayed.error().format();
  test::expect_layout_matches_kernel(*replayed, out);
  // Every reserved node is the node and PXM the plan gave it in the tables.
  for (const auto& node : run->plan["spm"]["nodes"]) {
    const std::string line =
        srat_line(node["node"].get<int>(), node["tables_pxm"].get<std::uint32_t>(),
                  std::stoull(node["hotplug_range"]["start"].get<std::string>(), nullptr, 16),
                  std::stoull(node["hotplug_range"]["end"].get<std::string>(), nullptr, 16));
    EXPECT_NE(layout.find(line), std::string::npos) << line;
  }
}

TEST(PlanOracle, BootedPlansGiveThePlannedNodesAndDistances) {
  const fs::path cases = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/plan/cases";
  int plans = 0;
  for (const auto& case_dir : fs::directory_iterator(cases)) {
    if (!fs::exists(case_dir.path() / "options")) continue;
    // The hot-plug form boots QEMU's -numa nodes and a DIMM, not qemu-args (StandbyNodeTakesTheDimm).
    if (fs::exists(case_dir.path() / "acpi-upgrade.cpio")) continue;
    const std::vector<fs::path> runs = test::oracle_out_dirs(case_dir.path());
    EXPECT_FALSE(runs.empty()) << case_dir.path() << " was never booted";
    for (const fs::path& out : runs) check_kernel_run(case_dir.path(), out);
    ++plans;
  }
  EXPECT_EQ(plans, 5);  // and accelerator-hotplug
}

// Golden data: the accelerator of tables/examples/accelerator-gi.json (its
// 1 GiB in PXM 1 Specific-Purpose) planned with --standby 1. The plan keeps
// the node out of system RAM and emits -m without its range; every kernel
// booted it memoryless (5.10 prints the empty range, 5.17+ "as memoryless"),
// with the machine's HMAT applied, and built the standby node 2.
TEST(PlanOracle, SpecificPurposeNodeBootsMemoryless) {
  const fs::path case_dir = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/plan/cases/accelerator-sp";
  const std::vector<fs::path> runs = test::oracle_out_dirs(case_dir);
  ASSERT_EQ(runs.size(), 4U);
  for (const fs::path& out : runs) {
    SCOPED_TRACE(out.string());
    plan::Run run;
    run_plan(case_dir, test::oracle_profile(out), run);
    if (testing::Test::HasFatalFailure()) return;
    EXPECT_EQ(run.plan["nodemasks"]["memory"], "0");
    EXPECT_EQ(run.plan["spm"]["sysram"], "0");
    EXPECT_EQ(run.plan["nodes"][1]["ram_bytes"], 0);
    EXPECT_EQ(run.plan["specific_purpose"][0]["node"], 1);
    const auto keys = layout_keys(test::read_text(out / "layout.txt"));
    EXPECT_EQ(keys.at("possible"), "0-2");
    EXPECT_EQ(keys.at("has_memory"), "0");
    EXPECT_EQ(keys.at("node1.MemTotal_kB"), "0");
    EXPECT_EQ(keys.at("node1.access0.read_latency"), "60");  // the HMAT was kept
    const std::string log = test::read_text(out / "kernel.log");
    const bool memoryless = log.find("Initmem setup node 1 as memoryless") != std::string::npos ||
                            log.find("Initmem setup node 1 [mem 0x0000000000000000-0x0000000000000000]") != std::string::npos;
    EXPECT_TRUE(memoryless);
  }
  const std::string args = test::read_text(case_dir / "qemu-args");
  EXPECT_NE(args.find("-M q35 -m 3072M -smp 2\n"), std::string::npos) << args;
}

// Golden data: the accelerator plan with --latency 2=200 --bandwidth 2=5000,
// booted in qemu.args' hot-plug form with node 2's range cold-plugged as a
// DIMM (tests/plan/cases/accelerator-hotplug: qemu.args' options but its
// -acpitable lines, which the oracle makes from *.dat, and the DIMM that
// qemu.args names; acpi-upgrade.cpio before the initramfs, boot-cases.sh).
// Every kernel replaced QEMU's SRAT by the planned one, added the DIMM to
// node 2 through ACPI memory hot-plug (1 GiB onlined there) and applied the
// planned HMAT to it once it had memory.
TEST(PlanOracle, StandbyNodeTakesTheDimm) {
  const fs::path case_dir = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/plan/cases/accelerator-hotplug";
  plan::Run run;
  run_plan(case_dir, "mainline", run);
  if (testing::Test::HasFatalFailure()) return;
  const fs::path emitted = run.tables.path() / "emitted";
  for (const char* name : {"acpi-upgrade.cpio", "slit.dat", "msct.dat", "hmat.dat"}) {
    EXPECT_EQ(test::read_bytes(emitted / name), test::read_bytes(case_dir / name)) << name;
  }
  const auto& node2 = run.plan["spm"]["nodes"][0];
  EXPECT_EQ(node2["node"], 2);
  EXPECT_EQ(node2["hotplug_range"]["start"], "0x180000000");
  const std::string args = test::read_text(emitted / "qemu.args");
  const std::string dimm = "memory-backend-ram,id=standby2,size=1024M";
  const std::string device = "pc-dimm,id=dimm2,memdev=standby2,node=2,addr=0x180000000";
  EXPECT_NE(args.find("#   -object " + dimm + " -device " + device + "\n"), std::string::npos) << args;
  EXPECT_NE(args.find("object_add " + dimm + "; device_add " + device + "\n"), std::string::npos) << args;
  const std::string options =
      "-M q35\n-m 3072M,slots=1,maxmem=5120M\n-smp 2\n-object memory-backend-ram,id=boot-ram,size=3072M\n"
      "-numa node,nodeid=0,memdev=boot-ram\n-numa node,nodeid=1\n-numa node,nodeid=2\n";
  EXPECT_TRUE(args.ends_with(options + "-acpitable file=" + (emitted / "slit.dat").string() + "\n-acpitable file=" +
                             (emitted / "msct.dat").string() + "\n-acpitable file=" + (emitted / "hmat.dat").string() +
                             "\n"))
      << args;
  const std::string booted = test::read_text(case_dir / "qemu-args");
  EXPECT_NE(booted.find(options + "-object " + dimm + "\n-device " + device + "\n"), std::string::npos) << booted;
  // The planned SRAT inside the cpio (kernel/firmware/acpi/srat.aml), QEMU's OEM IDs, OEM Revision 2.
  const std::vector<std::uint8_t> cpio = test::read_bytes(case_dir / "acpi-upgrade.cpio");
  const std::vector<std::uint8_t> planned = test::read_bytes(emitted / "srat.dat");
  const std::string tag = "kernel/firmware/acpi/srat.aml";
  const auto name = std::search(cpio.begin(), cpio.end(), tag.begin(), tag.end());
  ASSERT_NE(name, cpio.end());
  const std::size_t at = (static_cast<std::size_t>(name - cpio.begin()) + tag.size() + 1 + 3) / 4 * 4;
  ASSERT_LE(at + planned.size(), cpio.size());
  const std::vector<std::uint8_t> upgrade(cpio.begin() + static_cast<std::ptrdiff_t>(at),
                                          cpio.begin() + static_cast<std::ptrdiff_t>(at + planned.size()));
  EXPECT_EQ(std::string(upgrade.begin() + 10, upgrade.begin() + 28), std::string("BOCHS BXPC    \x02\0\0\0", 18));
  EXPECT_TRUE(std::equal(planned.begin() + 36, planned.end(), upgrade.begin() + 36));  // the planned entries

  const std::vector<fs::path> runs = test::oracle_out_dirs(case_dir);
  ASSERT_EQ(runs.size(), 4U);
  for (const fs::path& out : runs) {
    SCOPED_TRACE(out.string());
    ASSERT_NE(test::read_text(out / "meta.txt").find("complete: yes"), std::string::npos);
    EXPECT_EQ(test::read_bytes(out / "guest-SRAT.dat"), upgrade);
    const auto keys = layout_keys(test::read_text(out / "layout.txt"));
    EXPECT_EQ(keys.at("possible"), "0-2");
    EXPECT_EQ(keys.at("online"), "0-2");
    EXPECT_EQ(keys.at("has_memory"), "0,2");
    EXPECT_EQ(keys.at("node1.MemTotal_kB"), "0");
    EXPECT_EQ(keys.at("node2.MemTotal_kB"), "1048576");
    EXPECT_EQ(keys.at("node2.distance"), "20 20 10");
    EXPECT_EQ(keys.at("node2.access0.read_latency"), "200");
    EXPECT_EQ(keys.at("node2.access0.write_latency"), "200");
    EXPECT_EQ(keys.at("node2.access0.read_bandwidth"), "5000");
    EXPECT_EQ(keys.at("node2.access0.write_bandwidth"), "5000");
    EXPECT_EQ(keys.at("node2.access0.initiators"), "node0 node1 ");
    const std::string log = test::read_text(out / "kernel.log");
    EXPECT_NE(log.find("ACPI: Table Upgrade: override [SRAT-BOCHS -BXPC    ]"), std::string::npos);
    EXPECT_NE(log.find("ACPI: SRAT: Node 2 PXM 2 [mem 0x180000000-0x1bfffffff] hotplug"), std::string::npos);
    EXPECT_NE(log.find("Built 3 zonelists"), std::string::npos);  // node 2 got memory after boot's 2 zonelists
  }
}

// The same range hot-plugged at run time from the QEMU monitor, as
// qemu.args' comment says (tests/kernel/hotplug-monitor.sh: the guest boots
// without the DIMM, says has_memory, then object_add and device_add): every
// kernel put the DIMM on node 2 once it was running.
TEST(PlanOracle, StandbyNodeTakesAMonitorDimm) {
  const fs::path dir = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/plan/cases/accelerator-hotplug/monitor";
  int logs = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().string());
    const std::vector<std::string> lines = lines_of(test::read_text(entry.path()));
    const auto has = [&](const std::string& line) { return std::find(lines.begin(), lines.end(), line) != lines.end(); };
    EXPECT_TRUE(has("monitor: object_add memory-backend-ram,id=standby2,size=1024M"));
    EXPECT_TRUE(has("monitor: device_add pc-dimm,id=dimm2,memdev=standby2,node=2,addr=0x180000000"));
    EXPECT_TRUE(has("dmesg: ACPI: Table Upgrade: override [SRAT-BOCHS -BXPC    ]"));
    EXPECT_TRUE(has("dmesg: ACPI: SRAT: Node 2 PXM 2 [mem 0x180000000-0x1bfffffff] hotplug"));
    EXPECT_TRUE(has("before: has_memory 0"));
    EXPECT_TRUE(has("after: has_memory 0,2"));
    EXPECT_TRUE(has("after: node2 MemTotal_kB 1048576"));
    EXPECT_TRUE(has("  node: 2"));
    EXPECT_TRUE(has("  hotplugged: true"));
    ++logs;
  }
  EXPECT_EQ(logs, 4);
}

}  // namespace
}  // namespace numaplan::plan
