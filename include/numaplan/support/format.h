// Small formatting helpers shared by diagnostics and emitters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace numaplan {

// Upper-case hex, zero-padded to at least `min_digits`, no prefix: hex(0x1a, 2) == "1A".
std::string hex(std::uint64_t value, int min_digits = 1);
// Lower-case hex, as the kernel's %x and the JSON addresses: lower_hex(0x1a, 4) == "001a".
std::string lower_hex(std::uint64_t value, int min_digits = 1);

// `text` with every byte outside printable ASCII written as "\xNN", so input
// quoted in a diagnostic is always valid UTF-8 (JSON) and visible (text).
std::string printable_ascii(std::string_view text);

}  // namespace numaplan
