// SRAT: System Resource Affinity Table (ACPI 6.6 §5.2.16; ACPICA actbl3.h,
// AcpiDmTableInfoSrat*). Names are the ones `iasl -d` prints.
#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
using enum FieldKind;

constexpr EnumValue kSratTypes[] = {
    {0, "Processor Local APIC/SAPIC Affinity"},
    {1, "Memory Affinity"},
    {2, "Processor Local x2APIC Affinity"},
    {3, "GICC Affinity"},
    {4, "GIC ITS Affinity"},
    {5, "Generic Initiator Affinity"},
    {6, "Generic Port Affinity"},
    {7, "RINTC Affinity"},
};
constexpr FieldDesc kType{0, 1, "Subtable Type", "subtable_type", enumeration, {}, kSratTypes};
constexpr FieldDesc kLength{1, 1, "Length", "subtable_length"};

constexpr BitDesc kEnabled[] = {{0, 1, "Enabled", "enabled"}};
constexpr BitDesc kMemoryFlags[] = {
    {0, 1, "Enabled", "enabled"},
    {1, 1, "Hot Pluggable", "hot_pluggable"},
    {2, 1, "Non-Volatile", "non_volatile"},
    {3, 1, "Specific-Purpose", "specific_purpose"},  // ACPI 6.6
};
constexpr BitDesc kInitiatorFlags[] = {
    {0, 1, "Enabled", "enabled"},
    {1, 1, "Architectural Transactions", "architectural_transactions"},  // ACPI 6.4
};
constexpr EnumValue kHandleTypes[] = {{0, "ACPI"}, {1, "PCI"}};

constexpr FieldDesc kLocalApicFields[] = {
    kType,
    kLength,
    {2, 1, "Proximity Domain Low(8)", "proximity_domain_lo"},
    {3, 1, "Apic ID", "apic_id"},
    {4, 4, "Flags", "flags", flags, kEnabled},
    {8, 1, "Local Sapic EID", "local_sapic_eid"},
    {9, 3, "Proximity Domain High(24)", "proximity_domain_hi"},
    {12, 4, "Clock Domain", "clock_domain"},
};

constexpr FieldDesc kMemoryFields[] = {
    kType,
    kLength,
    {2, 4, "Proximity Domain", "proximity_domain"},
    {6, 2, "Reserved1", "reserved1", reserved},
    {8, 8, "Base Address", "base_address", address},
    {16, 8, "Address Length", "length", address},
    {24, 4, "Reserved2", "reserved2", reserved},
    {28, 4, "Flags", "flags", flags, kMemoryFlags},
    {32, 8, "Reserved3", "reserved3", reserved},
};

constexpr FieldDesc kX2apicFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved1", "reserved1", reserved},
    {4, 4, "Proximity Domain", "proximity_domain"},
    {8, 4, "Apic ID", "x2apic_id"},
    {12, 4, "Flags", "flags", flags, kEnabled},
    {16, 4, "Clock Domain", "clock_domain"},
    {20, 4, "Reserved2", "reserved2", reserved},
};

constexpr FieldDesc kGiccFields[] = {
    kType,
    kLength,
    {2, 4, "Proximity Domain", "proximity_domain"},
    {6, 4, "Acpi Processor UID", "acpi_processor_uid"},
    {10, 4, "Flags", "flags", flags, kEnabled},
    {14, 4, "Clock Domain", "clock_domain"},
};

constexpr FieldDesc kGicItsFields[] = {
    kType,
    kLength,
    {2, 4, "Proximity Domain", "proximity_domain"},
    {6, 2, "Reserved", "reserved", reserved},
    {8, 4, "ITS ID", "its_id"},
};

// Generic Initiator and Generic Port share one layout; the 16-byte device
// handle is an ACPI (_HID, _UID) or a PCI (segment, BDF) handle.
constexpr Condition kAcpiHandle{3, 1, 0};
constexpr Condition kPciHandle{3, 1, 1};
constexpr FieldDesc kInitiatorFields[] = {
    kType,
    kLength,
    {2, 1, "Reserved1", "reserved1", reserved},
    {3, 1, "Device Handle Type", "device_handle_type", enumeration, {}, kHandleTypes},
    {4, 4, "Proximity Domain", "proximity_domain"},
    {8, 16, "Device Handle", "device_handle", bytes},
    {8, 8, "Acpi HID", "acpi_hid", ascii, {}, {}, nullptr, kAcpiHandle},
    {16, 4, "Acpi UID", "acpi_uid", unsigned_int, {}, {}, nullptr, kAcpiHandle},
    {20, 4, "Reserved", "acpi_reserved", reserved, {}, {}, nullptr, kAcpiHandle},
    {8, 2, "PCI Segment", "pci_segment", unsigned_int, {}, {}, nullptr, kPciHandle},
    {10, 2, "PCI BDF Number", "pci_bdf", unsigned_int, {}, {}, nullptr, kPciHandle},
    {12, 12, "Reserved", "pci_reserved", reserved, {}, {}, nullptr, kPciHandle},
    {24, 4, "Flags", "flags", flags, kInitiatorFlags},
    {28, 4, "Reserved2", "reserved2", reserved},
};

constexpr FieldDesc kRintcFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved", "reserved", reserved},
    {4, 4, "Proximity Domain", "proximity_domain"},
    {8, 4, "Acpi Processor UID", "acpi_processor_uid"},
    {12, 4, "Flags", "flags", flags, kEnabled},
    {16, 4, "Clock Domain", "clock_domain"},
};

constexpr FieldDesc kSratHeaderFields[] = {
    {36, 4, "Table Revision", "table_revision"},
    {40, 8, "Reserved", "reserved", reserved},
};

}  // namespace

namespace srat {
constexpr StructDesc local_apic = checked_struct({"Processor Local APIC/SAPIC Affinity", "local_apic_affinity", 16, kLocalApicFields});
constexpr StructDesc memory = checked_struct({"Memory Affinity", "memory_affinity", 40, kMemoryFields});
constexpr StructDesc x2apic = checked_struct({"Processor Local x2APIC Affinity", "x2apic_affinity", 24, kX2apicFields});
constexpr StructDesc gicc = checked_struct({"GICC Affinity", "gicc_affinity", 18, kGiccFields});
constexpr StructDesc gic_its = checked_struct({"GIC ITS Affinity", "gic_its_affinity", 12, kGicItsFields});
constexpr StructDesc generic_initiator = checked_struct({"Generic Initiator Affinity", "generic_initiator_affinity", 32, kInitiatorFields});
constexpr StructDesc generic_port = checked_struct({"Generic Port Affinity", "generic_port_affinity", 32, kInitiatorFields});
constexpr StructDesc rintc = checked_struct({"RINTC Affinity", "rintc_affinity", 20, kRintcFields});

namespace header_fields {
constexpr Field table_revision{kSratHeaderFields, "table_revision"};
}  // namespace header_fields
namespace local_apic_fields {
constexpr Field proximity_domain_lo{kLocalApicFields, "proximity_domain_lo"};
constexpr Field apic_id{kLocalApicFields, "apic_id"};
constexpr Field flags{kLocalApicFields, "flags"};
constexpr Field proximity_domain_hi{kLocalApicFields, "proximity_domain_hi"};
}  // namespace local_apic_fields
namespace memory_fields {
constexpr Field subtable_length{kMemoryFields, "subtable_length"};
constexpr Field proximity_domain{kMemoryFields, "proximity_domain"};
constexpr Field base_address{kMemoryFields, "base_address"};
constexpr Field length{kMemoryFields, "length"};
constexpr Field flags{kMemoryFields, "flags"};
}  // namespace memory_fields
namespace x2apic_fields {
constexpr Field proximity_domain{kX2apicFields, "proximity_domain"};
constexpr Field x2apic_id{kX2apicFields, "x2apic_id"};
constexpr Field flags{kX2apicFields, "flags"};
}  // namespace x2apic_fields
namespace gicc_fields {
constexpr Field proximity_domain{kGiccFields, "proximity_domain"};
constexpr Field acpi_processor_uid{kGiccFields, "acpi_processor_uid"};
constexpr Field flags{kGiccFields, "flags"};
}  // namespace gicc_fields
namespace gic_its_fields {
constexpr Field proximity_domain{kGicItsFields, "proximity_domain"};
constexpr Field its_id{kGicItsFields, "its_id"};
}  // namespace gic_its_fields
namespace initiator_fields {
constexpr Field device_handle_type{kInitiatorFields, "device_handle_type"};
constexpr Field proximity_domain{kInitiatorFields, "proximity_domain"};
constexpr Field acpi_hid{kInitiatorFields, "acpi_hid"};
constexpr Field acpi_uid{kInitiatorFields, "acpi_uid"};
constexpr Field pci_segment{kInitiatorFields, "pci_segment"};
constexpr Field pci_bdf{kInitiatorFields, "pci_bdf"};
constexpr Field flags{kInitiatorFields, "flags"};
}  // namespace initiator_fields
namespace rintc_fields {
constexpr Field proximity_domain{kRintcFields, "proximity_domain"};
constexpr Field acpi_processor_uid{kRintcFields, "acpi_processor_uid"};
constexpr Field flags{kRintcFields, "flags"};
}  // namespace rintc_fields
}  // namespace srat

namespace {
constexpr StructDesc kSratHeader = checked_struct({"SRAT Header", "srat_header", 48, kSratHeaderFields}, 36);
const StructDesc* const kLocalApic[] = {&srat::local_apic};
const StructDesc* const kMemory[] = {&srat::memory};
const StructDesc* const kX2apic[] = {&srat::x2apic};
const StructDesc* const kGicc[] = {&srat::gicc};
const StructDesc* const kGicIts[] = {&srat::gic_its};
const StructDesc* const kGenericInitiator[] = {&srat::generic_initiator};
const StructDesc* const kGenericPort[] = {&srat::generic_port};
const StructDesc* const kRintc[] = {&srat::rintc};
const SubtableKind kSratKinds[] = {
    {0, kLocalApic}, {1, kMemory},           {2, kX2apic},      {3, kGicc},
    {4, kGicIts},    {5, kGenericInitiator}, {6, kGenericPort}, {7, kRintc},
};
}  // namespace

const TableDesc srat_table{
    "SRAT", "System Resource Affinity Table", &kSratHeader,
    SubtableWalk{.start = 48, .type_offset = 0, .type_width = 1, .length_offset = 1, .length_width = 1,
                 .type_field_name = "Subtable Type", .length_field_name = "Length"},
    kSratKinds};

}  // namespace numaplan::acpi
