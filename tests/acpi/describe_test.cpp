// The structure descriptions themselves: every JSON key of a record is
// unique, or the JSON dump would keep one of two fields and encoding it back
// would write one value into both (decode_fuzz found RDPAS's two "reserved");
// the fields tile each structure; a field handle names its structure's field.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "numaplan/acpi/describe.h"
#include "numaplan/acpi/table.h"
#include "numaplan/acpi/tables.h"
#include "support/table_bytes.h"

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
// inside their fields, keys snake_case (the checks checked_struct() makes at
// compile time).
TEST(Descriptions, EveryStructureIsTiledByItsFields) {
  EXPECT_TRUE(tiles(common_header.fields, common_header.size));
  for (const TableDesc* table : all_table_descs()) {
    EXPECT_TRUE(tiles(table->body->fields, table->body->size, common_header.size)) << table->signature << " header";
    EXPECT_TRUE(snake_case_keys(table->body->fields, table->body->arrays)) << table->signature << " header";
    for (const SubtableKind& kind : table->kinds) {
      for (const StructDesc* layout : kind.layouts) {
        EXPECT_TRUE(tiles(layout->fields, layout->size)) << table->signature << " " << layout->name;
        EXPECT_TRUE(snake_case_keys(layout->fields, layout->arrays)) << table->signature << " " << layout->name;
      }
    }
  }
}

// The keys checked_struct() accepts: what the dump writes unescaped.
TEST(Descriptions, KeysMustBeSnakeCase) {
  static constexpr BitDesc kUpperBit[] = {{0, 1, "A", "Enabled"}};
  static constexpr FieldDesc kPlain[] = {{0, 1, "T", "subtable_type"}, {1, 1, "F", "flags", FieldKind::flags, kUpperBit}};
  static constexpr FieldDesc kQuote[] = {{0, 1, "T", "sub\"type"}};
  static constexpr FieldDesc kEmpty[] = {{0, 1, "T", ""}};
  static constexpr FieldDesc kGood[] = {{0, 1, "T", "proximity_domain_lo2"}};
  static_assert(snake_case_keys(kGood, {}));
  static_assert(!snake_case_keys(kPlain, {}));  // the bit's key
  static_assert(!snake_case_keys(kQuote, {}));
  static_assert(!snake_case_keys(kEmpty, {}));
  static constexpr ArrayDesc kSpacedList[] = {{"E", "the entries", 2, nullptr}};
  static_assert(!snake_case_keys(kGood, kSpacedList));
  EXPECT_TRUE(snake_case_keys(common_header.fields, common_header.arrays));
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

// A handle is the description's own field: its place, width and key.
TEST(FieldHandles, AreTheirStructuresFields) {
  const Field base = srat::memory_fields::base_address;
  EXPECT_EQ(base->offset, 8U);
  EXPECT_EQ(base->width, 8U);
  EXPECT_EQ(base->name, "Base Address");
  EXPECT_EQ(base->key, "base_address");
  EXPECT_EQ(&*base, &srat::memory.fields[4]);
  EXPECT_TRUE(base.of(srat::memory));
  EXPECT_FALSE(base.of(srat::x2apic));
  // Generic Initiator and Generic Port share their field list, so its handles.
  EXPECT_TRUE(srat::initiator_fields::acpi_uid.of(srat::generic_initiator));
  EXPECT_TRUE(srat::initiator_fields::acpi_uid.of(srat::generic_port));
  EXPECT_EQ(msct::header_fields::proximity_offset->offset, 36U);
  static constexpr FieldDesc kFields[] = {{0, 1, "T", "t"}, {1, 1, "F", "f"}};
  static_assert(key_index<FieldDesc>(kFields, "f") == 1);
  EXPECT_EQ(cedt::cfmws_arrays::interleave_targets->element_width, 4U);
  EXPECT_TRUE(cedt::cfmws_arrays::interleave_targets.of(cedt::cfmws));
  EXPECT_FALSE(cedt::cfmws_arrays::interleave_targets.of(cedt::cxims));
}

// Reading a record through another structure's handle is the caller's bug:
// an internal error, never the bytes at the handle's offset in this record.
TEST(FieldHandles, AnotherStructuresHandleIsAnInternalError) {
  auto table = decode_table(RawTable{"in.dat", test::srat({test::srat_memory(3, 0x1000, 0x2000)})});
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->subtables.size(), 1U);
  const StructView memory = table->view(table->subtables[0]);
  EXPECT_EQ(memory.get(srat::memory_fields::proximity_domain).value(), 3U);
  const Expected<std::uint64_t> foreign = memory.get(srat::x2apic_fields::x2apic_id);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, ErrorKind::internal);
  EXPECT_EQ(foreign.error().field, "Apic ID");
  EXPECT_EQ(foreign.error().offset, 48U);
  EXPECT_EQ(foreign.error().message, "the field 'x2apic_id' read is not one of the Memory Affinity's fields");
  EXPECT_EQ(memory.get_or(srat::x2apic_fields::x2apic_id, 77), 77U);
  EXPECT_FALSE(memory.present(srat::x2apic_fields::x2apic_id));
  EXPECT_TRUE(memory.present(srat::memory_fields::base_address));
}

}  // namespace
}  // namespace numaplan::acpi
