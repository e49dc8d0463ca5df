// CEDT rules: fwts (src/acpi/cedt/cedt.c), then what Linux's CXL driver
// (drivers/cxl/acpi.c) demands of a CFMWS before it makes a region of it.
// Which NUMA node a window lands in is in kernel_rules.cpp.
#include <set>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

using acpi::cedt::rdpas_17;
using acpi::cedt::rdpas_20;
namespace chbs_fields = acpi::cedt::chbs_fields;
namespace cfmws_fields = acpi::cedt::cfmws_fields;
namespace cxims_fields = acpi::cedt::cxims_fields;
namespace rdpas_17_fields = acpi::cedt::rdpas_17_fields;
namespace rdpas_20_fields = acpi::cedt::rdpas_20_fields;

constexpr Rule kChbsLength{"CEDT.ChbsLength", "CEDTBadCHBSLength", Severity::error,
                           "CHBS Register length not 0x2000 for CXL 1.1 (version 0) or 0x10000 for CXL 2.0+ (1)"};
constexpr Rule kCxlVersion{"CEDT.CxlVersion", "CEDTBadCXLVersion", Severity::error, "CHBS CXL version above 1"};
constexpr Rule kArithmetic{"CEDT.InterleaveArithmetic", "CEDTBadInterleaveArithmetic", Severity::error,
                           "CFMWS Interleave Arithmetic other than 0 (modulo) or 1 (XOR)"};
constexpr Rule kProtocol{"CEDT.ProtocolType", "CEDTBadProtocolType", Severity::error,
                         "RDPAS Protocol Type other than 0 (CXL.io) or 1 (CXL.cachemem)"};
constexpr Rule kAlignment{"CEDT.CfmwsAlignment", "", Severity::error,
                          "CFMWS base or size not a multiple of 256 MiB: the CXL driver rejects the window"};
constexpr Rule kEniw{"CEDT.CfmwsEniw", "", Severity::error,
                     "CFMWS ENIW not 0-4 (1-16 ways) or 8-10 (3, 6, 12 ways)"};
constexpr Rule kHbig{"CEDT.CfmwsHbig", "", Severity::error, "CFMWS HBIG above 6 (granularity 256 B to 16 KiB)"};
constexpr Rule kLength{"CEDT.CfmwsLength", "", Severity::error,
                       "CFMWS Record Length below 36 + 4 x interleave ways: the CXL driver rejects the window"};
constexpr Rule kXorCxims{"CEDT.CfmwsXorNeedsCxims", "", Severity::error,
                         "an XOR-interleaved CFMWS without a CXIMS of the same granularity (HBIG)"};
constexpr Rule kTargetChbs{"CEDT.CfmwsTargetNoChbs", "", Severity::error,
                           "a CFMWS target names a host bridge UID that no CHBS has"};
constexpr Rule kOverlap{"CEDT.CfmwsOverlap", "", Severity::error, "two CFMWS windows overlap"};

constexpr const Rule* kRules[] = {&kChbsLength, &kCxlVersion, &kArithmetic, &kProtocol,   &kAlignment, &kEniw,
                                  &kHbig,       &kLength,     &kXorCxims,   &kTargetChbs, &kOverlap};

constexpr std::uint64_t kWindowAlign = 256ULL << 20;

struct Parts {
  std::set<std::uint64_t> chbs_uids;
  std::set<std::uint64_t> cxims_hbigs;
  std::vector<const acpi::Record*> windows;
};

Parts collect(const acpi::Table& cedt) {
  Parts parts;
  for (const acpi::Record& record : cedt.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    const acpi::StructView v = cedt.view(record);
    if (record.desc == &acpi::cedt::chbs) parts.chbs_uids.insert(v.get_or(chbs_fields::uid, 0));
    if (record.desc == &acpi::cedt::cxims) parts.cxims_hbigs.insert(v.get_or(cxims_fields::granularity, 0));
    if (record.desc == &acpi::cedt::cfmws) parts.windows.push_back(&record);
  }
  return parts;
}

void check_chbs(const acpi::Table& cedt, const acpi::StructView& v, Reporter& out) {
  const std::uint64_t version = v.get_or(chbs_fields::cxl_version, 0);
  if (version > 1) {
    out.add_field(kCxlVersion, cedt, v, chbs_fields::cxl_version,
                  "CXL version " + std::to_string(version) + " is reserved; use 0 for CXL 1.1, 1 for CXL 2.0 or later");
    return;
  }
  const std::uint64_t want = version == 0 ? 0x2000 : 0x10000;
  if (v.get_or(chbs_fields::length, 0) != want) {
    out.add_field(kChbsLength, cedt, v, chbs_fields::length,
                  "Register length must be " + show(want) + " for CXL version " + std::to_string(version) +
                      (version == 0 ? " (RCRB)" : " (CHBCR)"));
  }
}

void check_targets(const acpi::Table& cedt, const acpi::StructView& v, const Parts& parts, Reporter& out) {
  for (const acpi::ArrayView& array : v.arrays()) {
    for (std::uint64_t i = 0; i < array.count; ++i) {
      const std::uint64_t uid = v.element(array, i).value_or(0);
      if (parts.chbs_uids.contains(uid)) continue;
      out.add(kTargetChbs, cedt, array.offset + 4 * i, "Interleave Target " + std::to_string(i), show(uid),
              "target host bridge UID " + show(uid) + " has no CHBS; add a CHBS for that host bridge or fix the UID");
    }
  }
}

void check_window(const acpi::Table& cedt, const acpi::StructView& v, const Parts& parts, Reporter& out) {
  const std::uint64_t base = v.get_or(cfmws_fields::base_hpa, 0), size = v.get_or(cfmws_fields::window_size, 0);
  if (base % kWindowAlign != 0 || size % kWindowAlign != 0) {
    out.add_field(kAlignment, cedt, v, base % kWindowAlign != 0 ? cfmws_fields::base_hpa : cfmws_fields::window_size,
                  "window " + show(base) + " size " + show(size) +
                      " is not 256 MiB aligned; the CXL driver ignores it (\"CFMWS Unaligned\")");
  }
  const std::uint64_t arithmetic = v.get_or(cfmws_fields::interleave_arithmetic, 0);
  if (arithmetic > 1) {
    out.add_field(kArithmetic, cedt, v, cfmws_fields::interleave_arithmetic,
                  "Interleave Arithmetic " + std::to_string(arithmetic) + " is reserved; use 0 (modulo) or 1 (XOR)");
  }
  const std::uint64_t hbig = v.get_or(cfmws_fields::granularity, 0);
  if (!acpi::cedt::interleave_granularity(hbig)) {
    out.add_field(kHbig, cedt, v, cfmws_fields::granularity, "HBIG " + std::to_string(hbig) + " is not 0-6 (256 B .. 16 KiB)");
  } else if (arithmetic == 1 && !parts.cxims_hbigs.contains(hbig)) {
    out.add_field(kXorCxims, cedt, v, cfmws_fields::interleave_arithmetic,
                  "XOR interleave at HBIG " + std::to_string(hbig) +
                      " but no CXIMS has that granularity; add a CXIMS with its XORMAPs");
  }
  const std::uint64_t eniw = v.get_or(cfmws_fields::interleave_ways, 0);
  const auto ways = acpi::cedt::interleave_ways(eniw);
  if (!ways) {
    out.add_field(kEniw, cedt, v, cfmws_fields::interleave_ways,
                  "ENIW " + std::to_string(eniw) + " is not a valid encoding (0-4, 8-10)");
    return;
  }
  const std::uint64_t length = v.get_or(cfmws_fields::subtable_length, 0);
  if (length < 36 + 4 * *ways) {
    out.add_length(kLength, cedt, v,
                  "Record Length " + std::to_string(length) + " but " + std::to_string(*ways) + " ways need " +
                      std::to_string(36 + 4 * *ways) + " (Linux: \"CFMWS length " + std::to_string(length) +
                      " less than expected " + std::to_string(36 + 4 * *ways) + "\")");
    return;
  }
  check_targets(cedt, v, parts, out);
}

void check_overlaps(const acpi::Table& cedt, const Parts& parts, Reporter& out) {
  for (std::size_t i = 0; i < parts.windows.size(); ++i) {
    const acpi::StructView b = cedt.view(*parts.windows[i]);
    const std::uint64_t b_start = b.get_or(cfmws_fields::base_hpa, 0), b_end = b_start + b.get_or(cfmws_fields::window_size, 0);
    for (std::size_t j = 0; j < i; ++j) {
      const acpi::StructView a = cedt.view(*parts.windows[j]);
      const std::uint64_t a_start = a.get_or(cfmws_fields::base_hpa, 0), a_end = a_start + a.get_or(cfmws_fields::window_size, 0);
      if (b_start >= a_end || a_start >= b_end) continue;
      out.add_field(kOverlap, cedt, b, cfmws_fields::base_hpa,
                    "window [" + show(b_start) + ", " + show(b_end) + ") overlaps the window at " + show(a.offset()) +
                        " [" + show(a_start) + ", " + show(a_end) + "); give each window its own address range");
      break;
    }
  }
}

void check(const Context& context, Reporter& out) {
  if (context.cedt == nullptr) return;
  const acpi::Table& cedt = *context.cedt;
  const Parts parts = collect(cedt);
  for (const acpi::Record& record : cedt.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    const acpi::StructView v = cedt.view(record);
    if (record.desc == &acpi::cedt::chbs) check_chbs(cedt, v, out);
    if (record.desc == &acpi::cedt::cfmws) check_window(cedt, v, parts, out);
    if (record.desc != &rdpas_17 && record.desc != &rdpas_20) continue;
    const acpi::Field protocol = record.desc == &rdpas_17 ? rdpas_17_fields::protocol : rdpas_20_fields::protocol;
    if (v.get_or(protocol, 0) > 1) {
      out.add_field(kProtocol, cedt, v, protocol,
                    "Protocol Type " + std::to_string(v.get_or(protocol, 0)) + " is reserved; use 0 or 1");
    }
  }
  check_overlaps(cedt, parts, out);
}

}  // namespace

const RuleGroup cedt_rules{kRules, check};

}  // namespace numaplan::check
