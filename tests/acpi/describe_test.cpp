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

}  // namespace
}  // namespace numaplan::acpi
