#include "numaplan/source/memmap_formats.h"

#include <gtest/gtest.h>

#include "support/table_bytes.h"

namespace numaplan::source {
namespace {

using kernel::MemRange;

std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs(const std::vector<MemRange>& ranges) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (const MemRange& r : ranges) out.emplace_back(r.start, r.end);
  return out;
}

std::string error_of(const std::string& path) {
  auto ranges = load_memmap(path);
  EXPECT_FALSE(ranges.ok());
  return ranges.ok() ? "" : ranges.error().format();
}

TEST(Memmap, ProcIomemTopLevelSystemRam) {
  test::TempDir dir;
  const auto path = dir.write("iomem",
                              "00000000-00000fff : Reserved\n"
                              "00001000-0009fbff : System RAM\n"
                              "0009fc00-000fffff : Reserved\n"
                              "  000f0000-000fffff : System ROM\n"
                              "00100000-bfffffff : System RAM\n"
                              "  01000000-0220bb07 : Kernel code\n"
                              "    00200000-002fffff : System RAM\n"
                              "fec00000-fec003ff : IOAPIC 0\n"
                              "100000000-63fffffff : System RAM\n"
                              "4000000000-7fffffffff : PCI Bus 0000:00\n");
  const auto ranges = load_memmap(path.string());
  ASSERT_TRUE(ranges.ok()) << ranges.error().format();
  EXPECT_EQ(pairs(*ranges), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                {0x1000, 0x9fc00}, {0x100000, 0xc0000000}, {0x100000000, 0x640000000}}));
}

TEST(Memmap, SysfsFirmwareMemmapInNumericOrder) {
  test::TempDir dir;
  const auto root = dir.path() / "memmap";
  const char* entries[][4] = {{"0", "0x0", "0x9fbff", "System RAM"},
                              {"1", "0x9fc00", "0x9ffff", "Reserved"},
                              {"10", "0x100000000", "0x17fffffff", "System RAM"},
                              {"2", "0x100000", "0x7ffdffff", "System RAM"}};
  for (const auto& e : entries) {
    dir.write(std::filesystem::path("memmap") / e[0] / "start", std::string(e[1]) + "\n");
    dir.write(std::filesystem::path("memmap") / e[0] / "end", std::string(e[2]) + "\n");
    dir.write(std::filesystem::path("memmap") / e[0] / "type", std::string(e[3]) + "\n");
  }
  const auto ranges = load_memmap(root.string());
  ASSERT_TRUE(ranges.ok()) << ranges.error().format();
  EXPECT_EQ(pairs(*ranges), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                {0x0, 0x9fc00}, {0x100000, 0x7ffe0000}, {0x100000000, 0x180000000}}));
}

TEST(Memmap, MalformedIomemLineNamesFileAndLine) {
  test::TempDir dir;
  const auto path = dir.write("iomem", "00001000-0009fbff : System RAM\n00100000-zzzz : System RAM\n");
  EXPECT_EQ(error_of(path.string()), "error: " + path.string() + ":2: expected hex addresses, got '00100000-zzzz'");
}

TEST(Memmap, UnknownTextNamesBothFormats) {
  test::TempDir dir;
  const auto path = dir.write("notes.txt", "\nhello world\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() +
                ":2: expected /proc/iomem ('<start>-<end> : <name>') or a kernel log with BIOS-e820 lines, "
                "got 'hello world'");
}

TEST(Memmap, IomemReadWithoutPrivilege) {
  test::TempDir dir;
  const auto path = dir.write("iomem", "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() +
                ":1: every address reads as zero: the kernel hides /proc/iomem addresses from unprivileged "
                "readers; copy it as root");
}

TEST(Memmap, IomemWithoutSystemRam) {
  test::TempDir dir;
  const auto path = dir.write("iomem", "00000000-00000fff : Reserved\n");
  EXPECT_EQ(error_of(path.string()), "error: " + path.string() + ":1: no top-level 'System RAM' line");
}

TEST(Memmap, InvertedRange) {
  test::TempDir dir;
  const auto path = dir.write("iomem", "00002000-00001000 : System RAM\n");
  EXPECT_EQ(error_of(path.string()), "error: " + path.string() + ":1: range 00002000-00001000 is empty or unbounded");
}

TEST(Memmap, SysfsEntryWithoutType) {
  test::TempDir dir;
  dir.write("memmap/0/start", "0x0\n");
  dir.write("memmap/0/end", "0x9fbff\n");
  const auto type = dir.path() / "memmap" / "0" / "type";
  EXPECT_EQ(error_of((dir.path() / "memmap").string()), "error: " + type.string() + ": cannot read the file");
}

TEST(Memmap, SysfsStrayFile) {
  test::TempDir dir;
  const auto stray = dir.write("memmap/README", "x");
  EXPECT_EQ(error_of((dir.path() / "memmap").string()),
            "error: " + stray.string() + ":1: not a /sys/firmware/memmap entry (a numbered directory)");
}

TEST(Memmap, KernelLogUsableE820Ranges) {
  const auto ranges = load_memmap(std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/qemu-2node-cxl.e820.log");
  ASSERT_TRUE(ranges.ok()) << ranges.error().format();
  EXPECT_EQ(pairs(*ranges), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0x0, 0x9fc00},
                                                                                   {0x100000, 0x7ffe0000}}));
}

// Timestamps and syslog prefixes are stripped; a second boot in the same file is not read.
TEST(Memmap, KernelLogFirstBootOnly) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "[    0.000000] Linux version 6.1.0-56-amd64\n"
                              "[    0.000000] BIOS-provided physical RAM map:\n"
                              "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable\n"
                              "[    0.000000] BIOS-e820: [mem 0x0000000100000000-0x000000023fffffff] usable\n"
                              "[    0.000000] BIOS-e820: [mem 0x0000000240000000-0x000000043fffffff] soft reserved\n"
                              "[    0.000000] Linux version 6.1.0-56-amd64\n"
                              "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x00000000ffffffff] usable\n");
  const auto ranges = load_memmap(path.string());
  ASSERT_TRUE(ranges.ok()) << ranges.error().format();
  EXPECT_EQ(pairs(*ranges), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                {0x0, 0x9fc00}, {0x100000, 0xbffe0000}, {0x100000000, 0x240000000}}));
}

// memmap= / mem= on the command line: the kernel prints the map it uses as "user:".
TEST(Memmap, KernelLogUserMapWins) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable\n"
                              "user-defined physical RAM map:\n"
                              "user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "user: [mem 0x0000000000100000-0x000000007fffffff] usable\n"
                              "user: [mem 0x0000000080000000-0x00000000bffdffff] persistent (type 12)\n");
  const auto ranges = load_memmap(path.string());
  ASSERT_TRUE(ranges.ok()) << ranges.error().format();
  EXPECT_EQ(pairs(*ranges),
            (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0x0, 0x9fc00}, {0x100000, 0x80000000}}));
}

TEST(Memmap, KernelLogMalformedE820Line) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "[    0.000000] BIOS-e820: 0000000000100000 - 00000000bffe0000 (usable)\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() +
                ":2: expected 'BIOS-e820: [mem 0x<start>-0x<end>] <type>', got 'BIOS-e820: 0000000000100000 - "
                "00000000bffe0000 (usable)'");
}

TEST(Memmap, KernelLogWithoutUsableRange) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt", "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] reserved\n");
  EXPECT_EQ(error_of(path.string()), "error: " + path.string() + ":1: no 'usable' BIOS-e820 range in the log");
}

TEST(Memmap, MissingFile) {
  EXPECT_EQ(error_of("/nonexistent/iomem"), "error: /nonexistent/iomem: cannot read the file");
}

}  // namespace
}  // namespace numaplan::source
