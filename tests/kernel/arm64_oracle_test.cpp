// Replays every arm64 oracle case (tests/kernel/arm64-cases: Debian's arm64
// kernels booted by tests/kernel/arm64/run-case.sh) through the model with
// --arch arm64 and compares with what the kernel decided: node masks,
// distances of online nodes, per-node CPU lists, the CPU masks and the NUMA
// set-up lines of the console (support/oracle_replay.h; kArm64Families).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "numaplan/source/kernel_settings.h"
#include "support/oracle_replay.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

namespace fs = std::filesystem;

// The log lines proven on arm64: the NUMA set-up (acpi_numa_init, the GICC
// lines, arch_numa's), the distance-table line and the zonelists. Not yet:
// free_area_init()'s memory lines (memblock keeps UEFI's no-map regions
// apart, which no input the model reads shows; 6.1 prints arch_numa's own
// "NUMA: Initmem setup node N [<memory-less node>]") and x86's setup_percpu.
constexpr DmesgFamily kArm64Families[] = {DmesgFamily::numa_init, DmesgFamily::distance_table,
                                          DmesgFamily::fallback_order};

// Debian's arm64 kernels (5.10-7.3) are built with CONFIG_NODES_SHIFT=4.
constexpr int kDebianArm64NodesShift = 4;

struct Arm64Run {
  std::string name;
  fs::path case_dir;
  fs::path out_dir;
  std::string profile;
};

void PrintTo(const Arm64Run& run, std::ostream* out) { *out << run.out_dir.string(); }

std::vector<Arm64Run> runs() {
  std::vector<Arm64Run> out;
  const fs::path root = fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "arm64-cases";
  for (const fs::path& dir : test::oracle_case_dirs(root)) {
    for (const fs::path& out_dir : test::oracle_out_dirs(dir)) {
      std::string name = dir.filename().string() + "_" + out_dir.filename().string();
      std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
      out.push_back({name, dir, out_dir, test::oracle_profile(out_dir)});
    }
  }
  return out;
}

// memblock.memory as the kernel's "Early memory node ranges" lines list it
// (UEFI's memory map has no console form the model reads).
std::vector<MemRange> early_memory_node_ranges(const std::string& console) {
  static const std::regex range(R"(^\s+node\s+\d+: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\]$)");
  std::vector<MemRange> ram;
  bool in_list = false;
  for (const LogMessage& message : first_boot(console).messages) {
    const std::string text(message.text);
    if (text == "Early memory node ranges") {
      in_list = true;
      continue;
    }
    std::smatch m;
    if (in_list && std::regex_match(text, m, range)) {
      ram.push_back({std::stoull(m[1].str(), nullptr, 16), std::stoull(m[2].str(), nullptr, 16) + 1});
    } else if (in_list) {
      break;
    }
  }
  return ram;
}

class Arm64Oracle : public ::testing::TestWithParam<Arm64Run> {};

TEST_P(Arm64Oracle, ModelMatchesTheKernel) {
  const Arm64Run& run = GetParam();
  ASSERT_FALSE(run.profile.empty()) << run.out_dir << " names no kernel release";
  ASSERT_EQ(test::read_text(run.out_dir / "meta.txt").find("complete: yes") != std::string::npos, true) << run.out_dir;
  Config config;
  config.profile = *find_profile(run.profile);
  config.arch = Arch::arm64;
  config.nodes_shift = kDebianArm64NodesShift;
  config.ram = early_memory_node_ranges(test::read_text(run.out_dir / "kernel.log"));
  ASSERT_FALSE(config.ram->empty()) << "no \"Early memory node ranges\" in " << run.out_dir / "kernel.log";
  if (fs::exists(run.case_dir / "cmdline")) {
    const auto cmdline = source::parse_cmdline(test::read_text(run.case_dir / "cmdline"));
    ASSERT_TRUE(cmdline.ok()) << cmdline.error().format();
    config.numa_off = cmdline->numa_off;
  }
  const acpi::TableSet tables = test::guest_tables(run.out_dir);
  ASSERT_NE(tables.first("APIC"), nullptr) << "the guest dumped no MADT";
  const Layout layout = *map_numa(tables, config);
  test::expect_layout_matches_kernel(layout, run.out_dir, kArm64Families);
}

INSTANTIATE_TEST_SUITE_P(Cases, Arm64Oracle, ::testing::ValuesIn(runs()),
                         [](const ::testing::TestParamInfo<Arm64Run>& param) { return param.param.name; });

// Every case has a boot on each of the four Debian arm64 lines.
TEST(Arm64OracleCases, EveryLineBooted) {
  const fs::path root = fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "arm64-cases";
  const std::vector<fs::path> cases = test::oracle_case_dirs(root);
  ASSERT_GE(cases.size(), 16u);
  for (const fs::path& dir : cases) {
    std::vector<std::string> lines;
    for (const fs::path& out_dir : test::oracle_out_dirs(dir)) lines.push_back(test::oracle_profile(out_dir));
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines, (std::vector<std::string>{"5.10", "6.1", "6.12", "7.3"})) << dir;
  }
}

}  // namespace
}  // namespace numaplan::kernel
