// Replays every riscv64 oracle case (tests/kernel/riscv64-cases: Debian's
// riscv64 kernels, 6.12 and the 7.x line as 7.2, booted by
// tests/kernel/riscv64/run-case.sh on QEMU's own -numa tables) through the
// model with --arch riscv64 and compares with what the kernel decided: node
// masks, distances of online nodes, per-node CPU lists, the CPU masks and the
// NUMA set-up lines of the console (support/oracle_replay.h; kRiscvFamilies).
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

// The log lines compared, as on arm64: the NUMA set-up (acpi_numa_init, the
// RINTC lines, arch_numa's), the distance-table line and the zonelists; not
// free_area_init()'s memory lines (memblock keeps UEFI's no-map regions
// apart, which no input the model reads shows).
constexpr DmesgFamily kRiscvFamilies[] = {DmesgFamily::numa_init, DmesgFamily::distance_table,
                                          DmesgFamily::fallback_order};

// Debian's riscv64 kernels (6.12.118+deb13, 7.2.12+deb14) are built with CONFIG_NODES_SHIFT=2.
constexpr int kDebianRiscvNodesShift = 2;

struct RiscvRun {
  std::string name;
  fs::path case_dir;
  fs::path out_dir;
  std::string profile;
};

void PrintTo(const RiscvRun& run, std::ostream* out) { *out << run.out_dir.string(); }

std::vector<RiscvRun> runs() {
  std::vector<RiscvRun> out;
  const fs::path root = fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "riscv64-cases";
  for (const fs::path& dir : test::oracle_case_dirs(root)) {
    for (const fs::path& out_dir : test::oracle_out_dirs(dir)) {
      std::string name = dir.filename().string() + "_" + out_dir.filename().string();
      std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
      out.push_back({name, dir, out_dir, test::oracle_profile(out_dir)});
    }
  }
  return out;
}

class RiscvOracle : public ::testing::TestWithParam<RiscvRun> {};

TEST_P(RiscvOracle, ModelMatchesTheKernel) {
  const RiscvRun& run = GetParam();
  ASSERT_FALSE(run.profile.empty()) << run.out_dir << " names no kernel release";
  ASSERT_EQ(test::read_text(run.out_dir / "meta.txt").find("complete: yes") != std::string::npos, true) << run.out_dir;
  Config config;
  config.profile = *find_profile(run.profile);
  config.arch = Arch::riscv64;
  config.nodes_shift = kDebianRiscvNodesShift;
  // memblock.memory region by region, as `--memmap kernel.log` reads it.
  const auto memmap = source::load_memmap((run.out_dir / "kernel.log").string());
  ASSERT_TRUE(memmap.ok()) << memmap.error().format();
  config.ram = memmap->ram();
  ASSERT_FALSE(config.ram->empty()) << "no \"Early memory node ranges\" in " << run.out_dir / "kernel.log";
  if (fs::exists(run.case_dir / "cmdline")) {
    const auto cmdline = source::parse_cmdline(test::read_text(run.case_dir / "cmdline"));
    ASSERT_TRUE(cmdline.ok()) << cmdline.error().format();
    config.numa_off = cmdline->numa_off;
  }
  const acpi::TableSet tables = test::guest_tables(run.out_dir);
  ASSERT_NE(tables.first("APIC"), nullptr) << "the guest dumped no MADT";
  const Layout layout = *map_numa(tables, config);
  test::expect_layout_matches_kernel(layout, run.out_dir, kRiscvFamilies);
}

INSTANTIATE_TEST_SUITE_P(Cases, RiscvOracle, ::testing::ValuesIn(runs()),
                         [](const ::testing::TestParamInfo<RiscvRun>& param) { return param.param.name; });

// Every case has a boot on each Debian riscv64 line with ACPI NUMA: 6.12 and
// the 7.x line (7.2: the 7.3 riscv64 package is not on the mirror).
TEST(RiscvOracleCases, EveryLineBooted) {
  const fs::path root = fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "riscv64-cases";
  const std::vector<fs::path> cases = test::oracle_case_dirs(root);
  ASSERT_GE(cases.size(), 5u);
  for (const fs::path& dir : cases) {
    std::vector<std::string> lines;
    for (const fs::path& out_dir : test::oracle_out_dirs(dir)) lines.push_back(test::oracle_profile(out_dir));
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines, (std::vector<std::string>{"6.12", "7.2"})) << dir;
  }
}

}  // namespace
}  // namespace numaplan::kernel
