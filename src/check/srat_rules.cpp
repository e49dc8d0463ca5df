// SRAT rules of fwts (src/acpi/srat/srat.c) that the decoder and the reserved
// check do not already cover. Kernel consequences are in kernel_rules.cpp.
#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr Rule kTableRevision{"SRAT.TableRevision", "SRATBadFieldValue", Severity::warning,
                              "Table Revision (offset 36) is not 1"};
constexpr Rule kStructureLength{"SRAT.StructureLength", "SRATBadStructureLength", Severity::error,
                                "a subtable Length longer than its structure (16/40/24/18/12/32/32/20 bytes)"};
constexpr Rule kDeviceHandleType{"SRAT.DeviceHandleType", "SRATReservedBitsNonZero", Severity::warning,
                                 "a Generic Initiator/Port Device Handle Type other than 0 (ACPI) or 1 (PCI)"};

constexpr const Rule* kRules[] = {&kTableRevision, &kStructureLength, &kDeviceHandleType};

void check_structure_length(const acpi::Table& srat, const acpi::Record& record, Reporter& out) {
  const acpi::StructView view = srat.view(record);
  const std::uint64_t length = view.read(*srat.desc->length_field(*record.desc)).value_or(0);
  if (length <= record.desc->size) return;  // shorter ones are the decoder's (ACPI.SubtableLength)
  std::string message = std::string(record.desc->name) + " Length is " + std::to_string(length) + ", expected " +
                        std::to_string(record.desc->size) + "; set Length to " + std::to_string(record.desc->size);
  if (record.desc == &acpi::srat::local_apic) {
    message += " (Linux requires exactly 16 and otherwise discards the whole SRAT: bad_srat)";
  }
  out.add_length(kStructureLength, srat, view, std::move(message));
}

void check(const Context& context, Reporter& out) {
  if (context.srat == nullptr) return;
  const acpi::Table& srat = *context.srat;
  if (srat.header.desc != nullptr) {
    const acpi::StructView header = srat.header_view();
    const std::uint64_t revision = header.get_or(acpi::srat::header_fields::table_revision, 1);
    if ((revision & 0xFF) != 1) {  // fwts_acpi_fixed_value compares the low byte
      out.add_field(kTableRevision, srat, header, acpi::srat::header_fields::table_revision,
                    "Table Revision is " + show(revision) + ", the specification fixes it at 1; set it to 1");
    }
  }
  for (const acpi::Record& record : srat.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    check_structure_length(srat, record, out);
    const acpi::StructView view = srat.view(record);
    const acpi::Field handle_type = acpi::srat::initiator_fields::device_handle_type;
    if (view.present(handle_type) && view.get_or(handle_type, 0) > 1) {
      out.add_field(kDeviceHandleType, srat, view, handle_type,
                    "Device Handle Type " + show(view.get_or(handle_type, 0)) +
                        " is reserved; use 0 for an ACPI device handle or 1 for a PCI one");
    }
  }
}

}  // namespace

const RuleGroup srat_rules{kRules, check};

}  // namespace numaplan::check
