// `numaplan map --compare-dmesg` as an engineer runs it, on every oracle
// boot: the guest's tables, its console log as the memory map (BIOS-e820
// lines) and as the log to compare, the case's command line. Each run must
// find no difference (exit 0), on every kernel the case was booted on, with
// the profile of the boot's release. Cases: tests/kernel/cases and
// tests/kernel/shared-cases (committed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

#include "numaplan/source/text_file.h"
#include "support/oracle_replay.h"

namespace numaplan {
namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Boot {
  fs::path case_dir;
  fs::path out_dir;
  std::string profile;
};

std::vector<Boot> boots() {
  std::vector<Boot> out;
  for (const fs::path& root : {fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "cases",
                              fs::path(NUMAPLAN_SOURCE_DIR) / "tests" / "kernel" / "shared-cases"}) {
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::directory_iterator(root)) {
      for (const fs::path& out_dir : test::oracle_out_dirs(entry.path())) {
        const std::string meta = source::read_text_file((out_dir / "meta.txt").string()).value_or("");
        // A guest that crashed has no complete log (and often no tables).
        if (fs::exists(out_dir / "kernel.log") && meta.find("complete: yes") != std::string::npos) {
          out.push_back({entry.path(), out_dir, test::oracle_profile(out_dir)});
        }
      }
    }
  }
  return out;
}

int compare(const Boot& boot, std::string& output) {
  const std::string log = (boot.out_dir / "kernel.log").string();
  // QEMU 7.2's TCG CPUs have no x2APIC: every guest ran in xAPIC mode (case 58 lists x2APIC ids above 0xFE).
  std::string command = quote(NUMAPLAN_BINARY) + " map --kernel " + boot.profile + " --x2apic off --memmap " +
                        quote(log) + " --compare-dmesg " + quote(log);
  const auto cmdline = source::read_text_file((boot.case_dir / "cmdline").string());
  if (cmdline.ok()) command += " --cmdline " + quote(*cmdline);
  // In name order: guest-SRAT1.dat is the table Linux used.
  for (const std::string& table : test::guest_table_files(boot.out_dir)) command += " " + quote(table);
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
