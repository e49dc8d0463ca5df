// Bad tables (issue 2 item 6): each case gets a diagnostic naming the table,
// the byte offset, the field and what was expected; decoding goes on where it
// safely can; `numaplan dump` exits as DESIGN §3 says (1: the input has
// errors, 3: not an ACPI table). Each case runs the built binary on a file
// and checks its whole stderr, and the decoder for how far it got.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "numaplan/acpi/table.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/support/bytes.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan::acpi {
namespace {

using test::Bytes;

constexpr int kExitFindings = 1;
constexpr int kExitUnreadable = 3;

struct Outcome {
  int exit_code;
  std::vector<std::string> stderr_lines;  // the temporary folder left out: origin "in.dat"
};

// `numaplan dump in.dat` with `bytes` as the file.
Outcome dump_file(const Bytes& bytes) {
  const test::TempDir dir;
  const auto file = dir.write("in.dat", bytes);
  const test::CliResult result = test::run_numaplan({"dump", file.string()});
  Outcome outcome{result.exit_code, {}};
  std::istringstream lines(result.err);
  for (std::string line; std::getline(lines, line);) {
    for (auto at = line.find(dir.path().string() + "/"); at != std::string::npos;
         at = line.find(dir.path().string() + "/")) {
      line.erase(at, dir.path().string().size() + 1);
    }
    outcome.stderr_lines.push_back(line);
  }
  return outcome;
}

Table decode(const Bytes& bytes) {
  auto table = decode_table(RawTable{"in.dat", bytes});
  EXPECT_TRUE(table.ok());
  return table.ok() ? std::move(*table) : Table{};
}

Bytes valid_srat() { return test::srat({test::srat_local_apic(0, 0), test::srat_memory(0, 0, 0x80000000)}); }

TEST(BadInput, FileShorterThanTheCommonHeader) {
  Bytes bytes = valid_srat();
  bytes.resize(20);
  const auto table = decode_table(RawTable{"in.dat", bytes});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().format(),
            "error: SRAT (in.dat) offset 0x10 (16): Oem Table ID: the input ends after 20 bytes, inside the "
            "36-byte common header; the table is not decoded");
  // Nothing could be decoded: to the CLI the input is not an ACPI table.
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitUnreadable);
  EXPECT_EQ(outcome.stderr_lines, std::vector<std::string>{"numaplan: " + table.error().format()});
}

TEST(BadInput, TableCutInsideASubtable) {
  Bytes bytes = valid_srat();
  bytes.resize(90);
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            (std::vector<std::string>{
                "numaplan: error: SRAT (in.dat) offset 0x4 (4): Table Length: header says 104 bytes but the input "
                "holds only 90; decoding the 90 present",
                "numaplan: note: SRAT (in.dat) offset 0x9 (9): Checksum: cannot be verified: 14 of the 104 bytes it "
                "covers are missing",
                "numaplan: error: SRAT (in.dat) offset 0x41 (65): Length: subtable length 40 runs past the table end "
                "(26 bytes left); the walk stops here"}));
  const Table table = decode(bytes);
  ASSERT_EQ(table.subtables.size(), 2U);  // the local APIC whole, the memory range clipped to 26 bytes
  EXPECT_EQ(table.subtables[1].length, 26U);
  EXPECT_EQ(table.view(table.subtables[1]).get(acpi::srat::memory_fields::base_address).value(), 0U);
  EXPECT_FALSE(table.view(table.subtables[1]).get(acpi::srat::memory_fields::flags).ok());  // at +28, beyond the 26 bytes
  // holds() answers the bounds test that read() and bytes() refuse by.
  const acpi::StructView memory = table.view(table.subtables[1]);
  EXPECT_TRUE(memory.holds(*acpi::srat::memory_fields::length));  // +16, 8 bytes: ends at 24
  EXPECT_FALSE(memory.holds(*acpi::srat::memory_fields::flags));
  EXPECT_FALSE(memory.bytes(*acpi::srat::memory_fields::flags).ok());
  EXPECT_FALSE(memory.present(*acpi::srat::memory_fields::flags));
}

TEST(BadInput, HeaderLengthBeyondTheFile) {
  Bytes bytes = test::srat({test::srat_local_apic(0, 0)});
  write_le(bytes, 4, 4, 104);
  test::set_checksum(bytes);
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            (std::vector<std::string>{
                "numaplan: error: SRAT (in.dat) offset 0x4 (4): Table Length: header says 104 bytes but the input "
                "holds only 64; decoding the 64 present",
                "numaplan: note: SRAT (in.dat) offset 0x9 (9): Checksum: cannot be verified: 40 of the 104 bytes it "
                "covers are missing"}));
  EXPECT_EQ(decode(bytes).subtables.size(), 1U);
}

TEST(BadInput, HeaderLengthBelowTheCommonHeader) {
  Bytes bytes = valid_srat();
  write_le(bytes, 4, 4, 20);
  test::set_checksum(bytes);
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            (std::vector<std::string>{
                "numaplan: error: SRAT (in.dat) offset 0x4 (4): Table Length: header says 20 bytes, less than the "
                "36-byte common header",
                "numaplan: error: SRAT (in.dat) offset 0x9 (9): Checksum: is 0x63, expected 0x1F (the bytes of the "
                "table must sum to 0 mod 256)",
                "numaplan: error: SRAT (in.dat) offset 0x24 (36): Table Length: table is 36 bytes, shorter than the "
                "48-byte SRAT header; no subtables decoded"}));
}

TEST(BadInput, TableShorterThanItsFixedHeader) {
  const Bytes bytes = test::acpi_table("SRAT", 3, Bytes{1, 0, 0, 0});
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: SRAT (in.dat) offset 0x28 (40): Table Length: table is 40 "
                                     "bytes, shorter than the 48-byte SRAT header; no subtables decoded"});
}

TEST(BadInput, ZeroLengthSubtableStopsTheWalk) {
  Bytes zero = test::srat_local_apic(1, 1);
  zero[1] = 0;
  const Bytes bytes = test::srat({test::srat_local_apic(0, 0), zero, test::srat_memory(0, 0, 0x80000000)});
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: SRAT (in.dat) offset 0x41 (65): Length: subtable length 0 is "
                                     "less than its 2-byte header; the walk cannot go on"});
  EXPECT_EQ(decode(bytes).subtables.size(), 1U);  // where the next one starts is unknown
}

TEST(BadInput, SubtableShorterThanItsStructureIsSteppedOver) {
  Bytes memory = test::srat_memory(1, 0, 0x80000000);
  memory.resize(32);
  memory[1] = 32;
  const Bytes bytes = test::srat({test::srat_local_apic(0, 0), memory, test::srat_x2apic(2, 7)});
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: SRAT (in.dat) offset 0x41 (65): Length: subtable length 32 "
                                     "is shorter than the 40-byte Memory Affinity structure"});
  const Table table = decode(bytes);
  ASSERT_EQ(table.subtables.size(), 3U);  // Length says where the next one is: the walk goes on
  EXPECT_EQ(table.view(table.subtables[2]).get(acpi::srat::x2apic_fields::x2apic_id).value(), 7U);
}

TEST(BadInput, SubtableRunningPastTheTableEnd) {
  Bytes memory = test::srat_memory(1, 0, 0x80000000);
  memory[1] = 48;
  const Bytes bytes = test::srat({test::srat_local_apic(0, 0), memory});
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: SRAT (in.dat) offset 0x41 (65): Length: subtable length 48 "
                                     "runs past the table end (40 bytes left); the walk stops here"});
  const Table table = decode(bytes);
  ASSERT_EQ(table.subtables.size(), 2U);  // the 40 bytes present are still decoded
  EXPECT_EQ(table.view(table.subtables[1]).get(acpi::srat::memory_fields::length).value(), 0x80000000U);
}

TEST(BadInput, ListLongerThanTheTable) {
  Bytes body(8);
  write_le(body, 0, 8, 4);                    // 4 localities: 16 entries wanted
  body.insert(body.end(), 10, std::uint8_t{10});  // 10 present
  const Outcome outcome = dump_file(test::acpi_table("SLIT", 1, body));
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: SLIT (in.dat) offset 0x2C (44): Locality: needs 16 elements "
                                     "of 1 byte each, only 10 fit in the record"});
}

TEST(BadInput, MsctProximityOffsetOutsideTheTable) {
  Bytes body(20);
  write_le(body, 0, 4, 0x10);
  const Outcome outcome = dump_file(test::acpi_table("MSCT", 1, body));
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: MSCT (in.dat) offset 0x24 (36): Proximity Offset: is 16, "
                                     "outside 56..56; no structures decoded"});
}

TEST(BadInput, ChecksumMismatch) {
  Bytes bytes = valid_srat();
  bytes[9] ^= 0x10;
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitFindings);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: error: SRAT (in.dat) offset 0x9 (9): Checksum: is 0x1F, expected "
                                     "0x0F (the bytes of the table must sum to 0 mod 256)"});
  EXPECT_EQ(decode(bytes).subtables.size(), 2U);  // a bad checksum stops nothing
}

TEST(BadInput, WrongSignature) {
  Bytes bytes(64);
  bytes[0] = 0x7F;
  bytes[1] = 'E';
  bytes[2] = 'L';
  bytes[3] = 'F';
  const auto table = decode_table(RawTable{"in.dat", bytes});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().format(),
            "error: in.dat: Signature: not an ACPI table: the first bytes \"\\x7FELF\" are not a table signature, "
            "expected four characters of A-Z, 0-9, _ or !");
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, kExitUnreadable);
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{
                "numaplan: error: in.dat: neither an ACPI table (no signature at offset 0) nor acpidump text"});
}

TEST(BadInput, UnknownSubtableTypeIsShownRawAndSteppedOver) {
  Bytes unknown = {9, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const Bytes bytes = test::srat({unknown, test::srat_x2apic(2, 7)});
  const Outcome outcome = dump_file(bytes);
  EXPECT_EQ(outcome.exit_code, 0);  // a newer ACPI version's structure is not an error
  EXPECT_EQ(outcome.stderr_lines,
            std::vector<std::string>{"numaplan: warning: SRAT (in.dat) offset 0x30 (48): Subtable Type: unknown "
                                     "subtable type 9 (0x09), expected one of 0, 1, 2, 3, 4, 5, 6, 7; shown raw and "
                                     "skipped by its length 12"});
  const Table table = decode(bytes);
  ASSERT_EQ(table.subtables.size(), 2U);
  EXPECT_EQ(table.subtables[0].desc, nullptr);
  EXPECT_EQ(table.subtables[1].desc, &srat::x2apic);
}

}  // namespace
}  // namespace numaplan::acpi
