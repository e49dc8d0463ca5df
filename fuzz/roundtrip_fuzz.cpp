// Bytes -> acpi::decode_table -> dump JSON -> acpi::encode_table: an answer
// for every table, the same bytes for each table decoded without errors
// (fuzz_checks.h round_trip). Seeded and run like decode_fuzz.
#include <cstddef>
#include <cstdint>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::vector<std::uint8_t>(data, data + size)});
  if (table) fuzz::round_trip(*table);
  return 0;
}
