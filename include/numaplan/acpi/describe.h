// One description per ACPI structure, in the manner of ACPICA's dmtbinfo*.c:
// a list of fields (offset, width, name, kind). The same description drives
// decoding, the text dump, JSON, reserved-field checks and encoding.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace numaplan::acpi {

enum class FieldKind : std::uint8_t {
  unsigned_int,  // little-endian integer, shown in hex as iasl does
  address,       // 64-bit address or size: a hex string in JSON
  flags,         // bit field; bits not named are reserved
  enumeration,   // integer with named values
  ascii,         // fixed-width ASCII (signature, OEM ID, _HID)
  reserved,      // must be zero; any width
  bytes,         // opaque bytes, shown as hex
};

// A named bit or bit range inside a flags field.
struct BitDesc {
  std::uint8_t shift;
  std::uint8_t width;
  std::string_view name;  // as iasl prints it, e.g. "Hot Pluggable"
  std::string_view key;   // snake_case, e.g. "hot_pluggable"
};

struct EnumValue {
  std::uint64_t value;
  std::string_view name;
};

// A value derived from an encoded field (ENIW -> ways, MSCT count - 1 -> count).
struct Decoding {
  std::string_view key;                               // JSON key of the derived value
  std::string_view unit;                              // shown after the value in text
  std::optional<std::uint64_t> (*decode)(std::uint64_t raw);  // nullopt: invalid encoding
};

// A field is decoded only when an earlier field of the same structure has a
// given value (Generic Initiator device handle: ACPI or PCI form).
struct Condition {
  std::uint16_t selector_offset = 0;
  std::uint8_t selector_width = 0;  // 0: unconditional
  std::uint64_t value = 0;
};

struct FieldDesc {
  std::uint16_t offset;  // from the start of the structure
  std::uint16_t width;   // bytes
  std::string_view name;  // as `iasl -d` prints it
  std::string_view key;   // snake_case JSON key
  FieldKind kind = FieldKind::unsigned_int;
  std::span<const BitDesc> bits = {};
  std::span<const EnumValue> values = {};
  const Decoding* decoding = nullptr;
  Condition when = {};
};

class StructView;  // see table.h

// A variable-length list that follows the fixed fields (SLIT matrix, CFMWS
// targets, HMAT locality lists). Lists follow one another in order.
struct ArrayDesc {
  std::string_view name;  // per-element name as iasl prints it
  std::string_view key;
  std::uint8_t element_width;
  std::uint64_t (*count)(const StructView& fixed);  // from fields already decoded
  // Set for a matrix (SLIT): elements per row, shown one row a line.
  std::uint64_t (*row_length)(const StructView& fixed) = nullptr;
  // iasl's name for the elements after the first, when it differs
  // ("First Target", then "Next Target").
  std::string_view next_name = {};
};

// The index of the field or list keyed `key` in `descs`. consteval: for a key
// the description does not have, the throw is reached and the call is not a
// constant, so a misspelt handle (Handle) fails to compile.
template <typename Desc>
consteval std::size_t key_index(std::span<const Desc> descs, std::string_view key) {
  for (std::size_t i = 0; i < descs.size(); ++i) {
    if (descs[i].key == key) return i;
  }
  throw "no field or list with this key in the description";
}

struct StructDesc;

// A field (or list) code reads, named by a handle into its structure's
// description rather than by its JSON key: each handle is made where the
// description is written (Field{kMemoryFields, "base_address"}), so the key is
// spelt only there and a key the description lacks is a compile error.
// tables.h declares the handles.
template <typename Desc>
class Handle {
 public:
  consteval Handle(std::span<const Desc> descs, std::string_view key) : desc_(&descs[key_index(descs, key)]) {}

  constexpr const Desc& operator*() const { return *desc_; }
  constexpr const Desc* operator->() const { return desc_; }
  // Whether this is one of `desc`'s fields or lists (by address; layouts that
  // share a field list, Generic Initiator and Generic Port, share its handles).
  bool of(const StructDesc& desc) const;

 private:
  const Desc* desc_;
};

using Field = Handle<FieldDesc>;
using Array = Handle<ArrayDesc>;

struct StructDesc {
  std::string_view name;  // e.g. "Memory Affinity"
  std::string_view key;   // e.g. "memory_affinity"
  std::uint16_t size;     // bytes of the fixed part: the minimum record length
  std::span<const FieldDesc> fields;
  std::span<const ArrayDesc> arrays = {};
  // Several layouts for one type (RDPAS, HMAT revision 1): the first whose
  // predicate accepts the record is used; the note says which was chosen.
  bool (*accepts)(std::uint8_t table_revision, std::uint64_t record_length) = nullptr;
  std::string_view layout_note = {};
};

template <typename Desc>
bool Handle<Desc>::of(const StructDesc& desc) const {
  std::span<const Desc> list;
  if constexpr (std::is_same_v<Desc, FieldDesc>) {
    list = desc.fields;
  } else {
    list = desc.arrays;
  }
  // std::less: a total order even over pointers into different arrays.
  return !std::less<>{}(desc_, list.data()) && std::less<>{}(desc_, list.data() + list.size());
}

// Whether `fields` describe every byte of [from, size) exactly once: the
// unconditional fields in offset order, each starting where the one before
// ends; a conditional field (Condition) inside one unconditional field it
// refines; every named bit inside its field and no two overlapping.
// constexpr, so a description can be checked where it is written
// (checked_struct()) as well as by the tests over the registry.
constexpr bool tiles(std::span<const FieldDesc> fields, std::uint16_t size, std::uint16_t from = 0) {
  std::uint32_t at = from;
  for (const FieldDesc& field : fields) {
    if (field.width == 0) return false;
    const std::uint32_t end = std::uint32_t{field.offset} + field.width;
    for (const BitDesc& bit : field.bits) {
      if (bit.width == 0 || std::uint32_t{bit.shift} + bit.width > 8U * std::min<std::uint32_t>(field.width, 8)) return false;
      for (const BitDesc& other : field.bits) {
        if (&other != &bit && other.shift < bit.shift + bit.width && bit.shift < other.shift + other.width) return false;
      }
    }
    if (field.when.selector_width != 0) {
      bool inside = false;
      for (const FieldDesc& outer : fields) {
        inside = inside || (outer.when.selector_width == 0 && outer.offset <= field.offset &&
                            end <= std::uint32_t{outer.offset} + outer.width);
      }
      if (!inside) return false;
      continue;
    }
    if (field.offset != at) return false;
    at = end;
  }
  return at == size;
}

// Whether every JSON key of a description (its fields', named bits',
// decoded values' and lists') is snake_case, [a-z0-9_]+: the dump writes them
// unescaped (JsonWriter::key_plain) and the encoder reads them back by name.
constexpr bool snake_case_key(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}
constexpr bool snake_case_keys(std::span<const FieldDesc> fields, std::span<const ArrayDesc> arrays) {
  for (const FieldDesc& field : fields) {
    if (!snake_case_key(field.key)) return false;
    if (field.decoding != nullptr && !snake_case_key(field.decoding->key)) return false;
    for (const BitDesc& bit : field.bits) {
      if (!snake_case_key(bit.key)) return false;
    }
  }
  for (const ArrayDesc& array : arrays) {
    if (!snake_case_key(array.key)) return false;
  }
  return true;
}

// A structure description whose fields tile it and whose keys are
// snake_case: a compile error where one is not (a consteval function cannot
// reach the throw and still be a constant).
consteval StructDesc checked_struct(StructDesc desc, std::uint16_t from = 0);

struct SubtableKind {
  std::uint64_t type;
  std::span<const StructDesc* const> layouts;

  // The layout for a record of this kind, for decoding and encoding alike:
  // the first whose predicate accepts (table revision, record length). With
  // no length known (encoding without one), each layout is tried at its own
  // size. When none accepts, the first layout.
  const StructDesc* layout_for(std::uint8_t table_revision, std::optional<std::uint64_t> record_length) const;
};

// How a table's records are found after its fixed header.
struct SubtableWalk {
  std::uint32_t start = 0;                 // fixed start offset, or
  const FieldDesc* start_field = nullptr;  // a header field holding it (MSCT)
  std::uint8_t type_offset = 0, type_width = 0;  // type_width 0: one kind only
  std::uint8_t length_offset = 0, length_width = 0;  // length_width 0: no records
  std::string_view type_field_name = {};   // iasl names, for diagnostics
  std::string_view length_field_name = {};

  // The bytes of a record the walk reads before it knows the record: its
  // type and its Length (SRAT 2, CEDT 4).
  std::uint32_t header_size() const {
    return std::max(type_offset + type_width, length_offset + length_width);
  }
};

struct TableDesc {
  std::string_view signature;
  std::string_view name;   // e.g. "System Resource Affinity Table"
  // Fields after the common header, at offsets from the table start; its size
  // is the whole fixed header (SRAT 48). Arrays (SLIT matrix) follow it.
  const StructDesc* body;
  SubtableWalk walk;
  std::span<const SubtableKind> kinds;

  const SubtableKind* kind(std::uint64_t type) const;
  // The field of `record` (one of this table's layouts) the walk reads a
  // record's Length from, found by its place (SubtableWalk::length_offset and
  // length_width) as every layout of the table has one there; nullptr when
  // the records have no Length.
  const FieldDesc* length_field(const StructDesc& record) const;
};

// Inline, as the walker calls both once per record.
inline const StructDesc* SubtableKind::layout_for(std::uint8_t table_revision,
                                                  std::optional<std::uint64_t> record_length) const {
  if (layouts.empty()) return nullptr;
  for (const StructDesc* layout : layouts) {
    if (layout->accepts == nullptr || layout->accepts(table_revision, record_length.value_or(layout->size))) {
      return layout;
    }
  }
  return layouts.front();
}

inline const SubtableKind* TableDesc::kind(std::uint64_t type) const {
  for (const SubtableKind& k : kinds) {
    if (k.type == type) return &k;
  }
  return nullptr;
}

inline const FieldDesc* TableDesc::length_field(const StructDesc& record) const {
  if (walk.length_width == 0) return nullptr;
  for (const FieldDesc& field : record.fields) {
    if (field.offset == walk.length_offset && field.width == walk.length_width && field.when.selector_width == 0) {
      return &field;
    }
  }
  return nullptr;
}

// The most lists one structure has: an HMAT locality's initiators, targets
// and entries. StructView::arrays() holds a record's lists in place.
inline constexpr std::size_t kMaxArrays = 3;

consteval StructDesc checked_struct(StructDesc desc, std::uint16_t from) {
  if (!tiles(desc.fields, desc.size, from)) throw "the fields do not tile the structure";
  if (desc.arrays.size() > kMaxArrays) throw "more lists than kMaxArrays";
  if (!snake_case_keys(desc.fields, desc.arrays)) throw "a JSON key is not snake_case";
  return desc;
}

// The common 36-byte header every table starts with.
extern const StructDesc common_header;

// Every table numaplan understands, or nullptr.
const TableDesc* find_table_desc(std::string_view signature);
std::span<const TableDesc* const> all_table_descs();

}  // namespace numaplan::acpi
