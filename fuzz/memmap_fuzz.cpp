// Text -> source::parse_memmap_text (a kernel log's e820 lines, /proc/iomem),
// as --memmap reads a file. A map it accepts has RAM and only ranges with
// start < end; an error names the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "numaplan/source/memmap_formats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto map = source::parse_memmap_text(text, "fuzz.log");
  if (!map) {
    if (!map.error().origin.starts_with("fuzz.log") || map.error().message.empty()) __builtin_trap();
    return 0;
  }
  if (map->ram().empty()) __builtin_trap();
  for (const source::MemoryEntry& entry : map->entries) {
    if (entry.range.start >= entry.range.end) __builtin_trap();
  }
  return 0;
}
