// The shared corpus (QEMU's tables, real machines' acpidumps) validated file by
// file against tests/check/corpus_summary.txt. Regenerate the summary with
//   NUMAPLAN_UPDATE_CORPUS_SUMMARY=1 build/tests/numaplan_tests --gtest_filter='Corpus.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "numaplan/check/findings.h"
#include "numaplan/source/load.h"

namespace numaplan::check {
namespace {

namespace fs = std::filesystem;

const fs::path kSummary = fs::path(NUMAPLAN_SOURCE_DIR) / "tests/check/corpus_summary.txt";

fs::path corpus_dir() {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  return fs::path(shared != nullptr && *shared ? shared : NUMAPLAN_SOURCE_DIR "/../shared") / "corpus";
}

std::vector<std::string> corpus_files(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") {
      out.push_back(fs::relative(entry.path(), root).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Findings validate_file(const fs::path& path) {
  const std::vector<std::string> paths = {path.string()};
  source::Inputs inputs = source::load(paths);
  return *validate(acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics)), Options{});
}

// "FILE RULE SEVERITY COUNT" per rule that fired, "FILE -" for a clean file.
std::string summarize(const fs::path& root, const std::vector<std::string>& files) {
  std::ostringstream out;
  for (const std::string& file : files) {
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const Finding& f : validate_file(root / file)) ++counts[{std::string(f.rule->id), severity_name(f.severity)}];
    if (counts.empty()) out << file << " -\n";
    for (const auto& [key, n] : counts) out << file << " " << key.first << " " << key.second << " " << n << "\n";
  }
  return out.str();
}

TEST(Corpus, MatchesTheCommittedSummary) {
  const fs::path root = corpus_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << "no shared corpus at " << root;
  const std::string summary = summarize(root, corpus_files(root));
  if (std::getenv("NUMAPLAN_UPDATE_CORPUS_SUMMARY") != nullptr) {
    std::ofstream(kSummary) << summary;
    GTEST_SKIP() << "wrote " << kSummary;
  }
  std::ifstream in(kSummary);
  ASSERT_TRUE(in) << "missing " << kSummary;
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(summary, committed.str());
}

// Real machines boot Linux with these tables: sparse PXMs, memoryless nodes,
// hundreds of disabled entries and a 108-byte SLIT are not errors.
TEST(Corpus, RealMachinesHaveNoErrors) {
  const fs::path root = corpus_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << "no shared corpus at " << root;
  for (const std::string& file : corpus_files(root)) {
    if (!file.starts_with("real/") && !file.starts_with("acpidump/")) continue;
    for (const Finding& f : validate_file(root / file)) {
      EXPECT_NE(f.severity, Severity::error) << file << ": " << f.rule->id << ": " << f.message;
    }
  }
}

}  // namespace
}  // namespace numaplan::check
