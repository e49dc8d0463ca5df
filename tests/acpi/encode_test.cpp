#include "numaplan/acpi/encode.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "numaplan/acpi/table_set.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"
#include "numaplan/source/load.h"
#include "numaplan/support/bytes.h"
#include "support/table_bytes.h"

namespace numaplan::acpi {
namespace {

namespace fs = std::filesystem;

// Every decodable table found under `root` (raw files, acpidump text, .aml).
std::vector<Table> tables_under(const fs::path& root) {
  std::vector<std::string> paths;
  if (!fs::exists(root)) return {};
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && ext != ".dsl" && ext != ".log" && ext != ".md" && ext != ".py") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  source::Inputs inputs = source::load(paths);
  return decode_all(std::move(inputs.tables), {}).tables;
}

// decode -> dump JSON text -> encode must give back every byte, also of
// tables with decode errors (the dump keeps clipped lists and trailing
// bytes). Returns the signatures seen.
std::set<std::string> expect_round_trip(const std::vector<Table>& tables) {
  std::set<std::string> signatures;
  for (const Table& table : tables) {
    SCOPED_TRACE(table.origin);
    auto bytes = encode_table_text(emit::dump_json_text(table));
    EXPECT_TRUE(bytes.ok()) << bytes.error().format();
    if (bytes.ok()) {
      EXPECT_EQ(*bytes, table.bytes);
    }
    signatures.insert(table.signature);
  }
  return signatures;
}

const std::set<std::string> kAllSignatures = {"APIC", "CEDT", "DMAR", "HMAT", "MSCT", "SLIT", "SRAT"};

TEST(Encode, RoundTripsEveryFixture) {
  const auto tables = tables_under(NUMAPLAN_FIXTURE_DIR);
  auto more = tables_under(fs::path(NUMAPLAN_SOURCE_DIR) / "tables");
  std::set<std::string> signatures = expect_round_trip(tables);
  signatures.merge(expect_round_trip(more));
  EXPECT_EQ(signatures, kAllSignatures);
}

TEST(Encode, RoundTripsEveryCorpusTable) {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  if (shared == nullptr || !fs::exists(fs::path(shared) / "corpus")) GTEST_SKIP() << "no ../shared/corpus here";
  const auto tables = tables_under(fs::path(shared) / "corpus");
  ASSERT_GT(tables.size(), 40U);
  EXPECT_EQ(expect_round_trip(tables), kAllSignatures);
}

// JSON text is read by JsonDocument: its errors say line and column; the
// table's "revision" is the header's Revision, named by its own path.
TEST(Encode, TextErrorsSayWhere) {
  auto result = encode_table_text("{\"signature\": \"SRAT\",\n \"revision\": 3,}");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::input);
  EXPECT_EQ(result.error().format(), "error: line 2, column 16: expected a string key");
  result = encode_table_text(R"({"signature": "SRAT", "revision": 3, "revision": 2})");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().format(), "error: line 1, column 38: the key \"revision\" is given twice in one object");
  result = encode_table_text(R"({"signature": "SRAT", "revision": "three"})");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().format(),
            "error: /revision: expected a non-negative integer or a \"0x...\" string, got \"three\"");
  result = encode_table_text(R"({"signature": "SRAT", "revision": 3, "header": {"oem_id": "NUMAPL"}})");
  ASSERT_TRUE(result.ok()) << result.error().format();
  EXPECT_EQ(std::string(result->begin(), result->begin() + 4), "SRAT");
  EXPECT_EQ((*result)[8], 3);
  EXPECT_EQ(std::string(result->begin() + 10, result->begin() + 16), "NUMAPL");
}

TEST(Encode, ComputesLengthsAndChecksum) {
  const nlohmann::json spec = {
      {"signature", "SRAT"},
      {"revision", 3},
      {"header", {{"oem_id", "NUMAPL"}, {"table_revision", 1}}},
      {"subtables",
       {{{"type", 1},
         {"fields",
          {{"proximity_domain", 2}, {"base_address", "0x100000000"}, {"length", "0x40000000"},
           {"flags", {{"enabled", true}, {"hot_pluggable", true}}}}}}}}};
  auto bytes = encode_table(spec);
  ASSERT_TRUE(bytes.ok()) << bytes.error().format();
  ASSERT_EQ(bytes->size(), 88U);
  auto table = decode_table(RawTable{"spec", *bytes});
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->checksum_valid);
  EXPECT_TRUE(table->diagnostics.empty());
  ASSERT_EQ(table->subtables.size(), 1U);
  const StructView memory = table->view(table->subtables[0]);
  EXPECT_EQ(memory.get(srat::memory_fields::subtable_length).value(), 40U);
  EXPECT_EQ(memory.get(srat::memory_fields::proximity_domain).value(), 2U);
  EXPECT_EQ(memory.get(srat::memory_fields::base_address).value(), 0x100000000ULL);
  EXPECT_EQ(memory.get(srat::memory_fields::length).value(), 0x40000000ULL);
  EXPECT_EQ(memory.get(srat::memory_fields::flags).value(), 3U);
  EXPECT_EQ(std::string(table->bytes.begin() + 10, table->bytes.begin() + 16), "NUMAPL");
}

TEST(Encode, ErrorsNameTheJsonPath) {
  const nlohmann::json bad_value = {
      {"signature", "SRAT"}, {"subtables", {{{"type", 0}, {"fields", {{"apic_id", 300}}}}}}};
  auto result = encode_table(bad_value);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/apic_id");
  EXPECT_EQ(result.error().message, "value 300 does not fit in 1 bytes");

  const nlohmann::json unknown_type = {{"signature", "SRAT"}, {"subtables", {{{"type", 9}}}}};
  result = encode_table(unknown_type);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/type");
  EXPECT_EQ(result.error().message, "unknown SRAT subtable type 9; give its bytes as \"raw\"");

  result = encode_table(nlohmann::json{{"signature", "FACP"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "numaplan cannot encode FACP tables");
}

nlohmann::json msct_with_offset(std::uint64_t offset) {
  return {{"signature", "MSCT"},
          {"revision", 1},
          {"header", {{"proximity_offset", offset}, {"max_proximity_domains", 1}}},
          {"subtables", {{{"fields", {{"revision", 1}, {"range_start", 0}, {"range_end", 1}}}}}}};
}

// One SRAT memory affinity entry with `fields`, for the checks below.
nlohmann::json srat_memory(nlohmann::json fields) {
  return {{"signature", "SRAT"}, {"revision", 3}, {"subtables", {{{"type", 1}, {"fields", std::move(fields)}}}}};
}

// A key the encoder does not know is an error naming it, not a field left
// zero with success (issue 14: "base_adress" encoded a base of 0).
TEST(Encode, UnknownKeysAreErrors) {
  auto result = encode_table(srat_memory({{"base_adress", "0x100000000"}, {"length", "0x40000000"}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/base_adress");
  EXPECT_EQ(result.error().message,
            "unknown key \"base_adress\" in Memory Affinity fields; did you mean \"base_address\"?");
  EXPECT_EQ(result.error().kind, ErrorKind::input);

  nlohmann::json table = srat_memory({{"length", "0x1000"}});
  table["header"] = {{"oem_idd", "X"}};
  result = encode_table(table);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/header/oem_idd");
  EXPECT_EQ(result.error().message, "unknown key \"oem_idd\" in the header fields; did you mean \"oem_id\"?");

  table = srat_memory({});
  table["subtable"] = nlohmann::json::array();
  result = encode_table(table);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtable");
  EXPECT_EQ(result.error().message, "unknown key \"subtable\" in a table; did you mean \"subtables\"?");

  table = srat_memory({});
  table["subtables"][0]["feilds"] = nlohmann::json::object();
  result = encode_table(table);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/feilds");

  result = encode_table(srat_memory({{"flags", {{"enabled", true}, {"hotpluggable", true}}}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/flags/hotpluggable");
  EXPECT_EQ(result.error().message,
            "unknown flag \"hotpluggable\"; Flags has value, reserved_bits, enabled, hot_pluggable, non_volatile, "
            "specific_purpose");
}

// Wrong types are errors with the JSON path; nothing throws out of the
// Expected API (issue 14: {"enabled": "yes"} let an nlohmann exception escape).
TEST(Encode, WrongTypesAreErrorsNotExceptions) {
  auto result = encode_table(srat_memory({{"flags", {{"enabled", "yes"}}}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/flags/enabled");
  EXPECT_EQ(result.error().message, "expected true or false, got \"yes\"");

  result = encode_table(srat_memory({{"flags", {{"enabled", 1}}}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "expected true or false, got 1");

  result = encode_table(srat_memory({{"proximity_domain", "-1"}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/proximity_domain");
  EXPECT_EQ(result.error().message, "expected a non-negative integer or a \"0x...\" string, got \"-1\"");

  result = encode_table(srat_memory({{"proximity_domain", " 1"}}));
  ASSERT_FALSE(result.ok());

  result = encode_table(srat_memory({{"proximity_domain", 1.5}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "expected a non-negative integer or a \"0x...\" string, got 1.5");

  result = encode_table(srat_memory({{"proximity_domain", std::string("\xff\xfe")}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "expected a non-negative integer or a \"0x...\" string, got \"\xEF\xBF\xBD\xEF\xBF\xBD\"");

  result = encode_table(nlohmann::json{{"signature", "SRAT"}, {"subtables", "none"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables");
  EXPECT_EQ(result.error().message, "expected a list of subtables, got \"none\"");

  result = encode_table(nlohmann::json{{"signature", "SRAT"}, {"subtables", {7}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0");
  EXPECT_EQ(result.error().message, "expected a subtable object, got 7");

  result = encode_table(nlohmann::json{{"signature", "SRAT"}, {"header", {1, 2}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/header");
  EXPECT_EQ(result.error().message, "expected an object of fields, got [1,2]");

  result = encode_table(nlohmann::json::array());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message, "expected a table object, got []");
}

// A flags object's "value" and its named bits say the same thing twice: an
// edited bit beside a stale value is an error, not silently dropped. Without
// "value", the bits and reserved_bits make it.
TEST(Encode, FlagsValueAndBitsAgree) {
  auto result = encode_table(srat_memory({{"flags", {{"value", 1}, {"enabled", false}}}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/flags");
  EXPECT_EQ(result.error().message,
            "\"value\" 0x1 disagrees with the bits beside it (0x0 under mask 0x1); give the bits or the value, or "
            "make them agree");

  result = encode_table(srat_memory({{"flags", {{"enabled", true}, {"reserved_bits", 0x100}}}}));
  ASSERT_TRUE(result.ok()) << result.error().format();
  EXPECT_EQ(read_le(*result, 48 + 28, 4).value(), 0x101U);

  result = encode_table(srat_memory({{"flags", {{"reserved_bits", 2}}}}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/flags/reserved_bits");
  EXPECT_EQ(result.error().message, "0x2 sets named bits (mask 0xF); give those by name");
}

// A derived value dump writes beside its raw field (an enumeration's name, a
// decoded count) must be what the raw field decodes to.
TEST(Encode, DerivedValuesAgreeWithTheirField) {
  nlohmann::json msct = msct_with_offset(0);
  msct["header"]["max_proximity_domains_count"] = 2;  // max_proximity_domains 1: a count of 2
  auto result = encode_table(msct);
  ASSERT_TRUE(result.ok()) << result.error().format();
  msct["header"]["max_proximity_domains_count"] = 1;
  result = encode_table(msct);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/header/max_proximity_domains_count");
  EXPECT_EQ(result.error().message,
            "is 1 but max_proximity_domains 1 means 2; set max_proximity_domains (this key only describes it)");

  nlohmann::json srat = srat_memory({});
  srat["subtables"][0]["fields"]["subtable_type_name"] = "Memory Affinity";
  EXPECT_TRUE(encode_table(srat).ok());
  srat["subtables"][0]["fields"]["subtable_type_name"] = "Processor Local x2APIC Affinity";
  result = encode_table(srat);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "/subtables/0/fields/subtable_type_name");
}

// The encoder pads up to an MSCT's Proximity Offset; beyond 64 KiB that is an
// error naming the table, the field's offset and name, and the value.
TEST(Encode, MsctProximityOffsetIsBounded) {
  auto bytes = encode_table(msct_with_offset(0x10000));
  ASSERT_TRUE(bytes.ok()) << bytes.error().format();
  EXPECT_EQ(bytes->size(), 0x10000U + 22);
  auto table = decode_table(RawTable{"bounded", *bytes});
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->diagnostics.empty());
  ASSERT_EQ(table->subtables.size(), 1U);
  EXPECT_EQ(table->subtables[0].offset, 0x10000U);

  auto result = encode_table(msct_with_offset(0x10001));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().format(),
            "error: MSCT offset 0x24 (36): /header/proximity_offset: Proximity Offset is 65537 (0x10001); "
            "the encoder places records at most 65536 bytes into the table");
  result = encode_table(msct_with_offset(0xFFFFFFFF));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().format(),
            "error: MSCT offset 0x24 (36): /header/proximity_offset: Proximity Offset is 4294967295 (0xFFFFFFFF); "
            "the encoder places records at most 65536 bytes into the table");
}

// The bytes of an input a fuzzer found, kept in its corpus, fuzz/corpus/TARGET.
std::vector<std::uint8_t> fuzz_input(const std::string& name, const std::string& target = "decode_fuzz") {
  return test::read_bytes(std::string(NUMAPLAN_SOURCE_DIR) + "/fuzz/corpus/" + target + "/" + name);
}

// The input fuzz/decode_fuzz found: a 100-byte MSCT whose Proximity Offset
// says 592 MiB. It decodes with errors; encoding it again is an error, at once.
TEST(Encode, FuzzedMsctWithFarProximityOffsetIsAnError) {
  const auto table = decode_table(RawTable{"msct", fuzz_input("msct-far-proximity-offset")});
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(has_errors(table->diagnostics));
  const auto result = encode_table(emit::dump_json(*table));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().format(),
            "error: MSCT offset 0x24 (36): /header/proximity_offset: Proximity Offset is 621020236 (0x2504044C); "
            "the encoder places records at most 65536 bytes into the table");
}

// The input fuzz/decode_fuzz found: a CEDT whose 20-byte RDPAS has non-zero
// trailing reserved bytes. Both of its Reserved fields had the JSON key
// "reserved", so the 3-byte value was written into the 1-byte field.
TEST(Encode, FuzzedRdpasWithReservedBytesRoundTrips) {
  const std::vector<std::uint8_t> original = fuzz_input("cedt-rdpas20-reserved-keys");
  const auto table = decode_table(RawTable{"cedt", original});
  ASSERT_TRUE(table.ok());
  EXPECT_FALSE(has_errors(table->diagnostics));
  const nlohmann::json json = emit::dump_json(*table);
  EXPECT_EQ(json["subtables"][6]["fields"]["reserved2"], 0x020000);
  const auto result = encode_table(json);
  ASSERT_TRUE(result.ok()) << result.error().format();
  EXPECT_EQ(*result, original);
}

// The input fuzz/roundtrip_fuzz found: an SRAT whose OEM ID and OEM Table ID
// hold backslashes, one before "xCE". The dump wrote a backslash as itself,
// and the encoder read "\xCE" as the byte 0xCE. A backslash is "\x5C" now.
TEST(Encode, FuzzedOemTableIdWithBackslashRoundTrips) {
  const std::vector<std::uint8_t> original = fuzz_input("srat-oem-backslash-x", "roundtrip_fuzz");
  const auto table = decode_table(RawTable{"srat", original});
  ASSERT_TRUE(table.ok());
  EXPECT_FALSE(has_errors(table->diagnostics));
  const nlohmann::json json = emit::dump_json(*table);
  EXPECT_EQ(json["header"]["oem_id"], "\\xE9\\x5C\\x5C&,\\x5C");
  EXPECT_EQ(json["header"]["oem_table_id"], "\\x5C\\x5CxCEDT%");
  EXPECT_NE(emit::dump_text(*table).find("Oem Table ID : \"\\x5C\\x5CxCEDT%\""), std::string::npos);
  const auto result = encode_table(json);
  ASSERT_TRUE(result.ok()) << result.error().format();
  EXPECT_EQ(*result, original);
}

}  // namespace
}  // namespace numaplan::acpi
