// Small formatting helpers shared by diagnostics and emitters.
#pragma once

#include <cstdint>
#include <optional>
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

// `text` with every byte outside printable ASCII written as "\xNN", so input
// quoted in a diagnostic is always valid UTF-8 (JSON) and visible (text).
std::string printable_ascii(std::string_view text);

// The first byte of `line` that no text file holds (a control byte other than
// tab, or DEL) as "byte 0xNN at column C", so that binary data given where text
// is expected is named, not echoed; nullopt for a line of text.
std::optional<std::string> control_byte(std::string_view line);

}  // namespace numaplan
