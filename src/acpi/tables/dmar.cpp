// DMAR: DMA Remapping Reporting table (Intel VT-d specification 5.0 §8.1;
// ACPICA actbl1.h, AcpiDmTableInfoDmar). Names are the ones `iasl -d`
// prints. numaplan reads it for the header's Flags, which the kernel reads
// when it decides whether to run the APIC in x2APIC mode
// (drivers/iommu/intel/dmar.c, dmar_x2apic_optout()); the remapping
// structures (DRHD, RMRR, ATSR, RHSA, ANDD, SATC, SIDP) are known kinds
// shown by type and length.
#include <cstdint>
#include <optional>

#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
using enum FieldKind;

// Host Address Width holds the platform's DMA address width minus one.
std::optional<std::uint64_t> plus_one(std::uint64_t raw) { return raw + 1; }
constexpr Decoding kAddressBits{"host_address_width_bits", "bits", plus_one};

// VT-d 5.0 Table 8-1 (include/linux/dmar.h: DMAR_INTR_REMAP, DMAR_X2APIC_OPT_OUT, DMAR_PLATFORM_OPT_IN).
constexpr BitDesc kDmarFlags[] = {
    {0, 1, "INTR_REMAP", "intr_remap"},
    {1, 1, "X2APIC_OPT_OUT", "x2apic_opt_out"},
    {2, 1, "DMA_CTRL_PLATFORM_OPT_IN_FLAG", "dma_ctrl_platform_opt_in"},
};

constexpr FieldDesc kDmarHeaderFields[] = {
    {36, 1, "Host Address Width", "host_address_width", unsigned_int, {}, {}, &kAddressBits},
    {37, 1, "Flags", "flags", flags, kDmarFlags},
    {38, 10, "Reserved", "reserved", reserved},
};

}  // namespace

namespace dmar::header_fields {
constexpr Field flags{kDmarHeaderFields, "flags"};
}  // namespace dmar::header_fields

namespace {
constexpr StructDesc kDmarHeader = checked_struct({"DMAR Header", "dmar_header", 48, kDmarHeaderFields}, 36);
// VT-d 5.0 §8.2-8.8 and ACPICA's enum AcpiDmarType (SIDP is type 6 since VT-d 4.1).
const SubtableKind kDmarKinds[] = {{0, {}}, {1, {}}, {2, {}}, {3, {}}, {4, {}}, {5, {}}, {6, {}}};
}  // namespace

const TableDesc dmar_table{
    "DMAR", "DMA Remapping Table", &kDmarHeader,
    SubtableWalk{.start = 48, .type_offset = 0, .type_width = 2, .length_offset = 2, .length_width = 2,
                 .type_field_name = "Subtable Type", .length_field_name = "Length"},
    kDmarKinds};

}  // namespace numaplan::acpi
