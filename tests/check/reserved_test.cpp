#include "numaplan/check/reserved.h"

#include <gtest/gtest.h>

#include <numeric>

namespace numaplan::check {
namespace {

// A 48-byte SRAT header plus one 40-byte memory affinity entry.
std::vector<std::uint8_t> srat_with_memory(std::uint32_t flags, std::uint8_t reserved1) {
  std::vector<std::uint8_t> t(88, 0);
  std::copy_n("SRAT", 4, t.begin());
  t[4] = 88;
  t[8] = 3;
  t[36] = 1;
  t[48] = 1;   // Memory Affinity
  t[49] = 40;  // Length
  t[54] = reserved1;
  for (int i = 0; i < 4; ++i) t[76 + i] = static_cast<std::uint8_t>(flags >> (8 * i));
  t[9] = static_cast<std::uint8_t>(-std::accumulate(t.begin(), t.end(), 0U));
  return t;
}

acpi::Table decode(std::vector<std::uint8_t> bytes) {
  return std::move(acpi::decode_table(acpi::RawTable{"t.dat", std::move(bytes)}).value());
}

TEST(CheckReserved, CleanEntryHasNoFinding) {
  EXPECT_TRUE(check_reserved(decode(srat_with_memory(0x0B, 0))).empty());
}

TEST(CheckReserved, NonZeroReservedFieldIsNamedWithOffset) {
  const Diagnostics found = check_reserved(decode(srat_with_memory(0x1, 0x5A)));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].severity, Severity::warning);
  EXPECT_EQ(found[0].offset, 54U);
  EXPECT_EQ(found[0].field, "Reserved1");
  EXPECT_EQ(found[0].message, "reserved field is not zero in Memory Affinity, expected 0");
}

TEST(CheckReserved, FlagBitsBeyondTheNamedOnes) {
  const Diagnostics found = check_reserved(decode(srat_with_memory(0x31, 0)));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].offset, 76U);
  EXPECT_EQ(found[0].field, "Flags");
  EXPECT_EQ(found[0].message, "reserved bits 0x30 are set in Memory Affinity, expected only 0xF");
}

}  // namespace
}  // namespace numaplan::check
