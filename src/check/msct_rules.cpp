// MSCT rules: fwts (src/acpi/msct/msct.c), then MSCT against SRAT. Linux
// does not read MSCT for NUMA, so ours are warnings: they matter to tools
// (and the planner) that size spare nodes from it.
#include <algorithm>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

namespace header_fields = acpi::msct::header_fields;

constexpr Rule kProximityOffset{"MSCT.ProximityOffset", "MSCTBadProximityOffset", Severity::error,
                                "Proximity Offset below 0x38, inside the fixed header"};
constexpr Rule kTableLength{"MSCT.TableLength", "MSCTBadTableLength", Severity::error,
                            "Length beyond Proximity Offset + 22 x (Max Proximity Domains + 1)"};
constexpr Rule kProximityDomains{"MSCT.ProximityDomains", "MSCTBadProimityDomains", Severity::error,
                                 "more Proximity Domain Information structures than Max Proximity Domains + 1"};
constexpr Rule kMaxDomainsBelowSrat{"MSCT.MaxDomainsBelowSrat", "", Severity::warning,
                                    "SRAT uses a PXM at or above Max Proximity Domains + 1"};
constexpr Rule kMaxAddressBelowRange{"MSCT.MaxAddressBelowRange", "", Severity::warning,
                                     "Max Physical Address below the end of an SRAT memory range or CFMWS window"};
constexpr Rule kRangeBackwards{"MSCT.RangeBackwards", "", Severity::warning,
                               "a Proximity Domain Information structure whose Range Start is above its Range End"};
constexpr Rule kRangeOverlap{"MSCT.RangeOverlap", "", Severity::warning,
                             "two Proximity Domain Information structures cover the same PXM"};

constexpr const Rule* kRules[] = {&kProximityOffset,   &kTableLength,          &kProximityDomains, &kMaxDomainsBelowSrat,
                                  &kMaxAddressBelowRange, &kRangeBackwards, &kRangeOverlap};

constexpr std::uint64_t kFixedHeader = 0x38;
constexpr std::uint64_t kDomainInfoSize = 22;

struct DomainRange {
  std::uint64_t offset, start, end;
  bool empty;  // no processor and no memory capacity: a placeholder (AMI firmware pads with them)
};

std::vector<DomainRange> domain_ranges(const acpi::Table& msct) {
  std::vector<DomainRange> out;
  for (const acpi::Record& record : msct.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    const acpi::StructView v = msct.view(record);
    namespace f = acpi::msct::proximity_domain_fields;
    out.push_back({record.offset, v.get_or(f::range_start, 0), v.get_or(f::range_end, 0),
                   v.get_or(f::processor_capacity, 0) == 0 && v.get_or(f::memory_capacity, 0) == 0});
  }
  return out;
}

void check_fwts(const acpi::Table& msct, const acpi::StructView& header, Reporter& out) {
  const std::uint64_t offset = header.get_or(header_fields::proximity_offset, 0);
  const std::uint64_t domains = header.get_or(header_fields::max_proximity_domains, 0) + 1;
  if (offset < kFixedHeader) {
    out.add_field(kProximityOffset, msct, header, header_fields::proximity_offset,
                  "Proximity Offset " + show(offset) + " points into the 56-byte header; set it to 0x38");
  }
  if (msct.declared_length > offset + kDomainInfoSize * domains) {
    out.add(kTableLength, msct, 4, "Table Length", show(msct.declared_length),
            "Length " + std::to_string(msct.declared_length) + " exceeds Proximity Offset + 22 x " +
                std::to_string(domains) + " domains = " + std::to_string(offset + kDomainInfoSize * domains) +
                "; raise Max Proximity Domains or drop the extra structures");
  }
  if (msct.subtables.size() > domains) {
    out.add_field(kProximityDomains, msct, header, header_fields::max_proximity_domains,
                  std::to_string(msct.subtables.size()) + " Proximity Domain Information structures but Max "
                  "Proximity Domains says " + std::to_string(domains) + " domains (the field holds count - 1)");
  }
}

void check_ranges(const acpi::Table& msct, Reporter& out) {
  const std::vector<DomainRange> ranges = domain_ranges(msct);
  for (const DomainRange& r : ranges) {
    if (r.start > r.end) {
      out.add(kRangeBackwards, msct, r.offset + 2, "Domain Range Start", show(r.start),
              "range " + std::to_string(r.start) + ".." + std::to_string(r.end) +
                  " runs backwards; Range End is inclusive and must be >= Range Start");
    }
  }
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const DomainRange &a = ranges[j], &b = ranges[i];
      if (a.empty || b.empty || a.start > a.end || b.start > b.end || b.start > a.end || a.start > b.end) continue;
      out.add(kRangeOverlap, msct, b.offset + 2, "Domain Range Start", show(b.start),
              "PXMs " + std::to_string(b.start) + ".." + std::to_string(b.end) + " overlap PXMs " +
                  std::to_string(a.start) + ".." + std::to_string(a.end) + " of the structure at " +
                  show(a.offset) + "; give each PXM one structure");
      break;
    }
  }
}

// The largest address any SRAT memory entry or CFMWS window reaches (inclusive), and where.
struct Reach {
  std::uint64_t last = 0;
  std::string where;
};

Reach highest_address(const Context& context) {
  Reach reach;
  auto consider = [&](std::uint64_t base, std::uint64_t length, std::string where) {
    if (length == 0 || base + (length - 1) <= reach.last) return;
    reach = {base + (length - 1), std::move(where)};
  };
  for (const SratEntry& e : context.srat_entries) {
    if (e.kind == SratEntry::Kind::memory && e.enabled) consider(e.base, e.length, "the SRAT memory range at " + show(e.record->offset));
  }
  if (context.cedt != nullptr) {
    for (const acpi::Record& record : context.cedt->subtables) {
      if (record.desc != &acpi::cedt::cfmws || record.length < record.desc->size) continue;
      const acpi::StructView v = context.cedt->view(record);
      consider(v.get_or(acpi::cedt::cfmws_fields::base_hpa, 0), v.get_or(acpi::cedt::cfmws_fields::window_size, 0), "the CFMWS window at CEDT " + show(record.offset));
    }
  }
  return reach;
}

void check_against_srat(const Context& context, const acpi::Table& msct, const acpi::StructView& header,
                        Reporter& out) {
  const std::uint64_t domains = header.get_or(header_fields::max_proximity_domains, 0) + 1;
  const std::vector<std::uint32_t> pxms = kernel::srat_pxms(context.layout);
  const std::uint64_t top_pxm = pxms.empty() ? 0 : pxms.back();
  if (!pxms.empty() && top_pxm >= domains) {
    out.add_field(kMaxDomainsBelowSrat, msct, header, header_fields::max_proximity_domains,
                  "SRAT uses PXM " + std::to_string(top_pxm) + " but MSCT allows " + std::to_string(domains) +
                      " domains (0.." + std::to_string(domains - 1) + "); set Max Proximity Domains to at least " +
                      show(top_pxm) + " (the field holds count - 1)");
  }
  const Reach reach = highest_address(context);
  const std::uint64_t max_address = header.get_or(header_fields::max_address, 0);
  if (!reach.where.empty() && max_address < reach.last) {
    out.add_field(kMaxAddressBelowRange, msct, header, header_fields::max_address,
                  "Max Physical Address " + show(max_address) + " is below " + show(reach.last) + ", the end of " +
                      reach.where + "; set it to at least " + show(reach.last));
  }
}

void check(const Context& context, Reporter& out) {
  if (context.msct == nullptr || context.msct->bytes.size() < kFixedHeader) return;  // ACPI.TableLength
  const acpi::Table& msct = *context.msct;
  const acpi::StructView header = msct.header_view();
  check_fwts(msct, header, out);
  check_ranges(msct, out);
  check_against_srat(context, msct, header, out);
}

}  // namespace

const RuleGroup msct_rules{kRules, check};

}  // namespace numaplan::check
