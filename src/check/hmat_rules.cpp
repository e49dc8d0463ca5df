// HMAT rules: fwts (src/acpi/hmat/hmat.c) and the structures that make
// Linux's hmat_init() print "Ignoring: Invalid table" (drivers/acpi/numa/hmat.c).
#include <algorithm>
#include <set>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

namespace locality_fields = acpi::hmat::locality_fields;
namespace cache_fields = acpi::hmat::cache_fields;

constexpr Rule kStructureLength{"HMAT.StructureLength", "HMATBadStructureLength", Severity::error,
                                "a Memory Proximity Domain Attributes Length other than 40"};
constexpr Rule kDataType{"HMAT.DataType", "HMATBadFDataType", Severity::error,
                         "a locality Data Type above 5 (write bandwidth)"};
constexpr Rule kLocalityLength{"HMAT.LocalityLength", "HMATBadNumProximityDomain", Severity::error,
                               "locality Length - 32 is not 4 x (initiators + targets) + 2 x initiators x targets"};
constexpr Rule kBaseUnit{"HMAT.BaseUnit", "HMATBadBaseUnit", Severity::error, "a locality Entry Base Unit of 0"};
constexpr Rule kCacheAttributes{"HMAT.CacheAttributes", "HMATBadCacheAttributeReserved", Severity::error,
                                "cache levels above 3, associativity or write policy above 2"};
constexpr Rule kSmbiosCount{"HMAT.SmbiosCount", "HMATBadNumberOfSMBIOS", Severity::error,
                            "memory side cache Length is not 32 + 2 x Number of SMBIOS handles"};
constexpr Rule kKernelIgnores{"HMAT.KernelIgnores", "", Severity::warning,
                              "a memory PD without SRAT memory or an initiator PD without a node: "
                              "Linux ignores the whole HMAT"};

constexpr const Rule* kRules[] = {&kStructureLength, &kDataType,     &kLocalityLength, &kBaseUnit,
                                  &kCacheAttributes, &kSmbiosCount, &kKernelIgnores};

constexpr std::uint64_t kLocalityFixed = 32;
constexpr std::uint64_t kCacheFixed = 32;

// The fields the rules read of a type 0 structure, in its revision's layout.
struct MemoryDomainFields {
  acpi::Field length, flags, memory_pd, initiator_pd;
};

MemoryDomainFields memory_domain_fields(const acpi::StructView& v) {
  if (&v.desc() == &acpi::hmat::memory_subsystem_range) {
    namespace f = acpi::hmat::address_range_fields;
    return {f::length, f::flags, f::memory_pd, f::processor_pd};
  }
  namespace f = acpi::hmat::memory_domain_fields;
  return {f::length, f::flags, f::memory_pd, f::attached_initiator_pd};
}

void check_memory_domain(const acpi::Table& hmat, const acpi::StructView& v, Reporter& out) {
  const acpi::Field length_field = memory_domain_fields(v).length;
  const std::uint64_t length = v.get_or(length_field, 0);
  if (length > v.desc().size) {
    out.add_field(kStructureLength, hmat, v, length_field,
                  "Length " + std::to_string(length) + ", expected 40; Linux rejects the structure "
                  "(\"Unexpected address range length\") and ignores the HMAT");
  }
}

void check_locality(const acpi::Table& hmat, const acpi::StructView& v, Reporter& out) {
  const std::uint64_t type = v.get_or(locality_fields::data_type, 0);
  if (type > 5) {
    out.add_field(kDataType, hmat, v, locality_fields::data_type,
                  "Data Type " + std::to_string(type) + " is reserved; use 0-2 for latencies, 3-5 for bandwidths");
  }
  const std::uint64_t ni = v.get_or(locality_fields::initiator_count, 0), nt = v.get_or(locality_fields::target_count, 0);
  const std::uint64_t length = v.get_or(locality_fields::length, 0);
  const std::uint64_t want = 4 * (ni + nt) + 2 * ni * nt;
  if (length < kLocalityFixed || length - kLocalityFixed != want) {
    out.add_field(kLocalityLength, hmat, v, locality_fields::length,
                  "Length " + std::to_string(length) + " but " + std::to_string(ni) + " initiators and " +
                      std::to_string(nt) + " targets need " + std::to_string(kLocalityFixed + want) +
                      "; fix the counts or the Length");
  }
  if (v.get_or(locality_fields::entry_base_unit, 1) == 0) {
    out.add_field(kBaseUnit, hmat, v, locality_fields::entry_base_unit,
                  "Entry Base Unit 0 makes every entry 0; set the unit the entries are multiplied by");
  }
}

void check_cache(const acpi::Table& hmat, const acpi::StructView& v, Reporter& out) {
  const std::uint64_t a = v.get_or(cache_fields::cache_attributes, 0);
  const std::uint64_t total = a & 0xF, level = (a >> 4) & 0xF, assoc = (a >> 8) & 0xF, policy = (a >> 12) & 0xF;
  if (total > 3 || level > 3 || assoc > 2 || policy > 2) {
    out.add_field(kCacheAttributes, hmat, v, cache_fields::cache_attributes,
                  "total levels " + std::to_string(total) + ", level " + std::to_string(level) + ", associativity " +
                      std::to_string(assoc) + ", write policy " + std::to_string(policy) +
                      ": levels go up to 3, associativity and write policy up to 2");
  }
  const std::uint64_t handles = v.get_or(cache_fields::smbios_handle_count, 0);
  const std::uint64_t length = v.get_or(cache_fields::length, 0);
  if (length != kCacheFixed + 2 * handles) {
    out.add_field(kSmbiosCount, hmat, v, cache_fields::smbios_handle_count,
                  std::to_string(handles) + " SMBIOS handles need Length " + std::to_string(kCacheFixed + 2 * handles) +
                      " but Length is " + std::to_string(length));
  }
}

// hmat_parse_proximity_domain(): the memory PD must be an SRAT memory target
// (enabled memory or Generic Port), the initiator PD must have a node.
void check_kernel_view(const Context& context, const acpi::Table& hmat, const acpi::StructView& v, Reporter& out) {
  std::set<std::uint64_t> targets;
  for (const SratEntry& e : context.srat_entries) {
    if (e.enabled && (e.kind == SratEntry::Kind::memory || e.kind == SratEntry::Kind::port)) targets.insert(e.pxm);
  }
  const std::vector<std::uint32_t> nodes = kernel::srat_pxms(context.layout);
  const MemoryDomainFields fields = memory_domain_fields(v);
  const std::uint64_t flags = v.get_or(fields.flags, 0);
  const bool revision_1 = &v.desc() == &acpi::hmat::memory_subsystem_range;
  const std::uint64_t memory_pd = v.get_or(fields.memory_pd, 0);
  if ((!revision_1 || (flags & 2) != 0) && !targets.contains(memory_pd)) {
    out.add_field(kKernelIgnores, hmat, v, fields.memory_pd,
                  "Memory Proximity Domain " + std::to_string(memory_pd) + " has no enabled SRAT memory: Linux "
                  "prints \"acpi/hmat: Ignoring: Invalid table\" and uses none of the HMAT; drop this structure or "
                  "describe the PXM's memory in SRAT");
    return;
  }
  const std::uint64_t initiator = v.get_or(fields.initiator_pd, 0);
  if ((flags & 1) != 0 && !std::binary_search(nodes.begin(), nodes.end(), initiator)) {
    out.add_field(kKernelIgnores, hmat, v, fields.initiator_pd,
                  "initiator Proximity Domain " + std::to_string(initiator) + " has no node (no enabled SRAT entry): "
                  "Linux ignores the whole HMAT; clear the valid flag or fix the PXM");
  }
}

void check(const Context& context, Reporter& out) {
  if (context.hmat == nullptr) return;
  const acpi::Table& hmat = *context.hmat;
  for (const acpi::Record& record : hmat.subtables) {
    if (record.desc == nullptr || record.length < record.desc->size) continue;
    const acpi::StructView v = hmat.view(record);
    if (record.desc == &acpi::hmat::locality) {
      check_locality(hmat, v, out);
    } else if (record.desc == &acpi::hmat::memory_side_cache) {
      check_cache(hmat, v, out);
    } else {
      check_memory_domain(hmat, v, out);
      if (context.srat != nullptr) check_kernel_view(context, hmat, v, out);  // no SRAT: hmat_init() stops earlier
    }
  }
}

}  // namespace

const RuleGroup hmat_rules{kRules, check};

}  // namespace numaplan::check
