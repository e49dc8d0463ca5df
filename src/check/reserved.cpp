#include "numaplan/check/reserved.h"

#include <algorithm>

#include "numaplan/support/format.h"

namespace numaplan::check {

namespace {

using acpi::FieldDesc;
using acpi::FieldKind;

std::uint64_t named_bits(const FieldDesc& field) {
  std::uint64_t mask = 0;
  for (const auto& bit : field.bits) mask |= ((std::uint64_t{1} << bit.width) - 1) << bit.shift;
  return mask;
}

// Room for eight at the first, as decode's diagnostics (Decoder::report): a
// fuzzed table's records set a few reserved fields, and each doubling of the
// vector was an allocation and a move of its Diagnostics under ASan.
void add(Diagnostics& out, Diagnostic&& diagnostic) {
  if (out.capacity() == 0) out.reserve(8);
  out.push_back(std::move(diagnostic));
}

void check_struct(const acpi::Table& table, const acpi::StructView& view, Diagnostics& out) {
  for (const FieldDesc& field : view.desc().fields) {
    if (!view.present(field)) continue;
    const std::uint64_t at = view.offset() + field.offset;
    if (field.kind == FieldKind::reserved) {
      const auto bytes = view.bytes(field).value();
      if (std::any_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b != 0; })) {
        add(out, Diagnostic{Severity::warning, table.signature, table.origin, at, std::string(field.name),
                            concat({"reserved field is not zero in ", view.desc().name, ", expected 0"})});
      }
    } else if (field.kind == FieldKind::flags) {
      const std::uint64_t extra = view.read(field).value() & ~named_bits(field);
      if (extra != 0) {
        add(out, Diagnostic{Severity::warning, table.signature, table.origin, at, std::string(field.name),
                            concat({"reserved bits 0x", hex(extra), " are set in ", view.desc().name,
                                    ", expected only 0x", hex(named_bits(field))})});
      }
    }
  }
}

}  // namespace

Diagnostics check_reserved(const acpi::Table& table) {
  Diagnostics out;
  if (table.desc == nullptr || table.header.desc == nullptr) return out;
  check_struct(table, table.header_view(), out);
  for (const acpi::Record& record : table.subtables) {
    if (record.desc != nullptr) check_struct(table, table.view(record), out);
  }
  return out;
}

}  // namespace numaplan::check
