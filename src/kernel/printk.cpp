// Mirrors the parts of lib/vsprintf.c the NUMA messages use.
#include "kernel.h"

namespace numaplan::kernel::detail {

std::string lower_hex(std::uint64_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[value & 0xF]);
    value >>= 4;
  } while (value != 0);
  if (static_cast<int>(out.size()) < digits) out.insert(0, static_cast<std::size_t>(digits) - out.size(), '0');
  return out;
}

// Unlike glibc, the kernel prints the "0x" of "%#x" for 0 too; the width counts it.
std::string hex_prefixed(std::uint64_t value, int width) { return "0x" + lower_hex(value, width - 2); }

std::string mem_range(std::uint64_t start, std::uint64_t end) {
  return "[mem " + hex_prefixed(start, 10) + "-" + hex_prefixed(end - 1, 10) + "]";
}

}  // namespace numaplan::kernel::detail
