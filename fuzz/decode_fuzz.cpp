// Bytes -> acpi::decode_table -> every field, dump text and JSON, reserved
// checks, and every decoded table encoded again (fuzz_checks.h: an answer
// for each, the same bytes for each table decoded without errors).
#include <cstddef>
#include <cstdint>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::vector<std::uint8_t>(data, data + size)});
  if (table) fuzz::exercise(*table);
  return 0;
}
