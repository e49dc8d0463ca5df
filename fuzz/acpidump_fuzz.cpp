// acpidump text -> source::parse_acpidump -> decode_all -> every table
// exercised as decode_fuzz does (writing them is dump_text_fuzz's and
// dump_json_fuzz's).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.h"
#include "numaplan/acpi/table_set.h"
#include "numaplan/source/load.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Diagnostics diagnostics;
  (void)source::looks_like_acpidump(std::span<const std::uint8_t>(data, size));
  auto raw = source::parse_acpidump(text, "fuzz.txt", diagnostics);
  const acpi::TableSet set = acpi::decode_all(std::move(raw), std::move(diagnostics));
  for (const acpi::Table& table : set.tables) fuzz::exercise(table);
  return 0;
}
