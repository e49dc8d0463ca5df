// Mirrors the parts of lib/vsprintf.c the NUMA messages use.
#include "kernel.h"

namespace numaplan::kernel::detail {

// Unlike glibc, the kernel prints the "0x" of "%#x" for 0 too; the width counts it.
std::string hex_prefixed(std::uint64_t value, int width) { return "0x" + lower_hex(value, width - 2); }

std::string mem_range(std::uint64_t start, std::uint64_t end) {
  return "[mem " + hex_prefixed(start, 10) + "-" + hex_prefixed(end - 1, 10) + "]";
}

}  // namespace numaplan::kernel::detail
