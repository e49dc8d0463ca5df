// The descriptions of every table and structure numaplan decodes. Code that
// needs a structure's fields (the kernel model, checks) refers to these.
#pragma once

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

extern const TableDesc srat_table;

}  // namespace numaplan::acpi
