// Small formatting helpers shared by diagnostics and emitters.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace numaplan {

// Upper-case hex, zero-padded to at least `min_digits`, no prefix: hex(0x1a, 2) == "1A".
std::string hex(std::uint64_t value, int min_digits = 1);
// Lower-case hex, as the kernel's %x and the JSON addresses: lower_hex(0x1a, 4) == "001a".
std::string lower_hex(std::uint64_t value, int min_digits = 1);

// Appending writers for the emitters' hot paths, where building each piece
// with snprintf was most of `dump`'s time.
void append_hex(std::string& out, std::uint64_t value, int min_digits = 1, bool upper = true);
// Decimal, padded on the left with `pad` to at least `min_width` characters.
void append_decimal(std::string& out, std::uint64_t value, int min_width = 0, char pad = ' ');
// Writers into a caller's buffer, returning the end, for a line built on the
// stack and appended once: at most max(16, min_digits) and max(20, min_width)
// characters.
char* put_hex(char* at, std::uint64_t value, int min_digits = 1);
char* put_decimal(char* at, std::uint64_t value, int min_width = 0, char pad = ' ');
// `text` right-aligned in `width` columns (as printf's %*s).
void append_right(std::string& out, std::string_view text, std::size_t width);

// One piece of a message for concat(): text as it is, or an integer in
// decimal (a char or bool is not taken for a number).
class MessagePiece {
 public:
  MessagePiece(std::string_view text) : text_(text) {}
  MessagePiece(const char* text) : text_(text) {}
  MessagePiece(const std::string& text) : text_(text) {}
  template <std::integral Number>
    requires(!std::same_as<Number, char> && !std::same_as<Number, bool>)
  MessagePiece(Number number)
      // std::to_chars: the standard library's, so not traced by the fuzzers
      // (fuzz/coverage-ignore.txt), and a diagnostic has a few numbers each.
      : digit_count_(static_cast<std::uint8_t>(std::to_chars(digits_, digits_ + sizeof digits_, number).ptr - digits_)) {}
  std::string_view text() const { return digit_count_ != 0 ? std::string_view(digits_, digit_count_) : text_; }

 private:
  std::string_view text_;
  char digits_[21];  // '-' and 20 digits; read through text(), so a copy stays valid
  std::uint8_t digit_count_ = 0;
};

// The pieces joined in one allocation: a diagnostic's message built with
// operator+ allocated once per piece, and the fuzzers decode a table with a
// diagnostic in most records.
std::string concat(std::initializer_list<MessagePiece> pieces);

// `text` with every byte outside printable ASCII written as "\xNN", so input
// quoted in a diagnostic is always valid UTF-8 (JSON) and visible (text).
std::string printable_ascii(std::string_view text);

// printable_ascii() with the backslash written "\x5C" too, so that the text
// reads back unambiguously, each "\xNN" as its byte and any other character
// as itself (the dumps' ASCII fields, which the encoder reads back: a
// backslash written as itself before "x" and two hex digits came back as
// one byte, not four; roundtrip_fuzz found it in an OEM Table ID "\\xCEDT%").
std::string reversible_ascii(std::string_view text);

}  // namespace numaplan
