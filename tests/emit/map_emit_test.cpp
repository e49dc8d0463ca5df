#include "numaplan/emit/map.h"

#include <gtest/gtest.h>

#include "numaplan/version.h"

namespace numaplan::emit {
namespace {

using kernel::Cpu;
using kernel::Layout;

// Two online nodes (node 0 with two RAM ranges and two CPUs, node 1 with one
// non-volatile range and one CPU) and node 2, made for a CFMWS window: possible only.
Layout three_nodes() {
  Layout layout;
  layout.profile = "6.12";
  layout.max_numnodes = 1024;
  layout.max_pxm_domains = 1024;
  layout.numa_from_srat = true;
  layout.nodes = {
      {0, 0, "srat", {{Cpu::Kind::apic, 0}, {Cpu::Kind::apic, 1}}, {{0x0, 0xa0000, false, false, "srat"}, {0x100000, 0x40000000, false, false, "srat"}}, false, true,
       std::vector<int>{0, 1}, {}},
      {1, 1, "srat", {{Cpu::Kind::x2apic, 0x100}}, {{0x40000000, 0x80000000, false, true, "srat"}}, false, true,
       std::vector<int>{1, 0}, {}},
      {2, 2, "cfmws", {}, {{0x110000000, 0x210000000, true, false, "cfmws", true}}, false, true,
       std::vector<int>{0, 1}, {}},
  };
  // RAM as memblock holds it: page 0 and 640K-1M are not RAM.
  layout.nodes[0].ram = {{0x1000, 0xa0000}, {0x100000, 0x40000000}};
  layout.nodes[1].ram = {{0x40000000, 0x80000000}};
  for (int n : {0, 1, 2}) layout.possible.set(n);
  for (int n : {0, 1}) {
    layout.online.set(n);
    layout.memory.set(n);
    layout.cpu.set(n);
  }
  // MADT order: the x2APIC CPU comes between node 0's two; a hotplug CPU last.
  layout.cpu_to_node = {0, 1, 0, -1};
  layout.cpu_ids = {{Cpu::Kind::apic, 0}, {Cpu::Kind::x2apic, 0x100}, {Cpu::Kind::apic, 1}, {Cpu::Kind::apic, 2}};
  layout.present_cpus = 3;
  layout.cpu_source = "madt";
  layout.x2apic_mode = true;
  layout.x2apic_reason = "x2APIC mode: the MADT lists x2APIC id 0x0100";
  layout.distance_nodes = {0, 1, 2};
  layout.distance = *kernel::NodeDistances::from_rows({{10, 21, 20}, {21, 10, 20}, {20, 20, 10}});
  layout.log = {"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
                "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]",
                "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile"};
  layout.cfmws = {{0x110000000, 0x210000000, 2, 2, false}, {0x40000000, 0x50000000, 1, 0, true}};
  layout.notes = {"no memory map given: RAM taken from the SRAT"};
  return layout;
}

TEST(MapEmit, Text) {
  EXPECT_EQ(map_text(three_nodes()),
            "kernel 6.12: MAX_NUMNODES 1024, MAX_PXM_DOMAINS 1024\n"
            "numa: srat\n"
            "nodes: possible 0-2, online 0-1, memory 0-1, cpu 0-1, generic initiator none\n"
            "cpus: possible 0-3, present and online 0-2, from the MADT\n"
            "apic: x2APIC mode: the MADT lists x2APIC id 0x0100\n"
            "\n"
            "node  pxm  origin  memory                                                ram      cpus  apic ids        fallback\n"
            "0     0    srat    srat [mem 0x00000000-0x0009ffff]                      1023 MB  0,2   apic 0x00 0x01  0 1\n"
            "                   srat [mem 0x00100000-0x3fffffff]\n"
            "1     1    srat    srat [mem 0x40000000-0x7fffffff] non-volatile         1024 MB  1     x2apic 0x0100   1 0\n"
            "2     2    cfmws   cfmws [mem 0x110000000-0x20fffffff] hotplug (no RAM)  -        -     -               0 1\n"
            "\n"
            "cfmws windows:\n"
            "  [mem 0x110000000-0x20fffffff] -> node 2 (fake PXM 2)\n"
            "  [mem 0x40000000-0x4fffffff] -> SRAT memory extended over it (numa_fill_memblks), no node of its own\n"
            "\n"
            "distances:\n"
            "node     0    1    2 \n"
            "   0:   10   21   20 \n"
            "   1:   21   10   20 \n"
            "   2:   20   20   10 \n"
            "\n"
            "notes:\n"
            "  no memory map given: RAM taken from the SRAT\n");
}

TEST(MapEmit, TextCrashAndSkippedWindow) {
  Layout layout = three_nodes();
  layout.crash = "RAM [mem 0x00000000-0x0009ffff] has no node";
  layout.cfmws = {{0x110000000, 0x210000000, -1, 0, false}};
  const std::string text = map_text(layout);
  EXPECT_NE(text.find("numa: srat\ncrash: RAM [mem 0x00000000-0x0009ffff] has no node\nnodes: "), std::string::npos) << text;
  EXPECT_NE(text.find("cfmws windows:\n  [mem 0x110000000-0x20fffffff] -> no node (the CEDT walk stopped or no node id "
                      "was left)\n\n"),
            std::string::npos)
      << text;
}

TEST(MapEmit, Json) {
  const nlohmann::json json = map_json(three_nodes());
  EXPECT_EQ(json["schema"], "numaplan.map/2");
  EXPECT_EQ(json["kernel"], (nlohmann::json{{"profile", "6.12"}, {"max_numnodes", 1024}, {"max_pxm_domains", 1024}}));
  EXPECT_EQ(json["numa"], "srat");
  ASSERT_EQ(json["nodes"].size(), 3u);
  EXPECT_EQ(json["nodes"][0], nlohmann::json::parse(R"({"node": 0, "pxm": 0, "origin": "srat",
      "cpus": [{"kind": "apic", "id": 0}, {"kind": "apic", "id": 1}], "cpulist": "0,2",
      "memory": [{"start": "0x0", "end": "0xa0000", "hotplug": false, "non_volatile": false,
                  "specific_purpose": false, "reserved": false, "source": "srat"},
                 {"start": "0x100000", "end": "0x40000000", "hotplug": false, "non_volatile": false,
                  "specific_purpose": false, "reserved": false, "source": "srat"}],
      "ram": [{"start": "0x1000", "end": "0xa0000"}, {"start": "0x100000", "end": "0x40000000"}],
      "ram_bytes": 1073344512, "generic_initiator": false, "fallback_order": [0, 1]})"));
  EXPECT_EQ(json["nodes"][1]["cpus"], nlohmann::json::parse(R"([{"kind": "x2apic", "id": 256}])"));
  EXPECT_EQ(json["nodes"][1]["memory"][0]["non_volatile"], true);
  EXPECT_EQ(json["nodes"][2], nlohmann::json::parse(R"({"node": 2, "pxm": 2, "origin": "cfmws", "cpus": [], "cpulist": "",
      "memory": [{"start": "0x110000000", "end": "0x210000000", "hotplug": true, "non_volatile": false,
                  "specific_purpose": false, "reserved": true, "source": "cfmws"}],
      "ram": [], "ram_bytes": 0, "generic_initiator": false, "fallback_order": [0, 1]})"));
  EXPECT_EQ(json["nodemasks"], nlohmann::json::parse(R"({"possible": "0-2", "online": "0-1", "memory": "0-1",
      "cpu": "0-1", "generic_initiator": ""})"));
  EXPECT_EQ(json["distance"],
            nlohmann::json::parse(R"({"nodes": [0, 1, 2], "matrix": [[10, 21, 20], [21, 10, 20], [20, 20, 10]]})"));
  EXPECT_EQ(json["log"].size(), 3u);
  EXPECT_EQ(json["log"][2], "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile");
  EXPECT_EQ(json["fallback"], "none");
  EXPECT_EQ(json["fallback_reason"], "");
  EXPECT_EQ(json["nodes"][0]["cpulist"], "0,2");
  EXPECT_EQ(json["nodes"][1]["cpulist"], "1");
  EXPECT_EQ(json["nodes"][2]["cpulist"], "");
  EXPECT_EQ(json["cpus"], nlohmann::json::parse(R"({"source": "madt", "possible": 4, "present": 3,
      "x2apic_mode": true, "x2apic_reason": "x2APIC mode: the MADT lists x2APIC id 0x0100"})"));
  EXPECT_EQ(json["notes"], nlohmann::json::parse(R"(["no memory map given: RAM taken from the SRAT"])"));
  EXPECT_EQ(json["specific_purpose"], nlohmann::json::array());
  EXPECT_EQ(json["numaplan_version"], kVersion);
  // schema numaplan_version kernel numa fallback fallback_reason nodes nodemasks cpus distance specific_purpose log notes
  EXPECT_EQ(json.size(), 13u);
}

// One dummy node: text and JSON say why, with the kernel's own line.
TEST(MapEmit, FallbackReason) {
  Layout layout = three_nodes();
  layout.numa_from_srat = false;
  layout.fallback = kernel::Fallback::overlap;
  layout.fallback_line = "node 0 [mem 0x00000000-0x5fffffff] overlaps with node 1 [mem 0x40000000-0x7ffdffff]";
  const std::string why =
      "memory of two nodes overlaps (\"node 0 [mem 0x00000000-0x5fffffff] overlaps with node 1 [mem "
      "0x40000000-0x7ffdffff]\")";
  const std::string text = map_text(layout);
  EXPECT_NE(text.find("\nnuma: dummy (one node): " + why + "\nnodes: "), std::string::npos) << text;
  const nlohmann::json json = map_json(layout);
  EXPECT_EQ(json["numa"], "dummy");
  EXPECT_EQ(json["fallback"], "overlap");
  EXPECT_EQ(json["fallback_reason"], why);
  layout.fallback = kernel::Fallback::numa_off;
  layout.fallback_line.clear();
  EXPECT_NE(map_text(layout).find("\nnuma: dummy (one node): numa=off on the command line\n"), std::string::npos);
  EXPECT_EQ(map_json(layout)["fallback"], "numa_off");
}

TEST(MapEmit, Dmesg) {
  EXPECT_EQ(map_dmesg(three_nodes()),
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
            "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile\n");
}

TEST(MapEmit, Numactl2016) {
  EXPECT_EQ(map_numactl(three_nodes(), NumactlFormat::v2_0_16),
            "available: 2 nodes (0-1)\n"
            "node 0 cpus: 0 2\n"
            "node 0 size: 1023 MB\n"
            "node 0 free: <not available>\n"
            "node 1 cpus: 1\n"
            "node 1 size: 1024 MB\n"
            "node 1 free: <not available>\n"
            "node distances:\n"
            "node   0   1 \n"
            "  0:  10  21 \n"
            "  1:  21  10 \n");
}

TEST(MapEmit, Numactl2019) {
  EXPECT_EQ(map_numactl(three_nodes(), NumactlFormat::v2_0_19),
            "available: 2 nodes (0-1)\n"
            "node 0 cpus: 0 2\n"
            "node 0 size: 1023 MB\n"
            "node 0 free: <not available>\n"
            "node 1 cpus: 1\n"
            "node 1 size: 1024 MB\n"
            "node 1 free: <not available>\n"
            "node distances:\n"
            "node     0    1 \n"
            "   0:   10   21 \n"
            "   1:   21   10 \n");
}

// A node whose CPUs are all hotplug CPUs lists none: numactl shows online CPUs.
TEST(MapEmit, NumactlListsOnlineCpusOnly) {
  Layout layout = three_nodes();
  layout.present_cpus = 1;
  const std::string out = map_numactl(layout, NumactlFormat::v2_0_16);
  EXPECT_NE(out.find("node 0 cpus: 0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("node 1 cpus:\n"), std::string::npos) << out;
}

std::vector<std::string> marked(const DmesgComparison& comparison) {
  std::vector<std::string> out;
  for (const DmesgLine& line : comparison.lines) {
    const char* mark = line.kind == DmesgLine::Kind::same ? "  " : line.kind == DmesgLine::Kind::missing ? "- " : "+ ";
    out.push_back(mark + std::string(line.text) + (line.log_line ? " @" + std::to_string(line.log_line) : ""));
  }
  return out;
}

// Lines outside the compared families ("Reserving ... table memory", the
// KERN_DEBUG page count of 5.10) are not compared.
TEST(MapEmit, CompareDmesgIdentical) {
  const std::string log =
      "[    0.000000] Linux version 6.12.117+deb12-amd64\n"
      "[    0.076230] ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
      "[    0.076300] ACPI: Reserving SRAT table memory at [mem 0x7ffe2510-0x7ffe25ff]\n"
      "[    0.076580] ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
      "[    0.076904] ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile\n"
      "[    0.077878] On node 0 totalpages: 262046\n";
  const Layout layout = three_nodes();
  const DmesgComparison result = compare_dmesg(layout, log);
  EXPECT_EQ(marked(result), (std::vector<std::string>{
                                "  ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff] @2",
                                "  ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff] @4",
                                "  ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile @5",
                            }));
  EXPECT_EQ(result.differences(), 0u);
  EXPECT_EQ(result.next_boot_line, 0u);
  EXPECT_EQ(dmesg_diff(result, "predicted", "d.txt"), "");
}

const char* const kSyslogWithDifferences =
    "Nov 24 12:00:00 host kernel: SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
    "Nov 24 12:00:00 host kernel: ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
    "Nov 24 12:00:00 host kernel: ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile\n"
    "Nov 24 12:00:00 host kernel: NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> "
    "[mem 0x00000000-0x3fffffff]\n";

TEST(MapEmit, CompareDmesgMissingAndExtraInOrder) {
  const Layout layout = three_nodes();
  const DmesgComparison result = compare_dmesg(layout, kSyslogWithDifferences);
  EXPECT_EQ(marked(result),
            (std::vector<std::string>{
                "+ SRAT: PXM 0 -> APIC 0x00 -> Node 0 @1",
                "  ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff] @2",
                "- ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]",
                "  ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile @3",
                "+ NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff] @4",
            }));
  EXPECT_EQ(result.differences(), 3u);
  // The lines are views: of the log (in it, extra) and of the layout's log (missing).
  const std::string_view log(kSyslogWithDifferences);
  EXPECT_EQ(result.lines[0].text.data(), log.data() + log.find("SRAT: PXM 0"));
  EXPECT_EQ(result.lines[1].text.data(), log.data() + log.find("ACPI: SRAT: Node 0"));
  EXPECT_EQ(result.lines[2].text.data(), layout.log[1].data());
}

// The same lines as `diff -u` prints them, here as one hunk.
TEST(MapEmit, DmesgDiffOneHunk) {
  EXPECT_EQ(dmesg_diff(compare_dmesg(three_nodes(), kSyslogWithDifferences), "numaplan 6.12", "syslog"),
            "--- numaplan 6.12\n"
            "+++ syslog\n"
            "@@ -1,3 +1,4 @@ syslog:1\n"
            "+SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
            " ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
            "-ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
            " ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] non-volatile\n"
            "+NUMA: Node 0 [mem 0x00000000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00000000-0x3fffffff]\n");
}

// Changes more than 2 * context equal lines apart make separate hunks; a
// hunk of missing lines only names no log line.
TEST(MapEmit, DmesgDiffSeparateHunks) {
  Layout layout;
  for (int i = 0; i < 10; ++i) layout.log.push_back("SRAT: PXM " + std::to_string(i) + " -> APIC 0x00 -> Node 0");
  std::string log;
  for (int i = 0; i < 9; ++i) log += "[    0.000000] SRAT: PXM " + std::to_string(i) + " -> APIC 0x00 -> Node 0\n";
  log.insert(0, "[    0.000000] ACPI: SRAT: SRAT not used.\n");
  EXPECT_EQ(dmesg_diff(compare_dmesg(layout, log), "a", "b", 1),
            "--- a\n"
            "+++ b\n"
            "@@ -1,1 +1,2 @@ b:1\n"
            "+ACPI: SRAT: SRAT not used.\n"
            " SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
            "@@ -9,2 +10,1 @@ b:10\n"
            " SRAT: PXM 8 -> APIC 0x00 -> Node 0\n"
            "-SRAT: PXM 9 -> APIC 0x00 -> Node 0\n");
  layout.log = {"No NUMA configuration found"};
  EXPECT_EQ(dmesg_diff(compare_dmesg(layout, ""), "a", "b"), "--- a\n+++ b\n@@ -1,1 +0,0 @@\n-No NUMA configuration found\n");
}

// Only the first boot of a log is compared; a log unlike the prediction past
// the size limit is listed whole (all missing, then all extra).
TEST(MapEmit, CompareDmesgFirstBootAndHugeLogs) {
  Layout layout;
  layout.log = {"No NUMA configuration found"};
  const DmesgComparison two_boots = compare_dmesg(
      layout, "Linux version 6.1\nNo NUMA configuration found\nLinux version 6.1\nNUMA turned off\n");
  EXPECT_EQ(two_boots.differences(), 0u);
  EXPECT_EQ(two_boots.next_boot_line, 3u);

  layout.log.assign(3000, "NUMA turned off");
  std::string log;
  for (int i = 0; i < 3000; ++i) log += "SRAT: PXM " + std::to_string(i) + " -> APIC 0x00 -> Node 0\n";
  const DmesgComparison huge = compare_dmesg(layout, log);
  ASSERT_EQ(huge.lines.size(), 6000u);
  EXPECT_EQ(huge.lines[2999].kind, DmesgLine::Kind::missing);
  EXPECT_EQ(huge.lines[3000].kind, DmesgLine::Kind::extra);
  EXPECT_EQ(huge.lines[3000].log_line, 1u);
}

TEST(MapEmit, ComparisonSummary) {
  EXPECT_EQ(comparison_summary(compare_dmesg(three_nodes(), kSyslogWithDifferences)),
            "4 NUMA set-up lines in the log, 3 predicted: 2 equal, 1 missing, 2 extra");
  EXPECT_EQ(comparison_summary(compare_dmesg(three_nodes(), "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
                                                            "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
                                                            "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff] "
                                                            "non-volatile\n")),
            "all 3 NUMA set-up lines of the log match the prediction");
  EXPECT_EQ(comparison_summary(compare_dmesg(three_nodes(), "hello\n")),
            "0 NUMA set-up lines in the log, 3 predicted: 0 equal, 3 missing, 0 extra (no NUMA set-up line at all: "
            "is this the kernel log of a boot, as dmesg prints it?)");
}

TEST(MapEmit, KernelReleaseOfTheLog) {
  EXPECT_EQ(compare_dmesg(three_nodes(), "[    0.000000] Linux version 6.12.117+deb12-amd64 (debian-kernel@lists.debian.org)\n")
                .kernel_release,
            "6.12.117+deb12-amd64");
  EXPECT_TRUE(release_matches_profile("6.1.0-56-amd64", "6.1"));
  EXPECT_TRUE(release_matches_profile("6.12.117+deb12-amd64", "6.12"));
  EXPECT_FALSE(release_matches_profile("6.12.117+deb12-amd64", "6.1"));
  EXPECT_FALSE(release_matches_profile("6.1", "6.1"));
  EXPECT_TRUE(release_matches_profile("6.18.0", "mainline"));
}

}  // namespace
}  // namespace numaplan::emit
