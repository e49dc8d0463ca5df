// Bytes -> acpi::decode_table -> every field, dump text and JSON, reserved
// checks (fuzz_checks.h exercise). The round trip through the encoder is
// roundtrip_fuzz's: it costs ten times as much per input.
#include <cstddef>
#include <cstdint>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::vector<std::uint8_t>(data, data + size)});
  if (table) fuzz::exercise(*table);
  return 0;
}
