// Text and JSON dumps, both walking the structure descriptions: no field is
// printed by hand.
#include "numaplan/emit/dump.h"

#include <algorithm>

#include "numaplan/support/format.h"
#include "numaplan/version.h"

namespace numaplan::emit {

namespace {

using acpi::ArrayView;
using acpi::FieldDesc;
using acpi::FieldKind;
using acpi::StructView;

// iasl's line prefix: "[030h 0048   1]" then the name right-aligned. The
// bracket and the padding are built on the stack and appended once: dump
// writes one prefix per line, tens of thousands per machine.
void append_prefix(std::string& out, std::uint64_t offset, std::uint64_t width, std::string_view name,
                   std::string_view name_suffix = {}) {
  constexpr std::size_t kNameColumn = 28;
  char line[64 + kNameColumn];  // "[" 16 "h " 20 " " 20 "] " is 62 at most
  char* at = line;
  *at++ = '[';
  at = put_hex(at, offset, 3);
  *at++ = 'h';
  *at++ = ' ';
  at = put_decimal(at, offset, 4, '0');
  *at++ = ' ';
  at = put_decimal(at, width, 3);
  *at++ = ']';
  *at++ = ' ';
  const std::size_t shown = name.size() + name_suffix.size();
  if (shown < kNameColumn) at = std::fill_n(at, kNameColumn - shown, ' ');
  out.append(line, at);
  out += name;
  if (!name_suffix.empty()) out += name_suffix;
  out += " : ";
}

void append_bit_line(std::string& out, std::string_view name, std::uint64_t value) {
  append_right(out, name, 44);
  out += " : ";
  append_hex(out, value);
  out += '\n';
}

std::string printable(std::span<const std::uint8_t> bytes) {
  return printable_ascii(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void append_hex_bytes(std::string& out, std::span<const std::uint8_t> bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += ' ';
    append_hex(out, bytes[i], 2);
  }
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
  std::string out;
  append_hex_bytes(out, bytes);
  return out;
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

// Bytes inside the record after its fields and lists: a longer record than
// the structure (MSCT Length 24), or the gap before the first subtable.
std::span<const std::uint8_t> trailing_bytes(const StructView& view) {
  std::uint64_t used = view.offset() + view.desc().size;
  for (const ArrayView& array : view.arrays()) used = array.offset + array.count * array.desc->element_width;
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
    append_prefix(out, at, field.width, field.name, is_flags ? " (decoded below)" : "");
    append_field_value(out, view, field);
    out += '\n';
    if (is_flags) {
      const std::uint64_t value = view.read(field).value_or(0);
      for (const auto& bit : field.bits) append_bit_line(out, bit.name, bits_of(value, bit));
    }
  }
  for (const ArrayView& array : view.arrays()) {
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
  const auto extra = trailing_bytes(view);
  if (!extra.empty()) {
    out += "**** " + std::to_string(extra.size()) + " bytes after the " + std::string(view.desc().name) + " fields:\n";
    raw_text(extra, static_cast<std::uint64_t>(extra.data() - view.table().data()), out);
  }
}


// ---- JSON ----------------------------------------------------------------

nlohmann::json field_value_json(const StructView& view, const FieldDesc& field) {
  auto raw = view.bytes(field);
  if (!raw) return nullptr;
  if (field.kind == FieldKind::ascii) return printable(*raw);
  if (field.kind == FieldKind::bytes || field.width > 8) return hex_bytes(*raw);
  const std::uint64_t value = view.read(field).value();
  if (field.kind == FieldKind::address) return "0x" + hex(value);
  if (field.kind == FieldKind::flags) {
    nlohmann::json flags = {{"value", value}};
    for (const auto& bit : field.bits) {
      const std::uint64_t v = bits_of(value, bit);
      flags[std::string(bit.key)] = bit.width == 1 ? nlohmann::json(v != 0) : nlohmann::json(v);
    }
    flags["reserved_bits"] = value & ~named_mask(field);
    return flags;
  }
  return value;
}

nlohmann::json fields_json(const StructView& view) {
  nlohmann::json out = nlohmann::json::object();
  for (const FieldDesc& field : view.desc().fields) {
    if (!view.present(field)) continue;
    out[std::string(field.key)] = field_value_json(view, field);
    const auto value = view.read(field);
    if (field.kind == FieldKind::enumeration && value) {
      const auto* named = enum_value(field, *value);
      out[std::string(field.key) + "_name"] = named ? nlohmann::json(named->name) : nlohmann::json(nullptr);
    }
    if (field.decoding != nullptr && value) {
      const auto decoded = field.decoding->decode(*value);
      out[std::string(field.decoding->key)] = decoded ? nlohmann::json(*decoded) : nlohmann::json(nullptr);
    }
  }
  for (const ArrayView& array : view.arrays()) {
    nlohmann::json list = nlohmann::json::array();
    const std::uint64_t row = array.desc->row_length ? array.desc->row_length(view) : 0;
    for (std::uint64_t i = 0; i < array.count; ++i) {
      const std::uint64_t value = view.element(array, i).value();
      if (row == 0) {
        list.push_back(value);
        continue;
      }
      if (i % row == 0) list.push_back(nlohmann::json::array());
      list.back().push_back(value);
    }
    out[std::string(array.desc->key)] = std::move(list);
  }
  // Bytes inside the record after its fields and lists, kept so that
  // encoding the JSON gives back the same table.
  const auto extra = trailing_bytes(view);
  if (!extra.empty()) out["trailing"] = hex_bytes(extra);
  return out;
}

}  // namespace

void dump_text(const acpi::Table& table, std::string& out) {
  out += table.signature;
  out += " from ";
  out += table.origin;
  out += '\n';
  const StructView common = table.common_view();
  for (const FieldDesc& field : common.desc().fields) {
    append_prefix(out, field.offset, field.width, field.name);
    append_field_value(out, common, field);
    if (field.key == "signature" && table.desc) out += "    [" + std::string(table.desc->name) + "]";
    if (field.key == "checksum") out += table.checksum_valid ? "   (valid)" : "   (INVALID)";
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
      append_hex(out, record.type, walk.type_width * 2);
      out += " [Unknown Subtable Type]\n";
      append_prefix(out, record.offset + walk.length_offset, walk.length_width, walk.length_field_name);
      append_hex(out, record.length, walk.length_width * 2);
      out += '\n';
      raw_text(table.raw(record), record.offset, out);
      continue;
    }
    fields_text(table.view(record), out);
  }
}

std::string dump_text(const acpi::Table& table) {
  std::string out;
  dump_text(table, out);
  return out;
}

nlohmann::json to_json(const Diagnostic& d) {
  return {{"severity", to_string(d.severity)}, {"table", d.table}, {"origin", d.origin},
          {"offset", d.offset},                {"field", d.field}, {"message", d.message}};
}

nlohmann::json dump_json(const acpi::Table& table) {
  nlohmann::json out = {
      {"signature", table.signature},
      {"origin", table.origin},
      {"name", table.desc ? nlohmann::json(table.desc->name) : nlohmann::json(nullptr)},
      {"length", table.declared_length},
      {"bytes_present", table.bytes.size()},
      {"revision", table.revision},
      {"checksum", {{"value", table.bytes[9]}, {"valid", table.checksum_valid}}},
  };
  nlohmann::json header = fields_json(table.common_view());
  if (table.header.desc != nullptr) header.update(fields_json(table.header_view()));
  out["header"] = std::move(header);
  nlohmann::json subtables = nlohmann::json::array();
  for (const acpi::Record& record : table.subtables) {
    nlohmann::json sub = {{"type", record.type}, {"offset", record.offset}, {"length", record.length}};
    if (record.desc == nullptr) {
      sub["name"] = nullptr;
      sub["raw"] = hex_bytes(table.raw(record));
    } else {
      sub["name"] = record.desc->name;
      sub["fields"] = fields_json(table.view(record));
    }
    subtables.push_back(std::move(sub));
  }
  out["subtables"] = std::move(subtables);
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& d : table.diagnostics) diagnostics.push_back(to_json(d));
  out["diagnostics"] = std::move(diagnostics);
  return out;
}

nlohmann::json dump_json(std::span<const acpi::Table> tables, const Diagnostics& input_diagnostics) {
  nlohmann::json out = {{"schema", "numaplan.tables/1"}, {"numaplan_version", kVersion}, {"tables", nlohmann::json::array()}};
  for (const acpi::Table& table : tables) out["tables"].push_back(dump_json(table));
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& d : input_diagnostics) diagnostics.push_back(to_json(d));
  out["diagnostics"] = std::move(diagnostics);
  return out;
}

}  // namespace numaplan::emit
