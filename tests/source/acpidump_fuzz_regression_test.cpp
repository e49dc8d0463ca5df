// Inputs the fuzzers found (fuzz/acpidump_fuzz.cpp), kept as regressions.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/dump.h"
#include "numaplan/source/load.h"

namespace numaplan::source {
namespace {

// Bytes that are not UTF-8 in a header line or a data line are quoted in
// origins and diagnostics as \xNN, so the JSON dump can always be written.
TEST(AcpidumpFuzzRegression, NonAsciiInputIsEscapedInOriginsAndMessages) {
  const std::string text =
      "SR\xC3T @ 0x0\n"
      "    0000: 53 52 41 54\n"
      "S\xFFLT @ 0x0\n"
      "    0000: 5\xE9 52\n"
      "CEDT @ 0x0\n"
      "    00\xF0: 43\n";
  Diagnostics diagnostics;
  const auto raw = parse_acpidump(text, "dump.txt", diagnostics);
  ASSERT_EQ(raw.size(), 3U);
  EXPECT_EQ(raw[0].origin, "dump.txt: SR\\xC3T");
  EXPECT_EQ(raw[1].origin, "dump.txt: S\\xFFLT");
  ASSERT_EQ(diagnostics.size(), 2U);
  EXPECT_EQ(diagnostics[0].table, "S\\xFFLT");
  EXPECT_EQ(diagnostics[0].field, "line 4");
  EXPECT_EQ(diagnostics[0].message,
            "bad hex byte \"5\\xE9\" at column 11, expected two hex digits; the rest of this table is dropped");
  EXPECT_EQ(diagnostics[1].message, "bad offset \"00\\xF0\", expected hex digits before \": \"");
  const acpi::TableSet set = acpi::decode_all(raw, diagnostics);
  std::ostringstream out;
  EXPECT_NO_THROW(emit::write_dump_json(set.tables, set.diagnostics, out));
}

}  // namespace
}  // namespace numaplan::source
