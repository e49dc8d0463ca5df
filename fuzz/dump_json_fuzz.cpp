// Bytes -> acpi::decode_table -> the streamed JSON dump (fuzz_checks.h
// write_json_dump): what `numaplan dump --format json` writes must be written
// whatever the table holds. The text dump is dump_text_fuzz's. Seeded and run
// like decode_fuzz.
#include <cstddef>
#include <cstdint>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::vector<std::uint8_t>(data, data + size)});
  if (table) fuzz::write_json_dump(*table);
  return 0;
}
