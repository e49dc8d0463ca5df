// Bounds-checked little-endian reads from a byte span.
#pragma once

#include <cstdint>
#include <span>

#include "numaplan/support/expected.h"

namespace numaplan {

// `width` bytes at `offset` as a little-endian integer (width 1..8).
Expected<std::uint64_t> read_le(std::span<const std::uint8_t> bytes, std::uint64_t offset, std::uint64_t width);

// `width` bytes at `offset`, or an error when they run past the end.
Expected<std::span<const std::uint8_t>> checked_span(std::span<const std::uint8_t> bytes, std::uint64_t offset,
                                                     std::uint64_t width);

// Writes `value` as `width` little-endian bytes; the caller sized `bytes`.
void write_le(std::span<std::uint8_t> bytes, std::uint64_t offset, std::uint64_t width, std::uint64_t value);

}  // namespace numaplan
