// acpidump text (reference §5, acpixtract's rules): tables, several instances
// of one signature, and lines with bad characters or missing bytes, each with
// a diagnostic naming the table, the byte offset, the line and what was
// expected, and the `numaplan dump` exit code.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/source/load.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan::source {
namespace {

using test::Bytes;

Bytes slit_2x2() { return test::slit(2, {10, 21, 21, 10}); }

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(d.format());
  return out;
}

// `numaplan dump FILE` with `text` as the file: the exit code and stderr, the
// temporary folder left out of the origin ("dump.txt").
std::pair<int, std::string> dump_text_file(const std::string& text) {
  const test::TempDir dir;
  const auto file = dir.write("dump.txt", text);
  test::CliResult result = test::run_numaplan({"dump", file.string()});
  for (auto at = result.err.find(dir.path().string() + "/"); at != std::string::npos;
       at = result.err.find(dir.path().string() + "/")) {
    result.err.erase(at, dir.path().string().size() + 1);
  }
  return {result.exit_code, result.err};
}

TEST(Acpidump, ReadsEveryTableByAcpixtractRules) {
  const Bytes slit = slit_2x2();
  std::string text = test::acpidump_text("SLIT", slit);
  // CRLF line ends, and an ASCII column holding what looks like hex, are both ignored.
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  crlf.replace(crlf.find("SLIT0"), 5, "FF FF");
  Diagnostics diagnostics;
  const auto tables = parse_acpidump("RSD PTR @ 0x00000000000F0000\n" + crlf, "dump.txt", diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << formatted(diagnostics).front();
  ASSERT_EQ(tables.size(), 2U);
  EXPECT_EQ(tables[0].origin, "dump.txt: RSDP");  // "RSD PTR" is named RSDP, as acpixtract does
  EXPECT_TRUE(tables[0].bytes.empty());
  EXPECT_EQ(tables[1].origin, "dump.txt: SLIT");
  EXPECT_EQ(tables[1].bytes, slit);
}

TEST(Acpidump, SeveralInstancesOfOneSignature) {
  const Bytes slit = slit_2x2();
  const std::string text = test::acpidump_text("SLIT", slit) + test::acpidump_text("SLIT", slit);
  Diagnostics diagnostics;
  auto tables = parse_acpidump(text, "dump.txt", diagnostics);
  ASSERT_EQ(tables.size(), 2U);
  EXPECT_EQ(tables[0].origin, "dump.txt: SLIT");
  EXPECT_EQ(tables[1].origin, "dump.txt: SLIT #2");
  const acpi::TableSet set = acpi::decode_all(std::move(tables), {});
  ASSERT_EQ(set.tables.size(), 2U);
  EXPECT_EQ(set.first("SLIT")->origin, "dump.txt: SLIT");
  EXPECT_EQ(formatted(set.diagnostics),
            std::vector<std::string>{"warning: SLIT (dump.txt: SLIT #2) offset 0x0 (0): Signature: a second SLIT "
                                     "table; Linux uses only the first, from dump.txt: SLIT"});
  const auto [exit_code, err] = dump_text_file(text);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(err, "numaplan: " + set.diagnostics.front().format() + "\n");
}

TEST(Acpidump, BadCharacterDropsTheRestOfTheTable) {
  std::string text = test::acpidump_text("SLIT", slit_2x2());
  text.replace(text.find("0010: 54 45"), 11, "0010: 5G 45");
  Diagnostics diagnostics;
  const auto tables = parse_acpidump(text, "dump.txt", diagnostics);
  ASSERT_EQ(tables.size(), 1U);
  EXPECT_EQ(tables[0].bytes.size(), 16U);
  EXPECT_EQ(formatted(diagnostics),
            std::vector<std::string>{"error: SLIT (dump.txt: SLIT) offset 0x10 (16): line 3: bad hex byte \"5G\" at "
                                     "column 11, expected two hex digits; the rest of this table is dropped"});
  // 16 bytes are no ACPI table: nothing is decoded, exit 3.
  const auto [exit_code, err] = dump_text_file(text);
  EXPECT_EQ(exit_code, 3);
  EXPECT_EQ(err,
            "numaplan: " + diagnostics.front().format() +
                "\nnumaplan: error: SLIT (dump.txt: SLIT) offset 0x10 (16): Oem Table ID: the input ends after 16 "
                "bytes, inside the 36-byte common header; the table is not decoded\n");
}

TEST(Acpidump, MissingLineIsNamedByTheOffsetsItSkips) {
  std::string text = test::acpidump_text("SLIT", slit_2x2());
  const auto line = text.find("    0010: ");
  text.erase(line, text.find('\n', line) + 1 - line);
  Diagnostics diagnostics;
  const auto tables = parse_acpidump(text, "dump.txt", diagnostics);
  ASSERT_EQ(tables.size(), 1U);
  EXPECT_EQ(tables[0].bytes.size(), 16U);
  EXPECT_EQ(formatted(diagnostics),
            std::vector<std::string>{"error: SLIT (dump.txt: SLIT) offset 0x10 (16): line 3: line says offset "
                                     "0x0020 but 0x0010 bytes were read so far (missing or repeated bytes); the rest "
                                     "of this table is dropped"});
}

TEST(Acpidump, ShortLastLineLeavesTheTableShort) {
  std::string text = test::acpidump_text("SLIT", slit_2x2());
  text.replace(text.find("0A 15 15 0A"), 11, "0A 15      ");  // two bytes missing at the end
  const auto [exit_code, err] = dump_text_file(text);
  EXPECT_EQ(exit_code, 1);
  EXPECT_EQ(err,
            "numaplan: error: SLIT (dump.txt: SLIT) offset 0x4 (4): Table Length: header says 48 bytes but the input "
            "holds only 46; decoding the 46 present\n"
            "numaplan: note: SLIT (dump.txt: SLIT) offset 0x9 (9): Checksum: cannot be verified: 2 of the 48 bytes "
            "it covers are missing\n"
            "numaplan: error: SLIT (dump.txt: SLIT) offset 0x2C (44): Locality: needs 4 elements of 1 byte each, "
            "only 2 fit in the record\n");
}

TEST(Acpidump, NonNumaTablesAreSkippedWithOneNote) {
  const std::string text = test::acpidump_text("SLIT", slit_2x2()) +
                           test::acpidump_text("FACP", test::acpi_table("FACP", 6, Bytes(20))) +
                           test::acpidump_text("SSDT", test::acpi_table("SSDT", 2, Bytes(8))) +
                           test::acpidump_text("SSDT", test::acpi_table("SSDT", 2, Bytes(8)));
  const auto [exit_code, err] = dump_text_file(text);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(err, "numaplan: note: skipped tables that are not NUMA tables: FACP, SSDT x2\n");
}

// Only a DSDT's header is kept, as from a raw file; its lines are still
// checked, so a bad byte past the header is reported all the same.
TEST(Acpidump, OnlyTheHeaderOfATableItSkipsIsKept) {
  const Bytes dsdt = test::acpi_table("DSDT", 2, Bytes(200, 0x5A));
  const std::string text = test::acpidump_text("DSDT", dsdt) + test::acpidump_text("SLIT", slit_2x2());
  Diagnostics diagnostics;
  const auto tables = parse_acpidump(text, "m.txt", diagnostics);
  EXPECT_EQ(formatted(diagnostics), std::vector<std::string>{});
  ASSERT_EQ(tables.size(), 2U);
  EXPECT_EQ(tables[0].origin, "m.txt: DSDT");
  EXPECT_EQ(tables[0].bytes, Bytes(dsdt.begin(), dsdt.begin() + 36));
  EXPECT_EQ(tables[1].origin, "m.txt: SLIT");
  EXPECT_EQ(tables[1].bytes, slit_2x2());

  std::string bad_text = test::acpidump_text("DSDT", dsdt);
  bad_text.replace(bad_text.find("0040: ") + 6, 2, "ZZ");
  Diagnostics bad;
  (void)parse_acpidump(bad_text, "m.txt", bad);
  EXPECT_EQ(formatted(bad),
            std::vector<std::string>{"error: DSDT (m.txt: DSDT) offset 0x40 (64): line 6: bad hex byte \"ZZ\" at "
                                     "column 11, expected two hex digits; the rest of this table is dropped"});
}

TEST(Acpidump, TextWithoutAnyTableIsNotAnInput) {
  EXPECT_FALSE(looks_like_acpidump(test::Bytes{'h', 'e', 'l', 'l', 'o', '\n'}));
  const auto [exit_code, err] = dump_text_file("hello\n    0000: 53 52 41 54\n");
  EXPECT_EQ(exit_code, 3);
  EXPECT_EQ(err, "numaplan: error: dump.txt: neither an ACPI table (no signature at offset 0) nor acpidump text\n");
}

}  // namespace
}  // namespace numaplan::source
