// The formatting helpers every text output goes through: exact digits,
// padding and the widest values.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "numaplan/support/format.h"

namespace numaplan {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::string put_hex_text(std::uint64_t value, int min_digits) {
  char buffer[32];
  return std::string(buffer, put_hex(buffer, value, min_digits));
}

std::string put_decimal_text(std::uint64_t value, int min_width, char pad) {
  char buffer[32];
  return std::string(buffer, put_decimal(buffer, value, min_width, pad));
}

TEST(Format, Hex) {
  EXPECT_EQ(hex(0x1a, 2), "1A");
  EXPECT_EQ(hex(0), "0");
  EXPECT_EQ(hex(0x123, 8), "00000123");
  EXPECT_EQ(hex(kMax), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(lower_hex(0x1a, 4), "001a");
  EXPECT_EQ(lower_hex(0xABCDEF0123456789), "abcdef0123456789");
}

TEST(Format, AppendWritersAppend) {
  std::string out = "x=";
  append_hex(out, 0xBEEF, 8);
  append_decimal(out, 42, 5, '0');
  append_decimal(out, 7, 3);
  append_right(out, "name", 6);
  EXPECT_EQ(out, "x=0000BEEF00042  7  name");
  std::string wide;
  append_decimal(wide, kMax);
  append_right(wide, "longer than width", 4);
  EXPECT_EQ(wide, "18446744073709551615longer than width");
}

TEST(Format, ConcatJoinsTextAndNumbers) {
  const std::string owned = "owned";
  EXPECT_EQ(concat({"a ", kMax, " ", -5, " ", std::numeric_limits<std::int64_t>::min(), " ", 0U, " ", owned,
                    std::string_view(" view"), std::uint8_t{7}}),
            "a 18446744073709551615 -5 -9223372036854775808 0 owned view7");
  EXPECT_EQ(concat({}), "");
}

TEST(Format, PutWritersReturnTheEnd) {
  EXPECT_EQ(put_hex_text(0, 1), "0");
  EXPECT_EQ(put_hex_text(0x30, 3), "030");
  EXPECT_EQ(put_hex_text(0x1234, 3), "1234");
  EXPECT_EQ(put_hex_text(kMax, 1), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(put_hex_text(0xA, 20), "0000000000000000000A");
  EXPECT_EQ(put_decimal_text(48, 4, '0'), "0048");
  EXPECT_EQ(put_decimal_text(1, 3, ' '), "  1");
  EXPECT_EQ(put_decimal_text(123456, 3, ' '), "123456");
  EXPECT_EQ(put_decimal_text(kMax, 0, ' '), "18446744073709551615");
  EXPECT_EQ(put_decimal_text(0, 22, '0'), "0000000000000000000000");
}

TEST(Format, PrintableAscii) {
  EXPECT_EQ(printable_ascii("SRAT"), "SRAT");
  EXPECT_EQ(printable_ascii(std::string("A\0\x7F\xFF", 4)), "A\\x00\\x7F\\xFF");
  EXPECT_EQ(printable_ascii("a\\xCE"), "a\\xCE");  // a message's backslash is itself
}

// The dumps' ASCII fields: the backslash escaped too, so "\xNN" is always one byte.
TEST(Format, ReversibleAscii) {
  EXPECT_EQ(reversible_ascii("BOCHS "), "BOCHS ");
  EXPECT_EQ(reversible_ascii(std::string("\\\\xCE\0\xE9", 7)), "\\x5C\\x5CxCE\\x00\\xE9");
}

}  // namespace
}  // namespace numaplan
