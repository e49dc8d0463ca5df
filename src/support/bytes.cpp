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

Expected<std::uint64_t> read_le(std::span<const std::uint8_t> bytes, std::uint64_t offset, std::uint64_t width) {
  if (width == 0 || width > 8) {
    Diagnostic d;
    d.offset = offset;
    d.message = "integer of " + std::to_string(width) + " bytes cannot be read";
    return d;
  }
  // The bounds check of checked_span, without building a second Expected: the
  // walker calls this twice per record.
  if (offset > bytes.size() || width > bytes.size() - offset) return past_end(bytes.size(), offset, width);
  std::uint64_t value = 0;
  for (std::uint64_t i = width; i-- > 0;) value = (value << 8) | bytes[offset + i];
  return value;
}

void write_le(std::span<std::uint8_t> bytes, std::uint64_t offset, std::uint64_t width, std::uint64_t value) {
  for (std::uint64_t i = 0; i < width; ++i) bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

}  // namespace numaplan
