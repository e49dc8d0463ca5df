// `numaplan map --compare-dmesg` as an engineer runs it, on every oracle
// boot: the guest's tables, its console log as the memory map (BIOS-e820
// lines) and as the log to compare, the case's command line. Each run must
// find no difference (exit 0), on every kernel the case was booted on, with
// the profile of the boot's release. Cases: tests/kernel/cases and
// tests/kernel/shared-cases (committed).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "numaplan/source/text_file.h"
#include "support/oracle_replay.h"
#include "support/run_cli.h"

namespace numaplan {
namespace {

namespace fs = std::filesystem;

struct Boot {
  fs::path case_dir;
  fs::path out_dir;
  std::string profile;
};

std::vector<Boot> boots() {
  std::vector<Boot> out;
  for (const fs::path& root : {fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "cases",
                              fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "shared-cases"}) {
    for (const fs::path& case_dir : test::oracle_case_dirs(root)) {
      for (const fs::path& out_dir : test::oracle_out_dirs(case_dir)) {
        const std::string meta = source::read_text_file((out_dir / "meta.txt").string()).value_or("");
        // A guest that crashed has no complete log (and often no tables).
        if (fs::exists(out_dir / "kernel.log") && meta.find("complete: yes") != std::string::npos) {
          out.push_back({case_dir, out_dir, test::oracle_profile(out_dir)});
        }
      }
    }
  }
  return out;
}

int compare(const Boot& boot, std::string& output) {
  const std::string log = (boot.out_dir / "kernel.log").string();
  // QEMU 7.2's TCG CPUs have no x2APIC: every guest ran in xAPIC mode (case 58 lists x2APIC ids above 0xFE).
  std::vector<std::string> args = {"map", "--kernel", boot.profile, "--x2apic", "off", "--memmap", log, "--compare-dmesg", log};
  const auto cmdline = source::read_text_file((boot.case_dir / "cmdline").string());
  if (cmdline.ok()) args.insert(args.end(), {"--cmdline", *cmdline});
  // In name order: guest-SRAT1.dat is the table Linux used.
  for (const std::string& table : test::guest_table_files(boot.out_dir)) args.push_back(table);
  const test::CliResult run = test::run_numaplan(args);
  output = run.out + run.err;
  return run.exit_code;
}

TEST(MapCompareOracle, EveryBootMatchesItsOwnLog) {
  const std::vector<Boot> all = boots();
  ASSERT_GE(all.size(), 60u) << "tests/kernel/cases holds at least 30 cases with both kernels";
  for (const Boot& boot : all) {
    std::string output;
    EXPECT_EQ(compare(boot, output), 0) << boot.out_dir.string() << "\n" << output;
  }
}

}  // namespace
}  // namespace numaplan
