// MADT: Multiple APIC Description Table, signature "APIC" (ACPI 6.6 §5.2.12;
// ACPICA actbl2.h, AcpiDmTableInfoMadt*). Names are the ones `iasl -d`
// prints. The x86 structures are decoded (types 0-5, 9, 0xA), arm64's GIC
// ones (0xB-0xF): the GICC, which the kernel numbers arm64's CPUs from, and
// the distributor, MSI frames, redistributors and ITSes beside it (an ITS's
// Translation ID is what SRAT's GIC ITS Affinity names), and the processor
// structures LoongArch and RISC-V number their CPUs from: CORE_PIC (0x11)
// and RINTC (0x18). The others the specification defines (6-8 IA-64, 0x10
// wakeup, 0x12-0x17 LoongArch and 0x19-0x1B RISC-V interrupt controllers)
// are known kinds without a layout: shown by type and length with a note,
// not warned about as undefined.
#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
using enum FieldKind;

constexpr EnumValue kMadtTypes[] = {
    {0, "Processor Local APIC"},
    {1, "I/O APIC"},
    {2, "Interrupt Source Override"},
    {3, "NMI Source"},
    {4, "Local APIC NMI"},
    {5, "Local APIC Address Override"},
    {9, "Processor Local x2APIC"},
    {10, "Local x2APIC NMI"},
    {11, "Generic Interrupt Controller"},
    {12, "Generic Interrupt Distributor"},
    {13, "Generic MSI Frame"},
    {14, "Generic Interrupt Redistributor"},
    {15, "Generic Interrupt Translator"},
    {17, "CPU Core Interrupt Controller"},
    {24, "RISC-V Interrupt Controller"},
};
constexpr FieldDesc kType{0, 1, "Subtable Type", "subtable_type", enumeration, {}, kMadtTypes};
constexpr FieldDesc kLength{1, 1, "Length", "subtable_length"};

// Local APIC and x2APIC flags; Online Capable is ACPI 6.3 (MADT revision 5).
constexpr BitDesc kProcessorFlags[] = {
    {0, 1, "Processor Enabled", "enabled"},
    {1, 1, "Runtime Online Capable", "online_capable"},
};
// MPS INTI flags (ACPI 6.6 Table 5.27).
constexpr BitDesc kIntiFlags[] = {
    {0, 2, "Polarity", "polarity"},
    {2, 2, "Trigger Mode", "trigger_mode"},
};
constexpr BitDesc kMadtFlags[] = {{0, 1, "PC-AT Compatibility", "pcat_compat"}};

constexpr FieldDesc kLocalApicFields[] = {
    kType,
    kLength,
    {2, 1, "Processor ID", "processor_id"},
    {3, 1, "Local Apic ID", "apic_id"},
    {4, 4, "Flags", "flags", flags, kProcessorFlags},
};

constexpr FieldDesc kIoApicFields[] = {
    kType,
    kLength,
    {2, 1, "I/O Apic ID", "io_apic_id"},
    {3, 1, "Reserved", "reserved", reserved},
    {4, 4, "Address", "address"},
    {8, 4, "Interrupt", "global_irq_base"},
};

constexpr FieldDesc kInterruptOverrideFields[] = {
    kType,
    kLength,
    {2, 1, "Bus", "bus"},
    {3, 1, "Source", "source_irq"},
    {4, 4, "Interrupt", "global_irq"},
    {8, 2, "Flags", "inti_flags", flags, kIntiFlags},
};

constexpr FieldDesc kNmiSourceFields[] = {
    kType,
    kLength,
    {2, 2, "Flags", "inti_flags", flags, kIntiFlags},
    {4, 4, "Interrupt", "global_irq"},
};

constexpr FieldDesc kLocalApicNmiFields[] = {
    kType,
    kLength,
    {2, 1, "Processor ID", "processor_id"},
    {3, 2, "Flags", "inti_flags", flags, kIntiFlags},
    {5, 1, "Interrupt Input LINT", "lint"},
};

constexpr FieldDesc kAddressOverrideFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved", "reserved", reserved},
    {4, 8, "APIC Address", "address", address},
};

constexpr FieldDesc kX2apicFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved", "reserved", reserved},
    {4, 4, "Processor x2Apic ID", "x2apic_id"},
    {8, 4, "Flags", "flags", flags, kProcessorFlags},
    {12, 4, "Processor UID", "uid"},
};

constexpr FieldDesc kX2apicNmiFields[] = {
    kType,
    kLength,
    {2, 2, "Flags", "inti_flags", flags, kIntiFlags},
    {4, 4, "Processor UID", "uid"},
    {8, 1, "Interrupt Input LINT", "lint"},
    {9, 3, "Reserved", "reserved", reserved},
};

// GICC flags (ACPI 6.6 Table 5.46); Online Capable is ACPI 6.5's (MADT revision 6).
constexpr BitDesc kGiccFlags[] = {
    {0, 1, "Processor Enabled", "enabled"},
    {1, 1, "Performance Interrupt Trigger Mode", "performance_interrupt_trigger_mode"},
    {2, 1, "Virtual GIC Interrupt Trigger Mode", "vgic_interrupt_trigger_mode"},
    {3, 1, "Online Capable", "online_capable"},
    {4, 1, "GICR non-coherent", "gicr_non_coherent"},
};

// GICC (ACPI 6.6 Table 5.45) as ACPI 6.3 has it, 80 bytes up to SPE Overflow
// Interrupt; ACPI 6.5's TRBE Interrupt (+80, 2 bytes) lies past the size and
// is shown raw. The kernel takes 76 bytes (up to ARM MPIDR) as the least
// (ACPI_MADT_GICC_MIN_LENGTH in 5.10-7.3).
constexpr FieldDesc kGiccFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved", "reserved", reserved},
    {4, 4, "CPU Interface Number", "cpu_interface_number"},
    {8, 4, "Processor UID", "uid"},
    {12, 4, "Flags", "flags", flags, kGiccFlags},
    {16, 4, "Parking Protocol Version", "parking_version"},
    {20, 4, "Performance Interrupt", "performance_interrupt"},
    {24, 8, "Parked Address", "parked_address", address},
    {32, 8, "Base Address", "base_address", address},
    {40, 8, "Virtual GIC Base Address", "gicv_base_address", address},
    {48, 8, "Hypervisor GIC Base Address", "gich_base_address", address},
    {56, 4, "Virtual GIC Interrupt", "vgic_interrupt"},
    {60, 8, "Redistributor Base Address", "gicr_base_address", address},
    {68, 8, "ARM MPIDR", "arm_mpidr"},
    {76, 1, "Efficiency Class", "efficiency_class"},
    {77, 1, "Reserved", "reserved2", reserved},
    {78, 2, "SPE Overflow Interrupt", "spe_interrupt"},
};

// GICD (ACPI 6.6 Table 5.48).
constexpr FieldDesc kGicdFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved", "reserved", reserved},
    {4, 4, "Local GIC Hardware ID", "gic_id"},
    {8, 8, "Base Address", "base_address", address},
    {16, 4, "Interrupt Base", "global_irq_base"},
    {20, 1, "Version", "version"},
    {21, 3, "Reserved", "reserved2", reserved},
};

// GIC MSI Frame (ACPI 6.6 Table 5.50).
constexpr BitDesc kMsiFrameFlags[] = {{0, 1, "Select SPI", "select_spi"}};
constexpr FieldDesc kMsiFrameFields[] = {
    kType,
    kLength,
    {2, 2, "Reserved", "reserved", reserved},
    {4, 4, "MSI Frame ID", "msi_frame_id"},
    {8, 8, "Base Address", "base_address", address},
    {16, 4, "Flags", "flags", flags, kMsiFrameFlags},
    {20, 2, "SPI Count", "spi_count"},
    {22, 2, "SPI Base", "spi_base"},
};

// GICR (ACPI 6.6 Table 5.52); ACPI 6.5 made +2 a Flags byte (ACPI 6.4: two reserved bytes).
constexpr BitDesc kGicrFlags[] = {{0, 1, "GICR non-coherent", "gicr_non_coherent"}};
constexpr FieldDesc kGicrFields[] = {
    kType,
    kLength,
    {2, 1, "Flags", "flags", flags, kGicrFlags},
    {3, 1, "Reserved", "reserved", reserved},
    {4, 8, "Base Address", "base_address", address},
    {12, 4, "Length", "discovery_range_length"},
};

// GIC ITS (ACPI 6.6 Table 5.54); the kernel reads Flags from MADT revision 7.
constexpr BitDesc kItsFlags[] = {{0, 1, "GIC ITS non-coherent", "its_non_coherent"}};
constexpr FieldDesc kItsFields[] = {
    kType,
    kLength,
    {2, 1, "Flags", "flags", flags, kItsFlags},
    {3, 1, "Reserved", "reserved", reserved},
    {4, 4, "Translation ID", "translation_id"},
    {8, 8, "Base Address", "base_address", address},
    {16, 4, "Reserved", "reserved2", reserved},
};

// CORE_PIC (ACPI 6.6 Table 5.68; ACPICA struct acpi_madt_core_pic, packed:
// 15 bytes). Only Enabled is defined; LoongArch's acpi_parse_p1_processor()
// and acpi_parse_p2_processor() read Core ID (the physical CPU id SRAT's
// processor affinity entries name) and this bit.
constexpr BitDesc kCorePicFlags[] = {{0, 1, "Processor Enabled", "enabled"}};

constexpr FieldDesc kCorePicFields[] = {
    kType,
    kLength,
    {2, 1, "Version", "version"},
    {3, 4, "ProcessorId", "processor_id"},
    {7, 4, "CoreId", "core_id"},
    {11, 4, "Flags", "flags", flags, kCorePicFlags},
};

// RINTC (ACPI 6.6 Table 5.160, 36 bytes; its flags Table 5.161). RISC-V's
// acpi_parse_rintc() numbers the CPUs by Hart ID; SRAT's RINTC affinity
// entries name them by ACPI Processor UID.
constexpr BitDesc kRintcFlags[] = {
    {0, 1, "Processor Enabled", "enabled"},
    {1, 1, "Online Capable", "online_capable"},
};

constexpr FieldDesc kRintcFields[] = {
    kType,
    kLength,
    {2, 1, "Version", "version"},
    {3, 1, "Reserved", "reserved", reserved},
    {4, 4, "Flags", "flags", flags, kRintcFlags},
    {8, 8, "HartId", "hart_id"},
    {16, 4, "Uid", "uid"},
    {20, 4, "ExtIntcId", "ext_intc_id"},
    {24, 8, "ImsicAddr", "imsic_address", address},
    {32, 4, "ImsicSize", "imsic_size"},
};

constexpr FieldDesc kMadtHeaderFields[] = {
    {36, 4, "Local Apic Address", "local_apic_address"},
    {40, 4, "Flags", "flags", flags, kMadtFlags},
};

}  // namespace

namespace madt {
constexpr StructDesc local_apic = checked_struct({"Processor Local APIC", "local_apic", 8, kLocalApicFields});
constexpr StructDesc io_apic = checked_struct({"I/O APIC", "io_apic", 12, kIoApicFields});
constexpr StructDesc interrupt_override = checked_struct({"Interrupt Source Override", "interrupt_override", 10, kInterruptOverrideFields});
constexpr StructDesc nmi_source = checked_struct({"NMI Source", "nmi_source", 8, kNmiSourceFields});
constexpr StructDesc local_apic_nmi = checked_struct({"Local APIC NMI", "local_apic_nmi", 6, kLocalApicNmiFields});
constexpr StructDesc address_override = checked_struct({"Local APIC Address Override", "local_apic_address_override", 12,
                                  kAddressOverrideFields});
constexpr StructDesc x2apic = checked_struct({"Processor Local x2APIC", "local_x2apic", 16, kX2apicFields});
constexpr StructDesc x2apic_nmi = checked_struct({"Local x2APIC NMI", "local_x2apic_nmi", 12, kX2apicNmiFields});
constexpr StructDesc gicc = checked_struct({"Generic Interrupt Controller", "gicc", 80, kGiccFields});
constexpr StructDesc gicd = checked_struct({"Generic Interrupt Distributor", "gicd", 24, kGicdFields});
constexpr StructDesc gic_msi_frame = checked_struct({"Generic MSI Frame", "gic_msi_frame", 24, kMsiFrameFields});
constexpr StructDesc gicr = checked_struct({"Generic Interrupt Redistributor", "gicr", 16, kGicrFields});
constexpr StructDesc gic_its = checked_struct({"Generic Interrupt Translator", "gic_its", 20, kItsFields});
constexpr StructDesc core_pic = checked_struct({"CPU Core Interrupt Controller", "core_pic", 15, kCorePicFields});
constexpr StructDesc rintc = checked_struct({"RISC-V Interrupt Controller", "rintc", 36, kRintcFields});

namespace local_apic_fields {
constexpr Field apic_id{kLocalApicFields, "apic_id"};
constexpr Field flags{kLocalApicFields, "flags"};
}  // namespace local_apic_fields
namespace x2apic_fields {
constexpr Field x2apic_id{kX2apicFields, "x2apic_id"};
constexpr Field flags{kX2apicFields, "flags"};
}  // namespace x2apic_fields
namespace gicc_fields {
constexpr Field uid{kGiccFields, "uid"};
constexpr Field flags{kGiccFields, "flags"};
constexpr Field arm_mpidr{kGiccFields, "arm_mpidr"};
}  // namespace gicc_fields
namespace gic_its_fields {
constexpr Field translation_id{kItsFields, "translation_id"};
}  // namespace gic_its_fields
namespace core_pic_fields {
constexpr Field core_id{kCorePicFields, "core_id"};
constexpr Field flags{kCorePicFields, "flags"};
}  // namespace core_pic_fields
namespace rintc_fields {
constexpr Field flags{kRintcFields, "flags"};
constexpr Field hart_id{kRintcFields, "hart_id"};
constexpr Field uid{kRintcFields, "uid"};
}  // namespace rintc_fields
}  // namespace madt

namespace {
constexpr StructDesc kMadtHeader = checked_struct({"MADT Header", "madt_header", 44, kMadtHeaderFields}, 36);
const StructDesc* const kLocalApic[] = {&madt::local_apic};
const StructDesc* const kIoApic[] = {&madt::io_apic};
const StructDesc* const kInterruptOverride[] = {&madt::interrupt_override};
const StructDesc* const kNmiSource[] = {&madt::nmi_source};
const StructDesc* const kLocalApicNmi[] = {&madt::local_apic_nmi};
const StructDesc* const kAddressOverride[] = {&madt::address_override};
const StructDesc* const kX2apic[] = {&madt::x2apic};
const StructDesc* const kX2apicNmi[] = {&madt::x2apic_nmi};
const StructDesc* const kGicc[] = {&madt::gicc};
const StructDesc* const kGicd[] = {&madt::gicd};
const StructDesc* const kGicMsiFrame[] = {&madt::gic_msi_frame};
const StructDesc* const kGicr[] = {&madt::gicr};
const StructDesc* const kGicIts[] = {&madt::gic_its};
const StructDesc* const kCorePic[] = {&madt::core_pic};
const StructDesc* const kRintc[] = {&madt::rintc};
const SubtableKind kMadtKinds[] = {
    {0, kLocalApic},    {1, kIoApic},          {2, kInterruptOverride}, {3, kNmiSource},
    {4, kLocalApicNmi}, {5, kAddressOverride}, {6, {}},                 {7, {}},
    {8, {}},            {9, kX2apic},          {10, kX2apicNmi},        {11, kGicc},
    {12, kGicd},        {13, kGicMsiFrame},    {14, kGicr},             {15, kGicIts},
    {16, {}},           {17, kCorePic},        {18, {}},                {19, {}},
    {20, {}},           {21, {}},              {22, {}},                {23, {}},
    {24, kRintc},       {25, {}},              {26, {}},                {27, {}},
};
}  // namespace

const TableDesc madt_table{
    "APIC", "Multiple APIC Description Table (MADT)", &kMadtHeader,
    SubtableWalk{.start = 44, .type_offset = 0, .type_width = 1, .length_offset = 1, .length_width = 1,
                 .type_field_name = "Subtable Type", .length_field_name = "Length"},
    kMadtKinds};

}  // namespace numaplan::acpi
