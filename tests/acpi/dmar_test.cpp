// DMAR: the header fields decoded (Host Address Width, the Flags the kernel
// reads for x2APIC: INTR_REMAP, X2APIC_OPT_OUT, DMA_CTRL_PLATFORM_OPT_IN),
// the remapping structures shown by type and length.
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

TEST(Dmar, RemappingStructuresByTypeAndLength) {
  const Table table = decode_fixture("dmar-all-types.aml");
  EXPECT_EQ(table.desc, &dmar_table);
  EXPECT_EQ(test::diagnostic_lines(table),
            (std::vector<std::string>{
                "note Subtable Type @48: subtable type 0 (0x00) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 24",
                "note Subtable Type @72: subtable type 1 (0x01) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 32",
                "note Subtable Type @104: subtable type 2 (0x02) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 16",
                "note Subtable Type @120: subtable type 3 (0x03) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 20"}));
  std::vector<std::uint64_t> types, offsets;
  for (const Record& record : table.subtables) {
    types.push_back(table.type(record));
    offsets.push_back(record.offset);
    EXPECT_EQ(record.desc, nullptr);
  }
  EXPECT_EQ(types, (std::vector<std::uint64_t>{0, 1, 2, 3}));
  EXPECT_EQ(offsets, (std::vector<std::uint64_t>{48, 72, 104, 120}));
}

TEST(Dmar, HeaderFields) {
  const nlohmann::json json = emit::dump_json(decode_fixture("dmar-all-types.aml"));
  EXPECT_EQ(json["name"], "DMA Remapping Table");
  EXPECT_EQ(json["header"]["host_address_width"], 0x2F);
  EXPECT_EQ(json["header"]["host_address_width_bits"], 48);
  EXPECT_EQ(json["header"]["flags"], nlohmann::json::parse(R"({"value": 3, "intr_remap": true,
      "x2apic_opt_out": true, "dma_ctrl_platform_opt_in": false, "reserved_bits": 0})"));
  EXPECT_EQ(json["header"]["reserved"], "00 00 00 00 00 00 00 00 00 00");
  EXPECT_EQ(json["subtables"][1]["raw"].get<std::string>().substr(0, 11), "01 00 20 00");
}

TEST(Dmar, TextDump) {
  const std::string text = emit::dump_text(decode_fixture("dmar-all-types.aml"));
  EXPECT_NE(text.find("[024h 0036   1]           Host Address Width : 2F (48 bits)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[025h 0037   1]        Flags (decoded below) : 03\n"
                      "                                  INTR_REMAP : 1\n"
                      "                              X2APIC_OPT_OUT : 1\n"
                      "               DMA_CTRL_PLATFORM_OPT_IN_FLAG : 0\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[030h 0048   2]                Subtable Type : 0000 [Unknown Subtable Type]\n"
                      "[032h 0050   2]                       Length : 0018\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace numaplan::acpi
