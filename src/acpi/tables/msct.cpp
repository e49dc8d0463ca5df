// MSCT: Maximum System Characteristics Table (ACPI 6.6 §5.2.19; ACPICA
// actbl2.h, AcpiDmTableInfoMsct*). Names are the ones `iasl -d` prints.
#include <cstdint>
#include <optional>

#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace {
using enum FieldKind;

// Maximum Number of Proximity/Clock Domains hold the count minus one.
std::optional<std::uint64_t> plus_one(std::uint64_t raw) { return raw + 1; }

constexpr Decoding kProximityDomains{"max_proximity_domains_count", "domains", plus_one};
constexpr Decoding kClockDomains{"max_clock_domains_count", "domains", plus_one};

constexpr FieldDesc kMsctHeaderFields[] = {
    {36, 4, "Proximity Offset", "proximity_offset"},
    {40, 4, "Max Proximity Domains", "max_proximity_domains", unsigned_int, {}, {}, &kProximityDomains},
    {44, 4, "Max Clock Domains", "max_clock_domains", unsigned_int, {}, {}, &kClockDomains},
    {48, 8, "Max Physical Address", "max_address", address},
};

constexpr FieldDesc kProximityDomainFields[] = {
    {0, 1, "Revision", "revision"},
    {1, 1, "Length", "length"},
    {2, 4, "Domain Range Start", "range_start"},
    {6, 4, "Domain Range End", "range_end"},
    {10, 4, "Processor Capacity", "processor_capacity"},
    {14, 8, "Memory Capacity", "memory_capacity", address},
};

}  // namespace

namespace msct {
constexpr StructDesc proximity_domain_info = checked_struct({"Proximity Domain Information", "proximity_domain_info", 22,
                                       kProximityDomainFields});

namespace header_fields {
constexpr Field proximity_offset{kMsctHeaderFields, "proximity_offset"};
constexpr Field max_proximity_domains{kMsctHeaderFields, "max_proximity_domains"};
constexpr Field max_clock_domains{kMsctHeaderFields, "max_clock_domains"};
constexpr Field max_address{kMsctHeaderFields, "max_address"};
}  // namespace header_fields
namespace proximity_domain_fields {
constexpr Field revision{kProximityDomainFields, "revision"};
constexpr Field length{kProximityDomainFields, "length"};
constexpr Field range_start{kProximityDomainFields, "range_start"};
constexpr Field range_end{kProximityDomainFields, "range_end"};
constexpr Field processor_capacity{kProximityDomainFields, "processor_capacity"};
constexpr Field memory_capacity{kProximityDomainFields, "memory_capacity"};
}  // namespace proximity_domain_fields
}  // namespace msct

namespace {
constexpr StructDesc kMsctHeader = checked_struct({"MSCT Header", "msct_header", 56, kMsctHeaderFields}, 36);
const StructDesc* const kProximityDomain[] = {&msct::proximity_domain_info};
const SubtableKind kMsctKinds[] = {{0, kProximityDomain}};
}  // namespace

// The structures have no type field: every record is a Proximity Domain
// Information structure, found from the header's Proximity Offset.
const TableDesc msct_table{
    "MSCT", "Maximum System Characteristics Table", &kMsctHeader,
    SubtableWalk{.start_field = &*msct::header_fields::proximity_offset, .length_offset = 1, .length_width = 1,
                 .length_field_name = "Length"},
    kMsctKinds};

}  // namespace numaplan::acpi
