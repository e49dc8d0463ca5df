// The encoder walks the same descriptions as the decoder, writing each field
// where the decoder reads it.
#include "numaplan/acpi/encode.h"

#include <array>
#include <charconv>
#include <numeric>
#include <optional>
#include <span>
#include <string_view>

#include "numaplan/acpi/table.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/support/bytes.h"
#include "numaplan/support/format.h"
#include "numaplan/support/json_reader.h"
#include "numaplan/support/json_text.h"
#include "numaplan/support/json_writer.h"

namespace numaplan::acpi {

namespace {

using Error = Expected<void>;  // a step with no value: success or why not

// Where a value is in the document being encoded ("/subtables/3/fields/flags"),
// made into text only for an error: the text made for every field, list
// element and flag was most of the encoder's allocations. A path refers to
// its parent and key, so it lives no longer than the call that made it.
class JsonPath {
 public:
  JsonPath() = default;  // the document
  JsonPath(const JsonPath& parent, std::string_view key) : parent_(&parent), key_(key) {}
  JsonPath(const JsonPath& parent, std::size_t index) : parent_(&parent), index_(index) {}

  std::string text() const {
    if (parent_ == nullptr) return "";
    std::string out = parent_->text();
    out += '/';
    if (index_) {
      append_decimal(out, *index_);
    } else {
      out += key_;
    }
    return out;
  }

 private:
  const JsonPath* parent_ = nullptr;
  std::string_view key_;
  std::optional<std::size_t> index_;
};

// Errors name the JSON path of the document being encoded (an input).
Diagnostic at(const JsonPath& path, std::string message) {
  return make_error(ErrorKind::input, path.text(), std::move(message));
}

// An absent "fields", "header" or "subtables": an empty object, which has no members either.
JsonValue no_fields() {
  static const JsonDocument empty = *JsonDocument::parse("{}");
  return empty.root();
}

// Whether `key` is "<field_key>_name", the key of an enumeration's name,
// told without making that key (an allocation: every record has one, its
// type's name).
bool is_name_key(std::string_view key, std::string_view field_key) {
  constexpr std::string_view kName = "_name";
  return key.size() == field_key.size() + kName.size() && key.starts_with(field_key) && key.ends_with(kName);
}

// The member "<field_key>_name" of `fields`.
std::optional<JsonValue> find_name_key(JsonValue fields, std::string_view field_key) {
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (is_name_key(it.key(), field_key)) return it.value();
  }
  return std::nullopt;
}

// A string as JSON writes it.
std::string json_string(std::string_view text) {
  std::string out = "\"";
  append_json_escaped(out, text);
  return out + '"';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Every character of `text` a digit of `base`, and the value fits 64 bits
// (from_chars: no sign, no blanks, no exceptions).
std::optional<std::uint64_t> whole_number(std::string_view text, int base) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

[[nodiscard]] Error parse_uint(JsonValue value, const JsonPath& path, std::uint64_t& out) {
  if (const auto number = value.unsigned_integer()) {
    out = *number;
    return {};
  }
  if (value.is_string()) {
    const std::string_view text = value.string();
    const bool is_hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    if (const auto number = is_hex ? whole_number(text.substr(2), 16) : whole_number(text, 10)) {
      out = *number;
      return {};
    }
  }
  return at(path, "expected a non-negative integer or a \"0x...\" string, got " + value.text());
}

[[nodiscard]] Error parse_hex_bytes(JsonValue value, const JsonPath& path, std::vector<std::uint8_t>& out) {
  if (!value.is_string()) return at(path, "expected hex bytes such as \"00 1A FF\", got " + value.text());
  out.clear();
  const std::string_view text = value.string();
  out.reserve(text.size() / 3 + 1);  // "00 1A FF": three characters a byte
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    const int hi = hex_value(text[i]);
    const int lo = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
    if (hi < 0 || lo < 0) {
      return at(path, "bad hex byte at character " + std::to_string(i) + " of " + value.text());
    }
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    i += 2;
  }
  return {};
}

// The inverse of the dump's printable(): "\xNN" escapes, other characters as is.
[[nodiscard]] Error parse_ascii(JsonValue value, const JsonPath& path, std::vector<std::uint8_t>& out) {
  if (!value.is_string()) return at(path, "expected a string, got " + value.text());
  out.clear();
  const std::string_view text = value.string();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int hi = i + 3 < text.size() && text[i] == '\\' && text[i + 1] == 'x' ? hex_value(text[i + 2]) : -1;
    const int lo = hi >= 0 ? hex_value(text[i + 3]) : -1;
    if (lo >= 0) {
      out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
      i += 3;
    } else {
      out.push_back(static_cast<std::uint8_t>(text[i]));
    }
  }
  return {};
}

std::uint64_t bit_mask(const BitDesc& bit) { return ((std::uint64_t{1} << bit.width) - 1) << bit.shift; }

// A flags field written as dump writes it: {"value": raw, <bit key>: bool or
// number, ..., "reserved_bits": n}. With "value" the named bits and
// reserved_bits must agree with it (an edited bit with a stale value would
// otherwise be dropped); without it, the value is made of them.
[[nodiscard]] Error parse_flags(const FieldDesc& field, JsonValue object, const JsonPath& path,
                                std::uint64_t& out) {
  std::uint64_t all_named = 0;
  for (const BitDesc& b : field.bits) all_named |= bit_mask(b);
  std::uint64_t given = 0;  // the bits the object states, besides "value"
  std::uint64_t from_bits = 0;
  std::optional<std::uint64_t> value;
  for (auto entry = object.begin(); entry != object.end(); ++entry) {
    const std::string_view key = entry.key();
    const JsonValue item = entry.value();
    const JsonPath item_path(path, key);
    std::uint64_t v = 0;
    if (key == "value") {
      if (Error e = parse_uint(item, item_path, v); !e) return e;
      value = v;
      continue;
    }
    if (key == "reserved_bits") {
      if (Error e = parse_uint(item, item_path, v); !e) return e;
      if ((v & all_named) != 0) {
        return at(item_path, "0x" + hex(v) + " sets named bits (mask 0x" + hex(all_named) + "); give those by name");
      }
      given |= ~all_named;
      from_bits |= v;
      continue;
    }
    const auto bit = std::find_if(field.bits.begin(), field.bits.end(), [&](const BitDesc& b) { return b.key == key; });
    if (bit == field.bits.end()) {
      std::string known = "value, reserved_bits";
      for (const BitDesc& b : field.bits) known += ", " + std::string(b.key);
      return at(item_path, "unknown flag \"" + printable_ascii(key) + "\"; " + std::string(field.name) + " has " + known);
    }
    if (item.is_boolean() && bit->width == 1) {
      v = item.boolean() ? 1 : 0;
    } else if (bit->width == 1 || !parse_uint(item, item_path, v)) {
      return at(item_path, bit->width == 1 ? "expected true or false, got " + item.text()
                                           : "expected a non-negative integer, got " + item.text());
    }
    if (v >> bit->width != 0) {
      return at(item_path, "value " + std::to_string(v) + " does not fit in " + std::to_string(bit->width) + " bits");
    }
    given |= bit_mask(*bit);
    from_bits |= v << bit->shift;
  }
  if (!value) {
    out = from_bits;
    return {};
  }
  if ((*value & given) != from_bits) {
    return at(path, "\"value\" 0x" + hex(*value) + " disagrees with the bits beside it (0x" + hex(from_bits) +
                        " under mask 0x" + hex(given) + "); give the bits or the value, or make them agree");
  }
  out = *value;
  return {};
}

// Levenshtein distance, to name the key a misspelt one was meant to be.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// An error for the first key of `object` that `known` does not hold: a
// misspelt key would otherwise encode its field as zero, with success.
[[nodiscard]] Error unknown_key(JsonValue object, std::span<const std::string_view> known,
                                const JsonPath& path, std::string_view what) {
  for (auto entry = object.begin(); entry != object.end(); ++entry) {
    const std::string_view key = entry.key();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string message = "unknown key \"" + printable_ascii(key) + "\" in " + std::string(what);
    const auto nearest = std::min_element(known.begin(), known.end(), [&](std::string_view x, std::string_view y) {
      return edit_distance(key, x) < edit_distance(key, y);
    });
    if (nearest != known.end() && edit_distance(key, *nearest) <= 2) {
      message += "; did you mean \"" + std::string(*nearest) + "\"?";
    }
    const std::string shown = printable_ascii(key);
    return at(JsonPath(path, shown), std::move(message));
  }
  return {};
}

// The keys dump_json writes for a structure: its fields, their derived
// values (an enumeration's "_name", a Decoding's key), its lists and the
// bytes after them ("trailing").
void add_struct_keys(const StructDesc& desc, std::vector<std::string_view>& keys, std::vector<std::string>& names) {
  for (const FieldDesc& field : desc.fields) {
    keys.push_back(field.key);
    if (field.kind == FieldKind::enumeration) names.push_back(std::string(field.key) + "_name");
    if (field.decoding != nullptr) keys.push_back(field.decoding->key);
  }
  for (const ArrayDesc& array : desc.arrays) keys.push_back(array.key);
  keys.push_back("trailing");
}

// Whether add_struct_keys() lists `key` for `desc`, without making the list.
bool is_struct_key(const StructDesc& desc, std::string_view key) {
  for (const FieldDesc& field : desc.fields) {
    if (key == field.key || (field.decoding != nullptr && key == field.decoding->key)) return true;
    if (field.kind == FieldKind::enumeration && is_name_key(key, field.key)) return true;
  }
  return key == "trailing" ||
         std::any_of(desc.arrays.begin(), desc.arrays.end(), [&](const ArrayDesc& array) { return key == array.key; });
}

[[nodiscard]] Error unknown_field(JsonValue fields, std::initializer_list<const StructDesc*> descs,
                                  const JsonPath& path) {
  if (!fields.is_object()) return at(path, "expected an object of fields, got " + fields.text());
  // Each key is looked up in the descriptions; the list of them all (for
  // "did you mean") is made for an unknown key only: made for every record,
  // it was a tenth of the encoder's allocations.
  const auto known = [&](std::string_view key) {
    return std::any_of(descs.begin(), descs.end(), [&](const StructDesc* desc) { return is_struct_key(*desc, key); });
  };
  bool all_known = true;
  for (auto entry = fields.begin(); all_known && entry != fields.end(); ++entry) all_known = known(entry.key());
  if (all_known) return {};
  std::vector<std::string_view> keys;
  std::vector<std::string> names;  // the "_name" keys, viewed once all are made
  for (const StructDesc* desc : descs) add_struct_keys(*desc, keys, names);
  for (const std::string& name : names) keys.push_back(name);
  return unknown_key(fields, keys, path, std::string(descs.size() == 1 ? (*descs.begin())->name : "the header") +
                                             " fields");
}

class Encoder {
 public:
  // Room for a table of a KiB at once (most NUMA tables are smaller), for the
  // common header's ASCII fields and a GUID, and for a list of a few dozen:
  // grown by doubling from none, a table's bytes were eleven allocations and
  // copies, and the header's fields (4, 6, 8 characters) three more.
  Encoder() {
    out_.reserve(1024);
    field_bytes_.reserve(64);
    array_elements_.reserve(64);
  }

  // Writes one structure (fixed fields, arrays, trailing bytes) at the end of `out_`.
  // `trailing` bytes belong to the structure that ends the record, never to
  // the common header that the table header's fields share a JSON object with.
  [[nodiscard]] Error put_struct(const StructDesc& desc, JsonValue fields, const JsonPath& path,
                                 std::size_t start, bool with_trailing = true) {
    if (!fields.is_object()) return at(path, "expected an object of fields");
    out_.resize(std::max(out_.size(), start + desc.size), 0);
    for (const FieldDesc& field : desc.fields) {
      if (Error e = put_field(field, fields, JsonPath(path, field.key), start); !e) return e;
    }
    // Each list's length comes from the fixed fields. Read every count first:
    // writing a list grows out_, which moves the bytes a StructView looks at.
    const StructView fixed(out_, desc, static_cast<std::uint32_t>(start), desc.size);
    std::array<std::uint64_t, kMaxArrays> counts{};
    for (std::size_t i = 0; i < desc.arrays.size(); ++i) counts[i] = desc.arrays[i].count(fixed);
    for (std::size_t i = 0; i < desc.arrays.size(); ++i) {
      const ArrayDesc& array = desc.arrays[i];
      if (Error e = put_array(array, counts[i], fields, JsonPath(path, array.key)); !e) return e;
    }
    if (const auto it = fields.find("trailing"); with_trailing && it) {
      if (Error e = put_hex_bytes(*it, JsonPath(path, "trailing")); !e) return e;
    }
    return derived_values_agree(desc, fields, path, start);
  }

  // Hex bytes ("raw", "trailing") appended to the table.
  [[nodiscard]] Error put_hex_bytes(JsonValue value, const JsonPath& path) {
    if (Error e = parse_hex_bytes(value, path, field_bytes_); !e) return e;
    out_.insert(out_.end(), field_bytes_.begin(), field_bytes_.end());
    return {};
  }

  std::vector<std::uint8_t>& bytes() { return out_; }
  // Where the record being written ends by its declared length; 0: not declared.
  void set_record_end(std::size_t end) { record_end_ = end; }

  // Writes `field` from `fields`' member of its key, if present and not null.
  [[nodiscard]] Error put_field(const FieldDesc& field, JsonValue fields, const JsonPath& path,
                                std::size_t start) {
    if (field.when.selector_width != 0 &&
        read_le(out_, start + field.when.selector_offset, field.when.selector_width).value_or(~0ULL) !=
            field.when.value) {
      return {};
    }
    const auto it = fields.find(field.key);
    if (!it || it->is_null()) return {};
    const std::size_t offset = start + field.offset;
    if (field.kind == FieldKind::ascii || field.kind == FieldKind::bytes || field.width > 8) {
      std::vector<std::uint8_t>& raw = field_bytes_;
      Error e = field.kind == FieldKind::ascii ? parse_ascii(*it, path, raw) : parse_hex_bytes(*it, path, raw);
      if (!e) return e;
      if (raw.size() > field.width) {
        return at(path, std::to_string(raw.size()) + " bytes do not fit in the " + std::to_string(field.width) +
                            "-byte field");
      }
      if (field.kind == FieldKind::ascii) raw.resize(field.width, ' ');
      std::copy(raw.begin(), raw.end(), out_.begin() + static_cast<std::ptrdiff_t>(offset));
      return {};
    }
    std::uint64_t value = 0;
    if (field.kind == FieldKind::flags && it->is_object()) {
      if (Error e = parse_flags(field, *it, path, value); !e) return e;
    } else if (Error e = parse_uint(*it, path, value); !e) {
      return e;
    }
    if (field.width < 8 && (value >> (8 * field.width)) != 0) {
      return at(path, "value " + std::to_string(value) + " does not fit in " + std::to_string(field.width) +
                          " bytes");
    }
    write_le(out_, offset, field.width, value);
    return {};
  }

 private:
  // dump_json writes an enumeration's name and a Decoding's value beside the
  // raw field; given back, they must be what the raw field decodes to (one
  // meaning per key: writing only the derived value is not a way to set it).
  [[nodiscard]] Error derived_values_agree(const StructDesc& desc, JsonValue fields, const JsonPath& path,
                                           std::size_t start) const {
    const StructView view(out_, desc, static_cast<std::uint32_t>(start), desc.size);
    for (const FieldDesc& field : desc.fields) {
      const bool named = field.kind == FieldKind::enumeration;
      if (!named && field.decoding == nullptr) continue;
      const auto given = named ? find_name_key(fields, field.key) : fields.find(field.decoding->key);
      if (!given || given->is_null()) continue;
      const auto raw = view.read(field);
      if (!raw) continue;
      // A name is a string, a decoded value a number; a raw value without a
      // meaning has none (null), and no given value agrees with it.
      std::optional<std::string_view> name;
      std::optional<std::uint64_t> decoded;
      if (named) {
        for (const EnumValue& v : field.values) {
          if (v.value == *raw) name = v.name;
        }
      } else {
        decoded = field.decoding->decode(*raw);
      }
      const bool agree = named ? name && given->is_string() && given->string() == *name
                               : decoded && given->unsigned_integer() == decoded;
      if (agree) continue;
      const std::string expected = name ? json_string(*name) : decoded ? std::to_string(*decoded) : "null";
      const std::string key = named ? std::string(field.key) + "_name" : std::string(field.decoding->key);
      return at(JsonPath(path, key), "is " + given->text() + " but " + std::string(field.key) + " " +
                                      std::to_string(*raw) + " means " + expected + "; set " +
                                      std::string(field.key) + " (this key only describes it)");
    }
    return {};
  }

  [[nodiscard]] Error put_array(const ArrayDesc& array, std::uint64_t count, JsonValue fields,
                                const JsonPath& path) {
    const auto it = fields.find(array.key);
    std::vector<JsonValue>& flat = array_elements_;  // the elements, a matrix's rows joined
    flat.clear();
    if (it) {
      if (!it->is_array()) return at(path, "expected a list");
      for (const JsonValue element : *it) {
        if (!element.is_array()) {
          flat.push_back(element);
          continue;
        }
        for (const JsonValue cell : element) flat.push_back(cell);
      }
    }
    // A record whose declared length cuts a list short decodes to the elements
    // that fit (with a diagnostic); such a list encodes back as it is.
    const bool clipped = flat.size() < count && record_end_ != 0 &&
                         out_.size() + (flat.size() + 1) * array.element_width > record_end_;
    if (flat.size() != count && !clipped) {
      return at(path, "has " + std::to_string(flat.size()) + " elements, the fields ask for " +
                          std::to_string(count));
    }
    for (std::size_t i = 0; i < flat.size(); ++i) {
      std::uint64_t value = 0;
      const JsonPath element_path(path, i);
      if (Error e = parse_uint(flat[i], element_path, value); !e) return e;
      if (array.element_width < 8 && (value >> (8 * array.element_width)) != 0) {
        return at(element_path, "value " + std::to_string(value) + " does not fit in " +
                                    std::to_string(array.element_width) + " bytes");
      }
      const std::size_t offset = out_.size();
      out_.resize(offset + array.element_width, 0);
      write_le(out_, offset, array.element_width, value);
    }
    return {};
  }

  std::vector<std::uint8_t> out_;
  std::vector<std::uint8_t> field_bytes_;  // put_field's and put_hex_bytes', kept: one allocation, not one a field
  std::vector<JsonValue> array_elements_;  // put_array's, kept likewise
  std::size_t record_end_ = 0;
};

[[nodiscard]] Error put_subtable(Encoder& encoder, const TableDesc& table, std::uint8_t revision, JsonValue sub,
                                 const JsonPath& path) {
  std::vector<std::uint8_t>& out = encoder.bytes();
  const std::size_t start = out.size();
  if (!sub.is_object()) return at(path, "expected a subtable object, got " + sub.text());
  // "offset" and "name" are dump's, for the reader; the encoder places records one after another.
  static constexpr std::string_view kSubtableKeys[] = {"type", "length", "offset", "name", "fields", "raw"};
  if (Error e = unknown_key(sub, kSubtableKeys, path, "a subtable"); !e) return e;
  if (const auto raw = sub.find("raw"); raw && !raw->is_null()) {
    return encoder.put_hex_bytes(*raw, JsonPath(path, "raw"));
  }
  std::uint64_t type = 0;
  if (table.walk.type_width != 0) {
    const auto it = sub.find("type");
    if (!it) return at(JsonPath(path, "type"), "missing subtable type");
    if (Error e = parse_uint(*it, JsonPath(path, "type"), type); !e) return e;
  }
  const SubtableKind* kind = table.kind(type);
  if (kind == nullptr || kind->layouts.empty()) {
    return at(JsonPath(path, "type"), "unknown " + std::string(table.signature) + " subtable type " + std::to_string(type) +
                                  "; give its bytes as \"raw\"");
  }
  const JsonValue fields = sub.find("fields").value_or(no_fields());
  // With several layouts (RDPAS, HMAT revision 1), the table revision and the
  // record length pick one, as in decoding.
  std::optional<std::uint64_t> wanted;
  if (const auto it = sub.find("length")) {
    std::uint64_t length = 0;
    if (Error e = parse_uint(*it, JsonPath(path, "length"), length); !e) return e;
    wanted = length;
  }
  const StructDesc* layout = kind->layout_for(revision, wanted);
  if (Error e = unknown_field(fields, {layout}, JsonPath(path, "fields")); !e) return e;
  encoder.set_record_end(wanted ? start + *wanted : 0);
  // The type first: the fields' derived values (subtable_type_name) are
  // checked against the bytes as put_struct writes them.
  out.resize(std::max<std::size_t>(out.size(), start + table.walk.type_offset + table.walk.type_width), 0);
  write_le(out, start + table.walk.type_offset, table.walk.type_width, type);
  if (Error e = encoder.put_struct(*layout, fields, JsonPath(path, "fields"), start); !e) return e;
  const std::size_t length = out.size() - start;
  if (table.walk.length_width < 8 && (length >> (8 * table.walk.length_width)) != 0) {
    return at(path, "record of " + std::to_string(length) + " bytes does not fit its " +
                        std::to_string(table.walk.length_width) + "-byte length field");
  }
  if (wanted && *wanted != length) {
    return at(JsonPath(path, "length"), "is " + std::to_string(*wanted) + " but the fields make " + std::to_string(length) +
                                    " bytes");
  }
  write_le(out, start + table.walk.type_offset, table.walk.type_width, type);
  write_le(out, start + table.walk.length_offset, table.walk.length_width, length);
  return {};
}

Diagnostic beyond_records_bound(const std::string& signature, const FieldDesc& field, const JsonPath& path,
                                std::uint64_t offset) {
  Diagnostic d = at(path, std::string(field.name) + " is " + std::to_string(offset) + " (0x" + hex(offset) +
                              "); the encoder places records at most " + std::to_string(kMaxRecordsOffset) +
                              " bytes into the table");
  d.table = signature;
  d.offset = field.offset;
  return d;
}

Expected<std::vector<std::uint8_t>> encode_document(JsonValue table) {
  const JsonPath document;
  if (!table.is_object()) return at(document, "expected a table object, got " + table.text());
  const auto sig = table.find("signature");
  if (!sig || !sig->is_string()) return at(JsonPath(document, "signature"), "missing table signature");
  const std::string signature(sig->string());
  const TableDesc* desc = find_table_desc(signature);
  if (desc == nullptr) return at(JsonPath(document, "signature"), "numaplan cannot encode " + printable_ascii(signature) + " tables");
  // Besides what is encoded, dump_json's descriptions of the bytes: lengths
  // and the checksum are computed, origin, name and diagnostics are the reader's.
  static constexpr std::string_view kTableKeys[] = {"signature", "revision",      "header",   "subtables",
                                                    "origin",    "name",          "length",   "bytes_present",
                                                    "checksum",  "diagnostics"};
  if (Error e = unknown_key(table, kTableKeys, document, "a table"); !e) return std::move(e).error();
  const JsonPath header_path(document, "header");
  const JsonValue header = table.find("header").value_or(no_fields());
  if (Error e = unknown_field(header, {&common_header, desc->body}, header_path); !e) return std::move(e).error();
  // Read where it is: a copy of the list was a third of the encoder's allocations.
  const JsonPath subtables_path(document, "subtables");
  const auto subtables = table.find("subtables");
  if (subtables && !subtables->is_array()) {
    return at(subtables_path, "expected a list of subtables, got " + subtables->text());
  }

  Encoder encoder;
  if (Error e = encoder.put_struct(common_header, header, header_path, 0, false); !e) return std::move(e).error();
  // The table's "signature" and "revision" stand for the header's fields of those keys.
  if (Error e = encoder.put_field(*common_header_fields::signature, table, JsonPath(document, "signature"), 0); !e) {
    return std::move(e).error();
  }
  if (Error e = encoder.put_field(*common_header_fields::revision, table, JsonPath(document, "revision"), 0); !e) {
    return std::move(e).error();
  }
  if (Error e = encoder.put_struct(*desc->body, header, header_path, 0); !e) return std::move(e).error();
  std::vector<std::uint8_t>& out = encoder.bytes();
  if (const FieldDesc* start = desc->walk.start_field; start != nullptr) {
    // MSCT: the records start where the header says, or right after it.
    std::uint64_t offset = read_le(out, start->offset, start->width).value();
    if (offset == 0) offset = out.size();
    const JsonPath path(header_path, start->key);
    if (offset < out.size()) {
      return at(path, "is " + std::to_string(offset) + ", inside the " + std::to_string(out.size()) + "-byte header");
    }
    if (offset > kMaxRecordsOffset) return beyond_records_bound(signature, *start, path, offset);
    out.resize(offset, 0);
    write_le(out, start->offset, start->width, offset);
  }
  const std::uint8_t revision = out[8];  // the common header's Revision, written above
  std::size_t index = 0;
  for (const JsonValue sub : subtables.value_or(no_fields())) {
    if (Error e = put_subtable(encoder, *desc, revision, sub, JsonPath(subtables_path, index++)); !e) return std::move(e).error();
  }
  if (out.size() > 0xFFFFFFFFULL) {
    Diagnostic d = at(JsonPath(document, ""), std::to_string(out.size()) + " bytes do not fit the 32-bit Length field");
    d.table = signature;
    return d;
  }
  seal_table(out);
  return std::move(out);
}

}  // namespace

void seal_table(std::span<std::uint8_t> table) {
  write_le(table, 4, 4, table.size());
  table[9] = 0;
  table[9] = static_cast<std::uint8_t>(-std::accumulate(table.begin(), table.end(), 0U));
}

Expected<std::vector<std::uint8_t>> encode_table_text(std::string_view text) {
  const auto document = JsonDocument::parse(text);
  if (!document) return std::move(document).error();
  return encode_document(document->root());
}

// Written out and read back: one encoder, over JsonDocument. A DOM built in
// C++ may hold bytes that are not UTF-8, which json_text() writes as U+FFFD.
Expected<std::vector<std::uint8_t>> encode_table(const nlohmann::json& table) {
  return encode_table_text(json_text(table));
}

}  // namespace numaplan::acpi
