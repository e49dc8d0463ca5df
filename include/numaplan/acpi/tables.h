// The descriptions of every table and structure numaplan decodes. Code that
// needs a structure's fields (the kernel model, checks) refers to these.
#pragma once

#include <cstdint>
#include <optional>

#include "numaplan/acpi/describe.h"

namespace numaplan::acpi {

namespace srat {
extern const StructDesc local_apic;         // type 0
extern const StructDesc memory;             // type 1
extern const StructDesc x2apic;             // type 2
extern const StructDesc gicc;               // type 3
extern const StructDesc gic_its;            // type 4
extern const StructDesc generic_initiator;  // type 5
extern const StructDesc generic_port;       // type 6
extern const StructDesc rintc;              // type 7
}  // namespace srat

namespace msct {
extern const StructDesc proximity_domain_info;  // the only record kind
}  // namespace msct

namespace hmat {
extern const StructDesc memory_proximity_domain;  // type 0, revision 2 (ACPI 6.3+)
extern const StructDesc memory_subsystem_range;   // type 0, revision 1 (ACPI 6.2)
extern const StructDesc locality;                 // type 1
extern const StructDesc memory_side_cache;        // type 2
}  // namespace hmat

namespace cedt {
extern const StructDesc chbs;       // type 0
extern const StructDesc cfmws;      // type 1
extern const StructDesc cxims;      // type 2
extern const StructDesc rdpas_17;   // type 3, 17 bytes: CXL spec, fwts, Linux, ACPICA before 2026
extern const StructDesc rdpas_20;   // type 3, 20 bytes: ACPICA 2026
extern const StructDesc csds;       // type 4

// CFMWS ENIW -> number of interleave ways (Linux eiw_to_ways); nullopt if not a valid encoding.
std::optional<std::uint64_t> interleave_ways(std::uint64_t eniw);
// HBIG -> interleave granularity in bytes (Linux eig_to_granularity); nullopt if not valid.
std::optional<std::uint64_t> interleave_granularity(std::uint64_t hbig);
}  // namespace cedt

namespace madt {
extern const StructDesc local_apic;          // type 0
extern const StructDesc io_apic;             // type 1
extern const StructDesc interrupt_override;  // type 2
extern const StructDesc nmi_source;          // type 3
extern const StructDesc local_apic_nmi;      // type 4
extern const StructDesc address_override;    // type 5
extern const StructDesc x2apic;              // type 9
extern const StructDesc x2apic_nmi;          // type 0xA
extern const StructDesc gicc;                // type 0xB (arm64)
extern const StructDesc gicd;                // type 0xC
extern const StructDesc gic_msi_frame;       // type 0xD
extern const StructDesc gicr;                // type 0xE
extern const StructDesc gic_its;             // type 0xF
extern const StructDesc core_pic;            // type 0x11 (LoongArch)
extern const StructDesc rintc;               // type 0x18 (RISC-V)
}  // namespace madt

extern const TableDesc srat_table;
extern const TableDesc slit_table;
extern const TableDesc msct_table;
extern const TableDesc hmat_table;
extern const TableDesc cedt_table;
extern const TableDesc madt_table;  // signature "APIC"
extern const TableDesc dmar_table;  // header decoded; remapping structures by type and length

}  // namespace numaplan::acpi
