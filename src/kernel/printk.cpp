// Mirrors the parts of lib/vsprintf.c the NUMA messages use.
#include "kernel.h"

namespace numaplan::kernel::detail {

// Unlike glibc, the kernel prints the "0x" of "%#x" for 0 too; the width counts it.
std::string hex_prefixed(std::uint64_t value, int width) {
  std::string out = "0x";
  append_hex(out, value, width - 2, false);
  return out;
}

// One string, no temporaries: every SRAT memory line and merge line has one or three.
std::string mem_range(std::uint64_t start, std::uint64_t end) {
  std::string out = "[mem 0x";
  out.reserve(40);
  append_hex(out, start, 8, false);
  out += "-0x";
  append_hex(out, end - 1, 8, false);
  out += ']';
  return out;
}

}  // namespace numaplan::kernel::detail
