// HMAT: the three structure types, the revision-1 layout of type 0, and the
// locality lists sized by their counts.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fixture.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"

namespace numaplan::acpi {
namespace {

using test::decode_fixture;
using test::elements;

TEST(Hmat, Revision2HasOneStructureOfEachType) {
  const Table table = decode_fixture("hmat-rev2.aml");
  EXPECT_EQ(table.desc, &hmat_table);
  EXPECT_TRUE(table.diagnostics.empty());
  ASSERT_EQ(table.subtables.size(), 3U);
  EXPECT_EQ(table.subtables[0].desc, &hmat::memory_proximity_domain);
  EXPECT_EQ(table.subtables[1].desc, &hmat::locality);
  EXPECT_EQ(table.subtables[2].desc, &hmat::memory_side_cache);
  EXPECT_EQ(table.subtables[0].offset, 40U);
  EXPECT_EQ(table.subtables[1].offset, 80U);
  EXPECT_EQ(table.subtables[2].offset, 144U);
  EXPECT_EQ(table.subtables[1].length, 64U);
  EXPECT_EQ(table.subtables[2].length, 36U);
}

TEST(Hmat, MemoryProximityDomainAttributes) {
  const nlohmann::json fields = emit::dump_json(decode_fixture("hmat-rev2.aml"))["subtables"][0]["fields"];
  EXPECT_EQ(fields, nlohmann::json::parse(R"({
      "structure_type": 0, "structure_type_name": "Memory Proximity Domain Attributes",
      "reserved1": 0, "length": 40,
      "flags": {"value": 1, "processor_pd_valid": true, "reserved_bits": 0},
      "reserved2": 0, "attached_initiator_pd": 1, "memory_pd": 2,
      "reserved3": 0, "reserved4": 0, "reserved5": 0})"));
}

TEST(Hmat, LocalityListsFollowTheirCounts) {
  const Table table = decode_fixture("hmat-rev2.aml");
  const StructView locality = table.view(table.subtables[1]);
  EXPECT_EQ(locality.get(hmat::locality_fields::initiator_count).value(), 2U);
  EXPECT_EQ(locality.get(hmat::locality_fields::target_count).value(), 3U);
  EXPECT_EQ(locality.get(hmat::locality_fields::min_transfer_size).value(), 0x40U);
  EXPECT_EQ(locality.get(hmat::locality_fields::entry_base_unit).value(), 100U);
  const ArrayViews arrays = locality.arrays();
  ASSERT_EQ(arrays.size(), 3U);
  EXPECT_EQ(arrays[0].offset, 112U);
  EXPECT_EQ(arrays[1].offset, 120U);
  EXPECT_EQ(arrays[2].offset, 132U);
  EXPECT_EQ(elements(locality, 0), (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(elements(locality, 1), (std::vector<std::uint64_t>{0, 2, 3}));
  EXPECT_EQ(elements(locality, 2), (std::vector<std::uint64_t>{10, 20, 30, 40, 50, 60}));

  const nlohmann::json fields = emit::dump_json(table)["subtables"][1]["fields"];
  EXPECT_EQ(fields["flags"], nlohmann::json::parse(R"({"value": 1, "memory_hierarchy": 1,
      "use_min_transfer_size": false, "non_sequential_transfers": false, "reserved_bits": 0})"));
  EXPECT_EQ(fields["data_type"], 3);
  EXPECT_EQ(fields["data_type_name"], "Access Bandwidth");
  EXPECT_EQ(fields["initiator_pds"], nlohmann::json::parse("[0, 1]"));
  EXPECT_EQ(fields["target_pds"], nlohmann::json::parse("[0, 2, 3]"));
  EXPECT_EQ(fields["entries"], nlohmann::json::parse("[10, 20, 30, 40, 50, 60]"));
}

TEST(Hmat, MemorySideCache) {
  const nlohmann::json fields = emit::dump_json(decode_fixture("hmat-rev2.aml"))["subtables"][2]["fields"];
  EXPECT_EQ(fields["memory_pd"], 2);
  EXPECT_EQ(fields["cache_size"], "0x40000000");
  EXPECT_EQ(fields["cache_attributes"], nlohmann::json::parse(R"({"value": 4198929, "total_levels": 1,
      "level": 1, "associativity": 2, "write_policy": 1, "line_size": 64, "reserved_bits": 0})"));
  EXPECT_EQ(fields["address_mode"], 1);
  EXPECT_EQ(fields["smbios_handle_count"], 2);
  EXPECT_EQ(fields["smbios_handles"], nlohmann::json::parse("[16, 17]"));
}

TEST(Hmat, Revision1UsesTheAddressRangeLayout) {
  const Table table = decode_fixture("hmat-rev1.aml");
  ASSERT_EQ(table.subtables.size(), 1U);
  EXPECT_EQ(table.subtables[0].desc, &hmat::memory_subsystem_range);
  EXPECT_EQ(test::diagnostic_lines(table),
            std::vector<std::string>{
                "note Length @40: HMAT revision 1 (ACPI 6.2): decoded as a Memory Subsystem Address Range structure"});
  const nlohmann::json fields = emit::dump_json(table)["subtables"][0]["fields"];
  EXPECT_EQ(fields["flags"], nlohmann::json::parse(R"({"value": 1, "processor_pd_valid": true,
      "memory_pd_valid": false, "reservation_hint": false, "reserved_bits": 0})"));
  EXPECT_EQ(fields["processor_pd"], 0);
  EXPECT_EQ(fields["memory_pd"], 1);
  EXPECT_EQ(fields["base_address"], "0x100000000");
  EXPECT_EQ(fields["address_length"], "0x80000000");
}

TEST(Hmat, EntriesBeyondTheStructureAreAnError) {
  RawTable raw = test::fixture_raw("hmat-rev2.aml");
  raw.bytes[92] = 3;  // 3 initiators: 3 + 3 PDs fit, 4 of the 9 entries do
  raw.bytes[9] = static_cast<std::uint8_t>(raw.bytes[9] - 1);
  const Table table = test::decode_raw(std::move(raw));
  const ArrayViews arrays = table.view(table.subtables[1]).arrays();
  ASSERT_EQ(arrays.size(), 3U);
  EXPECT_EQ(arrays[2].offset, 136U);
  EXPECT_EQ(arrays[2].count, 4U);
  EXPECT_EQ(arrays[2].wanted, 9U);
  EXPECT_EQ(test::diagnostic_lines(table),
            std::vector<std::string>{"error Entry @136: System Locality Latency and Bandwidth Information needs 9 "
                                     "elements of 2 bytes each, only 4 fit in the record"});
}

}  // namespace
}  // namespace numaplan::acpi
