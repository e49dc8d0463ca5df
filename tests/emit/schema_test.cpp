// The JSON documents numaplan writes against their JSON Schemas in schemas/:
// `dump --format json` (tables.schema.json) of every fixture and corpus
// file, and `map --format json` (map.schema.json) of every example. The
// validator is python3's jsonschema (Debian: python3-jsonschema); the test
// is skipped with a message where it is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/dump.h"
#include "numaplan/emit/map.h"
#include "numaplan/kernel/model.h"
#include "numaplan/source/load.h"
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

// Writes each document to a file of a temporary directory and validates them
// all in one python3 run (its start-up costs more than a document).
void expect_valid(const std::string& schema, const std::vector<std::string>& documents) {
  ASSERT_FALSE(documents.empty());
  // A directory of its own per schema: a failed run leaves its documents for
  // reading, and they must not be validated against the next schema.
  const fs::path dir = fs::temp_directory_path() / ("numaplan-schema-" + std::to_string(::getpid()) + "-" + schema);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (std::size_t i = 0; i < documents.size(); ++i) std::ofstream(dir / (std::to_string(i) + ".json")) << documents[i];
  const std::string command =
      "python3 -c 'import json, sys, glob, jsonschema\n"
      "schema = json.load(open(sys.argv[1]))\n"
      "v = jsonschema.Draft202012Validator(schema)\n"
      "bad = 0\n"
      "for p in sorted(glob.glob(sys.argv[2] + \"/*.json\")):\n"
      "  for e in v.iter_errors(json.load(open(p))):\n"
      "    bad += 1; print(p, e.json_path, e.message[:200])\n"
      "sys.exit(1 if bad else 0)' " +
      std::string(NUMAPLAN_SOURCE_DIR) + "/schemas/" + schema + " " + dir.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << "documents in " << dir;
  if (!testing::Test::HasFailure()) fs::remove_all(dir);
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

TEST(Schema, MapJsonOfEveryExample) {
  if (!have_jsonschema()) GTEST_SKIP() << "no python3 jsonschema (apt-get install python3-jsonschema)";
  std::vector<std::string> documents;
  for (const std::string& path : test::table_files_under(fs::path(NUMAPLAN_SOURCE_DIR) / "tables" / "examples")) {
    std::ostringstream out;
    write_map_json(*kernel::map_numa(decode_file(path), kernel::Config{}), out);
    documents.push_back(out.str());
  }
  expect_valid("map.schema.json", documents);
}

}  // namespace
}  // namespace numaplan::emit
