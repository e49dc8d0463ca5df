// Topology spec text -> JSON -> spec::parse_topology; a spec the parser
// accepts must encode (build_tables) into tables that decode without a single
// diagnostic, and its QEMU options must be writable. Anything else traps.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "numaplan/acpi/table.h"
#include "numaplan/emit/generate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace numaplan;
  const nlohmann::json document = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return 0;
  const auto topology = spec::parse_topology(document);
  if (!topology.ok()) {
    if (topology.error().field.empty() || topology.error().field[0] != '/') __builtin_trap();  // a JSON pointer
    return 0;
  }
  const auto tables = spec::build_tables(*topology);
  if (!tables.ok()) __builtin_trap();
  for (const spec::GeneratedTable& generated : *tables) {
    const auto table = acpi::decode_table({generated.signature, generated.bytes});
    if (!table.ok() || !table->checksum_valid || !table->diagnostics.empty()) __builtin_trap();
    (void)emit::acpidump_text(generated.signature, generated.bytes);
  }
  Diagnostics notes;
  (void)emit::qemu_args(*topology, *tables, "out", notes);
  return 0;
}
