// Replays every arm64 oracle case (tests/kernel/arm64-cases: Debian's arm64
// kernels booted by tests/kernel/arm64/run-case.sh) through the model with
// --arch arm64 and compares with what the kernel decided: node masks,
// distances of online nodes, per-node CPU lists, the CPU masks and the NUMA
// set-up lines of the console (support/oracle_replay.h; kArm64Families).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/source/memmap_formats.h"
#include "support/oracle_replay.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

namespace fs = std::filesystem;

// The log lines proven on arm64: the NUMA set-up (acpi_numa_init, the GICC
// lines, arch_numa's), the distance-table line, free_area_init()'s memory
// lines with arch_numa's "NUMA: Initmem setup node N [<memory-less node>]",
// and the zonelists. Not: x86's setup_percpu (arm64 has no such line), the
// NODE_DATA lines (where memblock placed each pgdat), "Zone ranges" and
// "On node N, zone DMA: K pages in unavailable ranges" (no family compares
// them on any arch).
constexpr DmesgFamily kArm64Families[] = {DmesgFamily::numa_init, DmesgFamily::distance_table,
                                          DmesgFamily::node_ranges, DmesgFamily::node_memory,
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

class Arm64Oracle : public ::testing::TestWithParam<Arm64Run> {};

TEST_P(Arm64Oracle, ModelMatchesTheKernel) {
  const Arm64Run& run = GetParam();
  ASSERT_FALSE(run.profile.empty()) << run.out_dir << " names no kernel release";
  ASSERT_EQ(test::read_text(run.out_dir / "meta.txt").find("complete: yes") != std::string::npos, true) << run.out_dir;
  Config config;
  config.profile = *find_profile(run.profile);
  config.arch = Arch::arm64;
  config.nodes_shift = kDebianArm64NodesShift;
  // memblock.memory region by region, as `--memmap kernel.log` reads it
  // (UEFI's memory map has no console form without efi=debug).
  const auto memmap = source::load_memmap((run.out_dir / "kernel.log").string());
  ASSERT_TRUE(memmap.ok()) << memmap.error().format();
  config.ram = memmap->ram();
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
