// Reserved fields and reserved flag bits, checked from the structure
// descriptions alone: every field of kind `reserved` must be zero, and a
// flags field may set only the bits its description names.
#pragma once

#include "numaplan/acpi/table.h"

namespace numaplan::check {

// One warning per non-zero reserved field or flags field with reserved bits.
Diagnostics check_reserved(const acpi::Table& table);

}  // namespace numaplan::check
