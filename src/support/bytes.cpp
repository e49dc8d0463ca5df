#include "numaplan/support/bytes.h"

#include <string>

namespace numaplan {

namespace {
Diagnostic past_end(std::uint64_t size, std::uint64_t offset, std::uint64_t width) {
  Diagnostic d;
  d.offset = offset;
  d.message = std::to_string(width) + " bytes at offset " + std::to_string(offset) + " run past the end (" +
              std::to_string(size) + " bytes)";
  return d;
}
}  // namespace

Expected<std::span<const std::uint8_t>> checked_span(std::span<const std::uint8_t> bytes, std::uint64_t offset,
                                                     std::uint64_t width) {
  if (offset > bytes.size() || width > bytes.size() - offset) return past_end(bytes.size(), offset, width);
  return bytes.subspan(offset, width);
}

Diagnostic read_le_error(std::uint64_t size, std::uint64_t offset, std::uint64_t width) {
  if (width == 0 || width > 8) {
    Diagnostic d;
    d.offset = offset;
    d.message = "integer of " + std::to_string(width) + " bytes cannot be read";
    return d;
  }
  return past_end(size, offset, width);
}

void write_le(std::span<std::uint8_t> bytes, std::uint64_t offset, std::uint64_t width, std::uint64_t value) {
  for (std::uint64_t i = 0; i < width; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace numaplan
