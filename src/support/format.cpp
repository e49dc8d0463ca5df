#include "numaplan/support/format.h"

#include <cstdio>

namespace numaplan {

std::string hex(std::uint64_t value, int min_digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*llX", min_digits, static_cast<unsigned long long>(value));
  return buffer;
}

std::string lower_hex(std::uint64_t value, int min_digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*llx", min_digits, static_cast<unsigned long long>(value));
  return buffer;
}

std::string printable_ascii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      out += "\\x" + hex(byte, 2);
    }
  }
  return out;
}

}  // namespace numaplan
