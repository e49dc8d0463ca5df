// `numaplan map` run as a program on the bundled example: a QEMU q35 machine
// with two SRAT nodes and two CFMWS windows, whose tables, memory map and
// boot logs (Debian's 6.1.0-56 and 6.12.117 kernels, from the oracle) are in
// tables/examples/. The expected dmesg lines are the real kernels' lines.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/source/text_file.h"
#include "support/kernel_logs.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

const std::string kExamples = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/";
const std::string kTables = kExamples + "qemu-2node-cxl.acpidump.txt";
const std::string kE820 = kExamples + "qemu-2node-cxl.e820.log";
const std::string kLog61 = kExamples + "qemu-2node-cxl.dmesg-6.1.log";
const std::string kLog612 = kExamples + "qemu-2node-cxl.dmesg-6.12.log";

std::vector<std::string> map_args(const std::string& kernel, const std::string& format) {
  return {"map", "--kernel", kernel, "--memmap", kE820, "--format", format, kTables};
}

// The NUMA set-up lines the real kernel printed on its console, one per
// line, without the families in `without`.
std::string real_numa_lines(const std::string& log_path, std::initializer_list<kernel::DmesgFamily> without = {}) {
  const std::string log = source::read_text_file(log_path).value();
  std::string out;
  for (const kernel::LogMessage& m : kernel::numa_init_messages(kernel::first_boot(log))) {
    if (std::find(without.begin(), without.end(), kernel::dmesg_family(m.text)) == without.end()) {
      out += std::string(m.text) + "\n";
    }
  }
  return out;
}

// The console holds every line but the KERN_DEBUG distance-table line (in
// dmesg only); the tables have no MADT, so map leaves out the CPU lines and
// setup_percpu's.
TEST(MapCli, DmesgIsWhatTheKernelPrinted) {
  const std::string distance_line = "NUMA: Initialized distance table, cnt=2\n";
  for (const auto& [kernel, log] : {std::pair{"6.1", kLog61}, std::pair{"6.12", kLog612}}) {
    const test::CliResult run = test::run_numaplan(map_args(kernel, "dmesg"));
    EXPECT_EQ(run.exit_code, 0) << kernel << run.err;
    std::string console = run.out;
    ASSERT_NE(console.find(distance_line), std::string::npos) << kernel;
    console.erase(console.find(distance_line), distance_line.size());
    EXPECT_EQ(console, real_numa_lines(log, {kernel::DmesgFamily::cpus, kernel::DmesgFamily::percpu})) << kernel;
    EXPECT_NE(source::read_text_file(log).value().find("] " + distance_line), std::string::npos) << kernel;
  }
  EXPECT_EQ(real_numa_lines(kLog612),
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
            "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]\n"
            "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]\n"
            "Early memory node ranges\n"
            "  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
            "  node   0: [mem 0x0000000000100000-0x000000003fffffff]\n"
            "  node   1: [mem 0x0000000040000000-0x000000007ffdffff]\n"
            "Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
            "Initmem setup node 1 [mem 0x0000000040000000-0x000000007ffdffff]\n"
            "Initmem setup node 2 as memoryless\n"
            "Initmem setup node 3 as memoryless\n"
            "CPU topo: Allowing 2 present CPUs plus 0 hotplug CPUs\n"
            "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:4\n"
            "Fallback order for Node 0: 0 1 \n"
            "Fallback order for Node 1: 1 0 \n"
            "Fallback order for Node 2: 0 1 \n"
            "Fallback order for Node 3: 1 0 \n");
}

TEST(MapCli, CompareDmesgEqual) {
  const test::CliResult run = test::run_numaplan({"map", "--kernel", "6.12", "--memmap", kE820, "--compare-dmesg", kLog612, kTables});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "numaplan: note: " + kLog612 +
                         ": only the first boot is compared; another copy or boot starts at line 445\n"
                         "numaplan: note: " + kLog612 + ": all 16 NUMA set-up lines of the log match the prediction\n");
}

// The log of a machine whose node 1 is 1 GiB smaller than the tables say.
TEST(MapCli, CompareDmesgDifferent) {
  test::TempDir dir;
  std::string log = source::read_text_file(kLog612).value();
  const std::string line = "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]";
  log.replace(log.find(line), line.size(), "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x5fffffff]");
  const std::string path = dir.write("d.txt", log).string();
  const test::CliResult run = test::run_numaplan({"map", "--kernel", "6.12", "--memmap", kE820, "--compare-dmesg", path, kTables});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out, "--- numaplan map --kernel 6.12\n"
                     "+++ " + path + "\n"
                     "@@ -1,6 +1,6 @@ " + path + ":52\n"
                     " ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
                     " ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
                     "-ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]\n"
                     "+ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x5fffffff]\n"
                     " NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]\n"
                     " Early memory node ranges\n"
                     "   node   0: [mem 0x0000000000001000-0x000000000009efff]\n");
  EXPECT_NE(run.err.find(": 16 NUMA set-up lines in the log, 16 predicted: 15 equal, 1 missing, 1 extra\n"),
            std::string::npos)
      << run.err;
}

// 6.1 prints the CPU lines and starts node 0 at 0; 6.12 does neither: the
// wrong profile shows as a difference, and the log's release is named.
TEST(MapCli, CompareDmesgWrongProfile) {
  const test::CliResult run = test::run_numaplan({"map", "--kernel", "6.1", "--memmap", kE820, "--compare-dmesg", kLog612, kTables});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("-SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("numaplan: warning: " + kLog612 +
                         ": written by Linux 6.12.117+deb12-amd64, compared with profile 6.1 (choose another with "
                         "--kernel)\n"),
            std::string::npos)
      << run.err;
}

// The same boot without timestamps, as `dmesg --notime` or journalctl print it.
TEST(MapCli, CompareDmesgWithoutTimestamps) {
  test::TempDir dir;
  std::string plain =
      "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)\n"
      "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n";
  plain += real_numa_lines(kLog61);
  const std::string path = dir.write("plain.txt", plain).string();
  const test::CliResult run = test::run_numaplan({"map", "--memmap", kE820, "--compare-dmesg", path, kTables});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "numaplan: note: " + path +
                         ":1: 'Linux version 6.1.0-56-amd64': compared with profile 6.1; --kernel chooses another\n"
                         "numaplan: note: " + path + ": all 20 NUMA set-up lines of the log match the prediction\n");
}

// Without --kernel the log's "Linux version" line picks the profile, and a note says which.
TEST(MapCli, CompareDmesgPicksTheLogsProfile) {
  const test::CliResult run = test::run_numaplan({"map", "--memmap", kE820, "--compare-dmesg", kLog612, kTables});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err, "numaplan: note: " + kLog612 +
                         ":2: 'Linux version 6.12.117+deb12-amd64': compared with profile 6.12; --kernel chooses "
                         "another\n"
                         "numaplan: note: " + kLog612 +
                         ": only the first boot is compared; another copy or boot starts at line 445\n"
                         "numaplan: note: " + kLog612 + ": all 16 NUMA set-up lines of the log match the prediction\n");
}

// Real boots: `map --memmap LOG --compare-dmesg LOG` reads each kernel's e820
// print and picks the profile from the log (oracle case 01, committed golden data).
TEST(MapCli, CompareRealBootLogsWithTheirOwnProfile) {
  struct Boot {
    std::string release, profile;
    int first_boot_end, numa_lines;
  };
  for (const Boot& boot : {Boot{"5.10.0-32-amd64", "5.10", 370, 10}, Boot{"7.3.4+deb13-amd64", "7.3", 409, 10}}) {
    const std::string dir = std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/cases/01-sparse-pxms/out/" + boot.release;
    const std::string log = dir + "/kernel.log";
    const test::CliResult run = test::run_numaplan({"map", "--memmap", log, "--compare-dmesg", log, dir + "/guest-SRAT.dat"});
    EXPECT_EQ(run.exit_code, 0) << boot.release << run.out << run.err;
    EXPECT_EQ(run.err, "numaplan: note: " + log + ":2: 'Linux version " + boot.release +
                           "': compared with profile " + boot.profile +
                           "; --kernel chooses another\n"
                           "numaplan: note: " + log + ": only the first boot is compared; another copy or boot starts at line " +
                           std::to_string(boot.first_boot_end) + "\nnumaplan: note: " + log + ": all " +
                           std::to_string(boot.numa_lines) + " NUMA set-up lines of the log match the prediction\n");
  }
}

// A kernel no boot proves (Ubuntu's 6.8): the profile of that version, and the booted one nearest to it.
TEST(MapCli, CompareDmesgUnbootedVersion) {
  test::TempDir dir;
  std::string log = source::read_text_file(kLog612).value();
  log.replace(log.find("6.12.117+deb12-amd64"), 20, "6.8.0-49-generic");
  const std::string path = dir.write("ubuntu.txt", log).string();
  const test::CliResult run = test::run_numaplan({"map", "--memmap", kE820, "--compare-dmesg", path, kTables});
  EXPECT_EQ(run.err.substr(0, run.err.find('\n') + 1),
            "numaplan: note: " + path +
                ":2: 'Linux version 6.8.0-49-generic': compared with profile 6.8 (nearest proven profile 6.1); "
                "--kernel chooses another\n");
}

// One real 7.3 boot as dmesg, dmesg -T, dmesg -r, journalctl -k (short and
// short-precise) and kern.log print it: each is the --memmap and the log
// --compare-dmesg compares with, clean.
TEST(MapCli, CompareDmesgInEveryLogFormat) {
  const std::string tables =
      std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/cases/01-sparse-pxms/out/7.3.4+deb13-amd64/guest-SRAT.dat";
  for (const char* format : test::kLogFormats) {
    const std::string log = test::log_in_format(format);
    const test::CliResult run = test::run_numaplan({"map", "--memmap", log, "--compare-dmesg", log, tables});
    EXPECT_EQ(run.exit_code, 0) << format << run.out << run.err;
    EXPECT_EQ(run.out, "") << format;
    EXPECT_EQ(run.err, "numaplan: note: " + log +
                           ":1: 'Linux version 7.3.4+deb13-amd64': compared with profile 7.3; --kernel chooses another\n"
                           "numaplan: note: " + log + ": all 5 NUMA set-up lines of the log match the prediction\n")
        << format;
  }
}

// A file that is not a kernel log is an unreadable input (exit 3), not a log
// whose every NUMA line is missing (exit 1).
TEST(MapCli, CompareDmesgWithSomethingElse) {
  test::TempDir dir;
  const std::string iomem = dir.write("iomem", "00000000-00000fff : Reserved\n00100000-7ffdffff : System RAM\n").string();
  const std::string empty = dir.write("empty.txt", "").string();
  for (const std::string& path : {iomem, empty, kTables}) {
    const test::CliResult run = test::run_numaplan({"map", "--memmap", kE820, "--compare-dmesg", path, kTables});
    EXPECT_EQ(run.exit_code, 3) << path;
    EXPECT_EQ(run.out, "") << path;
    EXPECT_EQ(run.err, "numaplan: error: " + path +
                           ": not a kernel log: no 'Linux version' line, no dmesg, journalctl or syslog line prefix "
                           "and no NUMA set-up line; give `dmesg` or `journalctl -k` output\n");
  }
}

// No "Linux version" line (a log cut short): the default profile, said in a note.
TEST(MapCli, CompareDmesgWithoutVersionLine) {
  test::TempDir dir;
  const std::string path = dir.write("cut.txt", real_numa_lines(kLog612)).string();
  const test::CliResult run = test::run_numaplan({"map", "--memmap", kE820, "--compare-dmesg", path, kTables});
  EXPECT_EQ(run.err.substr(0, run.err.find('\n') + 1),
            "numaplan: note: " + path +
                ": no 'Linux version X.Y' line in the log's first boot: compared with profile 7.3, the default; "
                "--kernel chooses another\n");
}

TEST(MapCli, NumaOff) {
  const test::CliResult run = test::run_numaplan({"map", "--memmap", kE820, "--cmdline", "quiet numa=off", "--format", "dmesg", kTables});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "NUMA turned off\n"
            "Faking a node at [mem 0x0000000000000000-0x000000007ffdffff]\n"
            "Early memory node ranges\n"
            "  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
            "  node   0: [mem 0x0000000000100000-0x000000007ffdffff]\n"
            "Initmem setup node 0 [mem 0x0000000000001000-0x000000007ffdffff]\n"
            "Fallback order for Node 0: 0 \n");
}

TEST(MapCli, Json) {
  const test::CliResult run = test::run_numaplan(map_args("6.12", "json"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["schema"], "numaplan.map/2");
  EXPECT_EQ(json["kernel"], nlohmann::json::parse(R"({"profile": "6.12", "max_numnodes": 1024, "max_pxm_domains": 1024})"));
  EXPECT_EQ(json["numa"], "srat");
  EXPECT_EQ(json["nodemasks"], nlohmann::json::parse(R"({"possible": "0-3", "online": "0-1", "memory": "0-1",
                                                         "cpu": "0-1", "generic_initiator": ""})"));
  EXPECT_EQ(json["distance"]["nodes"], nlohmann::json::parse("[0, 1, 2, 3]"));
  EXPECT_EQ(json["distance"]["matrix"],
            nlohmann::json::parse("[[10, 21, 20, 20], [21, 10, 20, 20], [20, 20, 10, 20], [20, 20, 20, 10]]"));
  ASSERT_EQ(json["nodes"].size(), 4u);
  EXPECT_EQ(json["nodes"][2]["origin"], "cfmws");
  EXPECT_EQ(json["nodes"][2]["pxm"], 2);
  EXPECT_EQ(json["nodes"][3]["pxm"], 3);
  EXPECT_EQ(json["nodes"][0]["cpus"], nlohmann::json::parse(R"([{"kind": "apic", "id": 0}])"));
  EXPECT_EQ(json["nodes"][2]["fallback_order"], nlohmann::json::parse("[0, 1]"));
  EXPECT_EQ(json["log"].size(), 17u);
}

// The oracle saw possible 0-3, online 0-1, distances 10 21 / 21 10, and
// fake PXMs 2 and 3 for the two windows (README of ../shared/oracle, case c3).
TEST(MapCli, Text) {
  const test::CliResult run = test::run_numaplan(map_args("6.12", "text"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out,
            "kernel 6.12: MAX_NUMNODES 1024, MAX_PXM_DOMAINS 1024\n"
            "numa: srat\n"
            "nodes: possible 0-3, online 0-1, memory 0-1, cpu 0-1, generic initiator none\n"
            "cpus: possible 0-1, present and online 0-1, from SRAT's CPU entries in SRAT order: no MADT, whose "
            "order numbers them\n"
            "apic: no MADT: xAPIC mode assumed; --x2apic on if the firmware enables x2APIC\n"
            "\n"
            "node  pxm  origin  memory                                        ram      cpus  apic ids   fallback\n"
            "0     0    srat    srat [mem 0x00001000-0x3fffffff]              1023 MB  0     apic 0x00  0 1\n"
            "1     1    srat    srat [mem 0x40000000-0x7ffdffff]              1023 MB  1     apic 0x01  1 0\n"
            "                   srat [mem 0x7ffe0000-0x7fffffff] (no RAM)\n"
            "2     2    cfmws   cfmws [mem 0x110000000-0x20fffffff] (no RAM)  -        -     -          0 1\n"
            "3     3    cfmws   cfmws [mem 0x210000000-0x40fffffff] (no RAM)  -        -     -          1 0\n"
            "\n"
            "cfmws windows:\n"
            "  [mem 0x110000000-0x20fffffff] -> node 2 (fake PXM 2)\n"
            "  [mem 0x210000000-0x40fffffff] -> node 3 (fake PXM 3)\n"
            "\n"
            "distances:\n"
            "node     0    1    2    3 \n"
            "   0:   10   21   20   20 \n"
            "   1:   21   10   20   20 \n"
            "   2:   20   20   10   20 \n"
            "   3:   20   20   20   10 \n");
}

// Without --memmap the SRAT's ranges stand in for RAM, and a note says so.
TEST(MapCli, WithoutMemmap) {
  const test::CliResult run = test::run_numaplan({"map", "--format", "json", kTables});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.err,
            "numaplan: note: no memory map given: RAM taken to be SRAT's enabled, non-hotplug memory ranges (give "
            "--memmap for the real one)\n");
}

// Sizes: the node's blocks with RAM behind them (node 1 ends where e820 RAM
// ends, 0x7ffdffff); free memory is unknown before boot.
TEST(MapCli, Numactl) {
  const std::string nodes =
      "available: 2 nodes (0-1)\n"
      "node 0 cpus: 0\n"
      "node 0 size: 1023 MB\n"
      "node 0 free: <not available>\n"
      "node 1 cpus: 1\n"
      "node 1 size: 1023 MB\n"
      "node 1 free: <not available>\n"
      "node distances:\n";
  std::vector<std::string> args = map_args("6.12", "numactl");
  test::CliResult run = test::run_numaplan(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, nodes + "node   0   1 \n  0:  10  21 \n  1:  21  10 \n");
  args.insert(args.begin() + 1, {"--numactl-version", "2.0.19"});
  run = test::run_numaplan(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, nodes + "node     0    1 \n   0:   10   21 \n   1:   21   10 \n");
}

TEST(MapCli, UsageErrors) {
  for (const std::vector<std::string>& args : {
           std::vector<std::string>{"map", "--kernel", "5.x", kTables},
           std::vector<std::string>{"map", "--nodes-shift", "0", kTables},
           std::vector<std::string>{"map", "--nodes-shift", "11", kTables},
           std::vector<std::string>{"map", "--format", "xml", kTables},
           std::vector<std::string>{"map", "--numactl-version", "2.0.18", kTables},
           std::vector<std::string>{"map", "--x2apic", "yes", kTables},
       }) {
    EXPECT_EQ(test::run_numaplan(args).exit_code, 2) << args[1] << " " << args[2];
  }
}

// QEMU's SRAT for -smp 288 (x2APIC ids 0x100-0x120 on PXM 0), no MADT: xAPIC
// mode is assumed and the kernel ignores the 33 ids above 0xFE; with
// --x2apic on (firmware handing over in x2APIC mode) it maps them. map,
// validate and plan take the option alike.
TEST(X2apicOption, DecidesWhetherSratX2apicIdsCount) {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  const std::string xapic = std::string(shared != nullptr ? shared : "") + "/corpus/qemu/x86/q35/SRAT.xapic";
  if (shared == nullptr || !std::filesystem::exists(xapic)) GTEST_SKIP() << "no ../shared/corpus here";
  const auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  const test::CliResult assumed = test::run_numaplan({"map", "--format", "dmesg", xapic});
  EXPECT_EQ(assumed.exit_code, 0) << assumed.err;
  EXPECT_EQ(count(assumed.out, " ignored\n"), 33U);
  EXPECT_NE(assumed.out.find("SRAT: PXM 0 -> X2APIC 0x0100 ignored\n"), std::string::npos) << assumed.out;
  const test::CliResult on = test::run_numaplan({"map", "--x2apic", "on", "--format", "json", xapic});
  ASSERT_EQ(on.exit_code, 0) << on.err;
  const nlohmann::json json = nlohmann::json::parse(on.out);
  EXPECT_EQ(json["cpus"]["x2apic_mode"], true);
  EXPECT_EQ(json["cpus"]["x2apic_reason"], "x2APIC mode: as configured (--x2apic)");
  EXPECT_EQ(json["cpus"]["present"], 288);
  EXPECT_EQ(json["nodes"][0]["cpulist"], "0-287");
  EXPECT_EQ(count(json["log"].dump(), " ignored"), 0U);
  EXPECT_NE(test::run_numaplan({"validate", "--x2apic", "off", xapic}).exit_code, 2);  // accepted (exit 0 or 1: findings)
  EXPECT_EQ(test::run_numaplan({"plan", "--x2apic", "maybe", xapic}).exit_code, 2);
}

// One --kernel for map, validate and plan: a value that is neither a profile
// nor X.Y is a usage error listing the profiles.
TEST(KernelOption, UnknownValueListsTheProfiles) {
  for (const char* command : {"map", "validate", "plan"}) {
    for (const char* value : {"5.x", "latest", "6"}) {
      const test::CliResult run = test::run_numaplan({command, "--kernel", value, kTables});
      EXPECT_EQ(run.exit_code, 2) << command << " " << value;
      EXPECT_EQ(run.err, std::string("numaplan: error: --kernel: unknown kernel profile \"") + value +
                             "\"; use 5.10, 6.1, 6.12, 7.3, mainline (= 7.3) or a version X.Y\n"
                             "numaplan: 'numaplan help " + command + "' lists the options\n")
          << command;
    }
  }
}

// A version outside what the model knows is modelled, with a warning naming the nearest proven profile.
TEST(KernelOption, VersionOutsideTheModelWarns) {
  for (const char* command : {"map", "plan", "validate"}) {
    const test::CliResult old = test::run_numaplan({command, "--kernel", "4.9", "--memmap", kE820, kTables});
    EXPECT_EQ(old.exit_code, 0) << command << old.err;
    EXPECT_EQ(old.err.substr(0, old.err.find('\n') + 1),
              "numaplan: warning: --kernel: kernel 4.9 is outside what the model knows (4.19 to 7.3); modelled "
              "with the changes up to it, nearest proven profile 5.10\n")
        << command;
    const test::CliResult future = test::run_numaplan({command, "--kernel", "8.0", "--memmap", kE820, kTables});
    EXPECT_EQ(future.exit_code, 0) << command << future.err;
    EXPECT_EQ(future.err.substr(0, future.err.find('\n') + 1),
              "numaplan: warning: --kernel: kernel 8.0 is outside what the model knows (4.19 to 7.3); modelled "
              "with the changes up to it, nearest proven profile 7.3\n")
        << command;
  }
}

// validate models any X.Y --kernel accepts, as map and plan do: 6.8, no
// boot's profile, names itself in the JSON and, with RAM SRAT leaves without
// a node, 6.8's coverage check (memblock_validate_numa_coverage) in the text
// (of the 1 GiB added, the part in the first CFMWS window is on that
// window's node: 256MB lacks one).
TEST(KernelOption, ValidateModelsAVersionNoBootProves) {
  const test::CliResult json = test::run_numaplan({"validate", "--kernel", "6.8", "--format", "json", kTables});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.err, "");
  EXPECT_EQ(nlohmann::json::parse(json.out)["kernel"]["profile"], "6.8");
  test::TempDir dir;
  const std::string memmap = dir.write("e820.log", source::read_text_file(kE820).value() +
                                                       "BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] usable\n")
                                 .string();
  const test::CliResult text = test::run_numaplan({"validate", "--kernel", "6.8", "--memmap", memmap, kTables});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_EQ(text.err, "");
  EXPECT_EQ(text.out,
            "SRAT (" + kTables + ": SRAT)\n"
            "  info    @0x008 Revision = 1: SRAT revision 1, the current revision is 3; set Revision to 3 when the "
            "table follows the current layout [ACPI.Revision, fwts ACPITableBadRevision]\n"
            "  error   @0x0B0 Address Length = 0x40000000: RAM [0x100000000, 0x110000000) has no SRAT memory range: "
            "the kernel (profile 6.8) prints \"NUMA: no nodes coverage for 256MB of 3071MB RAM\" and drops NUMA: one "
            "dummy node; extend this PXM 1 range over it or add a Memory Affinity entry for it [SRAT.RamNotCovered]\n"
            "\n"
            "CEDT (" + kTables + ": CEDT)\n"
            "  info    @0x04C Window base address = 0x110000000: window [0x110000000, 0x210000000) has no SRAT "
            "memory: Linux gives it fake PXM 2 and node 2 of its own (possible, offline until the CXL driver adds "
            "the memory) [CEDT.CfmwsNode]\n"
            "  info    @0x074 Window base address = 0x210000000: window [0x210000000, 0x410000000) has no SRAT "
            "memory: Linux gives it fake PXM 3 and node 3 of its own (possible, offline until the CXL driver adds "
            "the memory) [CEDT.CfmwsNode]\n"
            "\n"
            "1 errors, 0 warnings, 3 info\n");
}

// Without --kernel, map and plan model the newest proven line, 7.3; validate records it in JSON.
TEST(KernelOption, DefaultIsTheNewestProvenLine) {
  const test::CliResult map = test::run_numaplan({"map", "--memmap", kE820, "--format", "json", kTables});
  ASSERT_EQ(map.exit_code, 0) << map.err;
  EXPECT_EQ(nlohmann::json::parse(map.out)["kernel"]["profile"], "7.3");
  const test::CliResult plan = test::run_numaplan({"plan", "--memmap", kE820, "--format", "json", kTables});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(nlohmann::json::parse(plan.out)["kernel"]["profile"], "7.3");
  const test::CliResult validate = test::run_numaplan({"validate", "--format", "json", kTables});
  EXPECT_EQ(nlohmann::json::parse(validate.out)["kernel"]["profile"], "7.3");
}

// numa=standby=N is the proposals' to parse (plan); map notes it, whatever N is.
TEST(MapCli, StandbyWordIsNotedNotParsed) {
  const test::CliResult run = test::run_numaplan({"map", "--cmdline", "numa=standby=x", kTables});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("numa=standby= is read by `numaplan plan`, not by map"), std::string::npos) << run.err;
}

TEST(MapCli, UnreadableInputs) {
  EXPECT_EQ(test::run_numaplan({"map", "/nonexistent/tables.txt"}).exit_code, 3);
  const test::CliResult memmap = test::run_numaplan({"map", "--memmap", "/nonexistent/iomem", kTables});
  EXPECT_EQ(memmap.exit_code, 3);
  EXPECT_EQ(memmap.err, "numaplan: error: /nonexistent/iomem: cannot read the file\n");
  const test::CliResult log = test::run_numaplan({"map", "--compare-dmesg", "/nonexistent/d.txt", kTables});
  EXPECT_EQ(log.exit_code, 3);
  EXPECT_NE(log.err.find("numaplan: error: /nonexistent/d.txt: cannot read the file\n"), std::string::npos) << log.err;
}

// arm64 oracle case 04 as the 6.1 guest saw it: four GICCs listed as MPIDR
// 3, 1, 0, 2 (UIDs 10-13), SRAT placing UIDs 12, 13 on PXM 0 and 10, 11 on PXM 1.
const std::string kArm64Run =
    std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/arm64-cases/04-madt-order-uids/out/6.1.0-57-arm64/";

TEST(MapCli, Arm64TablesWithoutArchGetANote) {
  const test::CliResult run = test::run_numaplan({"map", "--kernel", "6.1", kArm64Run + "guest-APIC.dat", kArm64Run + "guest-SRAT.dat"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("numaplan: note: --arch: MADT lists GICC entries: the tables look like arm64's, not "
                         "x86_64's; give --arch arm64\n"),
            std::string::npos)
      << run.err;
}

// The 6.1 kernel's own CPU lines, in its order: CPUs numbered boot CPU
// first, then MADT order; SRAT order decides the lines' order.
TEST(MapCli, Arm64ModelsTheGiccCpus) {
  const test::CliResult run = test::run_numaplan({"map", "--arch", "arm64", "--kernel", "6.1", "--format", "dmesg",
                               kArm64Run + "guest-APIC.dat", kArm64Run + "guest-SRAT.dat"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("--arch"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("ACPI: NUMA: SRAT: PXM 0 -> MPIDR 0x0 -> Node 0\n"
                          "ACPI: NUMA: SRAT: PXM 0 -> MPIDR 0x2 -> Node 0\n"
                          "ACPI: NUMA: SRAT: PXM 1 -> MPIDR 0x3 -> Node 1\n"
                          "ACPI: NUMA: SRAT: PXM 1 -> MPIDR 0x1 -> Node 1\n"),
            std::string::npos)
      << run.out;
}

// arm64's memory lines: --memmap reads the 5.10 log's early node map, and
// the prediction matches that boot's own log (case 08: node 2 memoryless,
// named so by arch_numa and printed as [mem 0x0-0x0] by 5.10's free_area_init()).
// No APIC mode outside x86: the text has no "apic:" line for arm64 tables.
TEST(MapCli, Arm64TextHasNoApicLine) {
  const std::string run_dir =
      std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/arm64-cases/08-slit-asym-3/out/5.10.0-32-arm64/";
  const test::CliResult run = test::run_numaplan({"map", "--arch", "arm64", run_dir + "guest-APIC.dat",
                                                  run_dir + "guest-SLIT.dat", run_dir + "guest-SRAT.dat"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("cpus: possible 0-1, present and online 0-1, from the MADT\n\nnode "), std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("apic:"), std::string::npos) << run.out;
}

TEST(MapCli, Arm64MemoryLinesMatchTheBoot) {
  const std::string run_dir =
      std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/arm64-cases/08-slit-asym-3/out/5.10.0-32-arm64/";
  const std::vector<std::string> tables = {run_dir + "guest-APIC.dat", run_dir + "guest-SLIT.dat",
                                           run_dir + "guest-SRAT.dat"};
  std::vector<std::string> dmesg = {"map", "--arch", "arm64", "--kernel", "5.10", "--format", "dmesg",
                                    "--memmap", run_dir + "kernel.log"};
  dmesg.insert(dmesg.end(), tables.begin(), tables.end());
  const test::CliResult run = test::run_numaplan(dmesg);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("NUMA: Initmem setup node 2 [<memory-less node>]\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  node   1: [mem 0x00000000bc440000-0x00000000bc72ffff]\n"
                         "  node   1: [mem 0x00000000bc730000-0x00000000bf81cfff]\n"
                         "  node   1: [mem 0x00000000bf81e000-0x00000000bfbfffff]\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Initmem setup node 2 [mem 0x0000000000000000-0x0000000000000000]\n"), std::string::npos)
      << run.out;
  std::vector<std::string> compare = {"map", "--arch", "arm64", "--memmap", run_dir + "kernel.log",
                                      "--compare-dmesg", run_dir + "kernel.log"};
  compare.insert(compare.end(), tables.begin(), tables.end());
  const test::CliResult compared = test::run_numaplan(compare);
  EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
}

// loongarch64 before 7.3: the kernel's memory-to-node walk reads the EFI memory map, not modelled.
TEST(MapCli, ArchLineWithoutModelIsRefused) {
  const test::CliResult run =
      test::run_numaplan({"map", "--arch", "loongarch64", "--kernel", "6.1", kArm64Run + "guest-SRAT.dat"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("numaplan: error: --arch: loongarch64 is modelled from kernel 7.3 on, not for 6.1: "),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace numaplan
