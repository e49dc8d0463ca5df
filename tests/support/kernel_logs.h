// One real boot's lines in every log format numaplan reads
// (tests/kernel/logs/README.md): the formats and each one's file.
#pragma once

#include <array>
#include <string>

namespace numaplan::test {

inline constexpr std::array<const char*, 6> kLogFormats = {"dmesg",         "dmesg-T",
                                                           "dmesg-r",       "journal-short",
                                                           "journal-short-precise", "kern"};

inline std::string log_in_format(const std::string& format) {
  return std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/logs/01-sparse-pxms-7.3." + format + ".log";
}

}  // namespace numaplan::test
