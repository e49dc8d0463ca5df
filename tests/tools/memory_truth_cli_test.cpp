// What numaplan says a node's memory is (issue 12), run as a program. These
// are "model says X" tests: exact values the kernel model gives for real
// firmware tables (../shared/corpus) and for the accelerator example, whose
// generated tables the oracle booted (tests/generate/cases/accelerator-gi;
// the boots themselves are checked by GeneratedOracle and PlanOracle).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "numaplan/source/text_file.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Result numaplan(const std::vector<std::string>& args) {
  test::TempDir dir;
  const std::string err_path = (dir.path() / "stderr").string();
  std::string command = quote(NUMAPLAN_BINARY);
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " 2>" + quote(err_path);
  Result run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = source::read_text_file(err_path).value_or("");
  return run;
}

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
  const Result numactl = numaplan({"map", "--format", "numactl", naples});
  ASSERT_EQ(numactl.exit_code, 0) << numactl.err;
  EXPECT_NE(numactl.out.find("node 0 size: 16383 MB\n"), std::string::npos) << numactl.out;
  EXPECT_NE(numactl.out.find("node 1 size: 16384 MB\n"), std::string::npos) << numactl.out;
  const Result json = numaplan({"map", "--format", "json", naples});
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
  const Result board = numaplan({"map", "--format", "numactl", x10dai});
  ASSERT_EQ(board.exit_code, 0) << board.err;
  EXPECT_NE(board.out.find("node 0 size: 81919 MB\n"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("node 1 size: 81920 MB\n"), std::string::npos) << board.out;
}

// Without a memory map, SRAT's Specific-Purpose range is taken as Soft
// Reserved: not RAM, so node 1 has no memory and hmem gets the range.
TEST(MemoryTruth, SpecificPurposeIsNotSystemRam) {
  std::vector<std::string> args = {"map", "--format", "json"};
  for (const std::string& table : accelerator_tables()) args.push_back(table);
  const Result run = numaplan(args);
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
  const Result soft = numaplan(args);
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
  const Result usable = numaplan(args);
  ASSERT_EQ(usable.exit_code, 0) << usable.err;
  const auto doc = nlohmann::json::parse(usable.out);
  EXPECT_EQ(doc["nodemasks"]["memory"], "0-1");
  EXPECT_EQ(doc["nodes"][1]["ram_bytes"], 0x40000000ULL);
  EXPECT_EQ(doc["nodes"][1]["memory"][0]["specific_purpose"], false);
  EXPECT_EQ(doc["specific_purpose"], nlohmann::json::array());
}

}  // namespace
}  // namespace numaplan
