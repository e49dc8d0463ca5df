// validate against what real kernels did: every case in tests/kernel/cases was
// booted on Debian's 6.1 and 6.12 (the oracle); each is validated with that
// kernel's profile and its BIOS-e820 RAM (--memmap). When a kernel fell back to one
// dummy node ("Faking a node"), validate must report an SRAT error that says
// so; when it built nodes from SRAT, it must not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "numaplan/check/findings.h"
#include "numaplan/source/load.h"
#include "numaplan/source/memmap_formats.h"

namespace numaplan::check {
namespace {

namespace fs = std::filesystem;

// Rules whose error means "Linux discards the SRAT or rejects the NUMA set-up".
const std::set<std::string_view> kNumaOff = {
    "SRAT.PxmTooLarge",   "SRAT.TooManyNodes", "SRAT.MemoryOverlap",  "SRAT.StructureLength",
    "SRAT.NoMemory",      "SRAT.TooManyMemblks", "ACPI.SubtableLength", "ACPI.TableLength",
    "SRAT.RamNotCovered"};

// Dummy NUMA for reasons the tables and RAM cannot show: numa=off and
// numa=noacpi on the command line.
const std::set<std::string> kNotFromTables = {"30-numa-off", "31-numa-noacpi"};

// The profile of the kernel that ran ("6.1.0-56-amd64" -> "6.1").
std::string profile_of(const std::string& release) { return release.starts_with("6.12.") ? "6.12" : "6.1"; }

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(OracleCases, NumaOffErrorsMatchTheKernelsVerdict) {
  const fs::path cases = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/kernel/cases";
  if (!fs::is_directory(cases)) GTEST_SKIP() << "no " << cases;
  int checked = 0;
  for (const auto& kernel_dir : fs::recursive_directory_iterator(cases)) {
    if (!kernel_dir.is_directory() || kernel_dir.path().parent_path().filename() != "out") continue;
    const std::string name = kernel_dir.path().parent_path().parent_path().filename().string();
    std::vector<std::string> tables;
    for (const auto& file : fs::directory_iterator(kernel_dir.path())) {
      const std::string base = file.path().filename().string();
      if (base.starts_with("guest-") && base.ends_with(".dat")) tables.push_back(file.path().string());
    }
    const std::string log = read(kernel_dir.path() / "kernel.log");
    if (tables.empty() || kNotFromTables.contains(name) || log.find("ORACLE-END") == std::string::npos) continue;
    std::sort(tables.begin(), tables.end());
    source::Inputs inputs = source::load(tables);
    Options options;  // as `validate --kernel K --memmap kernel.log`
    options.profile = *kernel::find_profile(profile_of(kernel_dir.path().filename().string()));
    options.ram = source::load_memmap((kernel_dir.path() / "kernel.log").string()).value().ram();
    const Findings findings = *validate(acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics)), options);
    const bool says_off = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
      return f.severity == Severity::error && f.table == "SRAT" && kNumaOff.contains(f.rule->id);
    });
    const bool dummy = log.find("Faking a node") != std::string::npos;
    EXPECT_EQ(says_off, dummy) << name << " (" << kernel_dir.path().filename().string() << ")";
    ++checked;
  }
  EXPECT_GE(checked, 80);
}

}  // namespace
}  // namespace numaplan::check
