// Bytes -> acpi::decode_table -> every field, reserved checks (fuzz_checks.h
// exercise): the decoder alone. Writing the dumps is dump_text_fuzz's and
// dump_json_fuzz's, the round trip through the encoder roundtrip_fuzz's: each
// costs several times this.
#include <cstddef>
#include <cstdint>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::vector<std::uint8_t>(data, data + size)});
  if (table) fuzz::exercise(*table);
  return 0;
}
