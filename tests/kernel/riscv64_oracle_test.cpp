// Replays every riscv64 oracle case (tests/kernel/riscv64-cases: Debian's
// riscv64 kernels, 6.12 and the 7.x line as 7.2, booted by
// tests/kernel/riscv64/run-case.sh on QEMU's own -numa tables) through the
// model with --arch riscv64 and compares with what the kernel decided: node
// masks, distances of online nodes, per-node CPU lists, the CPU masks and the
// NUMA set-up lines of the console (support/oracle_replay.h; kRiscvFamilies).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "support/oracle_replay.h"

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

fs::path cases_root() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "riscv64-cases"; }

class RiscvOracle : public ::testing::TestWithParam<test::OracleRun> {};

TEST_P(RiscvOracle, ModelMatchesTheKernel) {
  test::expect_arch_run_matches_kernel(GetParam(), Arch::riscv64, kDebianRiscvNodesShift, kRiscvFamilies);
}

INSTANTIATE_TEST_SUITE_P(Cases, RiscvOracle, ::testing::ValuesIn(test::oracle_runs(cases_root())),
                         test::OracleRunName());

// Every case has a boot on each Debian riscv64 line with ACPI NUMA: 6.12 and
// the 7.x line (7.2: the 7.3 riscv64 package is not on the mirror).
TEST(RiscvOracleCases, EveryLineBooted) {
  const auto booted = test::oracle_lines_booted(cases_root());
  ASSERT_GE(booted.size(), 5u);
  for (const auto& [dir, lines] : booted) {
    EXPECT_EQ(lines, (std::vector<std::string>{"6.12", "7.2"})) << dir;
  }
}

}  // namespace
}  // namespace numaplan::kernel
