#include "numaplan/support/format.h"

#include <algorithm>
#include <charconv>

namespace numaplan {

namespace {

// Hex digits of `value` ending at `end`; returns where they start.
char* hex_digits_before(char* end, std::uint64_t value, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    *--end = digits[value & 0xF];
    value >>= 4;
  } while (value != 0);
  return end;
}

}  // namespace

char* put_hex(char* at, std::uint64_t value, int min_digits) {
  char buffer[16];
  char* first = hex_digits_before(buffer + sizeof buffer, value, true);
  const auto n = static_cast<int>(buffer + sizeof buffer - first);
  for (int i = n; i < min_digits; ++i) *at++ = '0';
  return std::copy(first, buffer + sizeof buffer, at);
}

char* put_decimal(char* at, std::uint64_t value, int min_width, char pad) {
  char buffer[20];
  const char* end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  const auto n = static_cast<int>(end - buffer);
  for (int i = n; i < min_width; ++i) *at++ = pad;
  return std::copy(static_cast<const char*>(buffer), end, at);
}

void append_hex(std::string& out, std::uint64_t value, int min_digits, bool upper) {
  char buffer[16];
  char* first = hex_digits_before(buffer + sizeof buffer, value, upper);
  const auto n = static_cast<int>(buffer + sizeof buffer - first);
  if (min_digits > n) out.append(static_cast<std::size_t>(min_digits - n), '0');
  out.append(first, buffer + sizeof buffer);
}

void append_decimal(std::string& out, std::uint64_t value, int min_width, char pad) {
  char buffer[20];
  const char* end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  const auto n = static_cast<int>(end - buffer);
  if (min_width > n) out.append(static_cast<std::size_t>(min_width - n), pad);
  out.append(static_cast<const char*>(buffer), end);
}

void append_right(std::string& out, std::string_view text, std::size_t width) {
  if (width > text.size()) out.append(width - text.size(), ' ');
  out += text;
}

std::string hex(std::uint64_t value, int min_digits) {
  std::string out;
  append_hex(out, value, min_digits);
  return out;
}

std::string lower_hex(std::uint64_t value, int min_digits) {
  std::string out;
  append_hex(out, value, min_digits, false);
  return out;
}

std::optional<std::string> control_byte(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7f) {
      return "byte 0x" + hex(byte, 2) + " at column " + std::to_string(i + 1);
    }
  }
  return std::nullopt;
}

std::string printable_ascii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      out += "\\x";
      append_hex(out, byte, 2);
    }
  }
  return out;
}

}  // namespace numaplan
