// SLIT: the locality matrix, its rows in the dump, and N x N guarded.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fixture.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"

namespace numaplan::acpi {
namespace {

using test::decode_fixture;
using test::decode_raw;
using test::fixture_raw;

TEST(Slit, DecodesTheMatrixRowByRow) {
  const Table table = decode_fixture("slit-4x4.aml");
  EXPECT_EQ(table.desc, &slit_table);
  EXPECT_TRUE(table.diagnostics.empty());
  EXPECT_TRUE(table.checksum_valid);
  EXPECT_TRUE(table.subtables.empty());
  const StructView header = table.header_view();
  EXPECT_EQ(header.get(slit::header_fields::locality_count).value(), 4U);
  const ArrayViews arrays = header.arrays();
  ASSERT_EQ(arrays.size(), 1U);
  EXPECT_EQ(arrays[0].desc->key, "entries");
  EXPECT_EQ(arrays[0].offset, 44U);
  EXPECT_EQ(arrays[0].count, 16U);
  EXPECT_EQ(arrays[0].wanted, 16U);
  EXPECT_EQ(&arrays.front(), arrays.begin());
  EXPECT_DEATH((void)arrays[1], "");  // the lists are held in place: past size() is a bug, not a read
  EXPECT_EQ(test::elements(header, 0),
            (std::vector<std::uint64_t>{10, 0x15, 0x1F, 0x20, 0x16, 10, 0x21, 0x22, 0x1F, 0x21, 10, 0x15, 0x20,
                                        0x22, 0x16, 10}));
}

TEST(Slit, JsonHasTheCountAndOneListPerRow) {
  const nlohmann::json header = emit::dump_json(decode_fixture("slit-4x4.aml"))["header"];
  EXPECT_EQ(header["locality_count"], 4);
  EXPECT_EQ(header["entries"], nlohmann::json::parse("[[10,21,31,32],[22,10,33,34],[31,33,10,21],[32,34,22,10]]"));
}

TEST(Slit, TextShowsOneLineARowAsIaslDoes) {
  const std::string text = emit::dump_text(decode_fixture("slit-4x4.aml"));
  EXPECT_NE(text.find("[024h 0036   8]                   Localities : 0000000000000004\n"
                      "[02Ch 0044   4]                 Locality   0 : 0A 15 1F 20\n"
                      "[030h 0048   4]                 Locality   1 : 16 0A 21 22\n"
                      "[034h 0052   4]                 Locality   2 : 1F 21 0A 15\n"
                      "[038h 0056   4]                 Locality   3 : 20 22 16 0A\n"),
            std::string::npos)
      << text;
}

TEST(Slit, MatrixLargerThanTheTableIsAnError) {
  RawTable raw = fixture_raw("slit-4x4.aml");
  raw.bytes[36] = 5;  // 25 entries wanted, 16 present
  const Table table = decode_raw(std::move(raw));
  const ArrayViews arrays = table.header_view().arrays();
  ASSERT_EQ(arrays.size(), 1U);
  EXPECT_EQ(arrays[0].count, 16U);
  EXPECT_EQ(arrays[0].wanted, 25U);
  EXPECT_EQ(test::diagnostic_lines(table),
            (std::vector<std::string>{
                "error Checksum @9: is 0x72, expected 0x71 (the bytes of the table must sum to 0 mod 256)",
                "error Locality @44: needs 25 elements of 1 byte each, only 16 fit in the record"}));
}

TEST(Slit, LocalityCountWhoseSquareOverflowsIsClipped) {
  RawTable raw = fixture_raw("slit-4x4.aml");
  raw.bytes[40] = 1;  // N = 2^32 + 4: N * N does not fit in 64 bits
  const Table table = decode_raw(std::move(raw));
  const ArrayViews arrays = table.header_view().arrays();
  ASSERT_EQ(arrays.size(), 1U);
  EXPECT_EQ(arrays[0].wanted, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(arrays[0].count, 16U);
}

}  // namespace
}  // namespace numaplan::acpi
