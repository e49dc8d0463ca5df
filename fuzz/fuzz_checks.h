// What the decoder fuzzers do with decoded tables: read every field through
// the descriptions (exercise), write them as text (write_text_dump) and as
// JSON (write_json_dump), and check the round trip through JSON and the
// encoder (round_trip); one target each.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>

#include "numaplan/acpi/encode.h"
#include "numaplan/acpi/table.h"
#include "numaplan/check/reserved.h"
#include "numaplan/emit/dump.h"

namespace numaplan::fuzz {

// A failed property: print why and abort, so libFuzzer keeps the input.
[[noreturn]] inline void fail(const char* what, const acpi::Table& table) {
  std::fprintf(stderr, "fuzz property failed: %s (%s, %zu bytes)\n", what, table.signature.c_str(),
               table.bytes.size());
  std::abort();
}

// Which refusals a table's walk has already seen: a field beyond its record
// (bytes() and read()) and an element one past its list (element()).
struct Refusals {
  bool field = false;
  bool element = false;
};

// A field inside the record must be readable (bytes(), and read() up to 8
// bytes); one beyond it is not present, and bytes() and read() refuse it.
// Their refusal is holds()'s answer, the bounds test both make: the harness
// asks holds() of every field, and makes bytes(), read() and element() refuse
// once a table. A refusal formats a diagnostic and allocates it: asked of the
// first field beyond each of the many short records of a fuzzed table, the
// refusals were half of decode_fuzz's allocations.
inline void read_every_field(const acpi::StructView& view, Refusals& refusals) {
  for (const acpi::FieldDesc& field : view.desc().fields) {
    if (view.holds(field)) {
      if (!view.bytes(field)) std::abort();
      if (field.width <= 8 && !view.read(field)) std::abort();
      continue;
    }
    if (view.present(field)) std::abort();
    if (!refusals.field) {
      if (view.bytes(field) || view.read(field)) std::abort();
      refusals.field = true;
    }
  }
  for (const acpi::ArrayView& array : view.arrays()) {
    if (array.count > array.wanted) std::abort();
    for (std::uint64_t i = 0; i < array.count; ++i) {
      if (!view.element(array, i)) std::abort();
    }
    if (!refusals.element) {
      if (view.element(array, array.count)) std::abort();  // one past the end must be refused
      refusals.element = true;
    }
  }
}

// The decoder targets' checks (decode_fuzz, acpidump_fuzz): every field read
// and the reserved-field check, nothing written. Writing a table (the dump
// targets) cost five times the decoding: an ASan allocation of its 64 KiB
// text piece, every field formatted twice.
inline void exercise(const acpi::Table& table) {
  (void)table.common_view();
  if (table.desc != nullptr && table.header.desc != nullptr) {
    Refusals refusals;
    read_every_field(table.common_view(), refusals);
    read_every_field(table.header_view(), refusals);
    for (const acpi::Record& record : table.subtables) {
      if (record.offset + std::uint64_t{record.length} > table.bytes.size()) fail("record beyond the table", table);
      (void)table.raw(record);
      if (record.desc != nullptr) read_every_field(table.view(record), refusals);
    }
  }
  (void)check::check_reserved(table);
}

// dump_text_fuzz's: the text dump, written and dropped.
inline void write_text_dump(const acpi::Table& table) { (void)emit::dump_text(table); }

// dump_json_fuzz's: the streamed JSON dump, written and dropped.
inline void write_json_dump(const acpi::Table& table) {
  std::ostream discard(nullptr);
  emit::write_dump_json(std::span<const acpi::Table>(&table, 1), {}, discard);
}

// The expensive property, in a target of its own (roundtrip_fuzz): every
// table is encoded again from its JSON text, as `numaplan dump --format json`
// writes it and the encoder reads a file. The encoder must answer (bytes or an
// error), never crash or hang, whatever the fields ask for (an MSCT Proximity
// Offset beyond kMaxRecordsOffset is an error, not gigabytes of padding).
// Only a table decoded without errors has one encoding (see
// tests/acpi/encode_test.cpp), so only its bytes must come back unchanged.
// The encoder reads a table's header and records and skips its "diagnostics"
// (encode.cpp, kTableKeys), so they are dropped before the dump is written:
// the fuzzed tables' diagnostics were 38 % of their dumps' text. Writing
// them is dump_json_fuzz's, reading JSON strings json_reader_fuzz's.
inline void round_trip(acpi::Table& table) {
  const bool one_encoding = table.desc != nullptr && !has_errors(table.diagnostics);
  table.diagnostics.clear();
  auto encoded = acpi::encode_table_text(emit::dump_json_text(table));
  if (one_encoding && table.bytes.size() <= acpi::kMaxRecordsOffset) {
    if (!encoded) fail(("a clean table does not encode: " + encoded.error().format()).c_str(), table);
    if (*encoded != table.bytes) fail("decode -> dump_json -> encode changed the bytes", table);
  }
}

}  // namespace numaplan::fuzz
