// The table walker: one pass over the fixed header and the subtable headers.
// Structural problems become diagnostics naming table, offset and field; the
// walk goes on while the next record's position is still known.
#include <algorithm>
#include <array>
#include <optional>

#include "numaplan/acpi/table.h"
#include "numaplan/support/bytes.h"
#include "numaplan/support/format.h"

namespace numaplan::acpi {

namespace {

constexpr std::uint32_t kCommonHeaderSize = 36;

// The sum of the bytes mod 256, in 64-byte blocks: a fixed inner trip count
// and byte-wide sums let -O2 vectorise it without widening (a plain byte loop
// was a tenth of decoding a large SRAT).
std::uint8_t byte_sum(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kBlock = 64;
  std::uint8_t sum = 0;
  std::size_t at = 0;
  for (; at + kBlock <= bytes.size(); at += kBlock) {
    std::uint8_t block = 0;
    for (std::size_t i = 0; i < kBlock; ++i) block = static_cast<std::uint8_t>(block + bytes[at + i]);
    sum = static_cast<std::uint8_t>(sum + block);
  }
  for (; at < bytes.size(); ++at) sum = static_cast<std::uint8_t>(sum + bytes[at]);
  return sum;
}

class Decoder {
 public:
  explicit Decoder(Table& table) : t_(table) {}

  void run() {
    check_length();
    check_checksum();
    if (t_.desc == nullptr) return;
    if (!decode_header()) return;
    index_kinds();
    walk_subtables();
  }

 private:
  void report(Severity severity, std::uint64_t offset, std::string_view field, std::string message) {
    // Room for eight at the first: a table with diagnostics has a few (a
    // fuzzed one 3 to 8, a checksum and a length among them), and growing by
    // doubling was an allocation, a fill and a move of every Diagnostic (152
    // bytes, four strings) at 1, 2 and 4: decode_fuzz's own code ran 6.5 %
    // faster without (ASan+UBSan).
    if (t_.diagnostics.capacity() == 0) t_.diagnostics.reserve(8);
    t_.diagnostics.push_back(
        Diagnostic{severity, t_.signature, t_.origin, offset, std::string(field), std::move(message)});
  }

  // The header's Length against what the input holds.
  void check_length() {
    const auto have = static_cast<std::uint64_t>(t_.bytes.size());
    if (t_.declared_length > have) {
      report(Severity::error, 4, "Table Length",
             concat({"header says ", t_.declared_length, " bytes but the input holds only ", have, "; decoding the ",
                     have, " present"}));
    } else if (t_.declared_length < kCommonHeaderSize) {
      report(Severity::error, 4, "Table Length",
             concat({"header says ", t_.declared_length, " bytes, less than the 36-byte common header"}));
    } else if (t_.declared_length < have) {
      report(Severity::note, t_.declared_length, "Table Length",
             concat({have - t_.declared_length, " bytes after the table's declared end are ignored"}));
      t_.bytes.resize(t_.declared_length);
    }
    // decode_table guarantees have >= 36; a Length below that leaves just the common header.
    end_ = static_cast<std::uint32_t>(
        std::min(have, std::max<std::uint64_t>(kCommonHeaderSize, t_.declared_length)));
  }

  void check_checksum() {
    if (t_.declared_length > t_.bytes.size()) {
      report(Severity::note, 9, "Checksum",
             concat({"cannot be verified: ", t_.declared_length - t_.bytes.size(), " of the ", t_.declared_length,
                     " bytes it covers are missing"}));
      return;
    }
    const unsigned sum = byte_sum(std::span<const std::uint8_t>(t_.bytes.data(), end_));
    t_.checksum_valid = sum == 0;
    if (sum != 0) {
      const unsigned stored = t_.bytes[9];
      const unsigned expected = (stored - sum) & 0xFFU;
      report(Severity::error, 9, "Checksum",
             concat({"is 0x", hex(stored, 2), ", expected 0x", hex(expected, 2),
                     " (the bytes of the table must sum to 0 mod 256)"}));
    }
  }

  bool decode_header() {
    const StructDesc& body = *t_.desc->body;
    t_.header = Record{&body, 0, end_};
    if (end_ < body.size) {
      report(Severity::error, end_, "Table Length",
             concat({"table is ", end_, " bytes, shorter than the ", body.size, "-byte ", t_.signature,
                     " header; no subtables decoded"}));
      return false;
    }
    if (!body.arrays.empty()) check_arrays(t_.header_view(), "");
    return true;
  }

  // Lists that want more elements than the record holds. `structure` names a
  // subtable in the message (empty for the table header); it is a view so the
  // walk allocates nothing per record. Callers skip records without lists.
  void check_arrays(const StructView& view, std::string_view structure) {
    for (const ArrayView& array : view.arrays()) {
      if (array.count == array.wanted) continue;
      const unsigned width = array.desc->element_width;
      report(Severity::error, array.offset, array.desc->name,
             concat({structure, structure.empty() ? "" : " ", "needs ", array.wanted, " elements of ", width,
                     width == 1 ? " byte" : " bytes", " each, only ", array.count, " fit in the record"}));
    }
  }

  std::uint32_t walk_start() {
    const SubtableWalk& walk = t_.desc->walk;
    const FieldDesc* field = walk.start_field;
    if (field == nullptr) return walk.start;
    const std::uint64_t start = t_.header_view().read(*field).value_or(0);
    if (start < t_.desc->body->size || start > end_) {
      report(Severity::error, field->offset, field->name,
             concat({"is ", start, ", outside ", t_.desc->body->size, "..", end_, "; no structures decoded"}));
      return end_;
    }
    return static_cast<std::uint32_t>(start);
  }

  void walk_subtables() {
    const SubtableWalk& walk = t_.desc->walk;
    if (walk.length_width == 0) return;
    const std::uint32_t header_bytes = walk.header_size();
    const std::span<const std::uint8_t> bytes(t_.bytes.data(), end_);
    const std::uint32_t start = walk_start();
    t_.header.length = start;  // the header ends where the records begin
    // As many records as fit at the smallest layout: one allocation for a
    // well-formed table (most are small; growing by doubling cost more than the walk).
    t_.subtables.reserve((end_ - start) / std::max(header_bytes, smallest_record_));
    for (std::uint32_t at = start; at < end_;) {
      if (end_ - at < header_bytes) {
        report(Severity::error, at, walk.length_field_name,
               concat({"only ", end_ - at, " of the ", header_bytes, " bytes of a subtable header fit before the table end"}));
        return;
      }
      const std::uint64_t type = walk.type_width ? read_le(bytes, at + walk.type_offset, walk.type_width).value() : 0;
      const std::uint64_t length = read_le(bytes, at + walk.length_offset, walk.length_width).value();
      if (length < header_bytes) {
        report(Severity::error, at + walk.length_offset, walk.length_field_name,
               concat({"subtable length ", length, " is less than its ", header_bytes,
                       "-byte header; the walk cannot go on"}));
        return;
      }
      const bool overruns = length > end_ - at;
      if (overruns) {
        report(Severity::error, at + walk.length_offset, walk.length_field_name,
               concat({"subtable length ", length, " runs past the table end (", end_ - at,
                       " bytes left); the walk stops here"}));
      }
      const auto span_length = static_cast<std::uint32_t>(std::min<std::uint64_t>(length, end_ - at));
      add_subtable(at, span_length, type, static_cast<std::uint32_t>(length));
      if (overruns) return;
      at += span_length;
    }
  }

  void add_subtable(std::uint32_t at, std::uint32_t span_length, std::uint64_t type, std::uint32_t length) {
    const SubtableWalk& walk = t_.desc->walk;
    const StructDesc* layout = choose_layout(type, length);
    t_.subtables.push_back(Record{layout, at, span_length});
    if (layout == nullptr && t_.desc->kind(type) != nullptr) {
      report(Severity::note, at + walk.type_offset, walk.type_field_name,
             concat({"subtable type ", type, " (0x", hex(type, 2),
                     ") is defined but not decoded by numaplan; shown raw and skipped by its length ", length}));
      return;
    }
    if (layout == nullptr) {
      report(Severity::warning, at + walk.type_offset, walk.type_field_name,
             concat({"unknown subtable type ", type, " (0x", hex(type, 2), "), expected one of ", known_types(),
                     "; shown raw and skipped by its length ", length}));
      return;
    }
    if (!layout->layout_note.empty()) report(Severity::note, at, walk.length_field_name, std::string(layout->layout_note));
    if (length < layout->size) {
      report(Severity::error, at + walk.length_offset, walk.length_field_name,
             concat({"subtable length ", length, " is shorter than the ", layout->size, "-byte ", layout->name,
                     " structure"}));
      return;
    }
    if (!layout->arrays.empty()) check_arrays(t_.view(t_.subtables.back()), layout->name);  // most records: no list
  }

  // The kinds of one-byte types by type: a search of the kind list per record
  // mispredicted on every change of type.
  void index_kinds() {
    for (const SubtableKind& kind : t_.desc->kinds) {
      if (kind.type < kind_of_type_.size() && kind_of_type_[kind.type] == nullptr) kind_of_type_[kind.type] = &kind;
      for (const StructDesc* layout : kind.layouts) smallest_record_ = std::min<std::uint32_t>(smallest_record_, layout->size);
    }
  }

  // "0, 1, 2": the types an unknown record's message lists, made once a table.
  const std::string& known_types() {
    if (known_types_.empty()) {
      for (const SubtableKind& kind : t_.desc->kinds) {
        if (!known_types_.empty()) known_types_ += ", ";
        append_decimal(known_types_, kind.type);
      }
    }
    return known_types_;
  }

  const StructDesc* choose_layout(std::uint64_t type, std::uint64_t length) const {
    const SubtableKind* kind = type < kind_of_type_.size() ? kind_of_type_[type] : t_.desc->kind(type);
    return kind == nullptr ? nullptr : kind->layout_for(t_.revision, length);
  }

  Table& t_;
  std::uint32_t end_ = 0;
  std::uint32_t smallest_record_ = UINT32_MAX;
  std::array<const SubtableKind*, 256> kind_of_type_{};
  std::string known_types_;
};

}  // namespace

bool plausible_signature(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4) return false;
  return std::all_of(bytes.begin(), bytes.begin() + 4, [](std::uint8_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '!';
  });
}

bool numaplan_skips(std::span<const std::uint8_t> table) {
  return plausible_signature(table) &&
         find_table_desc(std::string_view(reinterpret_cast<const char*>(table.data()), 4)) == nullptr;
}

namespace {

// Whether `raw` can be decoded at all, and why not.
Expected<void> decodable(const RawTable& raw) {
  const std::span<const std::uint8_t> bytes = raw.bytes;
  if (!plausible_signature(bytes)) {
    const std::string_view first(reinterpret_cast<const char*>(bytes.data()), std::min<std::size_t>(4, bytes.size()));
    return Diagnostic{Severity::error, "", raw.origin, 0, "Signature",
                      concat({"not an ACPI table: the first bytes \"", printable_ascii(first),
                              "\" are not a table signature, expected four characters of A-Z, 0-9, _ or !"})};
  }
  if (bytes.size() >= kCommonHeaderSize) return {};
  // The table is named; the first common-header field the input cuts is the one to look at.
  const auto cut = std::find_if(common_header.fields.begin(), common_header.fields.end(),
                                [&](const FieldDesc& f) { return f.offset + f.width > bytes.size(); });
  return Diagnostic{Severity::error, std::string(bytes.begin(), bytes.begin() + 4), raw.origin, cut->offset,
                    std::string(cut->name),
                    concat({"the input ends after ", bytes.size(),
                            " bytes, inside the 36-byte common header; the table is not decoded"})};
}

}  // namespace

Expected<Table> decode_table(RawTable raw) {
  if (auto checked = decodable(raw); !checked) return std::move(checked).error();
  Table table;
  table.signature.assign(raw.bytes.begin(), raw.bytes.begin() + 4);
  table.origin = std::move(raw.origin);
  table.bytes = std::move(raw.bytes);
  table.desc = find_table_desc(table.signature);
  table.declared_length = static_cast<std::uint32_t>(read_le(table.bytes, 4, 4).value());
  table.revision = table.bytes[8];
  Decoder(table).run();
  return table;
}

StructView Table::common_view() const { return StructView(bytes, common_header, 0, kCommonHeaderSize); }

StructView Table::header_view() const { return StructView(bytes, *header.desc, 0, header.length); }

StructView Table::view(const Record& record) const { return StructView(bytes, *record.desc, record.offset, record.length); }

// The walk recorded a subtable only when its type and length fields lay inside the table.
std::uint64_t Table::type(const Record& subtable) const {
  const SubtableWalk& walk = desc->walk;
  if (walk.type_width == 0) return 0;
  return read_le(bytes, std::uint64_t{subtable.offset} + walk.type_offset, walk.type_width).value();
}

std::span<const std::uint8_t> Table::raw(const Record& record) const {
  return std::span<const std::uint8_t>(bytes).subspan(record.offset, record.length);
}

}  // namespace numaplan::acpi
