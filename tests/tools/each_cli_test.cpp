// --each: every PATH its own machine (validate, map, dump), a summary table,
// the worst exit code, a numaplan.each/1 document and a JUnit report.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "numaplan/version.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

using test::run_numaplan;

const std::string kTables = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/qemu-2node-cxl.acpidump.txt";

test::Bytes srat_one_node() {
  return test::srat({test::srat_local_apic(0, 0), test::srat_memory(0, 0, 0x80000000)});
}

// Three machines: the example (clean), an SRAT whose checksum is off by one
// (an error), and a path that does not exist.
struct Fleet {
  test::TempDir dir;
  std::string good = kTables;
  std::string bad;
  std::string missing;
  Fleet() {
    test::Bytes srat = srat_one_node();
    ++srat[9];
    bad = dir.write("bad/srat.dat", srat).string();
    missing = (dir.path() / "missing").string();
  }
};

// One row of the summary table, columns as wide as the longest path.
std::string row(const std::string& path, std::size_t width, int exit_code, const char* result, int errors,
                int warnings) {
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %4d  %-10s%8d%10d\n", static_cast<int>(width), path.c_str(), exit_code,
                result, errors, warnings);
  return line;
}

TEST(Each, ValidateSummaryAndWorstExitCode) {
  const Fleet fleet;
  const test::CliResult run = run_numaplan({"validate", "--each", fleet.good, fleet.bad, fleet.missing});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err, "numaplan: error: " + fleet.missing + ": no such file or directory\n");
  EXPECT_EQ(run.out.find("== " + fleet.good + "\n"), 0U) << run.out;
  EXPECT_NE(run.out.find("\n\n== " + fleet.bad + "\nSRAT (" + fleet.bad + ")\n  error   @0x009 Checksum: "),
            std::string::npos)
      << run.out;
  const std::size_t width = fleet.good.size();
  const std::string summary = "\n== " + fleet.missing + "\n\n" + row("machine", width, 0, "", 0, 0).substr(0, width) +
                              "  exit  result      errors  warnings\n" + row(fleet.good, width, 0, "ok", 0, 0) +
                              row(fleet.bad, width, 1, "errors", 1, 0) + row(fleet.missing, width, 3, "unreadable", 1, 0) +
                              "3 machines: 1 ok, 1 with errors, 1 unreadable; exit 3\n";
  ASSERT_GE(run.out.size(), summary.size());
  EXPECT_EQ(run.out.substr(run.out.size() - summary.size()), summary);

  // Without the missing path the worst is the checksum error.
  EXPECT_EQ(run_numaplan({"validate", "--each", fleet.good, fleet.bad}).exit_code, 1);
  EXPECT_EQ(run_numaplan({"validate", "--each", fleet.good}).exit_code, 0);
}

TEST(Each, Json) {
  const Fleet fleet;
  const test::CliResult run = run_numaplan({"validate", "--each", "--format", "json", fleet.good, fleet.bad, fleet.missing});
  EXPECT_EQ(run.exit_code, 3);
  const nlohmann::json doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc["schema"], "numaplan.each/1");
  EXPECT_EQ(doc["numaplan_version"], kVersion);
  EXPECT_EQ(doc["command"], "validate");
  EXPECT_EQ(doc["exit_code"], 3);
  ASSERT_EQ(doc["machines"].size(), 3U);
  const nlohmann::json& good = doc["machines"][0];
  EXPECT_EQ(good["path"], fleet.good);
  EXPECT_EQ(good["exit_code"], 0);
  EXPECT_EQ(good["errors"], 0);
  EXPECT_EQ(good["result"]["schema"], "numaplan.findings/2");
  const nlohmann::json& bad = doc["machines"][1];
  EXPECT_EQ(bad["exit_code"], 1);
  EXPECT_EQ(bad["errors"], 1);
  EXPECT_EQ(bad["result"]["findings"][0]["rule"], "ACPI.Checksum");
  const nlohmann::json& missing = doc["machines"][2];
  EXPECT_EQ(missing["exit_code"], 3);
  EXPECT_EQ(missing["diagnostics"], nlohmann::json::array({"error: " + fleet.missing + ": no such file or directory"}));
  EXPECT_FALSE(missing.contains("result"));

  const nlohmann::json map = nlohmann::json::parse(run_numaplan({"map", "--each", "--format", "json", fleet.good}).out);
  EXPECT_EQ(map["machines"][0]["result"]["schema"], "numaplan.map/2");
}

// map --compare-dmesg writes a diff, no document: the machine's "output",
// its lines as they are (they were "\x0A"-escaped into one line).
TEST(Each, JsonOutputOfADiffKeepsItsLines) {
  const std::string examples = NUMAPLAN_SOURCE_DIR "/tables/examples/";
  const test::CliResult run = run_numaplan({"map", "--each", "--format", "json", "--compare-dmesg",
                                            examples + "qemu-2node-cxl.dmesg-6.12.log",
                                            examples + "qemu-2node-cxl.acpidump.txt"});
  EXPECT_EQ(run.exit_code, 1);
  const nlohmann::json machine = nlohmann::json::parse(run.out)["machines"][0];
  EXPECT_FALSE(machine.contains("result"));
  const std::string output = machine["output"];
  EXPECT_EQ(output.substr(0, output.find('\n', output.find('\n') + 1) + 1),
            "--- numaplan map --kernel 6.12\n+++ " + examples + "qemu-2node-cxl.dmesg-6.12.log\n");
}

TEST(Each, Junit) {
  const Fleet fleet;
  const test::CliResult run = run_numaplan({"dump", "--each", "--format", "junit", fleet.good, fleet.bad, fleet.missing});
  EXPECT_EQ(run.exit_code, 3);
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<testsuites name=\"numaplan dump\" tests=\"3\" failures=\"1\" errors=\"1\">\n"
                           "  <testsuite name=\"numaplan dump\" tests=\"3\" failures=\"1\" errors=\"1\">\n"
                           "    <testcase classname=\"numaplan.dump\" name=\"" + fleet.good + "\">\n"
                           "      <system-out>SRAT from " + fleet.good + ": SRAT\n";
  EXPECT_EQ(run.out.substr(0, head.size()), head);
  EXPECT_NE(run.out.find("    <testcase classname=\"numaplan.dump\" name=\"" + fleet.bad + "\">\n"
                         "      <failure type=\"exit 1\" message=\"errors: 1 errors, 0 warnings\">error: SRAT (" +
                         fleet.bad + ") offset 0x9 (9): Checksum: is "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("    <testcase classname=\"numaplan.dump\" name=\"" + fleet.missing + "\">\n"
                         "      <error type=\"exit 3\" message=\"unreadable: 1 errors, 0 warnings\">error: " +
                         fleet.missing + ": no such file or directory\n</error>\n    </testcase>\n"
                         "  </testsuite>\n</testsuites>\n"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("\"SRAT\""), std::string::npos) << "quotes are &quot;";

  // Without --each: one test case, all PATHs one machine.
  const test::CliResult one = run_numaplan({"validate", "--format", "junit", fleet.good, fleet.bad});
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_NE(one.out.find("tests=\"1\" failures=\"1\" errors=\"0\""), std::string::npos);
  EXPECT_NE(one.out.find("name=\"" + fleet.good + " " + fleet.bad + "\""), std::string::npos);
}

// Two machines' folders: read together they are one machine with a second
// SRAT; with --each each is its own.
TEST(Each, FleetOfFolders) {
  test::TempDir dir;
  dir.write("m1/srat.dat", srat_one_node());
  dir.write("m2/srat.dat", srat_one_node());
  const std::string m1 = (dir.path() / "m1").string(), m2 = (dir.path() / "m2").string();
  const test::CliResult together = run_numaplan({"dump", m1, m2});
  EXPECT_EQ(together.exit_code, 0);
  EXPECT_EQ(together.err, "numaplan: warning: SRAT (" + m2 + "/srat.dat) offset 0x0 (0): Signature: a second SRAT "
                          "table; Linux uses only the first, from " + m1 + "/srat.dat\n");
  const test::CliResult each = run_numaplan({"map", "--each", m1, m2});
  EXPECT_EQ(each.exit_code, 0);
  EXPECT_EQ(each.err, "");
  EXPECT_NE(each.out.find("2 machines: 2 ok, 0 with errors, 0 unreadable; exit 0\n"), std::string::npos) << each.out;

  const test::CliResult no_paths = run_numaplan({"map", "--each"});
  EXPECT_EQ(no_paths.exit_code, 2);
  EXPECT_EQ(no_paths.err, "numaplan: error: --each: give the machines' PATHs\n");
}

}  // namespace
}  // namespace numaplan
