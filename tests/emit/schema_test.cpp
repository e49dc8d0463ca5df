// The JSON documents numaplan writes against their JSON Schemas in schemas/:
// `dump --format json` (tables.schema.json) of every fixture and corpus
// file, `map` (map.schema.json), `validate` (findings.schema.json) and
// `plan` (plan.schema.json) of every example and corpus machine, and
// `--each` (each.schema.json) of the binary. The map, plan, findings and
// each schemas must also be complete: every member they name filled in some
// document (tests/emit/schema_check.py), with hand-made layouts and plans
// that fill every optional member, so that a member added to a writer and
// not to its schema (or the other way round) fails here. The validator is
// python3's jsonschema (Debian: python3-jsonschema); the tests are skipped
// with a message where it is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <unistd.h>

#include "numaplan/acpi/table_set.h"
#include "numaplan/check/findings.h"
#include "numaplan/emit/dump.h"
#include "numaplan/emit/findings.h"
#include "numaplan/emit/map.h"
#include "numaplan/emit/plan.h"
#include "numaplan/kernel/model.h"
#include "numaplan/plan/plan.h"
#include "numaplan/source/load.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan::emit {
namespace {

namespace fs = std::filesystem;

bool have_jsonschema() { return std::system("python3 -c 'import jsonschema' >/dev/null 2>&1") == 0; }

acpi::TableSet decode_file(const std::string& path) {
  const std::vector<std::string> one = {path};
  source::Inputs inputs = source::load(one);
  return acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
}

enum class Check { valid, complete };

// Writes each document to a file of a temporary directory and validates them
// all in one python3 run (its start-up costs more than a document).
void expect_valid(const std::string& schema, const std::vector<std::string>& documents, Check check = Check::valid) {
  ASSERT_FALSE(documents.empty());
  // A directory of its own per schema: a failed run leaves its documents for
  // reading, and they must not be validated against the next schema.
  const fs::path dir = fs::temp_directory_path() / ("numaplan-schema-" + std::to_string(::getpid()) + "-" + schema);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (std::size_t i = 0; i < documents.size(); ++i) std::ofstream(dir / (std::to_string(i) + ".json")) << documents[i];
  const std::string source = NUMAPLAN_SOURCE_DIR;
  const std::string command = "python3 " + source + "/tests/emit/schema_check.py " + source + "/schemas " + schema +
                              " " + dir.string() + (check == Check::complete ? " --complete" : "");
  EXPECT_EQ(std::system(command.c_str()), 0) << "documents in " << dir;
  if (!testing::Test::HasFailure()) fs::remove_all(dir);
}

// The examples, and the corpus where the shared tree is there: one machine each.
std::vector<std::string> machines() {
  std::vector<std::string> paths = test::table_files_under(fs::path(NUMAPLAN_SOURCE_DIR) / "tables" / "examples");
  if (const char* shared = std::getenv("NUMAPLAN_SHARED")) {
    for (auto& p : test::table_files_under(fs::path(shared) / "corpus" / "acpidump")) paths.push_back(std::move(p));
  }
  return paths;
}

std::string map_document(const kernel::Layout& layout) {
  std::ostringstream out;
  write_map_json(layout, out);
  return out.str();
}

std::string plan_document(const plan::Plan& plan) {
  std::ostringstream out;
  write_plan_json(plan, out);
  return out.str();
}

// The plan `numaplan plan --proposal P` makes (tools/numaplan/plan.cpp's
// steps), or nullopt where the machine has none (no SRAT, nothing to reserve).
std::optional<plan::Plan> plan_of(const acpi::TableSet& set, plan::ProposalId proposal) {
  plan::Settings settings;
  settings.proposal = proposal;
  settings.standby = 2;
  kernel::Config config;
  auto layout = kernel::map_numa(set, config);
  if (layout && proposal == plan::ProposalId::standby_rfc1) {
    auto request = plan::standby_rfc1_request(settings, *layout, set);
    if (!request) return std::nullopt;
    config.standby_rfc1 = request->patch;
    layout = kernel::map_numa(set, config);
  }
  if (!layout) return std::nullopt;
  auto planned = plan::make_plan(*layout, set, settings);
  if (!planned) return std::nullopt;
  return std::move(*planned);
}

const char* const kExample = NUMAPLAN_SOURCE_DIR "/tables/examples/qemu-2node-cxl.acpidump.txt";

// The example's layout with every member the map document has filled: a
// Generic Initiator node, x2APIC CPUs, memory with every flag, soft-reserved
// memory on a node, notes; and one that fell back to the dummy node (a
// fallback reason).
std::vector<kernel::Layout> filled_layouts() {
  kernel::Layout layout = *kernel::map_numa(decode_file(kExample), kernel::Config{});
  layout.x2apic_mode = true;
  kernel::Node& node = layout.nodes.front();
  node.generic_initiator = true;
  layout.generic_initiator.set(node.node);
  node.cpus.push_back({kernel::Cpu::Kind::x2apic, 0x100});
  node.memory.push_back({0x100000000, 0x140000000, true, true, "cfmws", true, true});
  layout.specific_purpose.push_back({0x140000000, 0x180000000, node.node, "memmap"});
  layout.notes.push_back("a note");
  kernel::Layout dummy = layout;
  dummy.numa_from_srat = false;
  dummy.fallback = kernel::Fallback::bad_srat;
  dummy.fallback_line = "ACPI: SRAT: SRAT not used.";
  return {layout, dummy};
}

// The example's spm-rfc2 plan with every member the plan document has
// filled: an MSCT count, a reserved node tied to a window with an MSCT
// capacity, a reserved node in a system-RAM node's fallback order, both
// wordings of log lines, kernel settings, a warning and the standby-rfc1
// counters.
plan::Plan filled_plan() {
  std::optional<plan::Plan> made = plan_of(decode_file(kExample), plan::ProposalId::spm_rfc2);
  EXPECT_TRUE(made.has_value());
  if (!made) return {};
  plan::Plan plan = std::move(*made);
  plan.layout = filled_layouts().front();
  plan.count.source = plan::Source::msct;
  plan.count.msct = plan::MsctSpare{4, {0, 1}, 2, {}};
  EXPECT_FALSE(plan.reserved.empty());
  if (plan.reserved.empty()) return plan;
  plan::Reserved& reserved = plan.reserved.front();
  reserved.cfmws = 0;
  reserved.kernel_pxm = true;
  reserved.capacity_from = plan::SpareDomain{3, 2, 0x40000000};
  kernel::NodeMask sysram;
  sysram.set(0);
  plan.reserved_in_fallback.push_back({reserved.node, sysram});
  plan.log.push_back({"a proposal's line", false});
  plan.log.push_back({"numaplan's wording", true});
  plan.kernel_cmdline.push_back("numa=standby=1");
  plan.kernel_config.push_back("CONFIG_ACPI_NUMA_STANDBY_NODES=1");
  plan.warnings.push_back("a warning");
  kernel::StandbyReport standby;
  standby.cmdline = standby.acpi = standby.kconfig = standby.cfmws = standby.cfmws_windows = 1;
  standby.candidates.set(2);
  standby.pool.set(2);
  plan.layout.standby = standby;
  return plan;
}

TEST(Schema, DumpJsonOfEveryFixtureAndCorpusFile) {
  if (!have_jsonschema()) GTEST_SKIP() << "no python3 jsonschema (apt-get install python3-jsonschema)";
  std::vector<std::string> paths = test::table_files_under(NUMAPLAN_FIXTURE_DIR);
  for (auto& p : test::table_files_under(fs::path(NUMAPLAN_SOURCE_DIR) / "tables")) paths.push_back(std::move(p));
  if (const char* shared = std::getenv("NUMAPLAN_SHARED")) {
    for (auto& p : test::table_files_under(fs::path(shared) / "corpus")) paths.push_back(std::move(p));
  }
  std::vector<std::string> documents;
  for (const std::string& path : paths) {
    const acpi::TableSet set = decode_file(path);
    std::ostringstream out;
    write_dump_json(set.tables, set.diagnostics, out);
    documents.push_back(out.str());
  }
  expect_valid("tables.schema.json", documents);
}

TEST(Schema, MapJsonOfEveryMachineFillsItsSchema) {
  if (!have_jsonschema()) GTEST_SKIP() << "no python3 jsonschema (apt-get install python3-jsonschema)";
  std::vector<std::string> documents;
  for (const std::string& path : machines()) {
    auto layout = kernel::map_numa(decode_file(path), kernel::Config{});
    ASSERT_TRUE(layout.ok()) << path;
    documents.push_back(map_document(*layout));
  }
  for (const kernel::Layout& layout : filled_layouts()) documents.push_back(map_document(layout));
  expect_valid("map.schema.json", documents, Check::complete);
}

TEST(Schema, FindingsJsonOfEveryMachineAndFixtureFillsItsSchema) {
  if (!have_jsonschema()) GTEST_SKIP() << "no python3 jsonschema (apt-get install python3-jsonschema)";
  std::vector<std::string> paths = machines();
  for (auto& p : test::table_files_under(NUMAPLAN_FIXTURE_DIR)) paths.push_back(std::move(p));
  std::vector<std::string> documents;
  const check::Options options;
  for (const std::string& path : paths) {
    auto findings = check::validate(decode_file(path), options);
    ASSERT_TRUE(findings.ok()) << path;
    std::ostringstream out;
    write_findings_json(*findings, options, out);
    documents.push_back(out.str());
  }
  expect_valid("findings.schema.json", documents, Check::complete);
}

TEST(Schema, PlanJsonOfEveryMachineAndProposalFillsItsSchema) {
  if (!have_jsonschema()) GTEST_SKIP() << "no python3 jsonschema (apt-get install python3-jsonschema)";
  std::vector<std::string> documents;
  for (const std::string& path : machines()) {
    const acpi::TableSet set = decode_file(path);
    for (auto proposal : {plan::ProposalId::standby_rfc1, plan::ProposalId::spm_rfc2, plan::ProposalId::prototype}) {
      if (auto planned = plan_of(set, proposal)) documents.push_back(plan_document(*planned));
    }
  }
  EXPECT_GE(documents.size(), 3U);
  documents.push_back(plan_document(filled_plan()));
  // A machine whose NUMA fell back (fallback_reason), which the examples alone do not give.
  plan::Plan fell_back = filled_plan();
  fell_back.layout = filled_layouts().back();
  documents.push_back(plan_document(fell_back));
  expect_valid("plan.schema.json", documents, Check::complete);
}

// --each of the binary: a machine with a document, one that cannot be read,
// and map --compare-dmesg's diff (an "output" instead of a "result").
TEST(Schema, EachJsonOfEveryCommandFillsItsSchema) {
  if (!have_jsonschema()) GTEST_SKIP() << "no python3 jsonschema (apt-get install python3-jsonschema)";
  const std::string missing = (fs::temp_directory_path() / "numaplan-schema-no-such-file").string();
  const std::string log = NUMAPLAN_SOURCE_DIR "/tables/examples/qemu-2node-cxl.dmesg-6.12.log";
  std::vector<std::string> documents;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"dump", "--each", "--format", "json", kExample, missing},
           {"validate", "--each", "--format", "json", kExample, missing},
           {"map", "--each", "--format", "json", kExample, missing},
           {"map", "--each", "--format", "json", "--compare-dmesg", log, kExample}}) {
    const test::CliResult run = test::run_numaplan(args);
    EXPECT_NE(run.exit_code, 0) << args[0];  // the missing file (3), the differing log (1)
    documents.push_back(run.out);
  }
  expect_valid("each.schema.json", documents, Check::complete);
}

}  // namespace
}  // namespace numaplan::emit
