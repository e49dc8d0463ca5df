// --kconfig, the same option for map, validate and plan: a .config's
// CONFIG_CXL_ACPI, CONFIG_MEMORY_HOTPLUG and CONFIG_NODES_SHIFT reach the
// kernel model, on oracle cases whose real kernels' verdicts are committed in
// tests/kernel/cases/*/out.
#include <gtest/gtest.h>

#include "support/run_cli.h"

namespace numaplan {
namespace {

using test::run_numaplan;

const std::string kSource = std::string(NUMAPLAN_SOURCE_DIR) + "/";
const std::string kKconfig = kSource + "tests/tools/kconfig/";
// One CFMWS window above two SRAT nodes, as Debian's 7.3 saw it (possible 0-2
// with its CONFIG_CXL_ACPI=m).
const std::string kCfmwsCase = kSource + "tests/kernel/cases/52-cfmws-cxl-acpi-kconfig/out/7.3.4+deb13-amd64/";
// PXM 1 and 2 only hot-pluggable ranges above RAM.
const std::string kHotplugSrat = kSource + "tests/kernel/cases/26-hotplug-nonvolatile/out/5.10.0-32-amd64/guest-SRAT.dat";

test::CliResult map_cfmws(const std::string& kconfig) {
  return run_numaplan({"map", "--kernel", "7.3", "--kconfig", kKconfig + kconfig, kCfmwsCase + "guest-SRAT.dat",
                       kCfmwsCase + "guest-CEDT.dat"});
}

std::string nodes_line(const std::string& map_text) {
  const std::size_t start = map_text.find("nodes: ");
  return start == std::string::npos ? "" : map_text.substr(start, map_text.find('\n', start) - start);
}

// 7.1+ walks CEDT only if IS_ENABLED(CONFIG_CXL_ACPI): =n makes no window node,
// =m (Debian's) the window's node 2, as the 7.3 boot shows.
TEST(Kconfig, MapCxlAcpiGatesTheWindowNodeOn73) {
  const test::CliResult off = map_cfmws("cxl-acpi-n.config");
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(nodes_line(off.out), "nodes: possible 0-1, online 0-1, memory 0-1, cpu 0-1, generic initiator none");
  EXPECT_NE(off.out.find("  CEDT: not parsed: this kernel reads CFMWS windows only with CONFIG_CXL_ACPI\n"),
            std::string::npos)
      << off.out;
  EXPECT_EQ(off.out.find("cfmws windows:"), std::string::npos) << off.out;

  const test::CliResult module = map_cfmws("cxl-acpi-m.config");
  EXPECT_EQ(module.exit_code, 0) << module.err;
  EXPECT_EQ(nodes_line(module.out), "nodes: possible 0-2, online 0-1, memory 0-1, cpu 0-1, generic initiator none");
  EXPECT_NE(module.out.find("cfmws windows:\n  [mem 0x800000000-0x8ffffffff] -> node 2 (fake PXM 2)\n"),
            std::string::npos)
      << module.out;
}

// Without CONFIG_MEMORY_HOTPLUG 5.10 skips the hot-pluggable entries (no
// nodes 2 and 3); 6.1 keeps them as plain memory (no " hotplug" in the line),
// without RAM behind them here (no memory map: SRAT's other ranges are the RAM),
// so nodes 2 and 3 are memoryless.
TEST(Kconfig, MapMemoryHotplugOffSkipsHotplugRangesOn510Only) {
  const std::string kconfig = kKconfig + "memory-hotplug-n.config";
  const test::CliResult old = run_numaplan({"map", "--kernel", "5.10", "--kconfig", kconfig, kHotplugSrat});
  EXPECT_EQ(old.exit_code, 0) << old.err;
  EXPECT_EQ(nodes_line(old.out), "nodes: possible 0-1, online 0-1, memory 0-1, cpu 0, generic initiator none");
  const test::CliResult with = run_numaplan({"map", "--kernel", "5.10", kHotplugSrat});
  EXPECT_EQ(nodes_line(with.out), "nodes: possible 0-3, online 0-1, memory 0-1, cpu 0, generic initiator none");

  const test::CliResult newer =
      run_numaplan({"map", "--kernel", "6.1", "--kconfig", kconfig, "--format", "dmesg", kHotplugSrat});
  EXPECT_EQ(newer.exit_code, 0) << newer.err;
  EXPECT_EQ(newer.out,
            "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
            "SRAT: PXM 0 -> APIC 0x01 -> Node 0\n"
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x3fffffff]\n"
            "ACPI: SRAT: Node 1 PXM 3 [mem 0x40000000-0x7fffffff] non-volatile\n"
            "ACPI: SRAT: Node 2 PXM 1 [mem 0x100000000-0x13fffffff]\n"
            "ACPI: SRAT: Node 3 PXM 2 [mem 0x140000000-0x17fffffff] non-volatile\n"
            "Early memory node ranges\n"
            "  node   0: [mem 0x0000000000001000-0x000000000009ffff]\n"
            "  node   0: [mem 0x0000000000100000-0x000000003fffffff]\n"
            "  node   1: [mem 0x0000000040000000-0x000000007fffffff]\n"
            "Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
            "Initmem setup node 1 [mem 0x0000000040000000-0x000000007fffffff]\n"
            "Initializing node 2 as memoryless\n"
            "Initmem setup node 2 as memoryless\n"
            "Initializing node 3 as memoryless\n"
            "Initmem setup node 3 as memoryless\n"
            "Fallback order for Node 0: 0 1 \n"
            "Fallback order for Node 1: 1 0 \n"
            "Fallback order for Node 2: 2 0 1 \n"
            "Fallback order for Node 3: 3 1 0 \n");
}

// validate and plan read the same switches through the same model.
TEST(Kconfig, ValidateAndPlanSeeTheCxlAcpiGate) {
  const std::vector<std::string> tables = {kCfmwsCase + "guest-SRAT.dat", kCfmwsCase + "guest-CEDT.dat"};
  const auto run = [&](const std::string& command, const std::string& kconfig) {
    std::vector<std::string> args = {command, "--kernel", "7.3", "--kconfig", kKconfig + kconfig};
    args.insert(args.end(), tables.begin(), tables.end());
    return run_numaplan(args);
  };
  const std::string window_node = "[CEDT.CfmwsNode]";
  EXPECT_NE(run("validate", "cxl-acpi-m.config").out.find(window_node), std::string::npos);
  const test::CliResult off = run("validate", "cxl-acpi-n.config");
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(off.out.find(window_node), std::string::npos) << off.out;

  EXPECT_NE(run("plan", "cxl-acpi-n.config").out.find("masks: possible 0-1,"), std::string::npos);
  EXPECT_NE(run("plan", "cxl-acpi-m.config").out.find("masks: possible 0-2,"), std::string::npos);
}

// An explicit --nodes-shift wins over the file's CONFIG_NODES_SHIFT (6 in the fixture).
TEST(Kconfig, NodesShiftOptionWinsOverTheFile) {
  for (const char* command : {"map", "validate", "plan"}) {
    const auto run = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = {command, "--kernel", "7.3", "--kconfig", kKconfig + "cxl-acpi-n.config",
                                       "--format", "json", kCfmwsCase + "guest-SRAT.dat"};
      args.insert(args.end(), extra.begin(), extra.end());
      return run_numaplan(args).out;
    };
    EXPECT_NE(run({}).find("\"max_numnodes\": 64,"), std::string::npos) << command;
    EXPECT_NE(run({"--nodes-shift", "1"}).find("\"max_numnodes\": 2,"), std::string::npos) << command;
  }
}

// Unreadable: exit 3; binary data or a malformed line: exit 2, named file:line.
TEST(Kconfig, BadFilesExitWithFileAndLine) {
  const std::string srat = kCfmwsCase + "guest-SRAT.dat";
  for (const char* command : {"map", "validate", "plan"}) {
    const test::CliResult missing = run_numaplan({command, "--kconfig", "/nonexistent/.config", srat});
    EXPECT_EQ(missing.exit_code, 3) << command;
    EXPECT_EQ(missing.err, "numaplan: error: /nonexistent/.config: cannot read the file\n") << command;
    EXPECT_EQ(missing.out, "") << command;

    const test::CliResult binary = run_numaplan({command, "--kconfig", srat, srat});
    EXPECT_EQ(binary.exit_code, 2) << command;
    EXPECT_EQ(binary.err, "numaplan: error: " + srat + ":1: not a .config (binary data?): byte 0x00 at column 6\n")
        << command;

    const test::CliResult malformed = run_numaplan({command, "--kconfig", kKconfig + "malformed.config", srat});
    EXPECT_EQ(malformed.exit_code, 2) << command;
    EXPECT_EQ(malformed.err, "numaplan: error: " + kKconfig +
                                 "malformed.config:2: expected CONFIG_NAME=value or \"# CONFIG_NAME is not set\", got "
                                 "\"CONFIG_CXL_ACPI\"\n")
        << command;
  }
}

}  // namespace
}  // namespace numaplan
