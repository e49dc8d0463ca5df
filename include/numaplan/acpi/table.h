// Decoded tables: where each structure lies and which description fits it.
// Field values are read on demand through StructView, every read checked
// against the record's bounds, so decoding a table is one pass over its
// record headers.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/describe.h"
#include "numaplan/support/bytes.h"
#include "numaplan/support/expected.h"

namespace numaplan::acpi {

// One structure in a table: the fixed header or a subtable. A subtable's type
// is read from the table's bytes (Table::type), not kept here: a large SRAT
// holds tens of thousands of records, at 16 bytes each rather than 24 (0.3 MiB
// less of a dump's peak memory on a 1 MiB SRAT).
struct Record {
  const StructDesc* desc = nullptr;  // nullptr: unknown subtable type, shown raw
  std::uint32_t offset = 0;          // from the table start
  std::uint32_t length = 0;          // bytes the record spans inside the table
};

// A decoded list that follows a structure's fixed fields.
struct ArrayView {
  const ArrayDesc* desc;
  std::uint32_t offset;  // from the table start
  std::uint64_t count;   // elements present (clipped to the record)
  std::uint64_t wanted;  // elements the fields ask for
};

// A record's lists (at most kMaxArrays), held in place: arrays() is asked of
// every record a dump or the kernel model reads, and as a vector each was an
// allocation (a twentieth of the dump fuzzers').
class ArrayViews {
 public:
  const ArrayView* begin() const { return views_.data(); }
  const ArrayView* end() const { return views_.data() + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const ArrayView& front() const { return (*this)[0]; }
  // The list at `index`; aborts past size() (a bug in the caller).
  const ArrayView& operator[](std::size_t index) const {
    if (index >= size_) std::abort();
    return views_[index];
  }

 private:
  friend class StructView;
  std::array<ArrayView, kMaxArrays> views_{};
  std::size_t size_ = 0;
};

// Bounds-checked reads of one record's fields.
class StructView {
 public:
  StructView(std::span<const std::uint8_t> table, const StructDesc& desc, std::uint32_t offset,
             std::uint32_t length)
      : table_(table), desc_(&desc), offset_(offset), length_(length) {}

  const StructDesc& desc() const { return *desc_; }
  std::span<const std::uint8_t> table() const { return table_; }
  std::uint32_t offset() const { return offset_; }
  std::uint32_t length() const { return length_; }

  // True when the field lies inside the record and its condition holds.
  bool present(const FieldDesc& field) const;
  // True when the field lies wholly inside the record: the bounds test of
  // read() and bytes(), which refuse a field it fails. No diagnostic is made
  // (the fuzz harness asks it of every field of hundreds of short records).
  bool holds(const FieldDesc& field) const { return inside(field.offset, field.width); }
  // An integer field (width up to 8 bytes).
  Expected<std::uint64_t> read(const FieldDesc& field) const;
  // Any field's bytes.
  Expected<std::span<const std::uint8_t>> bytes(const FieldDesc& field) const;
  // An integer field named by its handle (tables.h). A handle of another
  // structure's field is a bug in the caller: an internal error, not a read
  // of whatever lies at its offset in this record.
  Expected<std::uint64_t> get(Field field) const;
  std::uint64_t get_or(Field field, std::uint64_t fallback) const { return get(field).value_or(fallback); }
  // present() by handle; false for another structure's handle.
  bool present(Field field) const { return field.of(*desc_) && present(*field); }

  ArrayViews arrays() const;
  Expected<std::uint64_t> element(const ArrayView& array, std::uint64_t index) const;

 private:
  Diagnostic out_of_bounds(const FieldDesc& field) const;
  bool inside(std::uint16_t field_offset, std::uint16_t width) const {
    return std::uint32_t{field_offset} + width <= length_;
  }

  std::span<const std::uint8_t> table_;
  const StructDesc* desc_;
  std::uint32_t offset_;
  std::uint32_t length_;
};

// present() and read() are inline: dump, JSON and the kernel model read every
// field through them.
inline bool StructView::present(const FieldDesc& field) const {
  if (!inside(field.offset, field.width)) return false;
  if (field.when.selector_width == 0) return true;
  if (!inside(field.when.selector_offset, field.when.selector_width)) return false;
  auto selector = read_le(table_, std::uint64_t{offset_} + field.when.selector_offset, field.when.selector_width);
  return selector && *selector == field.when.value;
}

inline Expected<std::uint64_t> StructView::read(const FieldDesc& field) const {
  if (!holds(field) || field.width > 8) return out_of_bounds(field);
  return read_le(table_, std::uint64_t{offset_} + field.offset, field.width);
}

struct Table {
  std::string signature;
  std::string origin;               // where it came from: "file", "dump.txt: SRAT #2"
  std::vector<std::uint8_t> bytes;  // as found; may be shorter than the header's Length
  const TableDesc* desc = nullptr;  // nullptr: a table numaplan does not decode
  std::uint32_t declared_length = 0;
  std::uint8_t revision = 0;
  bool checksum_valid = false;
  Record header;                    // the fixed header (common + table-specific)
  std::vector<Record> subtables;
  Diagnostics diagnostics;          // decode problems, in table order

  std::span<const std::uint8_t> span() const { return bytes; }
  StructView common_view() const;  // the 36-byte common header
  StructView header_view() const;  // the table-specific fixed fields
  StructView view(const Record& record) const;  // record.desc must be set
  // A subtable's type field (0 when the table's subtables have none).
  std::uint64_t type(const Record& subtable) const;
  std::span<const std::uint8_t> raw(const Record& record) const;
};

// The table bytes as found in one input.
struct RawTable {
  std::string origin;
  std::vector<std::uint8_t> bytes;
};

// Decodes one table. Fails only when the bytes are not an ACPI table at all
// (shorter than the common header, or a signature that is not printable);
// every other problem is a diagnostic in the result and decoding goes on as
// far as it safely can.
Expected<Table> decode_table(RawTable raw);

// Signatures that are ACPI-like: four characters of [A-Z0-9_].
bool plausible_signature(std::span<const std::uint8_t> bytes);

// A table with a plausible signature that numaplan does not decode (DSDT,
// FACP...): decode_all only names it in a note, so the loaders keep only its
// common header (common_header.size bytes); a machine's AML is most of its bytes.
bool numaplan_skips(std::span<const std::uint8_t> table);

}  // namespace numaplan::acpi
