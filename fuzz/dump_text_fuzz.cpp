// Bytes -> acpi::decode_table -> the text dump (fuzz_checks.h write_text_dump):
// what `numaplan dump` writes must be written whatever the table holds. The
// JSON dump is dump_json_fuzz's (one property a target: together they ran at
// half the rate the decoder targets reach). Seeded and run like decode_fuzz.
#include <cstddef>
#include <cstdint>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  auto table = acpi::decode_table(acpi::RawTable{"fuzz", std::vector<std::uint8_t>(data, data + size)});
  if (table) fuzz::write_text_dump(*table);
  return 0;
}
