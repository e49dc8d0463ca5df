// The structure descriptions themselves: every JSON key of a record is
// unique, or the JSON dump would keep one of two fields and encoding it back
// would write one value into both (decode_fuzz found RDPAS's two "reserved").
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "numaplan/acpi/describe.h"

namespace numaplan::acpi {
namespace {

// Keys a record's JSON object holds: each field's, an enumeration's "_name",
// a decoding's derived value, each list's.
std::vector<std::string> json_keys(const StructDesc& desc) {
  std::vector<std::string> keys;
  for (const FieldDesc& field : desc.fields) {
    keys.emplace_back(field.key);
    if (field.kind == FieldKind::enumeration) keys.push_back(std::string(field.key) + "_name");
    if (field.decoding != nullptr) keys.emplace_back(field.decoding->key);
  }
  for (const ArrayDesc& array : desc.arrays) keys.emplace_back(array.key);
  return keys;
}

std::vector<std::string> repeated(const std::vector<std::string>& keys) {
  std::set<std::string> seen;
  std::vector<std::string> twice;
  for (const std::string& key : keys) {
    if (!seen.insert(key).second) twice.push_back(key);
  }
  return twice;
}

TEST(Descriptions, EveryRecordHasUniqueJsonKeys) {
  for (const TableDesc* table : all_table_descs()) {
    // The JSON "header" object merges the common header and the table's own.
    std::vector<std::string> header = json_keys(common_header);
    for (const std::string& key : json_keys(*table->body)) header.push_back(key);
    EXPECT_EQ(repeated(header), std::vector<std::string>{}) << table->signature << " header";
    for (const SubtableKind& kind : table->kinds) {
      for (const StructDesc* layout : kind.layouts) {
        EXPECT_EQ(repeated(json_keys(*layout)), std::vector<std::string>{}) << table->signature << " " << layout->name;
      }
    }
  }
}

// Every description tiles its structure: each byte described once, bits
// inside their fields (the check checked_struct() makes at compile time).
TEST(Descriptions, EveryStructureIsTiledByItsFields) {
  EXPECT_TRUE(tiles(common_header.fields, common_header.size));
  for (const TableDesc* table : all_table_descs()) {
    EXPECT_TRUE(tiles(table->body->fields, table->body->size, common_header.size)) << table->signature << " header";
    for (const SubtableKind& kind : table->kinds) {
      for (const StructDesc* layout : kind.layouts) {
        EXPECT_TRUE(tiles(layout->fields, layout->size)) << table->signature << " " << layout->name;
      }
    }
  }
}

// What the check refuses: a gap, an overlap, a field past the size, a bit past its field.
TEST(Descriptions, TilingRefusesGapsOverlapsAndStrayBits) {
  static constexpr BitDesc kBits[] = {{0, 1, "A", "a"}, {1, 1, "B", "b"}};
  static constexpr BitDesc kStrayBit[] = {{8, 1, "C", "c"}};
  static constexpr FieldDesc kGood[] = {{0, 1, "T", "t"}, {1, 1, "F", "f", FieldKind::flags, kBits}, {2, 2, "R", "r"}};
  static constexpr FieldDesc kGap[] = {{0, 1, "T", "t"}, {2, 2, "R", "r"}};
  static constexpr FieldDesc kOverlap[] = {{0, 2, "T", "t"}, {1, 3, "R", "r"}};
  static constexpr FieldDesc kBitPast[] = {{0, 1, "F", "f", FieldKind::flags, kStrayBit}, {1, 3, "R", "r"}};
  static_assert(tiles(kGood, 4));
  static_assert(!tiles(kGood, 5));
  static_assert(!tiles(kGap, 4));
  static_assert(!tiles(kOverlap, 4));
  static_assert(!tiles(kBitPast, 4));
  SUCCEED();
}

}  // namespace
}  // namespace numaplan::acpi
