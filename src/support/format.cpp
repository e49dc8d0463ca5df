#include "numaplan/support/format.h"

#include <cstdio>

namespace numaplan {

std::string hex(std::uint64_t value, int min_digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*llX", min_digits, static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace numaplan
