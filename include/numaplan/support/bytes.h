// Bounds-checked little-endian reads from a byte span.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>

#include "numaplan/support/expected.h"

namespace numaplan {

// Why `width` bytes at `offset` of a `size`-byte span cannot be read as an integer.
Diagnostic read_le_error(std::uint64_t size, std::uint64_t offset, std::uint64_t width);

// `width` (1..8) bytes at `at` as a little-endian integer, for read_le once
// it has checked the bounds.
inline std::uint64_t load_le(const std::uint8_t* at, std::uint64_t width) {
  static_assert(std::endian::native == std::endian::little, "the usual widths are loaded as host integers");
  switch (width) {
    case 1: return at[0];
    case 2: { std::uint16_t v; std::memcpy(&v, at, 2); return v; }
    case 4: { std::uint32_t v; std::memcpy(&v, at, 4); return v; }
    case 8: { std::uint64_t v; std::memcpy(&v, at, 8); return v; }
    default: {
      std::uint64_t value = 0;
      for (std::uint64_t i = width; i-- > 0;) value = (value << 8) | at[i];
      return value;
    }
  }
}

// `width` bytes at `offset` as a little-endian integer (width 1..8). Inline:
// the table walker and every field read go through it.
inline Expected<std::uint64_t> read_le(std::span<const std::uint8_t> bytes, std::uint64_t offset,
                                       std::uint64_t width) {
  if (width == 0 || width > 8 || offset > bytes.size() || width > bytes.size() - offset) {
    return read_le_error(bytes.size(), offset, width);
  }
  return load_le(bytes.data() + offset, width);
}

// `width` bytes at `offset`, or an error when they run past the end.
Expected<std::span<const std::uint8_t>> checked_span(std::span<const std::uint8_t> bytes, std::uint64_t offset,
                                                     std::uint64_t width);

// Writes `value` as `width` little-endian bytes; the caller sized `bytes`.
void write_le(std::span<std::uint8_t> bytes, std::uint64_t offset, std::uint64_t width, std::uint64_t value);

}  // namespace numaplan
