// The 36-byte common header (ACPI 6.5 §5.2.6; ACPICA AcpiDmTableInfoHeader).
#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
using enum FieldKind;

constexpr FieldDesc kCommonHeaderFields[] = {
    {0, 4, "Signature", "signature", ascii},
    {4, 4, "Table Length", "length"},
    {8, 1, "Revision", "revision"},
    {9, 1, "Checksum", "checksum"},
    {10, 6, "Oem ID", "oem_id", ascii},
    {16, 8, "Oem Table ID", "oem_table_id", ascii},
    {24, 4, "Oem Revision", "oem_revision"},
    {28, 4, "Asl Compiler ID", "asl_compiler_id", ascii},
    {32, 4, "Asl Compiler Revision", "asl_compiler_revision"},
};
}  // namespace

constexpr StructDesc common_header = checked_struct({"Common Header", "header", 36, kCommonHeaderFields});

namespace common_header_fields {
constexpr Field signature{kCommonHeaderFields, "signature"};
constexpr Field revision{kCommonHeaderFields, "revision"};
constexpr Field checksum{kCommonHeaderFields, "checksum"};
constexpr Field oem_id{kCommonHeaderFields, "oem_id"};
constexpr Field oem_table_id{kCommonHeaderFields, "oem_table_id"};
constexpr Field asl_compiler_id{kCommonHeaderFields, "asl_compiler_id"};
}  // namespace common_header_fields

}  // namespace numaplan::acpi
