#include "numaplan/support/format.h"

#include <algorithm>
#include <bit>
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

// The digits are written where they go, right to left, with no copy: a
// copy of a few bytes is a call to memcpy, and dump puts three numbers on
// each of its lines.
char* put_hex(char* at, std::uint64_t value, int min_digits) {
  const int digits = std::max({min_digits, 1, (static_cast<int>(std::bit_width(value)) + 3) / 4});
  char* const end = at + digits;
  for (char* p = end; p != at; value >>= 4) *--p = "0123456789ABCDEF"[value & 0xF];
  return end;
}

char* put_decimal(char* at, std::uint64_t value, int min_width, char pad) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  int digits = 1;
  for (std::uint64_t limit = 10; digits < 20 && value >= limit; limit *= 10) ++digits;
  char* const end = at + std::max(min_width, digits);
  char* p = end;
  for (; value >= 100; value /= 100) {  // two digits a division
    const auto pair = static_cast<std::size_t>(value % 100) * 2;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  }
  if (value >= 10) {
    *--p = kPairs[value * 2 + 1];
    *--p = kPairs[value * 2];
  } else {
    *--p = static_cast<char>('0' + value);
  }
  while (p != at) *--p = pad;
  return end;
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

std::string concat(std::initializer_list<MessagePiece> pieces) {
  std::size_t size = 0;
  for (const MessagePiece& piece : pieces) size += piece.text().size();
  std::string out;
  out.reserve(size);
  for (const MessagePiece& piece : pieces) out += piece.text();
  return out;
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

namespace {

// `text` with the bytes outside printable ASCII, and the backslash if
// `escape_backslash`, written as "\xNN".
std::string escape_bytes(std::string_view text, bool escape_backslash) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F && !(escape_backslash && byte == '\\')) {
      out += c;
    } else {
      out += "\\x";
      append_hex(out, byte, 2);
    }
  }
  return out;
}

}  // namespace

std::string printable_ascii(std::string_view text) { return escape_bytes(text, false); }

std::string reversible_ascii(std::string_view text) { return escape_bytes(text, true); }

}  // namespace numaplan
