// Small formatting helpers shared by diagnostics and emitters.
#pragma once

#include <cstdint>
#include <string>

namespace numaplan {

// Upper-case hex, zero-padded to at least `min_digits`, no prefix: hex(0x1a, 2) == "1A".
std::string hex(std::uint64_t value, int min_digits = 1);

}  // namespace numaplan
