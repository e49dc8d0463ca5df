// The descriptions of every table and structure numaplan decodes. Code that
// needs a structure's fields (the kernel model, checks) refers to these, and
// reads the fields and lists through the handles (Field, Array) declared next
// to each structure, each defined from the description by its key.
#pragma once

#include <cstdint>
#include <optional>

#include "numaplan/acpi/describe.h"

namespace numaplan::acpi {

// The fields of the common header.
namespace common_header_fields {
extern const Field signature, revision, checksum, oem_id, oem_table_id, asl_compiler_id;
}  // namespace common_header_fields

namespace srat {
namespace header_fields {
extern const Field table_revision;
}  // namespace header_fields

extern const StructDesc local_apic;         // type 0
namespace local_apic_fields {
extern const Field proximity_domain_lo, apic_id, flags, proximity_domain_hi;
}  // namespace local_apic_fields
extern const StructDesc memory;             // type 1
namespace memory_fields {
extern const Field subtable_length, proximity_domain, base_address, length, flags;
}  // namespace memory_fields
extern const StructDesc x2apic;             // type 2
namespace x2apic_fields {
extern const Field proximity_domain, x2apic_id, flags;
}  // namespace x2apic_fields
extern const StructDesc gicc;               // type 3
namespace gicc_fields {
extern const Field proximity_domain, acpi_processor_uid, flags;
}  // namespace gicc_fields
extern const StructDesc gic_its;            // type 4
namespace gic_its_fields {
extern const Field proximity_domain, its_id;
}  // namespace gic_its_fields
extern const StructDesc generic_initiator;  // type 5
extern const StructDesc generic_port;       // type 6
// Generic Initiator and Generic Port share one field list, so one set of handles.
namespace initiator_fields {
extern const Field device_handle_type, proximity_domain, acpi_hid, acpi_uid, pci_segment, pci_bdf, flags;
}  // namespace initiator_fields
extern const StructDesc rintc;              // type 7
namespace rintc_fields {
extern const Field proximity_domain, acpi_processor_uid, flags;
}  // namespace rintc_fields
}  // namespace srat

namespace slit::header_fields {
extern const Field locality_count;
}  // namespace slit::header_fields

namespace msct {
namespace header_fields {
extern const Field proximity_offset, max_proximity_domains, max_clock_domains, max_address;
}  // namespace header_fields

extern const StructDesc proximity_domain_info;  // the only record kind
namespace proximity_domain_fields {
extern const Field revision, length, range_start, range_end, processor_capacity, memory_capacity;
}  // namespace proximity_domain_fields
}  // namespace msct

namespace hmat {
extern const StructDesc memory_proximity_domain;  // type 0, revision 2 (ACPI 6.3+)
namespace memory_domain_fields {
extern const Field length, flags, attached_initiator_pd, memory_pd;
}  // namespace memory_domain_fields
extern const StructDesc memory_subsystem_range;   // type 0, revision 1 (ACPI 6.2)
namespace address_range_fields {
extern const Field length, flags, processor_pd, memory_pd;
}  // namespace address_range_fields
extern const StructDesc locality;                 // type 1
namespace locality_fields {
extern const Field length, flags, data_type, min_transfer_size, reserved2, initiator_count, target_count,
    entry_base_unit;
}  // namespace locality_fields
namespace locality_arrays {
extern const Array initiator_pds, target_pds, entries;
}  // namespace locality_arrays
extern const StructDesc memory_side_cache;        // type 2
namespace cache_fields {
extern const Field length, memory_pd, cache_size, cache_attributes, smbios_handle_count;
}  // namespace cache_fields
}  // namespace hmat

namespace cedt {
extern const StructDesc chbs;       // type 0
namespace chbs_fields {
extern const Field uid, cxl_version, base, length;
}  // namespace chbs_fields
extern const StructDesc cfmws;      // type 1
namespace cfmws_fields {
extern const Field subtable_length, base_hpa, window_size, interleave_ways, interleave_arithmetic, granularity,
    restrictions;
}  // namespace cfmws_fields
namespace cfmws_arrays {
extern const Array interleave_targets;
}  // namespace cfmws_arrays
extern const StructDesc cxims;      // type 2
namespace cxims_fields {
extern const Field granularity, xormap_count;
}  // namespace cxims_fields
extern const StructDesc rdpas_17;   // type 3, 17 bytes: CXL spec, fwts, Linux, ACPICA before 2026
namespace rdpas_17_fields {
extern const Field protocol;
}  // namespace rdpas_17_fields
extern const StructDesc rdpas_20;   // type 3, 20 bytes: ACPICA 2026
namespace rdpas_20_fields {
extern const Field protocol;
}  // namespace rdpas_20_fields
extern const StructDesc csds;       // type 4

// CFMWS ENIW -> number of interleave ways (Linux eiw_to_ways); nullopt if not a valid encoding.
std::optional<std::uint64_t> interleave_ways(std::uint64_t eniw);
// HBIG -> interleave granularity in bytes (Linux eig_to_granularity); nullopt if not valid.
std::optional<std::uint64_t> interleave_granularity(std::uint64_t hbig);
}  // namespace cedt

namespace madt {
extern const StructDesc local_apic;          // type 0
namespace local_apic_fields {
extern const Field apic_id, flags;
}  // namespace local_apic_fields
extern const StructDesc io_apic;             // type 1
extern const StructDesc interrupt_override;  // type 2
extern const StructDesc nmi_source;          // type 3
extern const StructDesc local_apic_nmi;      // type 4
extern const StructDesc address_override;    // type 5
extern const StructDesc x2apic;              // type 9
namespace x2apic_fields {
extern const Field x2apic_id, flags;
}  // namespace x2apic_fields
extern const StructDesc x2apic_nmi;          // type 0xA
extern const StructDesc gicc;                // type 0xB (arm64)
namespace gicc_fields {
extern const Field uid, flags, arm_mpidr;
}  // namespace gicc_fields
extern const StructDesc gicd;                // type 0xC
extern const StructDesc gic_msi_frame;       // type 0xD
extern const StructDesc gicr;                // type 0xE
extern const StructDesc gic_its;             // type 0xF
namespace gic_its_fields {
extern const Field translation_id;
}  // namespace gic_its_fields
extern const StructDesc core_pic;            // type 0x11 (LoongArch)
namespace core_pic_fields {
extern const Field core_id, flags;
}  // namespace core_pic_fields
extern const StructDesc rintc;               // type 0x18 (RISC-V)
namespace rintc_fields {
extern const Field flags, hart_id, uid;
}  // namespace rintc_fields
}  // namespace madt

namespace dmar::header_fields {
extern const Field flags;
}  // namespace dmar::header_fields

extern const TableDesc srat_table;
extern const TableDesc slit_table;
extern const TableDesc msct_table;
extern const TableDesc hmat_table;
extern const TableDesc cedt_table;
extern const TableDesc madt_table;  // signature "APIC"
extern const TableDesc dmar_table;  // header decoded; remapping structures by type and length

}  // namespace numaplan::acpi
