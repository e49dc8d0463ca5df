// CEDT: CXL Early Discovery Table (CXL 3.2 §9.18.1; ACPICA actbl1.h,
// AcpiDmTableInfoCedt*). Names are the ones `iasl -d` (20250404) prints; that
// iasl decodes only CHBS, CFMWS and CXIMS, so RDPAS and CSDS use the CXL
// specification's names.
#include <cstdint>
#include <optional>

#include "numaplan/acpi/table.h"
#include "numaplan/acpi/tables.h"

namespace numaplan::acpi {

namespace cedt {

std::optional<std::uint64_t> interleave_ways(std::uint64_t eniw) {
  if (eniw <= 4) return std::uint64_t{1} << eniw;           // 1, 2, 4, 8, 16
  if (eniw >= 8 && eniw <= 10) return std::uint64_t{3} << (eniw - 8);  // 3, 6, 12
  return std::nullopt;
}

std::optional<std::uint64_t> interleave_granularity(std::uint64_t hbig) {
  if (hbig <= 6) return std::uint64_t{256} << hbig;  // 256 B .. 16 KiB
  return std::nullopt;
}

}  // namespace cedt

namespace {
using enum FieldKind;

constexpr EnumValue kCedtTypes[] = {
    {0, "CXL Host Bridge Structure"},
    {1, "CXL Fixed Memory Window Structure"},
    {2, "CXL XOR Interleave Math Structure"},
    {3, "RCEC Downstream Port Association Structure"},
    {4, "CXL System Description Structure"},
};
constexpr FieldDesc kType{0, 1, "Subtable Type", "subtable_type", enumeration, {}, kCedtTypes};
constexpr FieldDesc kReserved{1, 1, "Reserved", "reserved", reserved};
constexpr FieldDesc kLength{2, 2, "Length", "subtable_length"};

constexpr Decoding kWays{"ways", "ways", cedt::interleave_ways};
constexpr Decoding kGranularity{"granularity_bytes", "bytes", cedt::interleave_granularity};

// Type 0: CHBS.
constexpr EnumValue kCxlVersions[] = {{0, "CXL 1.1 (RCH)"}, {1, "CXL 2.0 or later"}};
constexpr FieldDesc kChbsFields[] = {
    kType,
    kReserved,
    kLength,
    {4, 4, "Associated host bridge", "uid"},
    {8, 4, "Specification version", "cxl_version", enumeration, {}, kCxlVersions},
    {12, 4, "Reserved", "reserved2", reserved},
    {16, 8, "Register base", "base", address},
    {24, 8, "Register length", "length", address},
};

// Type 1: CFMWS, 36 bytes and one u32 host-bridge UID per interleave way.
constexpr EnumValue kArithmetic[] = {{0, "Modulo"}, {1, "XOR"}};
constexpr BitDesc kRestrictions[] = {
    {0, 1, "Type 2 (Device Coherent)", "type2"},
    {1, 1, "Type 3 (Host-Only Coherent)", "type3"},
    {2, 1, "Volatile", "volatile"},
    {3, 1, "Persistent", "persistent"},
    {4, 1, "Fixed Device Config", "fixed_config"},
    {5, 1, "Back-Invalidate", "back_invalidate"},  // CXL 3.0; ACPICA 20251212
};
constexpr FieldDesc kCfmwsFields[] = {
    kType,
    kReserved,
    kLength,
    {4, 4, "Reserved", "reserved2", reserved},
    {8, 8, "Window base address", "base_hpa", address},
    {16, 8, "Window size", "window_size", address},
    {24, 1, "Interleave Members", "interleave_ways", unsigned_int, {}, {}, &kWays},
    {25, 1, "Interleave Arithmetic", "interleave_arithmetic", enumeration, {}, kArithmetic},
    {26, 2, "Reserved", "reserved3", reserved},
    {28, 4, "Granularity", "granularity", unsigned_int, {}, {}, &kGranularity},
    {32, 2, "Restrictions", "restrictions", flags, kRestrictions},
    {34, 2, "QtgId", "qtg_id"},
};
}  // namespace

namespace cedt::cfmws_fields {
constexpr Field subtable_length{kCfmwsFields, "subtable_length"};
constexpr Field base_hpa{kCfmwsFields, "base_hpa"};
constexpr Field window_size{kCfmwsFields, "window_size"};
constexpr Field interleave_ways{kCfmwsFields, "interleave_ways"};
constexpr Field interleave_arithmetic{kCfmwsFields, "interleave_arithmetic"};
constexpr Field granularity{kCfmwsFields, "granularity"};
constexpr Field restrictions{kCfmwsFields, "restrictions"};
}  // namespace cedt::cfmws_fields

namespace {
// An invalid ENIW gives no targets; the check stage reports the encoding.
std::uint64_t target_count(const StructView& v) {
  const auto eniw = v.get(cedt::cfmws_fields::interleave_ways);
  return eniw ? cedt::interleave_ways(*eniw).value_or(0) : 0;
}
constexpr ArrayDesc kCfmwsArrays[] = {
    {"First Target", "interleave_targets", 4, target_count, nullptr, "Next Target"},
};
}  // namespace

namespace cedt::cfmws_arrays {
constexpr Array interleave_targets{kCfmwsArrays, "interleave_targets"};
}  // namespace cedt::cfmws_arrays

namespace {

// Type 2: CXIMS, 8 bytes and NIB u64 XORMAPs.
constexpr FieldDesc kCximsFields[] = {
    kType,
    kReserved,
    kLength,
    {4, 2, "Reserved", "reserved2", reserved},
    {6, 1, "Interleave Granularity", "granularity", unsigned_int, {}, {}, &kGranularity},
    {7, 1, "Xormap List Count", "xormap_count"},
};
}  // namespace

namespace cedt::cxims_fields {
constexpr Field granularity{kCximsFields, "granularity"};
constexpr Field xormap_count{kCximsFields, "xormap_count"};
}  // namespace cedt::cxims_fields

namespace {
std::uint64_t xormap_count(const StructView& v) { return v.get_or(cedt::cxims_fields::xormap_count, 0); }
constexpr ArrayDesc kCximsArrays[] = {
    {"First Xormap", "xormaps", 8, xormap_count, nullptr, "Next Xormap"},
};

// Type 3: RDPAS. The CXL specification, fwts, Linux and ACPICA up to 2025
// pack Protocol at +8 and Base Address at +9 (17 bytes); ACPICA in 2026 moved
// Base Address to +8, Protocol to +16 and added 3 reserved bytes (20 bytes).
// Record Length picks the layout.
constexpr EnumValue kProtocols[] = {{0, "CXL.io"}, {1, "CXL.cachemem"}};
constexpr FieldDesc kRcecSegment{4, 2, "RCEC Segment Number", "segment"};
constexpr FieldDesc kRcecBdf{6, 2, "RCEC BDF", "bdf"};
constexpr FieldDesc kRdpas17Fields[] = {
    kType,
    kReserved,
    kLength,
    kRcecSegment,
    kRcecBdf,
    {8, 1, "Protocol Type", "protocol", enumeration, {}, kProtocols},
    {9, 8, "Base Address", "base_address", address},
};
constexpr FieldDesc kRdpas20Fields[] = {
    kType,
    kReserved,
    kLength,
    kRcecSegment,
    kRcecBdf,
    {8, 8, "Base Address", "base_address", address},
    {16, 1, "Protocol Type", "protocol", enumeration, {}, kProtocols},
    {17, 3, "Reserved", "reserved2", reserved},
};
bool shorter_than_20(std::uint8_t, std::uint64_t length) { return length < 20; }
bool at_least_20(std::uint8_t, std::uint64_t length) { return length >= 20; }

// Type 4: CSDS (CXL 3.1).
constexpr BitDesc kSystemCapabilities[] = {
    {0, 1, "CMP-M", "cmp_m"},
    {1, 1, "No Clean Writeback", "no_clean_writeback"},
    {2, 1, "Viral Policy", "viral_policy"},  // CXL 3.2
};
constexpr FieldDesc kCsdsFields[] = {
    kType,
    kReserved,
    kLength,
    {4, 2, "System Capabilities", "capabilities", flags, kSystemCapabilities},
    {6, 2, "Reserved", "reserved2", reserved},
};

}  // namespace

namespace cedt {
constexpr StructDesc chbs = checked_struct({"CXL Host Bridge Structure", "chbs", 32, kChbsFields});
constexpr StructDesc cfmws = checked_struct({"CXL Fixed Memory Window Structure", "cfmws", 36, kCfmwsFields, kCfmwsArrays});
constexpr StructDesc cxims = checked_struct({"CXL XOR Interleave Math Structure", "cxims", 8, kCximsFields, kCximsArrays});
constexpr StructDesc rdpas_17 = checked_struct({
    "RCEC Downstream Port Association Structure", "rdpas", 17, kRdpas17Fields, {}, shorter_than_20,
    "RDPAS Record Length below 20: decoded with the 17-byte layout of the CXL specification, fwts and Linux "
    "(Protocol Type at +8, Base Address at +9)"});
constexpr StructDesc rdpas_20 = checked_struct({
    "RCEC Downstream Port Association Structure", "rdpas", 20, kRdpas20Fields, {}, at_least_20,
    "RDPAS Record Length 20 or more: decoded with the 20-byte layout of ACPICA 2026 "
    "(Base Address at +8, Protocol Type at +16, 3 reserved bytes)"});
constexpr StructDesc csds = checked_struct({"CXL System Description Structure", "csds", 8, kCsdsFields});

namespace chbs_fields {
constexpr Field uid{kChbsFields, "uid"};
constexpr Field cxl_version{kChbsFields, "cxl_version"};
constexpr Field base{kChbsFields, "base"};
constexpr Field length{kChbsFields, "length"};
}  // namespace chbs_fields
namespace rdpas_17_fields {
constexpr Field protocol{kRdpas17Fields, "protocol"};
}  // namespace rdpas_17_fields
namespace rdpas_20_fields {
constexpr Field protocol{kRdpas20Fields, "protocol"};
}  // namespace rdpas_20_fields
}  // namespace cedt

namespace {
constexpr StructDesc kCedtHeader = checked_struct({"CEDT Header", "cedt_header", 36, {}}, 36);
const StructDesc* const kChbs[] = {&cedt::chbs};
const StructDesc* const kCfmws[] = {&cedt::cfmws};
const StructDesc* const kCxims[] = {&cedt::cxims};
const StructDesc* const kRdpas[] = {&cedt::rdpas_17, &cedt::rdpas_20};
const StructDesc* const kCsds[] = {&cedt::csds};
const SubtableKind kCedtKinds[] = {{0, kChbs}, {1, kCfmws}, {2, kCxims}, {3, kRdpas}, {4, kCsds}};
}  // namespace

const TableDesc cedt_table{
    "CEDT", "CXL Early Discovery Table", &kCedtHeader,
    SubtableWalk{.start = 36, .type_offset = 0, .type_width = 1, .length_offset = 2, .length_width = 2,
                 .type_field_name = "Subtable Type", .length_field_name = "Length"},
    kCedtKinds};

}  // namespace numaplan::acpi
