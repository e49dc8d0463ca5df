// Replays every kernel-oracle case (tables the guest saw, its e820 map and
// command line) through the model and compares with what the kernel decided:
// node masks, distances of online nodes, per-node CPU lists and the NUMA
// set-up lines of dmesg (support/oracle_replay.h), on every kernel a case
// was booted on. Cases: tests/kernel/shared-cases (../shared/oracle/cases
// with their boots) and tests/kernel/cases, all committed golden data.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "support/oracle_replay.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

namespace fs = std::filesystem;

fs::path shared_cases() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "shared-cases"; }
fs::path project_cases() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "cases"; }

// Named "<source>_<case>_<release>": both folders have a case 01.
std::vector<test::OracleRun> runs() {
  std::vector<test::OracleRun> out;
  for (const auto& [source, root] : {std::pair{"shared", shared_cases()}, std::pair{"project", project_cases()}}) {
    for (test::OracleRun& run : test::oracle_runs(root)) {
      run.name = std::string(source) + "_" + run.name;
      out.push_back(std::move(run));
    }
  }
  return out;
}

class Oracle : public ::testing::TestWithParam<test::OracleRun> {};

TEST_P(Oracle, ModelMatchesTheKernel) {
  const test::OracleRun& run = GetParam();
  ASSERT_FALSE(run.profile.empty()) << run.out_dir << " names no kernel release";
  const bool crashed = test::oracle_crashed(run.out_dir);
  if (crashed && !fs::exists(run.out_dir / "guest-SRAT.dat")) {
    GTEST_SKIP() << "the guest crashed before dumping its tables (golden data has none); "
                    "OracleCases.Case16ConsoleUpToTheOops replays it from the case's SRAT rebuilt";
  }
  const auto layout = test::replay_guest(run.case_dir, run.out_dir, run.profile);
  ASSERT_TRUE(layout.ok()) << layout.error().format();
  if (crashed) {
    EXPECT_NE(layout->crash, "") << "the kernel did not finish booting, the model predicts no crash";
    return;
  }
  test::expect_layout_matches_kernel(*layout, run.out_dir);
}

INSTANTIATE_TEST_SUITE_P(Cases, Oracle, ::testing::ValuesIn(runs()), test::OracleRunName());
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Oracle);

// Case 16's guests oops in free_area_init() before dumping their tables.
// Its SRAT (gen.py: APIC 0 and 1 on PXMs 0 and 1, PXM 0 [1 MiB, 1 GiB), PXM 1
// [1 GiB, 2 GiB)) is rebuilt here: with each run's e820 map the model must
// predict the crash and print the console's NUMA and memory lines up to the
// oops, in order (the kernel prints nothing of the model's after them).
TEST(OracleCases, Case16ConsoleUpToTheOops) {
  constexpr std::uint64_t GiB = 1ULL << 30;
  const fs::path dir = project_cases() / "16-e820-gap-under-1mb";
  const acpi::TableSet tables =
      test::decode_tables({test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 1),
                                       test::srat_memory(0, 0x100000, GiB - 0x100000), test::srat_memory(1, GiB, GiB)})});
  const std::vector<fs::path> runs = test::oracle_out_dirs(dir);
  EXPECT_EQ(runs.size(), 6U);
  for (const fs::path& out : runs) {
    SCOPED_TRACE(out.string());
    ASSERT_TRUE(test::oracle_crashed(out));
    const auto config = test::oracle_config(dir, out, test::oracle_profile(out));
    ASSERT_TRUE(config.ok()) << config.error().format();
    const Layout layout = *map_numa(tables, *config);
    EXPECT_NE(layout.crash, "");
    std::vector<std::string> console;
    // The messages are views into the log text: it must outlive the loop.
    const std::string log = test::read_text(out / "kernel.log");
    for (const LogMessage& message : numa_init_messages(first_boot(log))) {
      console.emplace_back(message.text);
    }
    EXPECT_GE(console.size(), 8U);  // SRAT (and 5.10/6.1 its CPU lines) through "Initmem setup node 1 ..."
    ASSERT_LE(console.size(), layout.log.size());
    EXPECT_EQ(std::vector<std::string>(layout.log.begin(), layout.log.begin() + static_cast<long>(console.size())),
              console);
  }
}

TEST(OracleCases, SharedCasesPresent) {
  const std::vector<test::OracleRun> all = runs();
  EXPECT_TRUE(
      std::any_of(all.begin(), all.end(), [](const test::OracleRun& r) { return r.name.starts_with("shared_"); }));
}

}  // namespace
}  // namespace numaplan::kernel
