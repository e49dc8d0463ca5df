// Replays every kernel-oracle case (tables the guest saw, its e820 map and
// command line) through the model and compares with what the kernel decided:
// node masks, distances of online nodes, per-node CPU lists and the NUMA
// set-up lines of dmesg (support/oracle_replay.h), on every kernel a case
// was booted on. Cases: tests/kernel/shared-cases (../shared/oracle/cases
// with their boots) and tests/kernel/cases, all committed golden data.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "numaplan/kernel/model.h"
#include "support/oracle_replay.h"

namespace numaplan::kernel {
namespace {

namespace fs = std::filesystem;

struct OracleRun {
  std::string name;  // gtest-safe: source, case, kernel release
  fs::path case_dir;
  fs::path out_dir;
  std::string profile;
};

void PrintTo(const OracleRun& run, std::ostream* out) { *out << run.out_dir.string(); }

fs::path shared_cases() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "shared-cases"; }
fs::path project_cases() { return fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "cases"; }

std::string test_name(const std::string& source, const std::string& case_name, const std::string& profile) {
  std::string out = source + "_" + case_name + "_" + profile;
  std::replace_if(out.begin(), out.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return out;
}

std::vector<OracleRun> runs() {
  std::vector<OracleRun> out;
  for (const auto& [source, root] : {std::pair{"shared", shared_cases()}, std::pair{"project", project_cases()}}) {
    if (!fs::is_directory(root)) continue;
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(root)) {
      if (entry.is_directory()) cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    for (const fs::path& dir : cases) {
      for (const fs::path& out_dir : test::oracle_out_dirs(dir)) {
        const std::string release = out_dir.filename().string();
        out.push_back({test_name(source, dir.filename().string(), release), dir, out_dir, test::oracle_profile(out_dir)});
      }
    }
  }
  return out;
}

class Oracle : public ::testing::TestWithParam<OracleRun> {};

TEST_P(Oracle, ModelMatchesTheKernel) {
  const OracleRun& run = GetParam();
  ASSERT_FALSE(run.profile.empty()) << run.out_dir << " names no kernel release";
  const bool crashed = test::oracle_crashed(run.out_dir);
  if (crashed && !fs::exists(run.out_dir / "guest-SRAT.dat")) {
    GTEST_SKIP() << "the guest crashed before dumping its tables (golden data has none); the crash is "
                    "reproduced from synthetic tables in model_test.cpp";
  }
  const auto layout = test::replay_guest(run.case_dir, run.out_dir, run.profile);
  ASSERT_TRUE(layout.ok()) << layout.error().format();
  if (crashed) {
    EXPECT_NE(layout->crash, "") << "the kernel did not finish booting, the model predicts no crash";
    return;
  }
  test::expect_layout_matches_kernel(*layout, run.out_dir);
}

INSTANTIATE_TEST_SUITE_P(Cases, Oracle, ::testing::ValuesIn(runs()),
                         [](const ::testing::TestParamInfo<OracleRun>& param) { return param.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Oracle);

TEST(OracleCases, SharedCasesPresent) {
  const std::vector<OracleRun> all = runs();
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const OracleRun& r) { return r.name.starts_with("shared_"); }));
}

}  // namespace
}  // namespace numaplan::kernel
