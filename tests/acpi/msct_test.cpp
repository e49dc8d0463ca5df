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

}  // namespace
}  // namespace numaplan::acpi
