// Text and JSON dumps, both walking the structure descriptions: no field is
// printed by hand.
#include "numaplan/emit/dump.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "numaplan/acpi/tables.h"
#include "numaplan/support/format.h"
#include "numaplan/version.h"
#include "numaplan/support/json_writer.h"

namespace numaplan::emit {

namespace {

using acpi::ArrayView;
using acpi::ArrayViews;
using acpi::FieldDesc;
using acpi::FieldKind;
using acpi::StructView;

// iasl's line prefix: "[030h 0048   1]", the name right-aligned, " : ".
// The line is built on the stack and appended once (with the value, for the
// common integer field): dump writes one per line, 300,000 for a 1 MiB SRAT.
constexpr std::size_t kNameColumn = 28;
constexpr std::size_t kLongestName = 96;  // names and suffixes are shorter; longer ones are appended apart
constexpr std::size_t kLineBuffer = 64 + kLongestName + 3 + 16 + 1;  // prefix, name, " : ", 16 hex digits, '\n'

// Writes the prefix up to the name at `at`; returns the end.
char* put_prefix(char* at, std::uint64_t offset, std::uint64_t width, std::size_t shown) {
  *at++ = '[';  // "[" 16 "h " 20 " " 20 "] " is 62 at most
  at = put_hex(at, offset, 3);
  *at++ = 'h';
  *at++ = ' ';
  at = put_decimal(at, offset, 4, '0');
  *at++ = ' ';
  at = put_decimal(at, width, 3);
  *at++ = ']';
  *at++ = ' ';
  if (shown < kNameColumn) at = std::fill_n(at, kNameColumn - shown, ' ');
  return at;
}

// The whole prefix, name and " : " in `line`; nullptr when the name does not fit.
char* put_named_prefix(char* line, std::uint64_t offset, std::uint64_t width, std::string_view name,
                       std::string_view name_suffix) {
  if (name.size() + name_suffix.size() > kLongestName) return nullptr;
  char* at = put_prefix(line, offset, width, name.size() + name_suffix.size());
  at = std::copy(name.begin(), name.end(), at);
  at = std::copy(name_suffix.begin(), name_suffix.end(), at);
  *at++ = ' ';
  *at++ = ':';
  *at++ = ' ';
  return at;
}

void append_prefix(std::string& out, std::uint64_t offset, std::uint64_t width, std::string_view name,
                   std::string_view name_suffix = {}) {
  char line[kLineBuffer];
  if (char* end = put_named_prefix(line, offset, width, name, name_suffix)) {
    out.append(line, end);
    return;
  }
  out.append(line, put_prefix(line, offset, width, name.size() + name_suffix.size()));
  out += name;
  out += name_suffix;
  out += " : ";
}

void append_bit_line(std::string& out, std::string_view name, std::uint64_t value) {
  append_right(out, name, 44);
  out += " : ";
  append_hex(out, value);
  out += '\n';
}

// An ASCII field's bytes as text the encoder reads back (parse_ascii).
std::string printable(std::span<const std::uint8_t> bytes) {
  return reversible_ascii(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// "0A 1B 2C", sized once and written in place: an append per byte and per
// space was two calls to the string and two range checks of ASan a byte.
void append_hex_bytes(std::string& out, std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  const std::size_t start = out.size();
  out.resize(start + 3 * bytes.size() - 1, ' ');
  char* const text = out.data() + start;
  for (std::size_t i = 0; i < bytes.size(); ++i) put_hex(text + 3 * i, bytes[i], 2);
}

std::uint64_t bits_of(std::uint64_t value, const acpi::BitDesc& bit) {
  return (value >> bit.shift) & ((std::uint64_t{1} << bit.width) - 1);
}

std::uint64_t named_mask(const FieldDesc& field) {
  std::uint64_t mask = 0;
  for (const auto& bit : field.bits) mask |= ((std::uint64_t{1} << bit.width) - 1) << bit.shift;
  return mask;
}

const acpi::EnumValue* enum_value(const FieldDesc& field, std::uint64_t value) {
  for (const auto& v : field.values) {
    if (v.value == value) return &v;
  }
  return nullptr;
}

// ---- text ----------------------------------------------------------------

void raw_text(std::span<const std::uint8_t> bytes, std::uint64_t base, std::string& out) {
  for (std::size_t i = 0; i < bytes.size(); i += 16) {
    out += "    ";
    append_hex(out, base + i, 4);
    out += ": ";
    append_hex_bytes(out, bytes.subspan(i, std::min<std::size_t>(16, bytes.size() - i)));
    out += '\n';
  }
}

// Bytes inside the record after its fields and lists (`arrays`, the view's):
// a longer record than the structure (MSCT Length 24), or the gap before the
// first subtable.
std::span<const std::uint8_t> trailing_bytes(const StructView& view, const ArrayViews& arrays) {
  std::uint64_t used = view.offset() + view.desc().size;
  for (const ArrayView& array : arrays) used = array.offset + array.count * array.desc->element_width;
  const std::uint64_t end = std::uint64_t{view.offset()} + view.length();
  return end > used ? view.table().subspan(used, end - used) : std::span<const std::uint8_t>{};
}

void append_field_value(std::string& out, const StructView& view, const FieldDesc& field) {
  auto raw = view.bytes(field);
  if (!raw) {
    out += "<missing: beyond the record>";
    return;
  }
  if (field.kind == FieldKind::ascii) {
    out += '"';
    out += printable(*raw);
    out += '"';
    return;
  }
  if (field.kind == FieldKind::bytes || field.width > 8) {
    append_hex_bytes(out, *raw);
    const bool nonzero = std::any_of(raw->begin(), raw->end(), [](std::uint8_t c) { return c != 0; });
    if (field.kind == FieldKind::reserved && nonzero) out += "   (reserved, not zero)";
    return;
  }
  const std::uint64_t value = view.read(field).value();
  append_hex(out, value, field.width * 2);
  switch (field.kind) {
    case FieldKind::enumeration: {
      const auto* named = enum_value(field, value);
      out += " [";
      out += named ? named->name : "Unknown";
      out += ']';
      break;
    }
    case FieldKind::reserved:
      if (value != 0) out += "   (reserved, not zero)";
      break;
    case FieldKind::flags:
      if ((value & ~named_mask(field)) != 0) {
        out += "   (reserved bits set: ";
        append_hex(out, value & ~named_mask(field));
        out += ')';
      }
      break;
    default:
      break;
  }
  if (field.decoding != nullptr) {
    const auto decoded = field.decoding->decode(value);
    if (decoded) {
      out += " (";
      append_decimal(out, *decoded);
      out += ' ';
      out += field.decoding->unit;
      out += ')';
    } else {
      out += " (invalid encoding)";
    }
  }
}

void fields_text(const StructView& view, std::string& out, std::uint64_t skip_below = 0) {
  for (const FieldDesc& field : view.desc().fields) {
    if (field.offset < skip_below || !view.present(field)) continue;
    const std::uint64_t at = view.offset() + field.offset;
    const bool is_flags = field.kind == FieldKind::flags;
    const std::string_view suffix = is_flags ? " (decoded below)" : "";
    char line[kLineBuffer];
    char* end = put_named_prefix(line, at, field.width, field.name, suffix);
    const bool plain = (field.kind == FieldKind::unsigned_int || field.kind == FieldKind::address) &&
                       field.width <= 8 && field.decoding == nullptr;
    std::optional<std::uint64_t> plain_value;
    if (const auto read = plain ? view.read(field) : Expected<std::uint64_t>(std::uint64_t{0}); plain && read) {
      plain_value = *read;
    }
    if (end != nullptr && plain_value) {
      // Most lines: an integer in hex, the whole line appended at once.
      end = put_hex(end, *plain_value, field.width * 2);
      *end++ = '\n';
      out.append(line, end);
    } else {
      if (end != nullptr) {
        out.append(line, end);
      } else {
        append_prefix(out, at, field.width, field.name, suffix);
      }
      append_field_value(out, view, field);
      out += '\n';
    }
    if (is_flags) {
      const std::uint64_t value = view.read(field).value_or(0);
      for (const auto& bit : field.bits) append_bit_line(out, bit.name, bits_of(value, bit));
    }
  }
  const ArrayViews arrays = view.arrays();
  for (const ArrayView& array : arrays) {
    const std::uint64_t width = array.desc->element_width;
    const std::uint64_t row = array.desc->row_length ? array.desc->row_length(view) : 1;
    for (std::uint64_t i = 0; row != 0 && i < array.count; i += row) {
      const std::uint64_t n = std::min(row, array.count - i);
      const std::uint64_t at = array.offset + i * width;
      std::string name(i > 0 && !array.desc->next_name.empty() ? array.desc->next_name : array.desc->name);
      if (array.desc->row_length) {
        name += ' ';
        append_decimal(name, i / row, 3);
      }
      append_prefix(out, at, n * width, name);
      for (std::uint64_t k = 0; k < n; ++k) {
        if (k) out += ' ';
        append_hex(out, view.element(array, i + k).value(), static_cast<int>(width * 2));
      }
      out += '\n';
    }
    if (array.count < array.wanted) {
      out += "**** " + std::string(array.desc->name) + ": " + std::to_string(array.wanted - array.count) +
             " elements missing (beyond the record)\n";
    }
  }
  const auto extra = trailing_bytes(view, arrays);
  if (!extra.empty()) {
    out += "**** " + std::to_string(extra.size()) + " bytes after the " + std::string(view.desc().name) + " fields:\n";
    raw_text(extra, static_cast<std::uint64_t>(extra.data() - view.table().data()), out);
  }
}


// ---- JSON ----------------------------------------------------------------
//
// Written as a stream (JsonWriter) in nlohmann's layout with each object's
// keys sorted, as the DOM this replaced had them: a 40 MB SRAT's DOM was
// 3.5 GB. The keys of a structure are sorted once per description.

// One key of a structure's JSON object and what it shows.
struct Entry {
  enum class What : std::uint8_t { field, enum_name, decoded, array, trailing };
  std::string key;
  What what;
  std::size_t owner = 0;                   // which of the object's structures (write_fields' views)
  const FieldDesc* field = nullptr;        // field, enum_name, decoded
  const acpi::ArrayDesc* array = nullptr;  // array
};

// Every key fields_json wrote for the structures `descs` (the header's are
// the common header's and the body's in one object), sorted; a later
// structure's key replaces an earlier one's, as nlohmann's update() did.
std::vector<Entry> sorted_entries(std::initializer_list<const acpi::StructDesc*> descs) {
  std::vector<Entry> entries;
  std::size_t owner = 0;
  for (const acpi::StructDesc* desc : descs) {
    for (const FieldDesc& field : desc->fields) {
      entries.push_back({std::string(field.key), Entry::What::field, owner, &field});
      if (field.kind == FieldKind::enumeration) {
        entries.push_back({std::string(field.key) + "_name", Entry::What::enum_name, owner, &field});
      }
      if (field.decoding != nullptr) {
        entries.push_back({std::string(field.decoding->key), Entry::What::decoded, owner, &field});
      }
    }
    for (const acpi::ArrayDesc& array : desc->arrays) {
      entries.push_back({std::string(array.key), Entry::What::array, owner, nullptr, &array});
    }
    ++owner;
  }
  // fields_json wrote trailing bytes for each structure; only the last one's
  // can be non-empty (the common header's view ends with its fields).
  entries.push_back({"trailing", Entry::What::trailing, descs.size() - 1});
  // The keys are written with key_plain(): checked_struct() made every
  // description's keys snake_case at compile time, and "_name" keeps them so.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) { return x.key < y.key; });
  // Of equal keys the last written wins.
  std::vector<Entry> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && entries[i + 1].key == entries[i].key) continue;
    out.push_back(std::move(entries[i]));
  }
  return out;
}

const std::vector<Entry>& entries_of(const acpi::StructDesc& desc) {
  static std::map<const acpi::StructDesc*, std::vector<Entry>> cache;
  auto it = cache.find(&desc);
  if (it == cache.end()) it = cache.emplace(&desc, sorted_entries({&desc})).first;
  return it->second;
}

void write_hex_bytes(JsonWriter& w, std::span<const std::uint8_t> bytes) {
  w.value_plain([&](std::string& text) { append_hex_bytes(text, bytes); });
}

// {"<bit>": ..., "reserved_bits": n, "value": n}, keys sorted, on the stack
// (a vector was two allocations a flags field): the named bits of an integer
// field are at most 64 (checked_struct(): bits inside their field of at most
// 8 bytes, none overlapping). A function of its own, not inlined: its 1 KiB of
// keys in write_field()'s frame was poisoned and unpoisoned by ASan for
// every field written, flags or not.
[[gnu::noinline]] void write_flags(JsonWriter& w, const FieldDesc& field, std::uint64_t value) {
  std::array<std::string_view, 2 + 64> keys = {"reserved_bits", "value"};
  const auto end = std::transform(field.bits.begin(), field.bits.end(), keys.begin() + 2,
                                  [](const acpi::BitDesc& bit) { return bit.key; });
  std::sort(keys.begin(), end);
  w.begin_object();
  for (const std::string_view key : std::span(keys.begin(), end)) {
    w.key_plain(key);
    if (key == "reserved_bits") {
      w.value(value & ~named_mask(field));
    } else if (key == "value") {
      w.value(value);
    } else {
      const auto& bit = *std::find_if(field.bits.begin(), field.bits.end(), [&](const auto& b) { return b.key == key; });
      const std::uint64_t v = bits_of(value, bit);
      bit.width == 1 ? w.value(v != 0) : w.value(v);
    }
  }
  w.end_object();
}

// A field's key and value.
void write_field(JsonWriter& w, std::string_view key, const StructView& view, const FieldDesc& field) {
  auto raw = view.bytes(field);
  if (!raw) {
    w.key_plain(key);
    return w.null();
  }
  if (field.kind == FieldKind::ascii) return w.member(key, printable(*raw));
  if (field.kind == FieldKind::bytes || field.width > 8) {
    w.key_plain(key);
    return write_hex_bytes(w, *raw);
  }
  const std::uint64_t value = view.read(field).value();
  if (field.kind == FieldKind::address) {
    char text[20] = {'0', 'x'};
    return w.member(key, std::string_view(text, put_hex(text + 2, value)));
  }
  if (field.kind != FieldKind::flags) return w.member(key, value);
  w.key_plain(key);
  write_flags(w, field, value);
}

// One structure's fields; `views` are the structures sharing the object (the
// common header and the table's header), `entries` their sorted keys.
void write_fields(JsonWriter& w, std::initializer_list<const StructView*> views, const std::vector<Entry>& entries) {
  // Each view's lists, found once for its list keys and its trailing bytes.
  // At most two views share an object.
  std::array<std::optional<ArrayViews>, 2> arrays;
  const auto arrays_of = [&](std::size_t owner) -> const ArrayViews& {
    std::optional<ArrayViews>& found = arrays.at(owner);
    if (!found) found = views.begin()[owner]->arrays();
    return *found;
  };
  w.begin_object();
  for (const Entry& e : entries) {
    const StructView& view = *views.begin()[e.owner];
    switch (e.what) {
      case Entry::What::field:
        if (!view.present(*e.field)) break;
        write_field(w, e.key, view, *e.field);
        break;
      case Entry::What::enum_name:
      case Entry::What::decoded: {
        if (!view.present(*e.field)) break;
        const auto value = view.read(*e.field);
        if (!value) break;
        const auto* named = e.what == Entry::What::enum_name ? enum_value(*e.field, *value) : nullptr;
        const auto decoded = e.what == Entry::What::decoded ? e.field->decoding->decode(*value) : std::nullopt;
        if (named != nullptr) {
          w.member(e.key, named->name);
        } else if (decoded) {
          w.member(e.key, *decoded);
        } else {
          w.key_plain(e.key);
          w.null();
        }
        break;
      }
      case Entry::What::array: {
        const ArrayViews& lists = arrays_of(e.owner);
        const auto array = std::find_if(lists.begin(), lists.end(), [&](const ArrayView& a) { return a.desc == e.array; });
        if (array == lists.end()) break;
        w.key_plain(e.key);
        w.begin_array();
        // A matrix (SLIT) is a list of rows.
        const std::uint64_t row = array->desc->row_length ? array->desc->row_length(view) : 0;
        for (std::uint64_t i = 0; i < array->count; ++i) {
          if (row != 0 && i % row == 0) {
            if (i != 0) w.end_array();
            w.begin_array();
          }
          w.value(view.element(*array, i).value());
        }
        if (row != 0 && array->count != 0) w.end_array();
        w.end_array();
        break;
      }
      case Entry::What::trailing: {
        // Bytes inside the record after its fields and lists, kept so that
        // encoding the JSON gives back the same table.
        const auto extra = trailing_bytes(view, arrays_of(e.owner));
        if (extra.empty()) break;
        w.key_plain("trailing");
        write_hex_bytes(w, extra);
        break;
      }
    }
  }
  w.end_object();
}

void write_diagnostic(JsonWriter& w, const Diagnostic& d) {
  w.begin_object();
  w.member("field", d.field);
  w.member("message", d.message);
  w.member("offset", d.offset);
  w.member("origin", d.origin);
  w.member("severity", to_string(d.severity));
  w.member("table", d.table);
  w.end_object();
}

void write_diagnostics(JsonWriter& w, const Diagnostics& diagnostics) {
  w.key_plain("diagnostics");
  w.begin_array();
  for (const Diagnostic& d : diagnostics) write_diagnostic(w, d);
  w.end_array();
}

void write_table(JsonWriter& w, const acpi::Table& table) {
  w.begin_object();
  w.member("bytes_present", std::uint64_t{table.bytes.size()});
  w.key_plain("checksum");
  w.begin_object();
  w.key_plain("valid");
  w.value(table.checksum_valid);
  w.member("value", std::uint64_t{table.bytes[9]});
  w.end_object();
  write_diagnostics(w, table.diagnostics);
  w.key_plain("header");
  const StructView common = table.common_view();
  if (table.header.desc != nullptr) {
    static std::map<const acpi::StructDesc*, std::vector<Entry>> cache;
    auto it = cache.find(table.header.desc);
    if (it == cache.end()) {
      it = cache.emplace(table.header.desc, sorted_entries({&acpi::common_header, table.header.desc})).first;
    }
    const StructView header = table.header_view();
    write_fields(w, {&common, &header}, it->second);
  } else {
    write_fields(w, {&common}, entries_of(acpi::common_header));
  }
  w.member("length", std::uint64_t{table.declared_length});
  w.key_plain("name");
  table.desc ? w.value(table.desc->name) : w.null();
  w.member("origin", table.origin);
  w.member("revision", std::uint64_t{table.revision});
  w.member("signature", table.signature);
  w.key_plain("subtables");
  w.begin_array();
  for (const acpi::Record& record : table.subtables) {
    w.begin_object();
    if (record.desc != nullptr) {
      w.key_plain("fields");
      const StructView view = table.view(record);
      write_fields(w, {&view}, entries_of(*record.desc));
    }
    w.member("length", std::uint64_t{record.length});
    if (record.desc != nullptr) {
      w.member("name", record.desc->name);
    } else {
      w.key_plain("name");
      w.null();
    }
    w.member("offset", std::uint64_t{record.offset});
    if (record.desc == nullptr) {
      w.key_plain("raw");
      write_hex_bytes(w, table.raw(record));
    }
    w.member("type", table.type(record));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

constexpr std::size_t kFlushAt = std::size_t{1} << 16;

// Writes `out` to `sink` once it holds 64 KiB (never without a sink): a
// machine's text is megabytes, and one string for it costs its size in page
// faults and copies as it grows.
void flush_if_full(std::string& out, std::ostream* sink) {
  if (sink == nullptr || out.size() < kFlushAt) return;
  sink->write(out.data(), static_cast<std::streamsize>(out.size()));
  out.clear();
}

// One table's text appended to `out`, flushed to `sink` between records.
void dump_text(const acpi::Table& table, std::string& out, std::ostream* sink) {
  out += table.signature;
  out += " from ";
  out += table.origin;
  out += '\n';
  const StructView common = table.common_view();
  for (const FieldDesc& field : common.desc().fields) {
    append_prefix(out, field.offset, field.width, field.name);
    append_field_value(out, common, field);
    if (&field == &*acpi::common_header_fields::signature && table.desc) {
      out += "    [" + std::string(table.desc->name) + "]";
    }
    if (&field == &*acpi::common_header_fields::checksum) out += table.checksum_valid ? "   (valid)" : "   (INVALID)";
    out += "\n";
  }
  if (table.desc == nullptr) {
    out += "**** Not a table numaplan decodes; raw bytes follow\n";
    raw_text(std::span<const std::uint8_t>(table.bytes).subspan(acpi::common_header.size), acpi::common_header.size,
             out);
    return;
  }
  if (table.header.desc != nullptr) {
    out += "\n";
    fields_text(table.header_view(), out, acpi::common_header.size);
  }
  const acpi::SubtableWalk& walk = table.desc->walk;
  for (const acpi::Record& record : table.subtables) {
    out += "\n";
    if (record.desc == nullptr) {
      append_prefix(out, record.offset + walk.type_offset, walk.type_width, walk.type_field_name);
      append_hex(out, table.type(record), walk.type_width * 2);
      out += " [Unknown Subtable Type]\n";
      append_prefix(out, record.offset + walk.length_offset, walk.length_width, walk.length_field_name);
      append_hex(out, record.length, walk.length_width * 2);
      out += '\n';
      raw_text(table.raw(record), record.offset, out);
    } else {
      fields_text(table.view(record), out);
    }
    flush_if_full(out, sink);
  }
}

}  // namespace

std::string dump_text(const acpi::Table& table) {
  std::string out;
  // A table's text is a few KiB (the 1,444 tables of a decode_fuzz corpus:
  // 1.8 KB median, 17 bytes of text a byte of table): grown by doubling from
  // 15 bytes it was eight allocations, each filled and copied under ASan (5 %
  // of dump_text_fuzz's target code; reserved, the code ran 7 % faster).
  out.reserve(kFlushAt / 16);
  dump_text(table, out, nullptr);
  return out;
}

void write_dump_text(std::span<const acpi::Table> tables, std::ostream& sink) {
  std::string out;
  out.reserve(2 * kFlushAt);
  for (const acpi::Table& table : tables) {
    if (&table != &tables.front()) out += '\n';
    dump_text(table, out, &sink);
  }
  sink.write(out.data(), static_cast<std::streamsize>(out.size()));
}

std::string dump_json_text(const acpi::Table& table) {
  JsonWriter w;
  write_table(w, table);
  return std::move(w).take_text();
}

nlohmann::json dump_json(const acpi::Table& table) { return nlohmann::json::parse(dump_json_text(table)); }

void write_dump_json(std::span<const acpi::Table> tables, const Diagnostics& input_diagnostics, std::ostream& out) {
  JsonWriter w(&out);
  w.begin_object();
  write_diagnostics(w, input_diagnostics);
  w.key_plain("numaplan_version");
  w.value(kVersion);
  w.key_plain("schema");
  w.value("numaplan.tables/1");
  w.key_plain("tables");
  w.begin_array();
  for (const acpi::Table& table : tables) write_table(w, table);
  w.end_array();
  w.end_object();
  w.finish();
}

}  // namespace numaplan::emit
