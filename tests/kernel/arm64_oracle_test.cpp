// Replays every arm64 oracle case (tests/kernel/arm64-cases: Debian's arm64
// kernels booted by tests/kernel/arm64/run-case.sh) through the model with
// --arch arm64 and compares with what the kernel decided: node masks,
// distances of online nodes, per-node CPU lists, the CPU masks and the NUMA
// set-up lines of the console (support/oracle_replay.h; kArm64Families).
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

fs::path cases_root() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "arm64-cases"; }

class Arm64Oracle : public ::testing::TestWithParam<test::OracleRun> {};

TEST_P(Arm64Oracle, ModelMatchesTheKernel) {
  test::expect_arch_run_matches_kernel(GetParam(), Arch::arm64, kDebianArm64NodesShift, kArm64Families);
}

INSTANTIATE_TEST_SUITE_P(Cases, Arm64Oracle, ::testing::ValuesIn(test::oracle_runs(cases_root())),
                         test::OracleRunName());

// Every case has a boot on each of the four Debian arm64 lines.
TEST(Arm64OracleCases, EveryLineBooted) {
  const auto booted = test::oracle_lines_booted(cases_root());
  ASSERT_GE(booted.size(), 16u);
  for (const auto& [dir, lines] : booted) {
    EXPECT_EQ(lines, (std::vector<std::string>{"5.10", "6.1", "6.12", "7.3"})) << dir;
  }
}

}  // namespace
}  // namespace numaplan::kernel
