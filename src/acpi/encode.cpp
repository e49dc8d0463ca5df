// The encoder walks the same descriptions as the decoder, writing each field
// where the decoder reads it.
#include "numaplan/acpi/encode.h"

#include <numeric>
#include <optional>

#include "numaplan/acpi/table.h"
#include "numaplan/support/bytes.h"
#include "numaplan/support/format.h"

namespace numaplan::acpi {

namespace {

using json = nlohmann::json;
using Error = std::optional<Diagnostic>;

Diagnostic at(const std::string& path, std::string message) {
  Diagnostic d;
  d.field = path;
  d.message = std::move(message);
  return d;
}

[[nodiscard]] Error parse_uint(const json& value, const std::string& path, std::uint64_t& out) {
  if (value.is_number_unsigned()) {
    out = value.get<std::uint64_t>();
    return std::nullopt;
  }
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
    out = static_cast<std::uint64_t>(value.get<std::int64_t>());
    return std::nullopt;
  }
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    const bool is_hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    try {
      std::size_t used = 0;
      out = std::stoull(is_hex ? text.substr(2) : text, &used, is_hex ? 16 : 10);
      if (used == (is_hex ? text.size() - 2 : text.size())) return std::nullopt;
    } catch (const std::exception&) {
    }
  }
  return at(path, "expected a non-negative integer or a \"0x...\" string, got " + value.dump());
}

[[nodiscard]] Error parse_hex_bytes(const json& value, const std::string& path, std::vector<std::uint8_t>& out) {
  if (!value.is_string()) return at(path, "expected hex bytes such as \"00 1A FF\", got " + value.dump());
  out.clear();
  const std::string text = value.get<std::string>();
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t used = 0;
    unsigned long byte = 0;
    try {
      byte = std::stoul(text.substr(i, 2), &used, 16);
    } catch (const std::exception&) {
    }
    if (used != 2) return at(path, "bad hex byte at character " + std::to_string(i) + " of \"" + text + "\"");
    out.push_back(static_cast<std::uint8_t>(byte));
    i += 2;
  }
  return std::nullopt;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The inverse of the dump's printable(): "\xNN" escapes, other characters as is.
[[nodiscard]] Error parse_ascii(const json& value, const std::string& path, std::vector<std::uint8_t>& out) {
  if (!value.is_string()) return at(path, "expected a string, got " + value.dump());
  out.clear();
  const std::string text = value.get<std::string>();
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
  return std::nullopt;
}

std::uint64_t flags_from_bits(const FieldDesc& field, const json& value) {
  std::uint64_t out = 0;
  for (const auto& bit : field.bits) {
    const auto it = value.find(std::string(bit.key));
    if (it == value.end()) continue;
    const std::uint64_t v = it->is_boolean() ? (it->get<bool>() ? 1 : 0) : it->get<std::uint64_t>();
    out |= (v & ((std::uint64_t{1} << bit.width) - 1)) << bit.shift;
  }
  return out;
}

class Encoder {
 public:
  // Writes one structure (fixed fields, arrays, trailing bytes) at the end of `out_`.
  // `trailing` bytes belong to the structure that ends the record, never to
  // the common header that the table header's fields share a JSON object with.
  [[nodiscard]] Error put_struct(const StructDesc& desc, const json& fields, const std::string& path,
                                 std::size_t start, bool with_trailing = true) {
    if (!fields.is_object()) return at(path, "expected an object of fields");
    out_.resize(std::max(out_.size(), start + desc.size), 0);
    for (const FieldDesc& field : desc.fields) {
      if (Error e = put_field(field, fields, path + "/" + std::string(field.key), start)) return e;
    }
    // Each list's length comes from the fixed fields. Read every count first:
    // writing a list grows out_, which moves the bytes a StructView looks at.
    const StructView fixed(out_, desc, static_cast<std::uint32_t>(start), desc.size);
    std::vector<std::uint64_t> counts;
    for (const ArrayDesc& array : desc.arrays) counts.push_back(array.count(fixed));
    for (std::size_t i = 0; i < desc.arrays.size(); ++i) {
      const ArrayDesc& array = desc.arrays[i];
      if (Error e = put_array(array, counts[i], fields, path + "/" + std::string(array.key))) return e;
    }
    if (const auto it = fields.find("trailing"); with_trailing && it != fields.end()) {
      std::vector<std::uint8_t> extra;
      if (Error e = parse_hex_bytes(*it, path + "/trailing", extra)) return e;
      out_.insert(out_.end(), extra.begin(), extra.end());
    }
    return std::nullopt;
  }

  std::vector<std::uint8_t>& bytes() { return out_; }
  // Where the record being written ends by its declared length; 0: not declared.
  void set_record_end(std::size_t end) { record_end_ = end; }

 private:
  [[nodiscard]] Error put_field(const FieldDesc& field, const json& fields, const std::string& path,
                                std::size_t start) {
    if (field.when.selector_width != 0 &&
        read_le(out_, start + field.when.selector_offset, field.when.selector_width).value_or(~0ULL) !=
            field.when.value) {
      return std::nullopt;
    }
    const auto it = fields.find(std::string(field.key));
    if (it == fields.end() || it->is_null()) return std::nullopt;
    const std::size_t offset = start + field.offset;
    if (field.kind == FieldKind::ascii || field.kind == FieldKind::bytes || field.width > 8) {
      std::vector<std::uint8_t> raw;
      Error e = field.kind == FieldKind::ascii ? parse_ascii(*it, path, raw) : parse_hex_bytes(*it, path, raw);
      if (e) return e;
      if (raw.size() > field.width) {
        return at(path, std::to_string(raw.size()) + " bytes do not fit in the " + std::to_string(field.width) +
                            "-byte field");
      }
      if (field.kind == FieldKind::ascii) raw.resize(field.width, ' ');
      std::copy(raw.begin(), raw.end(), out_.begin() + static_cast<std::ptrdiff_t>(offset));
      return std::nullopt;
    }
    std::uint64_t value = 0;
    if (field.kind == FieldKind::flags && it->is_object()) {
      const auto raw = it->find("value");
      if (raw != it->end()) {
        if (Error e = parse_uint(*raw, path + "/value", value)) return e;
      } else {
        value = flags_from_bits(field, *it);
      }
    } else if (Error e = parse_uint(*it, path, value)) {
      return e;
    }
    if (field.width < 8 && (value >> (8 * field.width)) != 0) {
      return at(path, "value " + std::to_string(value) + " does not fit in " + std::to_string(field.width) +
                          " bytes");
    }
    write_le(out_, offset, field.width, value);
    return std::nullopt;
  }

  [[nodiscard]] Error put_array(const ArrayDesc& array, std::uint64_t count, const json& fields,
                                const std::string& path) {
    const auto it = fields.find(std::string(array.key));
    std::vector<json> flat;
    if (it != fields.end()) {
      if (!it->is_array()) return at(path, "expected a list");
      for (const json& element : *it) {
        if (element.is_array()) {
          flat.insert(flat.end(), element.begin(), element.end());
        } else {
          flat.push_back(element);
        }
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
      const std::string element_path = path + "/" + std::to_string(i);
      if (Error e = parse_uint(flat[i], element_path, value)) return e;
      if (array.element_width < 8 && (value >> (8 * array.element_width)) != 0) {
        return at(element_path, "value " + std::to_string(value) + " does not fit in " +
                                    std::to_string(array.element_width) + " bytes");
      }
      const std::size_t offset = out_.size();
      out_.resize(offset + array.element_width, 0);
      write_le(out_, offset, array.element_width, value);
    }
    return std::nullopt;
  }

  std::vector<std::uint8_t> out_;
  std::size_t record_end_ = 0;
};

[[nodiscard]] Error put_subtable(Encoder& encoder, const TableDesc& table, std::uint8_t revision, const json& sub,
                                 const std::string& path) {
  std::vector<std::uint8_t>& out = encoder.bytes();
  const std::size_t start = out.size();
  if (const auto raw = sub.find("raw"); raw != sub.end() && !raw->is_null()) {
    std::vector<std::uint8_t> bytes;
    if (Error e = parse_hex_bytes(*raw, path + "/raw", bytes)) return e;
    out.insert(out.end(), bytes.begin(), bytes.end());
    return std::nullopt;
  }
  std::uint64_t type = 0;
  if (table.walk.type_width != 0) {
    const auto it = sub.find("type");
    if (it == sub.end()) return at(path + "/type", "missing subtable type");
    if (Error e = parse_uint(*it, path + "/type", type)) return e;
  }
  const SubtableKind* kind = table.kind(type);
  if (kind == nullptr || kind->layouts.empty()) {
    return at(path + "/type", "unknown " + std::string(table.signature) + " subtable type " + std::to_string(type) +
                                  "; give its bytes as \"raw\"");
  }
  const json empty = json::object();
  const json& fields = sub.contains("fields") ? sub["fields"] : empty;
  // With several layouts (RDPAS, HMAT revision 1), the table revision and the
  // record length pick one, as in decoding.
  std::optional<std::uint64_t> wanted;
  if (const auto it = sub.find("length"); it != sub.end()) {
    std::uint64_t length = 0;
    if (Error e = parse_uint(*it, path + "/length", length)) return e;
    wanted = length;
  }
  const StructDesc* layout = kind->layout_for(revision, wanted);
  encoder.set_record_end(wanted ? start + *wanted : 0);
  if (Error e = encoder.put_struct(*layout, fields, path + "/fields", start)) return e;
  const std::size_t length = out.size() - start;
  if (table.walk.length_width < 8 && (length >> (8 * table.walk.length_width)) != 0) {
    return at(path, "record of " + std::to_string(length) + " bytes does not fit its " +
                        std::to_string(table.walk.length_width) + "-byte length field");
  }
  if (wanted && *wanted != length) {
    return at(path + "/length", "is " + std::to_string(*wanted) + " but the fields make " + std::to_string(length) +
                                    " bytes");
  }
  write_le(out, start + table.walk.type_offset, table.walk.type_width, type);
  write_le(out, start + table.walk.length_offset, table.walk.length_width, length);
  return std::nullopt;
}

Diagnostic beyond_records_bound(const std::string& signature, const FieldDesc& field, const std::string& path,
                                std::uint64_t offset) {
  Diagnostic d = at(path, std::string(field.name) + " is " + std::to_string(offset) + " (0x" + hex(offset) +
                              "); the encoder places records at most " + std::to_string(kMaxRecordsOffset) +
                              " bytes into the table");
  d.table = signature;
  d.offset = field.offset;
  return d;
}

}  // namespace

Expected<std::vector<std::uint8_t>> encode_table(const json& table) {
  if (!table.is_object() || !table.contains("signature") || !table["signature"].is_string()) {
    return at("/signature", "missing table signature");
  }
  const std::string signature = table["signature"].get<std::string>();
  const TableDesc* desc = find_table_desc(signature);
  if (desc == nullptr) return at("/signature", "numaplan cannot encode " + signature + " tables");
  const json empty = json::object();
  json header = table.contains("header") ? table["header"] : empty;
  header["signature"] = signature;
  if (table.contains("revision")) header["revision"] = table["revision"];

  Encoder encoder;
  if (Error e = encoder.put_struct(common_header, header, "/header", 0, false)) return *e;
  if (Error e = encoder.put_struct(*desc->body, header, "/header", 0)) return *e;
  std::vector<std::uint8_t>& out = encoder.bytes();
  if (!desc->walk.start_field.empty()) {
    // MSCT: the records start where the header says, or right after it.
    const FieldDesc* start = desc->body->field(desc->walk.start_field);
    std::uint64_t offset = read_le(out, start->offset, start->width).value();
    if (offset == 0) offset = out.size();
    const std::string path = "/header/" + std::string(start->key);
    if (offset < out.size()) {
      return at(path, "is " + std::to_string(offset) + ", inside the " + std::to_string(out.size()) + "-byte header");
    }
    if (offset > kMaxRecordsOffset) return beyond_records_bound(signature, *start, path, offset);
    out.resize(offset, 0);
    write_le(out, start->offset, start->width, offset);
  }
  const std::uint8_t revision = out[8];  // the common header's Revision, written above
  const json subtables = table.contains("subtables") ? table["subtables"] : json::array();
  for (std::size_t i = 0; i < subtables.size(); ++i) {
    if (Error e = put_subtable(encoder, *desc, revision, subtables[i], "/subtables/" + std::to_string(i))) return *e;
  }
  if (out.size() > 0xFFFFFFFFULL) {
    Diagnostic d = at("/", std::to_string(out.size()) + " bytes do not fit the 32-bit Length field");
    d.table = signature;
    return d;
  }
  write_le(out, 4, 4, out.size());
  out[9] = 0;
  out[9] = static_cast<std::uint8_t>(-std::accumulate(out.begin(), out.end(), 0U));
  return std::move(out);
}

}  // namespace numaplan::acpi
