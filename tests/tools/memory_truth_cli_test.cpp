// What numaplan says a node's memory is (issue 12), run as a program. These
// are "model says X" tests: exact values the kernel model gives for real
// firmware tables (../shared/corpus) and for the accelerator example, whose
// generated tables the oracle booted (tests/generate/cases/accelerator-gi;
// the boots themselves are checked by GeneratedOracle and PlanOracle).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "numaplan/source/text_file.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

namespace fs = std::filesystem;

// A file of ../shared/corpus, or "" when the corpus is not here.
std::string corpus(const std::string& path) {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  const std::string file = std::string(shared != nullptr ? shared : "") + "/corpus/" + path;
  return shared != nullptr && fs::exists(file) ? file : "";
}

const std::string kAccelerator = std::string(NUMAPLAN_SOURCE_DIR) + "/tests/generate/cases/accelerator-gi/";

std::vector<std::string> accelerator_tables() {
  return {kAccelerator + "srat.dat", kAccelerator + "slit.dat", kAccelerator + "hmat.dat"};
}

std::string write_file(const test::TempDir& dir, const std::string& name, const std::string& text) {
  const fs::path path = dir.path() / name;
  std::ofstream(path) << text;
  return path.string();
}

// The boot RAM of the accelerator machine as a 6.x kernel prints its e820
// map, with PXM 1's range as `kind` ("soft reserved" or "usable").
std::string accelerator_e820(const test::TempDir& dir, const std::string& kind) {
  return write_file(dir, "e820.log",
                    "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                    "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000007fffffff] usable\n"
                    "[    0.000000] BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] usable\n"
                    "[    0.000000] BIOS-e820: [mem 0x0000000140000000-0x000000017fffffff] " + kind + "\n");
}

// Naples: PXM 0's SRAT ranges are 0-0x9ffff, 0x100000-0x7fffffff and
// 0x100000000-0x47fffffff around the PCI hole; numa_cleanup_meminfo() makes
// one block over the hole, but the node's RAM is the ranges, less page 0.
TEST(MemoryTruth, NumactlSizesCountRamNotTheSpan) {
  const std::string naples = corpus("real/amd-epyc-naples-2s-8node-SRAT.dat");
  if (naples.empty()) GTEST_SKIP() << "no ../shared/corpus here";
  const test::CliResult numactl = test::run_numaplan({"map", "--format", "numactl", naples});
  ASSERT_EQ(numactl.exit_code, 0) << numactl.err;
  EXPECT_NE(numactl.out.find("node 0 size: 16383 MB\n"), std::string::npos) << numactl.out;
  EXPECT_NE(numactl.out.find("node 1 size: 16384 MB\n"), std::string::npos) << numactl.out;
  const test::CliResult json = test::run_numaplan({"map", "--format", "json", naples});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["nodes"][0]["ram_bytes"], 0x9f000ULL + 0x7ff00000ULL + 0x380000000ULL);
  EXPECT_EQ(doc["nodes"][0]["ram"], nlohmann::json::parse(R"([{"start": "0x1000", "end": "0xa0000"},
      {"start": "0x100000", "end": "0x80000000"}, {"start": "0x100000000", "end": "0x480000000"}])"));
  EXPECT_EQ(doc["nodes"][0]["memory"].size(), 1U);  // the cleaned-up block spans the hole
  EXPECT_EQ(doc["notes"][0], "no memory map given: RAM taken to be SRAT's enabled, non-hotplug memory ranges (give "
                             "--memmap for the real one)");

  const std::string x10dai = corpus("acpidump/supermicro-x10dai-2s-xeon-e5v3.txt");
  if (x10dai.empty()) return;
  const test::CliResult board = test::run_numaplan({"map", "--format", "numactl", x10dai});
  ASSERT_EQ(board.exit_code, 0) << board.err;
  EXPECT_NE(board.out.find("node 0 size: 81919 MB\n"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("node 1 size: 81920 MB\n"), std::string::npos) << board.out;
}

// Without a memory map, SRAT's Specific-Purpose range is taken as Soft
// Reserved: not RAM, so node 1 has no memory and hmem gets the range.
TEST(MemoryTruth, SpecificPurposeIsNotSystemRam) {
  std::vector<std::string> args = {"map", "--format", "json"};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const test::CliResult run = test::run_numaplan(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["nodemasks"]["memory"], "0");
  EXPECT_EQ(doc["nodes"][0]["ram_bytes"], 0x9f000ULL + 0x7ff00000ULL + 0x40000000ULL);
  EXPECT_EQ(doc["nodes"][1]["ram_bytes"], 0);
  EXPECT_EQ(doc["nodes"][1]["memory"], nlohmann::json::parse(R"([{"start": "0x140000000", "end": "0x180000000",
      "hotplug": false, "non_volatile": false, "specific_purpose": true, "reserved": true, "source": "srat"}])"));
  ASSERT_EQ(doc["specific_purpose"].size(), 1U);
  EXPECT_EQ(doc["specific_purpose"][0]["start"], "0x140000000");
  EXPECT_EQ(doc["specific_purpose"][0]["end"], "0x180000000");
  EXPECT_EQ(doc["specific_purpose"][0]["node"], 1);
  EXPECT_EQ(doc["specific_purpose"][0]["source"], "srat");
  ASSERT_EQ(doc["notes"].size(), 2U);
  EXPECT_EQ(doc["notes"][1],
            "no memory map given: SRAT's Specific-Purpose ranges taken to be Soft Reserved (EFI_MEMORY_SP), as "
            "firmware that sets the flag marks them in the EFI memory map; the kernel itself does not read the SRAT "
            "flag");
}

// With a memory map, its type decides (the kernel never reads SRAT's flag):
// Soft Reserved keeps node 1 memoryless; usable makes it system RAM.
TEST(MemoryTruth, TheMemoryMapDecidesSpecificPurpose) {
  test::TempDir dir;
  std::vector<std::string> args = {"map", "--memmap", accelerator_e820(dir, "soft reserved")};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const test::CliResult soft = test::run_numaplan(args);
  ASSERT_EQ(soft.exit_code, 0) << soft.err;
  EXPECT_NE(soft.out.find("nodes: possible 0-1, online 0-1, memory 0, cpu 0, generic initiator 1\n"), std::string::npos)
      << soft.out;
  // No RAM, and the fallback order of its Generic Initiator is node 0's memory.
  EXPECT_NE(soft.out.find("1     1    srat    srat [mem 0x140000000-0x17fffffff] specific-purpose (no RAM)  -        "
                          "-     generic initiator  0\n"),
            std::string::npos)
      << soft.out;
  EXPECT_NE(soft.out.find("specific-purpose memory:\n  [mem 0x140000000-0x17fffffff] (memory map: Soft Reserved): not "
                          "system RAM; hmem makes it a device-dax region of node 1 (daxctl or dax_kmem may hot-add it "
                          "as RAM later)\n"),
            std::string::npos)
      << soft.out;

  args[2] = accelerator_e820(dir, "usable");
  args.insert(args.begin() + 1, {"--format", "json"});
  const test::CliResult usable = test::run_numaplan(args);
  ASSERT_EQ(usable.exit_code, 0) << usable.err;
  const auto doc = nlohmann::json::parse(usable.out);
  EXPECT_EQ(doc["nodemasks"]["memory"], "0-1");
  EXPECT_EQ(doc["nodes"][1]["ram_bytes"], 0x40000000ULL);
  EXPECT_EQ(doc["nodes"][1]["memory"][0]["specific_purpose"], false);
  EXPECT_EQ(doc["specific_purpose"], nlohmann::json::array());
}

// plan on the accelerator: the Specific-Purpose node is no system-RAM node,
// in the masks and in every guardrail row.
TEST(MemoryTruth, PlanLeavesSpecificPurposeOutOfSysram) {
  std::vector<std::string> args = {"plan", "--standby", "1"};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const test::CliResult run = test::run_numaplan(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("masks: possible 0-2, online 0-1, memory 0, cpu 0, generic initiator 1, standby pool 2, "
                         "sysram 0\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  task_default      private 0  user_numa 0  ("), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  interleave_all    private 0  user_numa 0  ("), std::string::npos) << run.out;
  args.insert(args.begin() + 1, {"--proposal", "spm-rfc2", "--format", "json"});
  const auto doc = nlohmann::json::parse(test::run_numaplan(args).out);
  EXPECT_EQ(doc["spm"]["sysram"], "0");
  std::vector<std::string> rows;
  for (const auto& row : doc["spm"]["guardrails"]) {
    rows.push_back(row["path"].get<std::string>() + " " + row["hard"].get<std::string>() + " / " +
                   row["soft"].get<std::string>());
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"task_default 0 / 0", "interrupt 0 / 0", "interleave_all 0 / 0,2",
                                            "mbind_spm  / 2", "mbind_spm_gfp 2 / 2", "cpuset_without_spm  / ",
                                            "cpuset_with_spm 2 / 2", "cpuset_with_spm_default 0 / 0"}));
}

// The Intel X99 MSCT: Maximum Physical Address 0xFFFFFFFFFFF (16 TiB), and
// every domain's Memory Capacity the same value, which says nothing.
TEST(MemoryTruth, PlannedRangesStayInTheAddressSpace) {
  const std::string x99 = corpus("acpidump/intel-x99-msct.txt");
  if (x99.empty()) GTEST_SKIP() << "no ../shared/corpus here";
  const test::CliResult run = test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--format", "json", "--from-msct", x99});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  ASSERT_EQ(doc["spm"]["nodes"].size(), 3U);
  const char* starts[] = {"0x480000000", "0x4c0000000", "0x500000000"};
  const char* ends[] = {"0x4c0000000", "0x500000000", "0x540000000"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(doc["spm"]["nodes"][i]["hotplug_range"]["start"], starts[i]);
    EXPECT_EQ(doc["spm"]["nodes"][i]["hotplug_range"]["end"], ends[i]);
  }
  EXPECT_NE(std::find(doc["notes"].begin(), doc["notes"].end(),
                      "MSCT PXM 1: Memory Capacity 0xfffffffffff covers the whole address space (MSCT Maximum "
                      "Physical Address 0xfffffffffff), so it is taken as unknown: 1 GiB"),
            doc["notes"].end())
      << doc["notes"];

  // Below 2^35 (32 GiB) from 18 GiB: twenty 1 GiB ranges do not fit, each gets an equal 640 MiB.
  const test::CliResult shared = test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--standby", "20", "--phys-bits", "35", x99});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  EXPECT_NE(shared.out.find("  node 1  pxm 1  hotplug [mem 0x480000000-0x4a7ffffff]\n"), std::string::npos) << shared.out;
  EXPECT_NE(shared.out.find("  node 20  pxm 20  hotplug [mem 0x778000000-0x79fffffff]\n"), std::string::npos)
      << shared.out;
  EXPECT_NE(shared.out.find("  the reserved ranges' sizes do not fit below 0x800000000 (physical address width 35 bits): each takes an "
                            "equal 640 MiB of the 0x380000000 bytes from 0x480000000\n"),
            std::string::npos)
      << shared.out;

  // Below 2^34 nothing fits above the machine's 18 GiB: exit 1, saying why.
  const test::CliResult none = test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--from-msct", "--phys-bits", "34", x99});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("numaplan: error: address space: cannot place 3 reserved ranges of at least 128 MiB from "
                          "0x480000000 (above every address the machine uses) below 0x400000000 (physical address width 34 bits)\n"),
            std::string::npos)
      << none.err;

  // The emitted MSCT keeps the firmware's Maximum Physical Address (offset 48).
  test::TempDir dir;
  const std::string out = (dir.path() / "tables").string();
  ASSERT_EQ(test::run_numaplan({"plan", "--from-msct", "--emit-tables", out, x99}).exit_code, 0);
  const std::vector<std::uint8_t> msct = test::read_bytes(fs::path(out) / "msct.dat");
  ASSERT_GE(msct.size(), 56U);
  std::uint64_t max_address = 0;
  for (int i = 7; i >= 0; --i) max_address = max_address << 8 | msct[48 + static_cast<std::size_t>(i)];
  EXPECT_EQ(max_address, 0xFFFFFFFFFFFULL);
}

// --emit-tables on the accelerator: the HMAT and the Specific-Purpose flag
// stay, qemu.args is generate's form with the RAM QEMU must give (no
// Specific-Purpose range) and room to hot-plug the standby range, and a
// directory with files in it needs --force.
TEST(MemoryTruth, EmittedTablesKeepHmatAndSpecificPurpose) {
  test::TempDir dir;
  const std::string out = (dir.path() / "plan").string();
  std::vector<std::string> args = {"plan", "--standby", "1", "--emit-tables", out};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const test::CliResult run = test::run_numaplan(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("numaplan: wrote " + out + "/srat.dat\nnumaplan: wrote " + out + "/slit.dat\nnumaplan: wrote " +
                         out + "/msct.dat\nnumaplan: wrote " + out + "/hmat.dat\n"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(test::read_bytes(fs::path(out) / "hmat.dat"), test::read_bytes(kAccelerator + "hmat.dat"));
  const std::vector<std::uint8_t> machine = test::read_bytes(kAccelerator + "srat.dat");
  const std::vector<std::uint8_t> planned = test::read_bytes(fs::path(out) / "srat.dat");
  ASSERT_GT(planned.size(), machine.size());
  EXPECT_TRUE(std::equal(machine.begin() + 36, machine.end(), planned.begin() + 36));  // every entry, flags and all
  EXPECT_EQ(source::read_text_file(out + "/qemu.args").value(),
            "# numaplan plan --emit-tables: QEMU q35 options that boot the planned tables on an unmodified kernel, each\n"
            "# reserved range a DIMM on its planned node. The -numa nodes (one per PXM: a DIMM's node= is its _PXM) make\n"
            "# QEMU build an SRAT of its own, which Linux reads first; the planned SRAT replaces it through the kernel's ACPI\n"
            "# table upgrade (CONFIG_ACPI_TABLE_UPGRADE) from acpi-upgrade.cpio, placed before the initramfs. No cxl=on.\n"
            "# Use: cat " + out + "/acpi-upgrade.cpio INITRD > initrd.img\n"
            "#      qemu-system-x86_64 $(grep -v '^#' " + out + "/qemu.args) -kernel VMLINUZ -initrd initrd.img -append "
            "'console=ttyS0 memhp_default_state=online' ...\n"
            "# (memhp_default_state=online: Debian's 5.10 and 6.1 leave added memory offline)\n"
            "# Node 2's range [mem 0x180000000-0x1bfffffff] at boot (Linux adds it through ACPI memory hot-plug):\n"
            "#   -object memory-backend-ram,id=standby2,size=1024M -device pc-dimm,id=dimm2,memdev=standby2,node=2,addr=0x180000000\n"
            "#   or later, from the QEMU monitor: object_add memory-backend-ram,id=standby2,size=1024M; "
            "device_add pc-dimm,id=dimm2,memdev=standby2,node=2,addr=0x180000000\n"
            "-M q35\n"
            "-m 3072M,slots=1,maxmem=5120M\n"
            "-smp 2\n"
            "-object memory-backend-ram,id=boot-ram,size=3072M\n"
            "-numa node,nodeid=0,memdev=boot-ram\n"
            "-numa node,nodeid=1\n"
            "-numa node,nodeid=2\n"
            "-acpitable file=" + out + "/slit.dat\n"
            "-acpitable file=" + out + "/msct.dat\n"
            "-acpitable file=" + out + "/hmat.dat\n");

  const test::CliResult again = test::run_numaplan(args);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, "numaplan: warning: distances: 4 distances between firmware nodes and CFMWS or reserved nodes take "
                       "the default 20, nearer than the machine's remote nodes (31 between firmware-described nodes): "
                       "allocations would prefer that memory to a remote socket's; give the real distance with --distance "
                       "(ranges allowed, e.g. --distance 2:0-1=41)\n"
                       "numaplan: error: " + out +
                           ": --emit-tables: the directory is not empty; give --force to write the plan's files into it\n");
  args.insert(args.begin() + 1, "--force");
  EXPECT_EQ(test::run_numaplan(args).exit_code, 0);
}

// The X10DAi's APIC ids (0x00-0x09, 0x10-0x19, 0x20-0x29, 0x30-0x39) are not
// what -smp 40 gives: warned on stderr and in qemu.args, as generate does.
TEST(MemoryTruth, EmittedQemuArgsWarnAboutApicIds) {
  const std::string x10dai = corpus("acpidump/supermicro-x10dai-2s-xeon-e5v3.txt");
  if (x10dai.empty()) GTEST_SKIP() << "no ../shared/corpus here";
  test::TempDir dir;
  const std::string out = (dir.path() / "plan").string();
  const test::CliResult run = test::run_numaplan({"plan", "--emit-tables", out, x10dai});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string warning = "QEMU numbers the APIC ids of -smp 40 from 0 to 39, but the tables' CPUs have ids 0 to 57: "
                              "CPUs without an SRAT entry stay on node 0";
  EXPECT_NE(run.err.find("numaplan: warning: qemu.args: " + warning + "\n"), std::string::npos) << run.err;
  EXPECT_NE(source::read_text_file(out + "/qemu.args").value().find("# warning: " + warning + "\n-M q35\n-m 163840M\n-smp 40\n"),
            std::string::npos);
}

// qemu.args has a -numa node per PXM; QEMU 7.2 has at most 128 (MAX_NODES):
// 140 reserved nodes after the accelerator's PXMs 0-1 need PXMs up to 141.
TEST(MemoryTruth, EmittedQemuArgsWarnAboveQemusNodeLimit) {
  test::TempDir dir;
  const std::string out = (dir.path() / "plan").string();
  std::vector<std::string> args = {"plan", "--proposal", "spm-rfc2", "--standby", "140", "--emit-tables", out};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const test::CliResult run = test::run_numaplan(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string warning = "QEMU 7.2 has at most 128 -numa nodes, the tables use PXMs 0 to 141: QEMU refuses node ids "
                              "from 128 on";
  EXPECT_NE(run.err.find("numaplan: warning: qemu.args: " + warning + "\n"), std::string::npos) << run.err;
  const std::string qemu = source::read_text_file(out + "/qemu.args").value();
  EXPECT_NE(qemu.find("# warning: " + warning + "\n"), std::string::npos);
  EXPECT_NE(qemu.find("-numa node,nodeid=141\n-acpitable"), std::string::npos);
}

// The bundled CXL machine's SLIT says 21 between its sockets: the default 20
// for the CFMWS and reserved nodes would make them nearer, which is warned on
// stderr and in JSON "warnings" (not a note); a range fixes it.
TEST(MemoryTruth, DefaultDistanceNearerThanARemoteSocketIsWarned) {
  const std::string tables = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/qemu-2node-cxl.acpidump.txt";
  const std::string warning =
      "16 distances between firmware nodes and CFMWS or reserved nodes take the default 20, nearer than the "
      "machine's remote nodes (21 between firmware-described nodes): allocations would prefer that memory to a "
      "remote socket's; give the real distance with --distance (ranges allowed, e.g. --distance 2-5:0-1=31)";
  const test::CliResult run = test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--standby", "2", "--format", "json", tables});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "numaplan: warning: distances: " + warning + "\n");
  const auto warned = nlohmann::json::parse(run.out);
  EXPECT_EQ(warned["warnings"], nlohmann::json::array({warning}));
  EXPECT_EQ(warned["notes"].size(), 1U);  // the memory-map note only
  const test::CliResult text = test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--standby", "2", tables});
  EXPECT_EQ(text.err, "numaplan: warning: distances: " + warning + "\n");
  EXPECT_EQ(text.out.find("nearer than the machine's remote nodes"), std::string::npos);
  const test::CliResult fixed =
      test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--standby", "2", "--distance", "2-5:0-1=31", "--format", "json", tables});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_EQ(fixed.err, "");
  const auto doc = nlohmann::json::parse(fixed.out);
  EXPECT_EQ(doc["warnings"], nlohmann::json::array());
  EXPECT_EQ(doc["notes"].size(), 1U);  // the memory-map note only
  EXPECT_EQ(doc["spm"]["recommended_distance"]["matrix"][0],
            nlohmann::json::parse("[10, 21, 31, 31, 31, 31]"));
}

// generate puts a Generic Port's PXM in an HMAT locality's targets (the
// host-side latency of a CXL link); plan's HMAT rule then gives the CFMWS
// node round(10 * 200 / 80) = 25 from node 0.
TEST(MemoryTruth, GeneratedGenericPortLatencyGivesThePlannedDistance) {
  test::TempDir dir;
  const std::string spec = write_file(dir, "spec.json", R"({"initiators": [{"apic": 0, "pxm": 0}],
      "memory": [{"pxm": 0, "base": 0, "length": "2G"}],
      "generic_ports": [{"pxm": 1, "acpi": {"hid": "ACPI0016", "uid": 7}}],
      "cxl": {"host_bridges": [{"uid": 7, "base": "0xfed00000"}],
              "windows": [{"base": "0x400000000", "size": "1G", "targets": [7]}]},
      "hmat": {"locality": [{"data_type": "access_latency", "base_unit": 1000, "initiators": [0], "targets": [0, 1],
                             "entries": [[80, 200]]}]}})");
  const std::string out = (dir.path() / "tables").string();
  ASSERT_EQ(test::run_numaplan({"generate", "--spec", spec, "--out", out}).exit_code, 0);
  const test::CliResult run = test::run_numaplan({"plan", "--proposal", "spm-rfc2", "--format", "json", out + "/tables.acpidump"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["spm"]["recommended_distance"]["matrix"], nlohmann::json::parse("[[10, 25], [25, 10]]"));
  EXPECT_EQ(doc["spm"]["distance_origin"]["matrix"][0][1], "hmat");
}

// --latency and --bandwidth extend the machine's HMAT for the planned nodes:
// its five structures stay, then one access latency (ns) and one access
// bandwidth (MB/s) structure from every initiator (PXMs 0 and 1) to node 2.
TEST(MemoryTruth, EmittedHmatExtendedForPlannedNodes) {
  test::TempDir dir;
  const std::string out = (dir.path() / "plan").string();
  std::vector<std::string> args = {"plan", "--standby", "1", "--latency", "2=150", "--bandwidth", "2=20000",
                                   "--emit-tables", out};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const test::CliResult run = test::run_numaplan(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const test::CliResult dump = test::run_numaplan({"dump", "--format", "json", out + "/hmat.dat"});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  auto doc = nlohmann::json::parse(dump.out);
  const auto& table = doc.contains("subtables") ? doc : doc["tables"][0];
  ASSERT_EQ(table["subtables"].size(), 7U);
  const auto expect_locality = [&](std::size_t i, int data_type, int unit, int value) {
    const auto& f = table["subtables"][i]["fields"];
    EXPECT_EQ(f["data_type"], data_type);
    EXPECT_EQ(f["entry_base_unit"], unit);
    EXPECT_EQ(f["initiator_pds"], nlohmann::json::parse("[0, 1]"));
    EXPECT_EQ(f["target_pds"], nlohmann::json::parse("[2]"));
    EXPECT_EQ(f["entries"], nlohmann::json::array({value, value}));
  };
  expect_locality(5, 0, 1000, 150);
  expect_locality(6, 3, 1, 20000);
  const std::vector<std::uint8_t> machine = test::read_bytes(kAccelerator + "hmat.dat");
  const std::vector<std::uint8_t> planned = test::read_bytes(fs::path(out) / "hmat.dat");
  EXPECT_TRUE(std::equal(machine.begin() + 40, machine.end(), planned.begin() + 40));  // the machine's structures

  args[4] = "0=150";  // node 0 is a firmware node
  const test::CliResult refused = test::run_numaplan(args);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "numaplan: error: latency: node 0 is not a CFMWS or reserved node of the plan\n");
}

}  // namespace
}  // namespace numaplan
