// `--memmap FILE`: the machine's memory map, from any of the places Linux shows it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/kernel/layout.h"
#include "numaplan/support/expected.h"

namespace numaplan::source {

// What a memory-map entry holds: arch/x86/include/asm/e820/types.h's enum
// e820_type (5.10-7.3), one kind per name the kernel prints for it.
enum class MemoryKind : std::uint8_t {
  ram,            // E820_TYPE_RAM (1; before 7.x also RESERVED_KERN, 128): what memblock gets
  reserved,       // E820_TYPE_RESERVED (2)
  acpi_data,      // E820_TYPE_ACPI (3)
  acpi_nvs,       // E820_TYPE_NVS (4)
  unusable,       // E820_TYPE_UNUSABLE (5)
  persistent,     // E820_TYPE_PMEM (7), E820_TYPE_PRAM (12)
  soft_reserved,  // E820_TYPE_SOFT_RESERVED (0xefffffff): EFI_MEMORY_SP memory, left to drivers
  unknown,        // a type this list does not name ("type 17"): not RAM
  // arm64: a memblock region marked MEMBLOCK_NOMAP (UEFI memory not usable
  // as RAM, e.g. runtime services), /proc/iomem's top-level "reserved"
  // (request_standard_resources()): in memblock.memory all the same, so in
  // the early node map, and kept as a region of its own.
  nomap,
};

struct MemoryEntry {
  kernel::MemRange range;  // end exclusive
  MemoryKind kind = MemoryKind::unknown;
  std::string type;        // as the input names it: "usable", "System RAM", "type 17", "Soft Reserved"
  std::size_t line = 0;    // 1-based line of the input; 0 for a /sys/firmware/memmap entry
};

// The memory map an input lists, in its order. Detected by content:
// - a directory: /sys/firmware/memmap (entries N/{start,end,type}, end
//   inclusive; type as e820_type_to_string() names it);
// - a kernel log with e820__print_table() lines ("BIOS-e820: [mem
//   0x...-0x...] usable" up to 6.x, "...]  System RAM" with "[gap ...]"
//   lines between in 7.x), first boot only: the map the kernel used, i.e.
//   the last one printed of the firmware's ("BIOS-e820", "BIOS-e801",
//   "BIOS-88"), "extended" (SETUP_E820_EXT) and "user" (memmap=, mem=);
// - an arm64 kernel log (no e820 lines): free_area_init()'s "Early memory
//   node ranges" and the "  node   N: [mem 0x...-0x...]" lines after it,
//   memblock.memory region by region (UEFI's map as memblock holds it: no-map
//   regions apart), first boot only; each entry is RAM, its type "node N";
// - /proc/iomem: the top-level lines e820_type_to_string() names (hex, end
//   inclusive), and arm64's top-level "reserved" (a no-map memblock region;
//   x86 names its e820 entries "Reserved"); device windows ("PCI Bus ...")
//   are not memory-map entries.
// An entry of a type numaplan does not know is kept as MemoryKind::unknown
// with a note. Anything else, a malformed line, or a map without RAM is an
// error naming the file and line.
struct Memmap {
  std::vector<MemoryEntry> entries;
  Diagnostics notes;

  // The RAM ranges, in order: what e820__memblock_setup() adds to
  // memblock.memory; arm64's no-map regions too (memblock.memory holds them).
  std::vector<kernel::MemRange> ram() const;
  // The Soft Reserved ranges, in order: what it memblock_reserve()s instead.
  std::vector<kernel::MemRange> soft_reserved() const;
};
Expected<Memmap> load_memmap(const std::string& path);
// The text forms (a kernel log's e820 lines, /proc/iomem) of `origin`'s text.
Expected<Memmap> parse_memmap_text(std::string_view text, const std::string& origin);

}  // namespace numaplan::source
