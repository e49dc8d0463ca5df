// What the machine's RAM (validate --memmap) makes the kernel do with SRAT:
// the kernel model (kernel/model.h) runs with the RAM and the chosen profile,
// and its verdict becomes a finding at the SRAT memory range next to the RAM
// that no node covers (reference §1.6, oracle cases 15 and 16).
#include <algorithm>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

constexpr Rule kRamNotCovered{"SRAT.RamNotCovered", "", Severity::error,
                              "with --memmap: RAM that no SRAT memory range covers (1 MiB or more) fails the "
                              "kernel's coverage check: NUMA is dropped, one dummy node"};
constexpr Rule kRamWithoutNode{"SRAT.RamWithoutNode", "", Severity::error,
                               "with --memmap: RAM without an SRAT memory range, under the 1 MiB the coverage check "
                               "lets through: the boot panics in free_area_init()"};

constexpr const Rule* kRules[] = {&kRamNotCovered, &kRamWithoutNode};

std::string range_text(const kernel::MemRange& r) { return "[" + show(r.start) + ", " + show(r.end) + ")"; }

// "[a, b)", "[a, b), [c, d)", or the first three and "and N more".
std::string ranges_text(const std::vector<kernel::MemRange>& ranges) {
  std::string out;
  for (std::size_t i = 0; i < ranges.size() && i < 3; ++i) out += (i ? ", " : "") + range_text(ranges[i]);
  if (ranges.size() > 3) out += " and " + std::to_string(ranges.size() - 3) + " more";
  return out;
}

// The SRAT memory range to extend over `gap`, of those the kernel mapped:
// the one ending closest below it (its Address Length), else the one
// starting closest above it (its Base Address); nullptr when there is none.
struct Neighbour {
  const kernel::Event* event;
  acpi::Field field;
};
Neighbour neighbour_of(const Context& c, const kernel::MemRange& gap) {
  Neighbour below{nullptr, acpi::srat::memory_fields::length}, above{nullptr, acpi::srat::memory_fields::base_address};
  for (const kernel::Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.outcome != kernel::Event::Outcome::mapped || e.start >= e.end) continue;
    if (e.end <= gap.start && (below.event == nullptr || e.end > below.event->end)) below.event = &e;
    if (e.start >= gap.end && (above.event == nullptr || e.start < above.event->start)) above.event = &e;
  }
  return below.event != nullptr ? below : above;
}

void report(const Context& c, Reporter& out, const Rule& rule, const std::vector<kernel::MemRange>& ranges,
            const std::string& consequence) {
  const std::string what = "RAM " + ranges_text(ranges) + " has no SRAT memory range: ";
  const Neighbour n = neighbour_of(c, ranges.front());
  if (n.event == nullptr) {
    out.add(rule, *c.srat, 48, "Subtable Type", "", what + consequence + "; add Memory Affinity entries for it");
    return;
  }
  const auto record = std::find_if(c.srat->subtables.begin(), c.srat->subtables.end(),
                                   [&](const acpi::Record& r) { return r.offset == n.event->entry; });
  out.add_field(rule, *c.srat, c.srat->view(*record), n.field,
                what + consequence + "; extend this PXM " + std::to_string(n.event->pxm) +
                    " range over it or add a Memory Affinity entry for it");
}

void check(const Context& c, Reporter& out) {
  if (!c.options.ram || c.srat == nullptr || c.srat->header.desc == nullptr) return;
  const kernel::Layout& layout = c.layout;
  if (layout.ram_without_node.empty()) return;
  const std::string kernel = "the kernel (profile " + c.options.profile.name + ")";
  if (layout.fallback == kernel::Fallback::not_covered) {
    report(c, out, kRamNotCovered, layout.ram_without_node,
           kernel + " prints \"" + layout.fallback_line + "\" and drops NUMA: one dummy node");
  } else if (!layout.crash.empty()) {
    report(c, out, kRamWithoutNode, layout.ram_without_node,
           "less than the 1 MiB the coverage check lets through, so " + kernel +
               " uses NUMA, keeps this RAM on node MAX_NUMNODES and panics in free_area_init()");
  }
}

}  // namespace

const RuleGroup ram_rules{kRules, check};

}  // namespace numaplan::check
