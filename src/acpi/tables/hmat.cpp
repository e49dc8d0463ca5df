// HMAT: Heterogeneous Memory Attribute Table (ACPI 6.6 §5.2.28; ACPICA
// actbl1.h, AcpiDmTableInfoHmat*). Names are the ones `iasl -d` prints
// (20250404; 20200925 lacks the ACPI 6.4 fields and calls Address Mode
// "Reserved2").
#include <cstdint>

#include "numaplan/acpi/table.h"
#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
using enum FieldKind;

constexpr EnumValue kHmatTypes[] = {
    {0, "Memory Proximity Domain Attributes"},
    {1, "System Locality Latency and Bandwidth Information"},
    {2, "Memory Side Cache Information"},
};
constexpr FieldDesc kType{0, 2, "Structure Type", "structure_type", enumeration, {}, kHmatTypes};
constexpr FieldDesc kReserved{2, 2, "Reserved", "reserved1", reserved};
constexpr FieldDesc kLength{4, 4, "Length", "length"};

// Type 0. Revision 2 (ACPI 6.3) dropped the address range and the memory PD
// valid and reservation hint flags of revision 1 (ACPI 6.2).
constexpr BitDesc kProcessorPdValid{0, 1, "Processor Proximity Domain Valid", "processor_pd_valid"};
constexpr BitDesc kMemoryDomainFlags[] = {kProcessorPdValid};
constexpr BitDesc kAddressRangeFlags[] = {
    kProcessorPdValid,
    {1, 1, "Memory Proximity Domain Valid", "memory_pd_valid"},
    {2, 1, "Reservation Hint", "reservation_hint"},
};
constexpr FieldDesc kMemoryPd{16, 4, "Memory Proximity Domain", "memory_pd"};

constexpr FieldDesc kMemoryDomainFields[] = {
    kType,
    kReserved,
    kLength,
    {8, 2, "Flags", "flags", flags, kMemoryDomainFlags},
    {10, 2, "Reserved1", "reserved2", reserved},
    {12, 4, "Attached Initiator Proximity Domain", "attached_initiator_pd"},
    kMemoryPd,
    {20, 4, "Reserved2", "reserved3", reserved},
    {24, 8, "Reserved3", "reserved4", reserved},
    {32, 8, "Reserved4", "reserved5", reserved},
};

constexpr FieldDesc kAddressRangeFields[] = {
    kType,
    kReserved,
    kLength,
    {8, 2, "Flags", "flags", flags, kAddressRangeFlags},
    {10, 2, "Reserved1", "reserved2", reserved},
    {12, 4, "Processor Proximity Domain", "processor_pd"},
    kMemoryPd,
    {20, 4, "Reserved2", "reserved3", reserved},
    {24, 8, "Physical Address Range Base", "base_address", address},
    {32, 8, "Physical Address Range Size", "address_length", address},
};

// The table revision picks the layout; revision 2 is the default.
bool revision_1(std::uint8_t table_revision, std::uint64_t) { return table_revision == 1; }
bool not_revision_1(std::uint8_t table_revision, std::uint64_t) { return table_revision != 1; }

// Type 1: nI initiator PDs, nT target PDs, then nI x nT entries. Both counts
// are u32, so their product fits in a u64.
constexpr BitDesc kLocalityFlags[] = {
    {0, 4, "Memory Hierarchy", "memory_hierarchy"},
    {4, 1, "Use Minimum Transfer Size", "use_min_transfer_size"},    // ACPI 6.4
    {5, 1, "Non-sequential Transfers", "non_sequential_transfers"},  // ACPI 6.4
};
constexpr EnumValue kDataTypes[] = {
    {0, "Access Latency"},   {1, "Read Latency"},   {2, "Write Latency"},
    {3, "Access Bandwidth"}, {4, "Read Bandwidth"}, {5, "Write Bandwidth"},
};
constexpr FieldDesc kLocalityFields[] = {
    kType,
    kReserved,
    kLength,
    {8, 1, "Flags", "flags", flags, kLocalityFlags},
    {9, 1, "Data Type", "data_type", enumeration, {}, kDataTypes},
    {10, 1, "Minimum Transfer Size", "min_transfer_size"},  // ACPI 6.4
    {11, 1, "Reserved1", "reserved2", reserved},
    {12, 4, "Initiator Proximity Domains #", "initiator_count"},
    {16, 4, "Target Proximity Domains #", "target_count"},
    {20, 4, "Reserved2", "reserved3", reserved},
    {24, 8, "Entry Base Unit", "entry_base_unit"},
};
}  // namespace

namespace hmat::locality_fields {
constexpr Field length{kLocalityFields, "length"};
constexpr Field flags{kLocalityFields, "flags"};
constexpr Field data_type{kLocalityFields, "data_type"};
constexpr Field min_transfer_size{kLocalityFields, "min_transfer_size"};
constexpr Field reserved2{kLocalityFields, "reserved2"};
constexpr Field initiator_count{kLocalityFields, "initiator_count"};
constexpr Field target_count{kLocalityFields, "target_count"};
constexpr Field entry_base_unit{kLocalityFields, "entry_base_unit"};
}  // namespace hmat::locality_fields

namespace {
std::uint64_t initiator_count(const StructView& v) { return v.get_or(hmat::locality_fields::initiator_count, 0); }
std::uint64_t target_count(const StructView& v) { return v.get_or(hmat::locality_fields::target_count, 0); }
std::uint64_t entry_count(const StructView& v) { return initiator_count(v) * target_count(v); }
constexpr ArrayDesc kLocalityArrays[] = {
    {"Initiator Proximity Domain List", "initiator_pds", 4, initiator_count},
    {"Target Proximity Domain List", "target_pds", 4, target_count},
    {"Entry", "entries", 2, entry_count},
};
}  // namespace

namespace hmat::locality_arrays {
constexpr Array initiator_pds{kLocalityArrays, "initiator_pds"};
constexpr Array target_pds{kLocalityArrays, "target_pds"};
constexpr Array entries{kLocalityArrays, "entries"};
}  // namespace hmat::locality_arrays

namespace {

// Type 2.
constexpr BitDesc kCacheAttributes[] = {
    {0, 4, "Total Cache Levels", "total_levels"},
    {4, 4, "Cache Level", "level"},
    {8, 4, "Cache Associativity", "associativity"},
    {12, 4, "Write Policy", "write_policy"},
    {16, 16, "Cache Line Size", "line_size"},
};
constexpr FieldDesc kCacheFields[] = {
    kType,
    kReserved,
    kLength,
    {8, 4, "Memory Proximity Domain", "memory_pd"},
    {12, 4, "Reserved1", "reserved2", reserved},
    {16, 8, "Memory Side Cache Size", "cache_size", address},
    {24, 4, "Cache Attributes", "cache_attributes", flags, kCacheAttributes},
    {28, 2, "Address Mode", "address_mode"},  // ACPI 6.5; "Reserved2" in iasl 20200925
    {30, 2, "SMBIOS Handle #", "smbios_handle_count"},
};
}  // namespace

namespace hmat::cache_fields {
constexpr Field length{kCacheFields, "length"};
constexpr Field memory_pd{kCacheFields, "memory_pd"};
constexpr Field cache_size{kCacheFields, "cache_size"};
constexpr Field cache_attributes{kCacheFields, "cache_attributes"};
constexpr Field smbios_handle_count{kCacheFields, "smbios_handle_count"};
}  // namespace hmat::cache_fields

namespace {
std::uint64_t smbios_handle_count(const StructView& v) { return v.get_or(hmat::cache_fields::smbios_handle_count, 0); }
constexpr ArrayDesc kCacheArrays[] = {
    {"SMBIOS Handle", "smbios_handles", 2, smbios_handle_count},
};

constexpr FieldDesc kHmatHeaderFields[] = {
    {36, 4, "Reserved", "reserved", reserved},
};

}  // namespace

namespace hmat {
constexpr StructDesc memory_proximity_domain = checked_struct({"Memory Proximity Domain Attributes", "memory_proximity_domain", 40,
                                         kMemoryDomainFields, {}, not_revision_1});
constexpr StructDesc memory_subsystem_range = checked_struct({
    "Memory Subsystem Address Range", "memory_subsystem_address_range", 40, kAddressRangeFields, {}, revision_1,
    "HMAT revision 1 (ACPI 6.2): decoded as a Memory Subsystem Address Range structure"});
constexpr StructDesc locality = checked_struct({"System Locality Latency and Bandwidth Information", "locality_latency_bandwidth", 32,
                          kLocalityFields, kLocalityArrays});
constexpr StructDesc memory_side_cache = checked_struct({"Memory Side Cache Information", "memory_side_cache", 32, kCacheFields,
                                   kCacheArrays});

namespace memory_domain_fields {
constexpr Field length{kMemoryDomainFields, "length"};
constexpr Field flags{kMemoryDomainFields, "flags"};
constexpr Field attached_initiator_pd{kMemoryDomainFields, "attached_initiator_pd"};
constexpr Field memory_pd{kMemoryDomainFields, "memory_pd"};
}  // namespace memory_domain_fields
namespace address_range_fields {
constexpr Field length{kAddressRangeFields, "length"};
constexpr Field flags{kAddressRangeFields, "flags"};
constexpr Field processor_pd{kAddressRangeFields, "processor_pd"};
constexpr Field memory_pd{kAddressRangeFields, "memory_pd"};
}  // namespace address_range_fields
}  // namespace hmat

namespace {
constexpr StructDesc kHmatHeader = checked_struct({"HMAT Header", "hmat_header", 40, kHmatHeaderFields}, 36);
const StructDesc* const kMemoryDomain[] = {&hmat::memory_proximity_domain, &hmat::memory_subsystem_range};
const StructDesc* const kLocality[] = {&hmat::locality};
const StructDesc* const kCache[] = {&hmat::memory_side_cache};
const SubtableKind kHmatKinds[] = {{0, kMemoryDomain}, {1, kLocality}, {2, kCache}};
}  // namespace

const TableDesc hmat_table{
    "HMAT", "Heterogeneous Memory Attributes Table", &kHmatHeader,
    SubtableWalk{.start = 40, .type_offset = 0, .type_width = 2, .length_offset = 4, .length_width = 4,
                 .type_field_name = "Structure Type", .length_field_name = "Length"},
    kHmatKinds};

}  // namespace numaplan::acpi
