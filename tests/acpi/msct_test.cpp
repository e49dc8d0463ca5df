// MSCT: the counts encoded minus one, and records found from Proximity Offset.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"

namespace numaplan::acpi {
namespace {

using test::decode_fixture;

TEST(Msct, HeaderCountsAreDecodedPlusOne) {
  const Table table = decode_fixture("msct-2ranges.aml");
  EXPECT_EQ(table.desc, &msct_table);
  EXPECT_TRUE(table.diagnostics.empty());
  const nlohmann::json header = emit::dump_json(table)["header"];
  EXPECT_EQ(header["proximity_offset"], 0x38);
  EXPECT_EQ(header["max_proximity_domains"], 7);
  EXPECT_EQ(header["max_proximity_domains_count"], 8);
  EXPECT_EQ(header["max_clock_domains"], 1);
  EXPECT_EQ(header["max_clock_domains_count"], 2);
  EXPECT_EQ(header["max_address"], "0x3FFFFFFFFFFF");
}

TEST(Msct, ProximityDomainStructures) {
  const Table table = decode_fixture("msct-2ranges.aml");
  ASSERT_EQ(table.subtables.size(), 2U);
  const Record& first = table.subtables[0];
  const Record& second = table.subtables[1];
  EXPECT_EQ(first.desc, &msct::proximity_domain_info);
  EXPECT_EQ(second.desc, &msct::proximity_domain_info);
  EXPECT_EQ(first.offset, 56U);
  EXPECT_EQ(first.length, 22U);
  EXPECT_EQ(second.offset, 78U);
  const nlohmann::json subtables = emit::dump_json(table)["subtables"];
  EXPECT_EQ(subtables[0]["fields"], nlohmann::json::parse(R"({"revision": 1, "length": 22, "range_start": 0,
      "range_end": 1, "processor_capacity": 32, "memory_capacity": "0x2000000000"})"));
  EXPECT_EQ(subtables[1]["fields"], nlohmann::json::parse(R"({"revision": 1, "length": 22, "range_start": 2,
      "range_end": 7, "processor_capacity": 0, "memory_capacity": "0x10000000000"})"));
}

TEST(Msct, ProximityOffsetInsideTheHeaderStopsTheWalk) {
  RawTable raw = test::fixture_raw("msct-2ranges.aml");
  raw.bytes[36] = 0x10;
  raw.bytes[9] = static_cast<std::uint8_t>(raw.bytes[9] + 0x28);  // keep the checksum valid
  const Table table = test::decode_raw(std::move(raw));
  EXPECT_TRUE(table.subtables.empty());
  EXPECT_EQ(test::diagnostic_lines(table),
            std::vector<std::string>{"error Proximity Offset @36: is 16, outside 56..100; no structures decoded"});
}

// Proximity Offset 0x3C and 24-byte structures: the walk follows both, and
// the bytes no field covers are shown raw in text and kept in JSON.
TEST(Msct, FollowsProximityOffsetAndLengthShowingTheBytesBetween) {
  const Table table = test::decode_fixture("msct-odd-layout.txt");
  EXPECT_TRUE(table.diagnostics.empty());
  ASSERT_EQ(table.subtables.size(), 2U);
  EXPECT_EQ(table.subtables[0].offset, 0x3CU);
  EXPECT_EQ(table.subtables[1].offset, 0x54U);
  EXPECT_EQ(table.view(table.subtables[1]).get(msct::proximity_domain_fields::range_start).value(), 2U);
  const std::string text = emit::dump_text(table);
  EXPECT_NE(text.find("[030h 0048   8]         Max Physical Address : 0000FFFFFFFFFFFF\n"
                      "**** 4 bytes after the MSCT Header fields:\n"
                      "    0038: 00 00 00 00\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[04Ah 0074   8]              Memory Capacity : 0000000080000000\n"
                      "**** 2 bytes after the Proximity Domain Information fields:\n"
                      "    0052: 00 00\n"),
            std::string::npos)
      << text;
  const nlohmann::json json = emit::dump_json(table);
  EXPECT_EQ(json["header"]["trailing"], "00 00 00 00");
  EXPECT_EQ(json["subtables"][0]["fields"]["trailing"], "00 00");
}

}  // namespace
}  // namespace numaplan::acpi
