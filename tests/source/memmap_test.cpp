#include "numaplan/source/memmap_formats.h"

#include <gtest/gtest.h>

#include <tuple>

#include "support/kernel_logs.h"
#include "support/table_bytes.h"

namespace numaplan::source {
namespace {

using kernel::MemRange;

std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs(const std::vector<MemRange>& ranges) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (const MemRange& r : ranges) out.emplace_back(r.start, r.end);
  return out;
}

// Each entry as (start, end exclusive, kind, type as printed, line).
using Entry = std::tuple<std::uint64_t, std::uint64_t, MemoryKind, std::string, std::size_t>;
std::vector<Entry> entries(const Memmap& map) {
  std::vector<Entry> out;
  for (const MemoryEntry& e : map.entries) out.emplace_back(e.range.start, e.range.end, e.kind, e.type, e.line);
  return out;
}

std::vector<std::string> notes(const Memmap& map) {
  std::vector<std::string> out;
  for (const Diagnostic& note : map.notes) out.push_back(note.format());
  return out;
}

std::string log_fixture(const std::string& name) { return std::string(NUMAPLAN_SOURCE_DIR) + "/tests/source/logs/" + name; }

std::string error_of(const std::string& path) {
  auto map = load_memmap(path);
  EXPECT_FALSE(map.ok());
  return map.ok() ? "" : map.error().format();
}

// The top-level lines e820_type_to_string() names; device windows and nested lines are not the map.
TEST(Memmap, ProcIomemTopLevelMemoryMap) {
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
                              "640000000-67fffffff : Soft Reserved\n"
                              "680000000-6bfffffff : Unknown E820 type\n"
                              "4000000000-7fffffffff : PCI Bus 0000:00\n");
  const auto map = load_memmap(path.string());
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x1000, MemoryKind::reserved, "Reserved", 1},
                               {0x1000, 0x9fc00, MemoryKind::ram, "System RAM", 2},
                               {0x9fc00, 0x100000, MemoryKind::reserved, "Reserved", 3},
                               {0x100000, 0xc0000000, MemoryKind::ram, "System RAM", 5},
                               {0x100000000, 0x640000000, MemoryKind::ram, "System RAM", 9},
                               {0x640000000, 0x680000000, MemoryKind::soft_reserved, "Soft Reserved", 10},
                               {0x680000000, 0x6c0000000, MemoryKind::unknown, "Unknown E820 type", 11},
                           }));
  EXPECT_EQ(notes(*map), (std::vector<std::string>{
                             "note: " + path.string() +
                             ":11: memory type 'Unknown E820 type' is not one numaplan knows: kept as not RAM"}));
  EXPECT_EQ(pairs(map->ram()), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                   {0x1000, 0x9fc00}, {0x100000, 0xc0000000}, {0x100000000, 0x640000000}}));
  // What the kernel model takes as soft-reserved (EFI_MEMORY_SP) memory.
  EXPECT_EQ(pairs(map->soft_reserved()),
            (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0x640000000, 0x680000000}}));
}

TEST(Memmap, SysfsFirmwareMemmapInNumericOrder) {
  test::TempDir dir;
  const auto root = dir.path() / "memmap";
  const char* listed[][4] = {{"0", "0x0", "0x9fbff", "System RAM"},
                             {"1", "0x9fc00", "0x9ffff", "Reserved"},
                             {"10", "0x100000000", "0x17fffffff", "System RAM"},
                             {"11", "0x180000000", "0x1bfffffff", "Soft Reserved"},
                             {"12", "0x1c0000000", "0x1ffffffff", "Unknown E820 type"},
                             {"2", "0x100000", "0x7ffdffff", "System RAM"}};
  for (const auto& e : listed) {
    dir.write(std::filesystem::path("memmap") / e[0] / "start", std::string(e[1]) + "\n");
    dir.write(std::filesystem::path("memmap") / e[0] / "end", std::string(e[2]) + "\n");
    dir.write(std::filesystem::path("memmap") / e[0] / "type", std::string(e[3]) + "\n");
  }
  const auto map = load_memmap(root.string());
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x9fc00, MemoryKind::ram, "System RAM", 0},
                               {0x9fc00, 0xa0000, MemoryKind::reserved, "Reserved", 0},
                               {0x100000, 0x7ffe0000, MemoryKind::ram, "System RAM", 0},
                               {0x100000000, 0x180000000, MemoryKind::ram, "System RAM", 0},
                               {0x180000000, 0x1c0000000, MemoryKind::soft_reserved, "Soft Reserved", 0},
                               {0x1c0000000, 0x200000000, MemoryKind::unknown, "Unknown E820 type", 0},
                           }));
  EXPECT_EQ(notes(*map), (std::vector<std::string>{
                             "note: " + (root / "12" / "type").string() +
                             ": memory type 'Unknown E820 type' is not one numaplan knows: kept as not RAM"}));
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
                ":2: expected /proc/iomem ('<start>-<end> : <name>') or a kernel log with BIOS-e820 or "
                "'Early memory node ranges' lines, "
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
  const auto map = load_memmap(std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/qemu-2node-cxl.e820.log");
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(pairs(map->ram()), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0x0, 0x9fc00},
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
  const auto map = load_memmap(path.string());
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(pairs(map->ram()), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                {0x0, 0x9fc00}, {0x100000, 0xbffe0000}, {0x100000000, 0x240000000}}));
}

// 7.x: "System RAM", "device reserved", one more space before each name, and
// "[gap ...]" lines between entries; printk timestamps in front.
TEST(Memmap, KernelLog73PrintWithGaps) {
  const std::string path = log_fixture("e820-7.3.log");
  const auto map = load_memmap(path);
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x9fc00, MemoryKind::ram, "System RAM", 3},
                               {0x9fc00, 0xa0000, MemoryKind::reserved, "device reserved", 4},
                               {0xf0000, 0x100000, MemoryKind::reserved, "device reserved", 6},
                               {0x100000, 0x7ffe0000, MemoryKind::ram, "System RAM", 7},
                               {0x7ffe0000, 0x7fff0000, MemoryKind::acpi_data, "ACPI data", 8},
                               {0x7fff0000, 0x80000000, MemoryKind::acpi_nvs, "ACPI NVS", 9},
                               {0xb0000000, 0xc0000000, MemoryKind::unusable, "unusable", 11},
                               {0x100000000, 0x180000000, MemoryKind::ram, "System RAM", 13},
                               {0x180000000, 0x1c0000000, MemoryKind::soft_reserved, "soft reserved", 14},
                               {0x1c0000000, 0x200000000, MemoryKind::persistent, "persistent RAM (type 12)", 15},
                               {0x200000000, 0x240000000, MemoryKind::unknown, "type 21", 16},
                           }));
  EXPECT_EQ(notes(*map), (std::vector<std::string>{"note: " + path +
                                                   ":16: memory type 'type 21' is not one numaplan knows: kept as "
                                                   "not RAM"}));
  EXPECT_EQ(pairs(map->ram()), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                   {0x0, 0x9fc00}, {0x100000, 0x7ffe0000}, {0x100000000, 0x180000000}}));
}

// A real 5.10 boot (oracle case 01): QEMU q35's map, then a dmesg dump of the same boot, not read.
TEST(Memmap, KernelLog510Boot) {
  const auto map = load_memmap(std::string(NUMAPLAN_SOURCE_DIR) +
                               "/tests/kernel/cases/01-sparse-pxms/out/5.10.0-32-amd64/kernel.log");
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x9fc00, MemoryKind::ram, "usable", 5},
                               {0x9fc00, 0xa0000, MemoryKind::reserved, "reserved", 6},
                               {0xf0000, 0x100000, MemoryKind::reserved, "reserved", 7},
                               {0x100000, 0x7ffe0000, MemoryKind::ram, "usable", 8},
                               {0x7ffe0000, 0x80000000, MemoryKind::reserved, "reserved", 9},
                               {0xb0000000, 0xc0000000, MemoryKind::reserved, "reserved", 10},
                               {0xfed1c000, 0xfed20000, MemoryKind::reserved, "reserved", 11},
                               {0xfffc0000, 0x100000000, MemoryKind::reserved, "reserved", 12},
                               {0xfd00000000, 0x10000000000, MemoryKind::reserved, "reserved", 13},
                           }));
  EXPECT_TRUE(map->notes.empty());
}

// A real 7.3 boot of the same case: the same map in 7.x's words, with its gaps.
TEST(Memmap, KernelLog73Boot) {
  const auto map = load_memmap(std::string(NUMAPLAN_SOURCE_DIR) +
                               "/tests/kernel/cases/01-sparse-pxms/out/7.3.4+deb13-amd64/kernel.log");
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x9fc00, MemoryKind::ram, "System RAM", 5},
                               {0x9fc00, 0xa0000, MemoryKind::reserved, "device reserved", 6},
                               {0xf0000, 0x100000, MemoryKind::reserved, "device reserved", 8},
                               {0x100000, 0x7ffe0000, MemoryKind::ram, "System RAM", 9},
                               {0x7ffe0000, 0x80000000, MemoryKind::reserved, "device reserved", 10},
                               {0xb0000000, 0xc0000000, MemoryKind::reserved, "device reserved", 12},
                               {0xfed1c000, 0xfed20000, MemoryKind::reserved, "device reserved", 14},
                               {0xfffc0000, 0x100000000, MemoryKind::reserved, "device reserved", 16},
                               {0xfd00000000, 0x10000000000, MemoryKind::reserved, "device reserved", 18},
                           }));
  EXPECT_TRUE(map->notes.empty());
}

// The same 7.3 boot as dmesg, dmesg -T, dmesg -r, journalctl -k (short and
// short-precise) and kern.log print it: the same map.
TEST(Memmap, KernelLogInEveryFormat) {
  for (const char* format : test::kLogFormats) {
    const auto map = load_memmap(test::log_in_format(format));
    ASSERT_TRUE(map.ok()) << format << ": " << map.error().format();
    EXPECT_EQ(entries(*map), (std::vector<Entry>{
                                 {0x0, 0x9fc00, MemoryKind::ram, "System RAM", 4},
                                 {0x9fc00, 0xa0000, MemoryKind::reserved, "device reserved", 5},
                                 {0xf0000, 0x100000, MemoryKind::reserved, "device reserved", 7},
                                 {0x100000, 0x7ffe0000, MemoryKind::ram, "System RAM", 8},
                             }))
        << format;
    EXPECT_TRUE(map->notes.empty()) << format;
  }
}

// 5.10-6.x: "usable", "reserved", "persistent (type N)"; journalctl prefixes, no printk time.
TEST(Memmap, KernelLog61PrintFromJournal) {
  const std::string path = log_fixture("e820-6.1-journal.log");
  const auto map = load_memmap(path);
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x9fc00, MemoryKind::ram, "usable", 3},
                               {0x9fc00, 0xa0000, MemoryKind::reserved, "reserved", 4},
                               {0x100000, 0x7ffe0000, MemoryKind::ram, "usable", 5},
                               {0x7ffe0000, 0x7fff0000, MemoryKind::acpi_data, "ACPI data", 6},
                               {0x7fff0000, 0x80000000, MemoryKind::acpi_nvs, "ACPI NVS", 7},
                               {0xb0000000, 0xc0000000, MemoryKind::unusable, "unusable", 8},
                               {0x100000000, 0x180000000, MemoryKind::ram, "usable", 9},
                               {0x180000000, 0x1c0000000, MemoryKind::soft_reserved, "soft reserved", 10},
                               {0x1c0000000, 0x1e0000000, MemoryKind::persistent, "persistent (type 7)", 11},
                               {0x1e0000000, 0x200000000, MemoryKind::persistent, "persistent (type 12)", 12},
                               {0x200000000, 0x240000000, MemoryKind::unknown, "type 20", 13},
                           }));
  EXPECT_EQ(notes(*map), (std::vector<std::string>{"note: " + path +
                                                   ":13: memory type 'type 20' is not one numaplan knows: kept as "
                                                   "not RAM"}));
}

// memmap= / mem= on the command line: the kernel prints the map it uses as
// "user:", after the firmware's; dmesg -r level prefixes.
TEST(Memmap, KernelLogUserMapWins) {
  const auto map = load_memmap(log_fixture("e820-5.10-user.log"));
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x0, 0x9fc00, MemoryKind::ram, "usable", 6},
                               {0x100000, 0x80000000, MemoryKind::ram, "usable", 7},
                               {0x80000000, 0xbffe0000, MemoryKind::persistent, "persistent (type 12)", 8},
                           }));
  EXPECT_TRUE(map->notes.empty());
}

// More entries than boot_params holds: e820__memory_setup_extended() prints
// the whole map again as "extended", which the kernel then uses.
TEST(Memmap, KernelLogExtendedMapWins) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "extended physical RAM map:\n"
                              "extended: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "extended: [mem 0x0000000000100000-0x00000000bffdffff] usable\n");
  const auto map = load_memmap(path.string());
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(pairs(map->ram()),
            (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{0x0, 0x9fc00}, {0x100000, 0xbffe0000}}));
}

// The shape is e820__print_table()'s, the name one no kernel prints: kept, not RAM, with a note.
TEST(Memmap, KernelLogUnknownTypeName) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff]  System RAM\n"
                              "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff]  firmware scratch\n");
  const auto map = load_memmap(path.string());
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{{0x0, 0x9fc00, MemoryKind::ram, "System RAM", 1},
                                               {0x9fc00, 0xa0000, MemoryKind::unknown, "firmware scratch", 2}}));
  EXPECT_EQ(notes(*map), (std::vector<std::string>{
                             "note: " + path.string() +
                             ":2: memory type 'firmware scratch' is not one numaplan knows: kept as not RAM"}));
}

TEST(Memmap, KernelLogMalformedE820Line) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
                              "[    0.000000] BIOS-e820: 0000000000100000 - 00000000bffe0000 (usable)\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() +
                ":2: expected 'BIOS-e820: [mem 0x<start>-0x<end>] <type>' or 'BIOS-e820: [gap 0x<start>-0x<end>]', "
                "got 'BIOS-e820: 0000000000100000 - 00000000bffe0000 (usable)'");
}

// The shapes of an e820 line, read by hand since the std::regex went: the
// type follows "] " and spaces and starts with a non-space; the numbers are
// "0x" and hex digits of either case; a gap has nothing after its bracket.
TEST(Memmap, KernelLogE820LineShapes) {
  const std::string ram = "BIOS-e820: [mem 0x0000000000000000-0x000000000009FBFF]   usable\n";
  const auto map = parse_memmap_text(ram + "BIOS-e820: [gap 0x00000000000a0000-0x00000000000effff]\n"
                                           "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff]  device  reserved \n",
                                     "log");
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{{0, 0x9fc00, MemoryKind::ram, "usable", 1},
                                               {0xf0000, 0x100000, MemoryKind::unknown, "device  reserved", 3}}));
  for (const char* line : {"BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff]",
                           "BIOS-e820: [mem 0x100000-0xbffdffff]usable",
                           "BIOS-e820: [mem 0x100000-0xbffdffff] \tusable",
                           "BIOS-e820: [mem 100000-0xbffdffff] usable",
                           "BIOS-e820: [mem 0x-0xbffdffff] usable",
                           "BIOS-e820: [mem 0X100000-0xbffdffff] usable",
                           "BIOS-e820: [mem 0x100000 0xbffdffff] usable",
                           "BIOS-e820: [mem 0x100000-0xbffdffff) usable",
                           "BIOS-e820: [gap 0x100000-0xbffdffff] x",
                           "BIOS-e820: [gap 0x100000-0xbffdffg]"}) {
    const auto bad = parse_memmap_text(ram + line + "\n", "log");
    ASSERT_FALSE(bad.ok()) << line;
    EXPECT_EQ(bad.error().origin, "log:2") << line;
  }
}

TEST(Memmap, KernelLogMalformedGapLine) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff]  System RAM\n"
                              "BIOS-e820: [gap 0x00000000000a0000-0x00000000000effff] hole\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() +
                ":2: expected 'BIOS-e820: [mem 0x<start>-0x<end>] <type>' or 'BIOS-e820: [gap 0x<start>-0x<end>]', "
                "got 'BIOS-e820: [gap 0x00000000000a0000-0x00000000000effff] hole'");
}

TEST(Memmap, KernelLogInvertedGap) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff]  System RAM\n"
                              "user: [gap 0x00000000000effff-0x00000000000a0000]\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() + ":2: range 0x00000000000effff-0x00000000000a0000 is empty or unbounded");
}

TEST(Memmap, KernelLogWithoutRam) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt", "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] reserved\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() + ":1: no RAM ('usable' or 'System RAM') in the log's BIOS-e820 map");
}

// arm64 (no e820): the early node map of the first boot, one entry per
// memblock region; the oracle log's dmesg copy after the console is not read.
TEST(Memmap, Arm64KernelLogEarlyMemoryNodeRanges) {
  const std::string path = std::string(NUMAPLAN_SOURCE_DIR) +
                           "/tests/kernel/arm64-cases/02-inject-numa2/out/6.12.118+deb12-arm64/kernel.log";
  const auto map = load_memmap(path);
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x4000000, 0x8000000, MemoryKind::ram, "node 0", 48},
                               {0x40000000, 0x80000000, MemoryKind::ram, "node 0", 49},
                               {0x80000000, 0xbc440000, MemoryKind::ram, "node 1", 50},
                               {0xbc440000, 0xbc730000, MemoryKind::ram, "node 1", 51},
                               {0xbc730000, 0xbf82b000, MemoryKind::ram, "node 1", 52},
                               {0xbf82c000, 0xbfc00000, MemoryKind::ram, "node 1", 53},
                               {0xbfc00000, 0xbffe0000, MemoryKind::ram, "node 1", 54},
                               {0xbffe0000, 0xc0000000, MemoryKind::ram, "node 1", 55},
                           }));
}

TEST(Memmap, Arm64KernelLogMalformedNodeRange) {
  test::TempDir dir;
  const auto path = dir.write("dmesg.txt",
                              "Early memory node ranges\n"
                              "  node   0: [mem 0x0000000040000000-0x00000000bfffffff]\n"
                              "  node   1: [mem 0x00000000c0000000]\n");
  EXPECT_EQ(error_of(path.string()),
            "error: " + path.string() +
                ":3: expected '  node N: [mem 0x<start>-0x<end>]' after 'Early memory node ranges', got '  node   1: "
                "[mem 0x00000000c0000000]'");
}

// arm64's /proc/iomem: a top-level "reserved" is a no-map memblock region,
// RAM to memblock (x86's e820 entries are "Reserved").
TEST(Memmap, Arm64IomemNomapRegionsAreMemblockMemory) {
  test::TempDir dir;
  const auto path = dir.write("iomem",
                              "04000000-07ffffff : System RAM\n"
                              "09000000-09000fff : pl011@9000000\n"
                              "40000000-bc43ffff : System RAM\n"
                              "  40210000-41cdffff : Kernel code\n"
                              "bc440000-bc72ffff : reserved\n"
                              "bc730000-bfffffff : System RAM\n"
                              "  bf000000-bf0fffff : reserved\n");
  const auto map = load_memmap(path.string());
  ASSERT_TRUE(map.ok()) << map.error().format();
  EXPECT_EQ(entries(*map), (std::vector<Entry>{
                               {0x4000000, 0x8000000, MemoryKind::ram, "System RAM", 1},
                               {0x40000000, 0xbc440000, MemoryKind::ram, "System RAM", 3},
                               {0xbc440000, 0xbc730000, MemoryKind::nomap, "reserved", 5},
                               {0xbc730000, 0xc0000000, MemoryKind::ram, "System RAM", 6},
                           }));
  EXPECT_EQ(pairs(map->ram()), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                   {0x4000000, 0x8000000},
                                   {0x40000000, 0xbc440000},
                                   {0xbc440000, 0xbc730000},
                                   {0xbc730000, 0xc0000000}}));
}

TEST(Memmap, MissingFile) {
  EXPECT_EQ(error_of("/nonexistent/iomem"), "error: /nonexistent/iomem: cannot read the file");
}

}  // namespace
}  // namespace numaplan::source
