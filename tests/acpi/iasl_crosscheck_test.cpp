// Cross-check against `iasl -d` (issue 2 item 7, DESIGN §7): for every
// fixture and every NUMA table in ../shared/corpus, every value numaplan
// decodes (by the name iasl prints, at its absolute offset) must equal what
// iasl prints, and every line iasl prints must be one numaplan decodes.
//
// Two iasl versions:
// - Debian 12's iasl 20200925 (NUMAPLAN_IASL, found at configure time) runs on
//   every table; it knows no CEDT and no SRAT types 6-7.
// - Debian 13's iasl 20250404 runs on every table too, so CEDT and SRAT 6-7
//   are checked. Its path is $NUMAPLAN_IASL_NEW (tools/dev.sh test exports
//   it) or what tools/provision-iasl.sh prints; when neither works the tests
//   that need it are SKIPPED with the reason, never passed.
//
// Where an iasl is known to print something else, a named Allowance below
// says which lines it covers and why; nothing else is excused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/source/load.h"
#include "numaplan/support/bytes.h"
#include "support/table_bytes.h"

namespace numaplan::acpi {
namespace {

namespace fs = std::filesystem;

enum class Iasl { debian12, debian13 };

const char* name_of(Iasl iasl) { return iasl == Iasl::debian12 ? "iasl 20200925" : "iasl 20250404"; }

// One value line: "[034h 0052 004h]  Name : value [note]", or a bit line
// under a flags field, named "Flags (decoded below)/Bit Name".
struct Line {
  std::uint64_t offset = 0;
  std::string name;
  std::string value;  // normalised: hex integers without leading zeros
  std::string note;   // the bracketed name after the value (table and subtable type names)
};

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

// Both sides compare integers as numbers: iasl pads to the field width,
// bit lines are unpadded.
std::string normalise(std::string value) {
  const bool hex = !value.empty() && value.size() <= 16 &&
                   value.find_first_not_of("0123456789ABCDEF") == std::string::npos;
  if (!hex) return value;
  const auto first = value.find_first_not_of('0');
  return first == std::string::npos ? "0" : value.substr(first);
}

std::string hex_upper(std::uint64_t value, int digits) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%0*llX", digits, static_cast<unsigned long long>(value));
  return buffer;
}

// ---- iasl's side ----------------------------------------------------------

Line parse_value(std::uint64_t offset, std::string name, std::string rest) {
  Line line{offset, std::move(name), {}, {}};
  if (const auto comment = rest.find("/*"); comment != std::string::npos) rest = rest.substr(0, comment);
  rest = trim(rest);
  if (!rest.empty() && rest.front() == '"') {  // "SRAT"    [System Resource Affinity Table]
    const auto close = rest.find('"', 1);
    line.value = rest.substr(0, close + 1);
    rest = rest.substr(close + 1);
  } else {
    const auto bracket = rest.find(" [");
    line.value = normalise(trim(rest.substr(0, bracket)));
    rest = bracket == std::string::npos ? "" : rest.substr(bracket);
  }
  if (const auto open = rest.find('['); open != std::string::npos) {
    line.note = rest.substr(open + 1, rest.find(']', open) - open - 1);
  }
  return line;
}

// Every value line of a .dsl, up to "Raw Table Data".
std::vector<Line> parse_iasl(const std::string& dsl) {
  std::vector<Line> lines;
  std::istringstream in(dsl);
  std::string text;
  std::uint64_t field_offset = 0;
  std::string field_name;
  while (std::getline(in, text)) {
    if (text.starts_with("Raw Table Data")) break;
    // A SLIT row longer than 16 entries goes on after a trailing backslash.
    while (text.ends_with("\\")) {
      std::string more;
      if (!std::getline(in, more)) break;
      text = text.substr(0, text.size() - 1) + trim(more);
    }
    const auto colon = text.find(" : ");
    if (colon == std::string::npos || text.starts_with("/*") || text.starts_with(" *")) continue;
    if (text.starts_with("[")) {
      field_offset = std::stoull(text.substr(1, text.find('h')), nullptr, 16);
      field_name = trim(text.substr(text.find(']') + 1, colon - text.find(']') - 1));
      lines.push_back(parse_value(field_offset, field_name, text.substr(colon + 3)));
    } else {  // a bit of the flags field above
      lines.push_back(parse_value(field_offset, field_name + "/" + trim(text.substr(0, colon)), text.substr(colon + 3)));
    }
  }
  return lines;
}

// ---- numaplan's side ------------------------------------------------------

// A string as iasl prints it: a NUL ends it, other unprintables are spaces.
std::string iasl_string(std::span<const std::uint8_t> bytes) {
  std::string out = "\"";
  for (std::uint8_t c : bytes) {
    if (c == 0) break;
    out += c >= 0x20 && c < 0x7F ? static_cast<char>(c) : ' ';
  }
  return out + "\"";
}

std::string byte_list(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::uint8_t c : bytes) out += (out.empty() ? "" : " ") + hex_upper(c, 2);
  return out;
}

std::string iasl_name(const FieldDesc& field) {
  return field.kind == FieldKind::flags ? std::string(field.name) + " (decoded below)" : std::string(field.name);
}

struct Decoded {
  StructView view;
  const Record* record;  // nullptr for the table header
  std::vector<Line> lines;
};

void add_fields(const StructView& view, const TableDesc* table, std::uint64_t skip_below, std::vector<Line>& out) {
  for (const FieldDesc& field : view.desc().fields) {
    if (field.offset < skip_below || !view.present(field)) continue;
    const std::uint64_t at = view.offset() + field.offset;
    const auto bytes = view.bytes(field).value();
    Line line{at, iasl_name(field), {}, {}};
    if (field.kind == FieldKind::ascii) {
      line.value = iasl_string(bytes);
    } else if (field.kind == FieldKind::bytes || field.width > 8) {
      line.value = byte_list(bytes);
    } else {
      const std::uint64_t value = view.read(field).value();
      line.value = normalise(hex_upper(value, 1));
      // iasl names the subtable type, nothing else it enumerates.
      const bool is_type = table != nullptr && field.offset == table->walk.type_offset &&
                           field.name == table->walk.type_field_name;
      for (const EnumValue& named : field.values) {
        if (is_type && named.value == value) line.note = named.name;
      }
      for (const BitDesc& bit : field.bits) {
        const std::uint64_t bits = (value >> bit.shift) & ((std::uint64_t{1} << bit.width) - 1);
        out.push_back(Line{at, line.name + "/" + std::string(bit.name), normalise(hex_upper(bits, 1)), {}});
      }
    }
    out.insert(out.end() - static_cast<std::ptrdiff_t>(field.bits.size()), std::move(line));
  }
  for (const ArrayView& array : view.arrays()) {
    const std::uint64_t width = array.desc->element_width;
    if (array.desc->row_length != nullptr) {  // SLIT: one line a row, "Locality   0"
      const std::uint64_t row = array.desc->row_length(view);
      for (std::uint64_t i = 0; row != 0 && i < array.count; i += row) {
        const auto cells = view.table().subspan(array.offset + i * width, std::min(row, array.count - i) * width);
        char name[40];
        std::snprintf(name, sizeof name, "%s %3llu", std::string(array.desc->name).c_str(),
                      static_cast<unsigned long long>(i / row));
        out.push_back(Line{array.offset + i * width, name, normalise(byte_list(cells)), {}});
      }
      continue;
    }
    for (std::uint64_t i = 0; i < array.count; ++i) {
      const std::string_view name = i > 0 && !array.desc->next_name.empty() ? array.desc->next_name : array.desc->name;
      out.push_back(Line{array.offset + i * width, std::string(name),
                         normalise(hex_upper(view.element(array, i).value(), 1)), {}});
    }
  }
}

// The header and every record of a decoded table, as iasl would name them.
std::vector<Decoded> decoded_lines(const Table& table) {
  std::vector<Decoded> out;
  Decoded header{table.common_view(), nullptr, {}};
  add_fields(header.view, nullptr, 0, header.lines);
  header.lines.front().note = table.desc->name;
  add_fields(table.header_view(), nullptr, 36, header.lines);
  out.push_back(std::move(header));
  const SubtableWalk& walk = table.desc->walk;
  for (const Record& record : table.subtables) {
    if (record.desc != nullptr) {
      Decoded sub{table.view(record), &record, {}};
      add_fields(sub.view, table.desc, 0, sub.lines);
      out.push_back(std::move(sub));
      continue;
    }
    // A type numaplan does not know: its type and length, as iasl shows them.
    Decoded sub{table.header_view(), &record, {}};
    sub.lines.push_back(Line{record.offset + walk.type_offset, std::string(walk.type_field_name),
                             normalise(hex_upper(table.type(record), 1)), {}});
    const auto length = read_le(table.bytes, record.offset + walk.length_offset, walk.length_width).value();
    sub.lines.push_back(Line{record.offset + walk.length_offset, std::string(walk.length_field_name),
                             normalise(hex_upper(length, 1)), {}});
    out.push_back(std::move(sub));
  }
  return out;
}

// iasl lines in [from, to) whose name ends with `name` that an allowance
// leaves unchecked.
struct Unchecked {
  std::uint64_t from, to;
  std::string_view name;
  bool covers(const Line& line) const { return line.offset >= from && line.offset < to && line.name.ends_with(name); }
};

// ---- allowances: what each iasl is known to print differently -----------

bool is_type(const Table& table, const Record* record, std::initializer_list<std::uint64_t> types) {
  if (record == nullptr) return false;
  for (std::uint64_t type : types) {
    if (table.type(*record) == type) return true;
  }
  return false;
}

// Records this iasl does not decode: it prints their type and length only.
// iasl 20200925 predates SRAT Generic Port (ACPICA 20210930) and RINTC
// (G20240322). iasl 20250404 has no RDPAS or CSDS decoding (CEDT types 3,
// 4) and names type 4 and up with an out-of-range string ("Device Scoped
// Memory Affinity Structure (DSMAS)"), so no CEDT type name from 3 up is compared.
bool record_unknown_to(Iasl iasl, const Table& table, const Record* record) {
  if (table.signature == "SRAT") return iasl == Iasl::debian12 && is_type(table, record, {6, 7});
  // MADT CORE_PIC (0x11, ACPICA 20220331) and RINTC (0x18, 20230331) are newer than 20200925.
  if (table.signature == "APIC") return iasl == Iasl::debian12 && is_type(table, record, {0x11, 0x18});
  if (table.signature == "CEDT") return iasl == Iasl::debian13 && record != nullptr && table.type(*record) >= 3;
  return false;
}

// iasl 20200925 knows no CEDT: it prints the common header only, with no table name.
bool table_unknown_to(Iasl iasl, const Table& table) { return iasl == Iasl::debian12 && table.signature == "CEDT"; }

// Flag bits newer than the iasl: SRAT Memory Specific-Purpose (ACPI 6.6,
// ACPICA 20251212) and the MADT GICC's Online Capable and GICR non-coherent
// (ACPI 6.5: iasl 20250404 decodes them in MADT revision 7 only, which no
// table here has; 20200925 never) in both; in 20200925 also ACPI 6.4's
// Generic Initiator Architectural Transactions and HMAT locality
// transfer-size bits.
bool bit_newer_than(Iasl iasl, const std::string& name) {
  if (name.ends_with("/Specific-Purpose") || name.ends_with("/Online Capable") ||
      name.ends_with("/GICR non-coherent")) {
    return true;
  }
  return iasl == Iasl::debian12 &&
         (name.ends_with("/Architectural Transactions") || name.ends_with("/Use Minimum Transfer Size") ||
          name.ends_with("/Non-sequential Transfers"));
}

// Both iasls decode only Processor Enabled in a MADT x2APIC structure's
// flags (AcpiDmTableInfoMadt9 lacks ACPI 6.3's Online Capable bit, which
// its Local APIC flags have).
void x2apic_online_capable_undecoded(Decoded& sub, const Table& table) {
  if (table.signature != "APIC" || !is_type(table, sub.record, {9})) return;
  std::erase_if(sub.lines, [](const Line& l) { return l.name.ends_with("/Runtime Online Capable"); });
}

// GICR and GIC ITS: ACPI 6.5 made +2 a Flags byte and +3 a reserved one.
// iasl 20200925 prints one 2-byte "Reserved" at +2; 20250404 does too below
// MADT revision 7, but at +3. Neither line is compared.
void gic_flags_before_acpi_6_5(Decoded& sub, const Table& table, std::vector<Unchecked>& unchecked) {
  if (table.signature != "APIC" || !is_type(table, sub.record, {0xE, 0xF})) return;
  const std::uint64_t at = sub.record->offset;
  std::erase_if(sub.lines, [&](const Line& l) { return l.offset == at + 2 || l.offset == at + 3; });
  unchecked.push_back({at + 2, at + 4, "Reserved"});
}

// iasl 20250404 prints a GICC's TRBE Interrupt (ACPI 6.5, +80) whatever the
// record's Length: of an 80-byte GICC it shows the next record's first bytes.
void gicc_trbe_past_the_record(const Decoded& sub, const Table& table, Iasl iasl, std::vector<Unchecked>& unchecked) {
  if (iasl != Iasl::debian13 || table.signature != "APIC" || !is_type(table, sub.record, {0xB})) return;
  if (sub.record->length < 82) unchecked.push_back({sub.record->offset + 80u, sub.record->offset + 82u, "TRBE Interrupt"});
}

// iasl prints CFMWS Restrictions as a plain integer, not decoded into bits.
void restrictions_undecoded(Decoded& sub, const Table& table) {
  if (table.signature != "CEDT" || !is_type(table, sub.record, {1})) return;
  std::erase_if(sub.lines, [](const Line& l) { return l.name.starts_with("Restrictions (decoded below)/"); });
  for (Line& line : sub.lines) {
    if (line.name == "Restrictions (decoded below)") line.name = "Restrictions";
  }
}

// iasl prints the DMAR's Flags as a plain integer (AcpiDmTableInfoDmar has
// no flag table), not decoded into INTR_REMAP, X2APIC_OPT_OUT and
// DMA_CTRL_PLATFORM_OPT_IN_FLAG.
void dmar_flags_undecoded(Decoded& sub, const Table& table) {
  if (table.signature != "DMAR" || sub.record != nullptr) return;
  std::erase_if(sub.lines, [](const Line& l) { return l.name.starts_with("Flags (decoded below)/"); });
  for (Line& line : sub.lines) {
    if (line.name == "Flags (decoded below)") line.name = "Flags";
  }
}

// Both iasls print a MADT CORE_PIC's and RINTC's Flags as a plain integer
// (AcpiDmTableInfoMadt17 and Madt24 have no flag table), not decoded into
// Processor Enabled (and RINTC's Online Capable).
void core_pic_rintc_flags_undecoded(Decoded& sub, const Table& table) {
  if (table.signature != "APIC" || !is_type(table, sub.record, {0x11, 0x18})) return;
  std::erase_if(sub.lines, [](const Line& l) { return l.name.starts_with("Flags (decoded below)/"); });
  for (Line& line : sub.lines) {
    if (line.name == "Flags (decoded below)") line.name = "Flags";
  }
}

// iasl 20200925 names the DMAR "DMA Remapping table"; 20250404 (and numaplan) "DMA Remapping Table".
void dmar_name_lower_case(Decoded& sub, const Table& table, Iasl iasl) {
  if (iasl != Iasl::debian12 || table.signature != "DMAR" || sub.record != nullptr) return;
  sub.lines.front().note = "DMA Remapping table";
}

// iasl 20200925 has the ACPI 6.3 HMAT: +0xA of a locality structure is one
// 2-byte "Reserved1" (ACPI 6.4 split it into Minimum Transfer Size and a
// reserved byte), and a cache structure's Address Mode (ACPI 6.5) is "Reserved2".
void hmat_before_acpi_6_4(Decoded& sub, const Table& table, Iasl iasl) {
  if (iasl != Iasl::debian12 || table.signature != "HMAT" || sub.record == nullptr) return;
  if (table.type(*sub.record) == 1) {
    const std::uint64_t merged = sub.view.get(hmat::locality_fields::min_transfer_size).value() |
                                   sub.view.get(hmat::locality_fields::reserved2).value() << 8;
    std::erase_if(sub.lines, [](const Line& l) { return l.name == "Reserved1"; });
    for (Line& line : sub.lines) {
      if (line.name == "Minimum Transfer Size") line = Line{line.offset, "Reserved1", normalise(hex_upper(merged, 1)), {}};
    }
  }
  for (Line& line : sub.lines) {
    if (table.type(*sub.record) == 2 && line.name == "Address Mode") line.name = "Reserved2";
  }
}

// SRAT Generic Initiator/Port device handles: iasl prints the 16 raw bytes
// only; numaplan also decodes the ACPI (_HID, _UID) or PCI (segment, BDF) parts.
void device_handle_parts(Decoded& sub) {
  std::erase_if(sub.lines, [&](const Line& l) {
    for (const FieldDesc& f : sub.view.desc().fields) {
      if (f.when.selector_width != 0 && f.name == l.name) return true;
    }
    return false;
  });
}

// iasl prints the HMAT Structure Type's low byte only (0x0100 shows as 0000).
void hmat_type_low_byte(Decoded& sub, const Table& table) {
  if (table.signature != "HMAT" || sub.record == nullptr) return;
  for (Line& line : sub.lines) {
    if (line.name == "Structure Type") line.value = normalise(hex_upper(table.type(*sub.record) & 0xFF, 1));
  }
}

// iasl knows only the HMAT revision 2 layout: a revision 1 (ACPI 6.2) Memory
// Subsystem Address Range shows as a Memory Proximity Domain Attributes
// structure, its processor PD as the attached initiator PD, its range as
// Reserved3/Reserved4, and only flag bit 0.
void hmat_revision_1_as_revision_2(Decoded& sub) {
  if (&sub.view.desc() != &hmat::memory_subsystem_range) return;
  const std::map<std::string, std::string> iasl_names = {
      {"Processor Proximity Domain", "Attached Initiator Proximity Domain"},
      {"Physical Address Range Base", "Reserved3"},
      {"Physical Address Range Size", "Reserved4"}};
  std::erase_if(sub.lines, [](const Line& l) {
    return l.name.ends_with("/Memory Proximity Domain Valid") || l.name.ends_with("/Reservation Hint");
  });
  for (Line& line : sub.lines) {
    if (const auto it = iasl_names.find(line.name); it != iasl_names.end()) line.name = it->second;
  }
}

// iasl 20250404 prints the k-th "Next Xormap" of a CXIMS at the first
// XORMAP's offset + k, not + 8k; the values are right.
void cxims_next_xormap_offsets(Decoded& sub, const Table& table, Iasl iasl) {
  if (iasl != Iasl::debian13 || table.signature != "CEDT" || !is_type(table, sub.record, {2})) return;
  std::uint64_t first = 0, k = 0;
  for (Line& line : sub.lines) {
    if (line.name == "First Xormap") first = line.offset;
    if (line.name == "Next Xormap") line.offset = first + ++k;
  }
}

// iasl takes a CFMWS's target count from ENIW alone (2^ENIW, or 3 x 2^(ENIW-8)
// from 8 up, valid encoding or not), skipping targets Length holds beyond it
// or reading past the record when Length holds fewer. For such a window no
// target line is compared on either side; when iasl's targets run past the
// table end, iasl stops there and the records after it are not compared.
std::uint64_t iasl_target_count(std::uint64_t eniw) {
  return eniw >= 8 ? std::uint64_t{3} << std::min<std::uint64_t>(eniw - 8, 32)
                   : std::uint64_t{1} << eniw;
}
std::uint64_t iasl_cfmws_end(const Table& table, const Record& record) {
  return record.offset + std::uint64_t{cedt::cfmws.size} +
         4 * iasl_target_count(table.view(record).get(cedt::cfmws_fields::interleave_ways).value());
}
bool cfmws_length_disagrees(const Table& table, const Record& record) {
  if (table.signature != "CEDT" || record.desc != &cedt::cfmws) return false;
  return iasl_cfmws_end(table, record) != std::uint64_t{record.offset} + record.length;
}

// iasl starts MSCT structures at 0x38 whatever Proximity Offset says and steps
// 22 bytes whatever Length says: such an MSCT's structures are not compared.
bool msct_not_at_iasl_steps(const Table& table) {
  if (table.signature != "MSCT") return false;
  if (table.header_view().get(msct::header_fields::proximity_offset).value() != 56) return true;
  for (const Record& record : table.subtables) {
    if (record.length != 22) return true;
  }
  return false;
}

// ---- the comparison -------------------------------------------------------

struct Result {
  std::vector<std::string> problems;
  std::size_t compared = 0;
};


constexpr std::uint64_t kTableEnd = ~std::uint64_t{0};

Result compare(const Table& table, Iasl iasl, const std::vector<Line>& printed) {
  Result result;
  std::vector<Decoded> decoded = decoded_lines(table);
  std::vector<Unchecked> unchecked;
  if (table_unknown_to(iasl, table)) {
    decoded.erase(decoded.begin() + 1, decoded.end());
    decoded[0].lines.resize(common_header.fields.size());
    decoded[0].lines[0].note.clear();
  }
  if (msct_not_at_iasl_steps(table)) {
    decoded.erase(decoded.begin() + 1, decoded.end());
    unchecked.push_back({table.desc->body->size, kTableEnd, ""});
  }
  const SubtableWalk& walk = table.desc->walk;
  const std::uint64_t record_header = walk.header_size();
  for (auto sub = decoded.begin(); sub != decoded.end(); ++sub) {
    // numaplan shows a record of an unknown type by its type and length, then
    // raw; iasl also prints the reserved field of the common record header.
    if (sub->record != nullptr && sub->record->desc == nullptr) {
      unchecked.push_back({sub->record->offset, sub->record->offset + record_header, "Reserved"});
      // A MADT type numaplan knows but does not decode (SAPIC, GIC, ...): iasl's field lines are not compared.
      if (table.desc->kind(table.type(*sub->record)) != nullptr) {
        unchecked.push_back({sub->record->offset + record_header, std::uint64_t{sub->record->offset} + sub->record->length, ""});
      }
    }
    if (record_unknown_to(iasl, table, sub->record)) {
      std::erase_if(sub->lines, [&](const Line& l) { return l.offset >= sub->record->offset + record_header; });
      for (Line& line : sub->lines) line.note.clear();
      continue;
    }
    restrictions_undecoded(*sub, table);
    gic_flags_before_acpi_6_5(*sub, table, unchecked);
    gicc_trbe_past_the_record(*sub, table, iasl, unchecked);
    dmar_flags_undecoded(*sub, table);
    core_pic_rintc_flags_undecoded(*sub, table);
    dmar_name_lower_case(*sub, table, iasl);
    x2apic_online_capable_undecoded(*sub, table);
    hmat_before_acpi_6_4(*sub, table, iasl);
    hmat_revision_1_as_revision_2(*sub);
    device_handle_parts(*sub);
    hmat_type_low_byte(*sub, table);
    cxims_next_xormap_offsets(*sub, table, iasl);
    std::erase_if(sub->lines, [&](const Line& l) { return bit_newer_than(iasl, l.name); });
    if (sub->record != nullptr && cfmws_length_disagrees(table, *sub->record)) {
      std::erase_if(sub->lines, [](const Line& l) { return l.name.ends_with(" Target"); });
      unchecked.push_back({sub->record->offset, kTableEnd, " Target"});
      if (iasl_cfmws_end(table, *sub->record) > table.bytes.size()) {
        decoded.erase(sub + 1, decoded.end());
        break;
      }
    }
  }
  std::map<std::pair<std::uint64_t, std::string>, const Line*> by_key;
  for (const Line& line : printed) by_key.emplace(std::make_pair(line.offset, line.name), &line);
  std::map<std::pair<std::uint64_t, std::string>, bool> matched;
  for (const Decoded& sub : decoded) {
    for (const Line& line : sub.lines) {
      const auto key = std::make_pair(line.offset, line.name);
      const auto it = by_key.find(key);
      char where[32];
      std::snprintf(where, sizeof where, "[%03llXh] ", static_cast<unsigned long long>(line.offset));
      if (it == by_key.end()) {
        result.problems.push_back(where + line.name + " : " + line.value + ": numaplan decodes it, iasl prints no such line");
        continue;
      }
      matched[key] = true;
      ++result.compared;
      if (it->second->value != line.value) {
        result.problems.push_back(where + line.name + ": numaplan " + line.value + ", iasl " + it->second->value);
      }
      if (!line.note.empty() && it->second->note != line.note) {
        result.problems.push_back(where + line.name + ": numaplan names it [" + line.note + "], iasl [" +
                                  it->second->note + "]");
      }
    }
  }
  for (const Line& line : printed) {
    if (matched.contains({line.offset, line.name})) continue;
    if (std::any_of(unchecked.begin(), unchecked.end(), [&](const Unchecked& u) { return u.covers(line); })) continue;
    char where[32];
    std::snprintf(where, sizeof where, "[%03llXh] ", static_cast<unsigned long long>(line.offset));
    result.problems.push_back(where + line.name + " : " + line.value + ": iasl prints it, numaplan decodes no such field");
  }
  return result;
}

// ---- running iasl ---------------------------------------------------------

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// iasl -d on the table's bytes; the .dsl text, or nullopt with the log.
std::optional<std::string> disassemble(const std::string& iasl, const Table& table, std::string& log) {
  test::TempDir dir;
  const fs::path dat = dir.write(table.signature + ".dat", table.bytes);
  const std::string command = "cd '" + dir.path().string() + "' && '" + iasl + "' -d " + dat.filename().string() +
                              " > iasl.log 2>&1";
  const int status = std::system(command.c_str());
  log = read_text(dir.path() / "iasl.log");
  const fs::path dsl = dir.path() / (table.signature + ".dsl");
  if (status != 0 || !fs::exists(dsl)) return std::nullopt;
  return read_text(dsl);
}

std::optional<std::string> iasl_path(Iasl iasl, std::string& why_not) {
  if (iasl == Iasl::debian12) {
    const std::string path = NUMAPLAN_IASL;
    if (path.empty()) why_not = "iasl was not found at configure time (apt-get install acpica-tools)";
    return path.empty() ? std::nullopt : std::optional(path);
  }
  if (const char* env = std::getenv("NUMAPLAN_IASL_NEW"); env != nullptr && *env != '\0') return std::string(env);
  // DESIGN §7: provision Debian 13's iasl into the cache; the script prints its path.
  const std::string script = std::string(NUMAPLAN_SOURCE_DIR) + "/tools/provision-iasl.sh";
  test::TempDir dir;
  const std::string out = (dir.path() / "path").string(), err = (dir.path() / "err").string();
  const int status = std::system(("'" + script + "' > '" + out + "' 2> '" + err + "'").c_str());
  const std::string path = trim(read_text(out).substr(0, read_text(out).find('\n')));
  if (status == 0 && !path.empty()) return path;
  why_not = "Debian 13's iasl could not be provisioned (tools/provision-iasl.sh): " + read_text(err);
  return std::nullopt;
}

std::vector<Table> tables_under(const std::vector<fs::path>& roots) {
  std::vector<std::string> paths;
  for (const fs::path& root : roots) {
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && ext != ".dsl" && ext != ".log" && ext != ".md" && ext != ".py") {
        paths.push_back(entry.path().string());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  source::Inputs inputs = source::load(paths);
  return decode_all(std::move(inputs.tables), {}).tables;
}

void cross_check(Iasl iasl, const std::vector<Table>& tables) {
  std::string why_not;
  const auto path = iasl_path(iasl, why_not);
  if (!path) GTEST_SKIP() << why_not;
  ASSERT_FALSE(tables.empty());
  std::size_t compared = 0;
  for (const Table& table : tables) {
    SCOPED_TRACE(table.origin + " with " + name_of(iasl));
    std::string log;
    const auto dsl = disassemble(*path, table, log);
    ASSERT_TRUE(dsl.has_value()) << "iasl -d failed:\n" << log;
    const Result result = compare(table, iasl, parse_iasl(*dsl));
    compared += result.compared;
    std::string problems;
    for (const std::string& p : result.problems) problems += "  " + p + "\n";
    EXPECT_TRUE(result.problems.empty()) << result.problems.size() << " differences:\n" << problems;
  }
  std::printf("%s: %zu values in %zu tables agree\n", name_of(iasl), compared, tables.size());
}

std::vector<fs::path> fixture_roots() {
  return {fs::path(NUMAPLAN_FIXTURE_DIR) / "fixtures", fs::path(NUMAPLAN_SOURCE_DIR) / "tables"};
}

std::optional<fs::path> corpus() {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  if (shared == nullptr || !fs::exists(fs::path(shared) / "corpus")) return std::nullopt;
  return fs::path(shared) / "corpus";
}

TEST(IaslCrossCheck, FixturesWithDebian12Iasl) { cross_check(Iasl::debian12, tables_under(fixture_roots())); }

TEST(IaslCrossCheck, FixturesWithDebian13Iasl) { cross_check(Iasl::debian13, tables_under(fixture_roots())); }

TEST(IaslCrossCheck, CorpusWithDebian12Iasl) {
  if (!corpus()) GTEST_SKIP() << "no ../shared/corpus here";
  cross_check(Iasl::debian12, tables_under({*corpus()}));
}

TEST(IaslCrossCheck, CorpusWithDebian13Iasl) {
  if (!corpus()) GTEST_SKIP() << "no ../shared/corpus here";
  cross_check(Iasl::debian13, tables_under({*corpus()}));
}

}  // namespace
}  // namespace numaplan::acpi
