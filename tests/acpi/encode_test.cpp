#include "numaplan/acpi/encode.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/dump.h"
#include "numaplan/source/load.h"
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

// decode -> dump JSON -> encode must give back every byte, also of tables
// with decode errors (the dump keeps clipped lists and trailing bytes).
// Returns the signatures seen.
std::set<std::string> expect_round_trip(const std::vector<Table>& tables) {
  std::set<std::string> signatures;
  for (const Table& table : tables) {
    SCOPED_TRACE(table.origin);
    auto bytes = encode_table(emit::dump_json(table));
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
  EXPECT_EQ(memory.get("subtable_length").value(), 40U);
  EXPECT_EQ(memory.get("proximity_domain").value(), 2U);
  EXPECT_EQ(memory.get("base_address").value(), 0x100000000ULL);
  EXPECT_EQ(memory.get("length").value(), 0x40000000ULL);
  EXPECT_EQ(memory.get("flags").value(), 3U);
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

// The bytes of an input fuzz/decode_fuzz found, kept in fuzz/corpus/decode_fuzz.
std::vector<std::uint8_t> fuzz_input(const std::string& name) {
  return test::read_bytes(std::string(NUMAPLAN_SOURCE_DIR) + "/fuzz/corpus/decode_fuzz/" + name);
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

}  // namespace
}  // namespace numaplan::acpi
