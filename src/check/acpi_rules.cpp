// Rules for every table: what the decoder found (fwts checksum, TooShort,
// BadTableLength, subtable types), reserved fields (check_reserved), the
// header revision and OEM fields (fwts acpitables), and input problems.
#include <algorithm>
#include <initializer_list>
#include <map>

#include "numaplan/acpi/tables.h"
#include "numaplan/check/reserved.h"
#include "numaplan/support/bytes.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr Rule kChecksum{"ACPI.Checksum", "ACPITableChecksum", Severity::error,
                         "the table's bytes do not sum to 0 mod 256"};
constexpr Rule kTableLength{"ACPI.TableLength", "<SIG>TooShort", Severity::error,
                            "the header Length is shorter than the fixed header or longer than the bytes found"};
constexpr Rule kSubtableType{"ACPI.SubtableType", "<SIG>BadSubTableType", Severity::warning,
                             "a subtable type the specification does not define (Linux skips it)"};
constexpr Rule kSubtableLength{
    "ACPI.SubtableLength", "<SIG>BadTableLength", Severity::error,
    "a subtable length of 0 (<SIG>StructLengthZero), below its structure (SRAT<Kind>Short), or past the table end"};
constexpr Rule kDecode{"ACPI.Decode", "", Severity::error,
                       "any other problem the decoder reports (lists that do not fit, layout notes)"};
constexpr Rule kReservedNonZero{"ACPI.ReservedNonZero", "<SIG>ReservedNonZero", Severity::warning,
                                "a reserved field is not zero"};
constexpr Rule kReservedBits{"ACPI.ReservedBits", "<SIG>ReservedBitsNonZero", Severity::warning,
                             "a flags field sets bits the specification reserves"};
// Older revisions are valid tables of an older ACPI version (QEMU still
// writes SRAT revision 1); what Linux makes of them is SRAT.PxmHighIgnored.
constexpr Rule kRevision{"ACPI.Revision", "ACPITableBadRevision", Severity::note,
                         "header Revision differs from the current one (SRAT 3, SLIT 1, MSCT 1)"};
constexpr Rule kOemAscii{"ACPI.OemAscii", "ACPITableHdrInfo", Severity::note,
                         "OEM ID, OEM Table ID or Creator ID hold bytes that are not printable ASCII"};
constexpr Rule kInput{"ACPI.Input", "", Severity::error,
                      "input notes and warnings: a second table with one signature, skipped tables and files (an "
                      "unreadable path is an error on stderr, exit 3)"};

constexpr const Rule* kRules[] = {&kChecksum, &kTableLength, &kSubtableType, &kSubtableLength, &kDecode,
                                  &kReservedNonZero, &kReservedBits, &kRevision, &kOemAscii, &kInput};

// The decoder names the field it is unhappy with; that picks the fwts check.
const Rule& rule_for(const acpi::Table& table, const Diagnostic& d) {
  if (d.field == "Checksum") return kChecksum;
  if (d.field == "Table Length") return kTableLength;
  if (table.desc != nullptr && d.severity != Severity::note) {
    if (d.field == table.desc->walk.type_field_name) return kSubtableType;
    if (d.field == table.desc->walk.length_field_name) return kSubtableLength;
  }
  return kDecode;
}

// fwts names SRAT's short-structure checks per kind (SRATMemoryAffinityShort, ...).
std::string_view srat_short_label(std::string_view key) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"local_apic_affinity", "SRATLocalApicSapicAffinityShort"}, {"memory_affinity", "SRATMemoryAffinityShort"},
      {"x2apic_affinity", "SRATLocalx2apicAffinityShort"},        {"gicc_affinity", "SRATGICCAffinityShort"},
      {"gic_its_affinity", "SRATITSAffinityShort"},               {"generic_initiator_affinity", "SRATInitiatorAffinityShort"},
      {"generic_port_affinity", "SRATPortAffinityShort"},         {"rintc_affinity", "SRATRintcAffinityShort"},
  };
  for (const auto& [k, label] : kLabels) {
    if (k == key) return label;
  }
  return {};
}

// The record whose field at `field_offset` (from the record start) lies at
// table offset `at`. The walk stores records in offset order, so a binary
// search: a scan per diagnostic made validate quadratic in the subtables.
const acpi::Record* record_at(const acpi::Table& table, std::uint64_t at, std::uint64_t field_offset) {
  if (at < field_offset) return nullptr;
  const auto r = std::lower_bound(table.subtables.begin(), table.subtables.end(), at - field_offset,
                                  [](const acpi::Record& record, std::uint64_t offset) { return record.offset < offset; });
  if (r == table.subtables.end() || r->offset != at - field_offset || r->desc == nullptr) return nullptr;
  return &*r;
}

// The fwts label of a subtable length problem: zero, one structure too short, or past the table end.
std::string length_label(const acpi::Table& table, const Diagnostic& d) {
  const acpi::SubtableWalk& walk = table.desc->walk;
  const std::uint64_t length = read_le(table.bytes, d.offset, walk.length_width).value_or(1);
  if (length == 0) return table.signature + "StructLengthZero";
  const acpi::Record* r = record_at(table, d.offset, walk.length_offset);
  if (r != nullptr && length < r->desc->size && !srat_short_label(r->desc->key).empty()) {
    return std::string(srat_short_label(r->desc->key));
  }
  return table.signature + "BadTableLength";
}

void add_diagnostic(Reporter& out, const Rule& rule, const acpi::Table& table, const Diagnostic& d) {
  out.add(rule, table, d.offset, d.field, "", d.message, d.severity);
  std::string& fwts = out.findings.back().fwts;
  if (&rule == &kSubtableType && table.signature == "SRAT") fwts = "SRATInvalidType";
  if (&rule == &kSubtableType && table.signature == "CEDT") fwts = "CEDTBadSubtableType";
  if (&rule == &kSubtableLength) fwts = length_label(table, d);
  // fwts checks the x2APIC's first reserved field under its own label.
  if (&rule != &kReservedNonZero) return;
  const acpi::Record* owner = record_at(table, d.offset, 2);
  if (owner != nullptr && owner->desc == &acpi::srat::x2apic) fwts = "SRATLocalx2apicReserved1";
}

void check_revision(const acpi::Table& table, Reporter& out) {
  static const std::map<std::string, unsigned> kCurrent = {{"SRAT", 3}, {"SLIT", 1}, {"MSCT", 1}};
  const auto current = kCurrent.find(table.signature);
  if (current == kCurrent.end() || table.revision == current->second) return;
  out.add(kRevision, table, 8, "Revision", std::to_string(table.revision),
          table.signature + " revision " + std::to_string(table.revision) + ", the current revision is " +
              std::to_string(current->second) + "; set Revision to " + std::to_string(current->second) +
              " when the table follows the current layout");
}

void check_oem_fields(const acpi::Table& table, Reporter& out) {
  const acpi::StructView header = table.common_view();
  namespace f = acpi::common_header_fields;
  for (const acpi::Field field : {f::oem_id, f::oem_table_id, f::asl_compiler_id}) {
    const auto bytes = header.bytes(*field);
    if (!bytes) continue;
    const auto bad = std::find_if(bytes->begin(), bytes->end(), [](std::uint8_t c) { return c != 0 && (c < 0x20 || c > 0x7E); });
    if (bad == bytes->end()) continue;
    out.add(kOemAscii, table, field->offset + static_cast<std::uint64_t>(bad - bytes->begin()), std::string(field->name),
            show(*bad), std::string(field->name) + " holds byte " + show(*bad) +
                            ", which is not printable ASCII; pad these fields with spaces or NULs");
  }
}

void check(const Context& context, Reporter& out) {
  for (const Diagnostic& d : context.set.diagnostics) {
    out.findings.push_back(Finding{&kInput, d.severity, "", d.table, d.origin, d.offset, d.field, "", d.message});
  }
  for (const acpi::Table& table : context.set.tables) {
    for (const Diagnostic& d : table.diagnostics) add_diagnostic(out, rule_for(table, d), table, d);
    for (const Diagnostic& d : check_reserved(table)) {
      add_diagnostic(out, d.message.starts_with("reserved bits") ? kReservedBits : kReservedNonZero, table, d);
    }
    check_revision(table, out);
    check_oem_fields(table, out);
  }
}

}  // namespace

const RuleGroup acpi_rules{kRules, check};

}  // namespace numaplan::check
