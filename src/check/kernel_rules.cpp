// What Linux will do with the tables that fwts cannot say: acpi_numa_init()
// (drivers/acpi/numa/srat.c), the x86 SRAT handlers, numa_memblks and
// acpi_parse_cfmws() (reference §1.2-§1.9). Constants come from kernel/limits.h.
#include <algorithm>
#include <set>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

using Kind = SratEntry::Kind;

constexpr Rule kPxmTooLarge{"SRAT.PxmTooLarge", "", Severity::error,
                            "an enabled entry's PXM is >= MAX_PXM_DOMAINS: Linux discards the SRAT (bad_srat)"};
constexpr Rule kTooManyNodes{"SRAT.TooManyNodes", "", Severity::error,
                             "more distinct PXMs (SRAT, then CFMWS) than MAX_NUMNODES (--nodes-shift)"};
constexpr Rule kMemoryOverlap{"SRAT.MemoryOverlap", "", Severity::error,
                              "memory ranges of different PXMs overlap: numa_cleanup_meminfo() fails, NUMA is off"};
constexpr Rule kGiStopsCpus{"SRAT.GiStopsCpus", "", Severity::error,
                            "a disabled Generic Initiator stops the SRAT walk: later CPU entries are skipped"};
constexpr Rule kPxmHighIgnored{"SRAT.PxmHighIgnored", "", Severity::warning,
                               "PXM bits above 7 that Linux ignores at this SRAT revision (LAPIC < 2, memory <= 1)"};
constexpr Rule kNoMemory{"SRAT.NoMemory", "", Severity::error,
                         "no enabled memory entry: acpi_numa_init() returns -ENOENT and x86 fakes one node"};
constexpr Rule kTooManyMemblks{"SRAT.TooManyMemblks", "", Severity::error,
                               "more memory ranges (SRAT, then CFMWS) than NR_NODE_MEMBLKS = 2 x MAX_NUMNODES"};
constexpr Rule kMemoryWraps{"SRAT.MemoryWraps", "", Severity::warning,
                            "a memory range whose end passes 2^64: numa_add_memblk() rejects it, the node has no memory"};
constexpr Rule kCfmwsNode{"CEDT.CfmwsNode", "", Severity::note,
                          "which node a CFMWS window lands in: SRAT's (absorbed) or one of its own (fake PXM)"};
constexpr Rule kCfmwsKernelsDiffer{"CEDT.CfmwsKernelsDiffer", "", Severity::warning,
                                   "a CFMWS window overlapping SRAT memory but not at its start: Linux < 6.7 makes "
                                   "a node of its own, 6.7+ (and Debian 6.1.64+) extend the SRAT node"};

constexpr const Rule* kRules[] = {&kPxmTooLarge,   &kTooManyNodes, &kMemoryOverlap, &kGiStopsCpus,
                                  &kPxmHighIgnored, &kNoMemory,    &kTooManyMemblks, &kMemoryWraps,
                                  &kCfmwsNode,      &kCfmwsKernelsDiffer};

// The entry's PXM field as the description names it (LAPIC: its low byte).
const acpi::FieldDesc& pxm_desc(const SratEntry& e) {
  const acpi::FieldDesc* field = e.record->desc->field("proximity_domain");
  return field != nullptr ? *field : *e.record->desc->field("proximity_domain_lo");
}

void report_entry(Reporter& out, const Rule& rule, const acpi::Table& srat, const SratEntry& e, std::string message,
                  std::optional<Severity> severity = std::nullopt) {
  const acpi::FieldDesc& field = pxm_desc(e);
  out.add(rule, srat, e.record->offset + field.offset, std::string(field.name), show(e.raw_pxm), std::move(message),
          severity);
}

// Pass A (CPU and initiator entries) then pass B (memory), as acpi_numa_init() walks.
std::vector<const SratEntry*> parse_order(const std::vector<SratEntry>& entries) {
  std::vector<const SratEntry*> order;
  for (const SratEntry& e : entries) {
    if (maps_a_node(e) && e.kind != Kind::memory) order.push_back(&e);
  }
  for (const SratEntry& e : entries) {
    if (maps_a_node(e) && e.kind == Kind::memory) order.push_back(&e);
  }
  return order;
}

void check_pxm_range(const Context& c, Reporter& out) {
  for (const SratEntry* e : parse_order(c.srat_entries)) {
    if (e->pxm < static_cast<std::uint64_t>(c.max_pxm_domains)) continue;
    const bool initiator = e->kind == Kind::initiator;
    report_entry(out, kPxmTooLarge, *c.srat, *e,
                 "PXM " + std::to_string(e->pxm) + " is >= MAX_PXM_DOMAINS " + std::to_string(c.max_pxm_domains) +
                     (initiator ? ": \"SRAT: Too many proximity domains\", the initiator gets no node and the walk "
                                  "stops"
                                : ": \"SRAT: Too many proximity domains\", Linux discards the whole SRAT and fakes "
                                  "one node") +
                     "; number PXMs below " + std::to_string(c.max_pxm_domains));
  }
}

bool wraps(const SratEntry& e) { return e.length != 0 && e.base + (e.length - 1) < e.base; }

// numa_add_memblk() ignores empty ranges and rejects ranges that wrap.
bool adds_memblk(const SratEntry& e) { return e.kind == Kind::memory && e.enabled && e.length != 0 && !wraps(e); }

// Where numa_fill_memblks() would find SRAT memory: the blocks SRAT added.
struct SratRange {
  std::uint64_t start, end, pxm;
};
std::vector<SratRange> srat_ranges(const Context& c) {
  std::vector<SratRange> out;
  for (const SratEntry& e : c.srat_entries) {
    if (adds_memblk(e)) out.push_back({e.base, e.base + e.length, e.pxm});
  }
  return out;
}

struct Window {
  const acpi::Record* record;
  std::uint64_t start, end;
};
std::vector<Window> cfmws_windows(const Context& c) {
  std::vector<Window> out;
  if (c.cedt == nullptr) return out;
  for (const acpi::Record& record : c.cedt->subtables) {
    if (record.desc != &acpi::cedt::cfmws || record.length < record.desc->size) continue;
    const acpi::StructView v = c.cedt->view(record);
    const std::uint64_t base = v.get_or("base_hpa", 0);
    out.push_back({&record, base, base + v.get_or("window_size", 0)});
  }
  return out;
}

const SratRange* overlapping(const std::vector<SratRange>& ranges, const Window& w) {
  for (const SratRange& r : ranges) {
    if (r.start < w.end && w.start < r.end) return &r;
  }
  return nullptr;
}
const SratRange* containing(const std::vector<SratRange>& ranges, std::uint64_t address) {
  for (const SratRange& r : ranges) {
    if (r.start <= address && address < r.end) return &r;
  }
  return nullptr;
}

// The entry that first maps each PXM, in parse order: acpi_map_pxm_to_node()
// hands out node ids 0, 1, ... in this order.
std::vector<const SratEntry*> first_of_each_pxm(const Context& c) {
  std::vector<const SratEntry*> firsts;
  std::set<std::uint64_t> seen;
  for (const SratEntry* e : parse_order(c.srat_entries)) {
    if (e->pxm < static_cast<std::uint64_t>(c.max_pxm_domains) && seen.insert(e->pxm).second) firsts.push_back(e);
  }
  return firsts;
}

void check_node_count(const Context& c, Reporter& out) {
  const std::vector<const SratEntry*> firsts = first_of_each_pxm(c);
  if (firsts.size() <= static_cast<std::size_t>(c.max_numnodes)) return;
  const SratEntry& e = *firsts[static_cast<std::size_t>(c.max_numnodes)];
  report_entry(out, kTooManyNodes, *c.srat, e,
               "PXM " + std::to_string(e.pxm) + " would be node " + std::to_string(c.max_numnodes) +
                   " but MAX_NUMNODES is " + std::to_string(c.max_numnodes) + " (nodes shift " +
                   std::to_string(c.options.nodes_shift) +
                   "): Linux discards the SRAT; merge PXMs or use a kernel with a larger CONFIG_NODES_SHIFT");
}

void check_memory_overlap(const Context& c, Reporter& out) {
  std::vector<const SratEntry*> memory;
  for (const SratEntry& e : c.srat_entries) {
    if (adds_memblk(e)) memory.push_back(&e);
  }
  for (std::size_t i = 0; i < memory.size(); ++i) {
    const SratEntry& b = *memory[i];
    for (std::size_t j = 0; j < i; ++j) {
      const SratEntry& a = *memory[j];
      if (a.pxm == b.pxm || b.base >= a.base + a.length || a.base >= b.base + b.length) continue;
      const bool hotplug = a.hotplug || b.hotplug;
      out.add(kMemoryOverlap, *c.srat, b.record->offset + 8, "Base Address", show(b.base),
              "PXM " + std::to_string(b.pxm) + " [" + show(b.base) + ", " + show(b.base + b.length) +
                  ") overlaps PXM " + std::to_string(a.pxm) + " [" + show(a.base) + ", " + show(a.base + a.length) +
                  "): \"node N [mem ..] overlaps with node M\" and NUMA is off" +
                  (hotplug ? " when RAM backs the overlap (a hot-pluggable range without RAM is set aside first)"
                           : "") +
                  "; give each address one PXM",
              hotplug ? std::optional(Severity::warning) : std::nullopt);
      break;
    }
  }
}

// acpi_parse_entries_array() calls no handler after the first that fails;
// acpi_parse_gi_affinity() fails on a disabled entry.
void check_gi_stop(const Context& c, Reporter& out) {
  const auto& entries = c.srat_entries;
  const auto stop = std::find_if(entries.begin(), entries.end(), [&](const SratEntry& e) {
    return e.kind == Kind::initiator &&
           (!e.enabled || e.pxm >= static_cast<std::uint64_t>(c.max_pxm_domains));
  });
  if (stop == entries.end()) return;
  const auto silenced = std::count_if(stop + 1, entries.end(), [](const SratEntry& e) {
    return e.enabled && (e.kind == Kind::cpu || e.kind == Kind::initiator);
  });
  if (silenced == 0) return;
  const acpi::StructView view = c.srat->view(*stop->record);
  out.add_field(kGiStopsCpus, *c.srat, view, "flags",
          std::string(stop->enabled ? "this Generic Initiator's PXM has no node" : "this Generic Initiator is disabled") +
              ", so acpi_parse_gi_affinity() fails and the SRAT walk calls no further handler: " +
              std::to_string(silenced) + " enabled CPU/initiator entries after it get no node; move disabled "
              "Generic Initiators after every CPU entry or drop them");
}

void check_revision_masking(const Context& c, Reporter& out) {
  for (const SratEntry& e : c.srat_entries) {
    if (!e.enabled || e.raw_pxm == e.pxm) continue;
    const bool lapic = e.record->desc == &acpi::srat::local_apic;
    const acpi::FieldDesc& field = lapic ? *e.record->desc->field("proximity_domain_hi") : pxm_desc(e);
    out.add(kPxmHighIgnored, *c.srat, e.record->offset + field.offset, std::string(field.name), show(e.raw_pxm),
            "SRAT revision " + std::to_string(c.srat->revision) + ": Linux reads PXM " + std::to_string(e.raw_pxm) +
                " as " + std::to_string(e.pxm) + " (8 bits); set SRAT Revision to 3 to use 32-bit PXMs");
  }
}

void check_has_memory(const Context& c, Reporter& out) {
  const bool memory = std::any_of(c.srat_entries.begin(), c.srat_entries.end(),
                                  [](const SratEntry& e) { return e.kind == Kind::memory && e.enabled; });
  if (memory || c.srat->header.desc == nullptr) return;
  out.add(kNoMemory, *c.srat, 48, "Subtable Type", "",
          "no enabled Memory Affinity entry: acpi_numa_init() returns -ENOENT (\"No NUMA configuration found\") "
          "and x86 fakes a single node; describe every RAM range with its PXM");
}

// NR_NODE_MEMBLKS (mm/numa_memblks.h).
std::size_t nr_node_memblks(const Context& c) { return 2 * static_cast<std::size_t>(c.max_numnodes); }

// numa_add_memblk() fails past NR_NODE_MEMBLKS and acpi_parse_memory_affinity() calls bad_srat().
void check_srat_memblks(const Context& c, Reporter& out) {
  std::size_t added = 0;
  for (const SratEntry& e : c.srat_entries) {
    if (!adds_memblk(e) || ++added <= nr_node_memblks(c)) continue;
    report_entry(out, kTooManyMemblks, *c.srat, e,
                 "memory range " + std::to_string(added) + " is beyond NR_NODE_MEMBLKS " +
                     std::to_string(nr_node_memblks(c)) + " (2 x MAX_NUMNODES): \"too many memblk ranges\", Linux "
                     "discards the SRAT; merge adjacent ranges of one PXM");
    return;
  }
}

void check_wrapping_ranges(const Context& c, Reporter& out) {
  for (const SratEntry& e : c.srat_entries) {
    if (e.kind != Kind::memory || !e.enabled || !wraps(e)) continue;
    out.add(kMemoryWraps, *c.srat, e.record->offset + 16, "Address Length", show(e.length),
            "base " + show(e.base) + " + length " + show(e.length) + " passes 2^64: \"Warning: invalid memblk node\", "
            "PXM " + std::to_string(e.pxm) + " gets a node without this memory; fix Address Length");
  }
}

// acpi_parse_cfmws() window by window, in CEDT order (reference §1.8).
class CfmwsWalk {
 public:
  CfmwsWalk(const Context& c, Reporter& out) : c_(c), out_(out), ranges_(srat_ranges(c)) {
    const std::vector<const SratEntry*> firsts = first_of_each_pxm(c);
    nodes_ = firsts.size();
    for (const SratEntry* e : firsts) fake_pxm_ = std::max(fake_pxm_, e->pxm + 1);
    // Before v6.16 CFMWS blocks share numa_meminfo with SRAT's; since then they go to numa_reserved_meminfo.
    const std::size_t srat_blocks = static_cast<std::size_t>(
        std::count_if(c.srat_entries.begin(), c.srat_entries.end(), adds_memblk));
    memblks_left_ = c.profile->cfmws_reserved_memblk ? nr_node_memblks(c)
                                                     : nr_node_memblks(c) - std::min(srat_blocks, nr_node_memblks(c));
  }

  void run() {
    for (const Window& w : cfmws_windows(c_)) {
      if (!visit(w)) return;
    }
  }

 private:
  void add(const Rule& rule, const Window& w, std::string message, std::optional<Severity> severity = std::nullopt) {
    out_.add(rule, *c_.cedt, w.record->offset + 8, "Window base address", show(w.start), std::move(message), severity);
  }

  // False once the walk stops (no handler runs for later windows).
  bool visit(const Window& w) {
    const std::string where = "window [" + show(w.start) + ", " + show(w.end) + ")";
    if (const SratRange* overlap = overlapping(ranges_, w)) {
      if (const SratRange* start = containing(ranges_, w.start)) {
        add(kCfmwsNode, w, where + " starts in SRAT memory of PXM " + std::to_string(start->pxm) +
                               ": every kernel gives it that PXM's node, no node of its own");
      } else {
        add(kCfmwsKernelsDiffer, w,
            where + " overlaps SRAT memory of PXM " + std::to_string(overlap->pxm) +
                " but does not start in it: Linux 6.7+ and Debian 6.1.64+ (numa_fill_memblks) extend that PXM's "
                "node over it, older kernels give it fake PXM " + std::to_string(fake_pxm_) +
                " and a node of its own; describe the window either wholly in SRAT or not at all");
      }
      return true;
    }
    if (fake_pxm_ >= static_cast<std::uint64_t>(c_.max_pxm_domains) || nodes_ >= static_cast<std::size_t>(c_.max_numnodes)) {
      add(kTooManyNodes, w,
          where + " would take fake PXM " + std::to_string(fake_pxm_) + " and node " + std::to_string(nodes_) +
              " beyond MAX_PXM_DOMAINS " + std::to_string(c_.max_pxm_domains) + " / MAX_NUMNODES " +
              std::to_string(c_.max_numnodes) + ": \"Too many proximity domains while processing CFMWS\", it and "
              "every later window get no node",
          Severity::warning);
      return false;
    }
    if (memblks_left_ == 0 && !reported_memblks_) {
      reported_memblks_ = true;
      add(kTooManyMemblks, w,
          where + " is beyond NR_NODE_MEMBLKS " + std::to_string(nr_node_memblks(c_)) +
              " memory ranges: \"Failed to add memblk for CFMWS node " + std::to_string(nodes_) +
              "\"; the node exists without this range, as for every later window",
          Severity::warning);
    }
    memblks_left_ -= memblks_left_ > 0 ? 1 : 0;
    add(kCfmwsNode, w, where + " has no SRAT memory: Linux gives it fake PXM " + std::to_string(fake_pxm_) +
                           " and node " + std::to_string(nodes_) +
                           " of its own (possible, offline until the CXL driver adds the memory)" +
                           (ranges_.empty() ? "; with no SRAT memory NUMA stays off and x86 fakes one node" : ""));
    ++fake_pxm_;
    ++nodes_;
    return true;
  }

  const Context& c_;
  Reporter& out_;
  std::vector<SratRange> ranges_;
  std::size_t nodes_ = 0;
  std::uint64_t fake_pxm_ = 0;
  std::size_t memblks_left_ = 0;
  bool reported_memblks_ = false;
};

void check(const Context& context, Reporter& out) {
  if (context.srat != nullptr) {
    check_pxm_range(context, out);
    check_memory_overlap(context, out);
    check_gi_stop(context, out);
    check_revision_masking(context, out);
    check_has_memory(context, out);
    check_srat_memblks(context, out);
    check_wrapping_ranges(context, out);
  }
  check_node_count(context, out);
  CfmwsWalk(context, out).run();
}

}  // namespace

const RuleGroup kernel_rules{kRules, check};

}  // namespace numaplan::check
