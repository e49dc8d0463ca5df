// What Linux will do with the tables that fwts cannot say: acpi_numa_init()
// (drivers/acpi/numa/srat.c), the x86 SRAT handlers, numa_memblks and
// acpi_parse_cfmws() (reference §1.2-§1.9). Every finding here reads what the
// kernel model recorded (Layout::events) for the chosen profile; none reads
// the tables' PXMs or ranges itself.
#include <algorithm>

#include "numaplan/acpi/tables.h"
#include "rules.h"

namespace numaplan::check {

namespace {

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
constexpr Rule kItsWithoutNode{"SRAT.ItsWithoutNode", "", Severity::warning,
                               "arm64: a GIC ITS Affinity entry whose PXM has no node (an ITS entry never makes one)"};

constexpr const Rule* kRules[] = {&kPxmTooLarge,    &kTooManyNodes, &kMemoryOverlap,  &kGiStopsCpus,
                                  &kPxmHighIgnored, &kNoMemory,     &kTooManyMemblks, &kMemoryWraps,
                                  &kCfmwsNode,      &kCfmwsKernelsDiffer, &kItsWithoutNode};

using Event = kernel::Event;
using Outcome = Event::Outcome;

constexpr std::uint64_t kSratGenericInitiator = 5;

// The table an event is about: the instance the kernel used.
const acpi::Table& table_of(const Context& c, const Event& e) { return e.table == "CEDT" ? *c.cedt : *c.srat; }

// The decoded record at an entry the kernel walked; nullptr if the decoder
// described none there (the finding then names the entry's offset only).
// Records are in offset order (the decoder walks the table as the kernel does).
const acpi::Record* record_of(const acpi::Table& table, std::uint32_t entry) {
  const auto it = std::lower_bound(table.subtables.begin(), table.subtables.end(), entry,
                                   [](const acpi::Record& r, std::uint32_t offset) { return r.offset < offset; });
  return it == table.subtables.end() || it->offset != entry || it->desc == nullptr ? nullptr : &*it;
}

std::uint64_t flags_of(const acpi::Table& table, std::uint32_t entry) {
  const acpi::Record* record = record_of(table, entry);
  // GIC ITS Affinity has no Flags (a walk stopped before one records it).
  const acpi::Field* flags = record == nullptr ? nullptr : srat_flags_field(record->desc);
  if (flags == nullptr) return 0;
  return table.view(*record).get_or(*flags, 0);
}

// A finding at the field the kernel read for the event, with every PXM bit the entry holds as its value.
void report_event(Reporter& out, const Rule& rule, const Context& c, const Event& e, std::string message,
                  std::optional<Severity> severity = std::nullopt) {
  out.add(rule, table_of(c, e), e.entry + e.field->offset, std::string(e.field->name), show(e.raw_pxm),
          std::move(message), severity);
}

// A finding at a field of the event's entry; at the entry when the decoder
// described it as another structure (or none).
void report_field(Reporter& out, const Rule& rule, const Context& c, const Event& e, acpi::Field field,
                  std::string message, std::optional<Severity> severity = std::nullopt) {
  const acpi::Table& table = table_of(c, e);
  const acpi::Record* record = record_of(table, e.entry);
  if (record == nullptr || !field.of(*record->desc)) {
    out.add(rule, table, e.entry, "", "", std::move(message), severity);
    return;
  }
  out.add_field(rule, table, table.view(*record), field, std::move(message), severity);
}

// The event that mapped an SRAT entry's PXM (its PXM and, for memory, its range), or nullptr.
const Event* mapped_event(const Context& c, std::uint32_t entry) {
  for (const Event& e : c.layout.events) {
    if (e.table == "SRAT" && e.entry == entry && e.outcome == Outcome::mapped) return &e;
  }
  return nullptr;
}

bool is_initiator(const Event& e) { return e.table == "SRAT" && e.type == kSratGenericInitiator; }

void check_pxm_range(const Context& c, Reporter& out) {
  for (const Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.outcome != Outcome::pxm_too_large) continue;
    report_event(out, kPxmTooLarge, c, e,
                 "PXM " + std::to_string(e.pxm) + " is >= MAX_PXM_DOMAINS " + std::to_string(c.max_pxm_domains) +
                     (is_initiator(e) ? ": \"SRAT: Too many proximity domains\", the initiator gets no node and the "
                                        "walk stops"
                                      : ": \"SRAT: Too many proximity domains\", Linux discards the whole SRAT and "
                                        "fakes one node") +
                     "; number PXMs below " + std::to_string(c.max_pxm_domains));
  }
}

void check_node_count(const Context& c, Reporter& out) {
  for (const Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.outcome != Outcome::too_many_nodes) continue;
    report_event(out, kTooManyNodes, c, e,
                 "PXM " + std::to_string(e.pxm) + " would be node " + std::to_string(c.max_numnodes) +
                     " but MAX_NUMNODES is " + std::to_string(c.max_numnodes) + " (nodes shift " +
                     std::to_string(c.options.nodes_shift) +
                     (is_initiator(e) ? "): the initiator gets no node and the SRAT walk stops"
                                      : "): Linux discards the SRAT") +
                     "; merge PXMs or use a kernel with a larger CONFIG_NODES_SHIFT");
    return;
  }
}

bool hotplug(const Context& c, std::uint32_t entry) { return (flags_of(*c.srat, entry) & 2) != 0; }

std::string pxm_range(const Event& e) {
  return "PXM " + std::to_string(e.pxm) + " [" + show(e.start) + ", " + show(e.end) + ")";
}

// numa_cleanup_meminfo() stops at the first overlap of two nodes. Without
// --memmap the model takes SRAT's non-hotplug ranges for RAM, so whether a
// hot-pluggable range has RAM behind it is a guess: a warning then.
void check_memory_overlap(const Context& c, Reporter& out) {
  for (const Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.outcome != Outcome::memblk_overlap || !e.peer) continue;
    const Event* b = mapped_event(c, e.entry);
    const Event* a = mapped_event(c, *e.peer);
    if (a == nullptr || b == nullptr) continue;
    const bool guessed = !c.options.ram && (hotplug(c, e.entry) || hotplug(c, *e.peer));
    out.add(kMemoryOverlap, *c.srat, e.entry + e.field->offset, std::string(e.field->name), show(b->start),
            pxm_range(*b) + " overlaps " + pxm_range(*a) + ": \"node N [mem ..] overlaps with node M\" and NUMA is off" +
                (guessed ? " when RAM backs the overlap (a hot-pluggable range without RAM is set aside first)" : "") +
                "; give each address one PXM",
            guessed ? std::optional(Severity::warning) : std::nullopt);
  }
}

// acpi_parse_entries_array() calls no handler after the first that fails;
// acpi_parse_gi_affinity() fails on a disabled entry or a PXM without a node.
void check_gi_stop(const Context& c, Reporter& out) {
  const auto& events = c.layout.events;
  const auto stop = std::find_if(events.begin(), events.end(), [](const Event& e) {
    return is_initiator(e) && e.outcome != Outcome::mapped && e.outcome != Outcome::walk_stopped;
  });
  if (stop == events.end()) return;
  const auto silenced = std::count_if(stop + 1, events.end(), [&](const Event& e) {
    return e.table == "SRAT" && e.outcome == Outcome::walk_stopped && (flags_of(*c.srat, e.entry) & 1) != 0;
  });
  if (silenced == 0) return;
  report_field(out, kGiStopsCpus, c, *stop, acpi::srat::initiator_fields::flags,
               std::string(stop->outcome == Outcome::disabled ? "this Generic Initiator is disabled"
                                                              : "this Generic Initiator's PXM has no node") +
                   ", so acpi_parse_gi_affinity() fails and the SRAT walk calls no further handler: " +
                   std::to_string(silenced) + " enabled CPU/initiator entries after it get no node; move disabled "
                   "Generic Initiators after every CPU entry or drop them");
}

void check_revision_masking(const Context& c, Reporter& out) {
  for (const Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.pxm < 0 || e.raw_pxm == static_cast<std::uint64_t>(e.pxm)) continue;
    // Only the handler's read of the entry's PXM field: later events about
    // the entry (a failing overlap) carry its node's PXM, not the entry's bits.
    if (!is_srat_pxm_field(e.field)) continue;
    const acpi::Record* record = record_of(*c.srat, e.entry);
    const acpi::FieldDesc* high =  // LAPIC: the bits Linux drops
        record != nullptr && record->desc == &acpi::srat::local_apic ? &*acpi::srat::local_apic_fields::proximity_domain_hi
                                                                     : nullptr;
    const acpi::FieldDesc& field = high != nullptr ? *high : *e.field;
    out.add(kPxmHighIgnored, *c.srat, e.entry + field.offset, std::string(field.name), show(e.raw_pxm),
            "SRAT revision " + std::to_string(c.srat->revision) + ": Linux reads PXM " + std::to_string(e.raw_pxm) +
                " as " + std::to_string(e.pxm) + " (8 bits); set SRAT Revision to 3 to use 32-bit PXMs");
  }
}

void check_has_memory(const Context& c, Reporter& out) {
  if (c.layout.fallback != kernel::Fallback::no_memory) return;
  out.add(kNoMemory, *c.srat, 48, "Subtable Type", "",
          "no enabled Memory Affinity entry: acpi_numa_init() returns -ENOENT (\"No NUMA configuration found\") "
          "and x86 fakes a single node; describe every RAM range with its PXM");
}

// NR_NODE_MEMBLKS (mm/numa_memblks.h).
std::size_t nr_node_memblks(const Context& c) { return 2 * static_cast<std::size_t>(c.max_numnodes); }

// numa_add_memblk() fails past NR_NODE_MEMBLKS: acpi_parse_memory_affinity()
// calls bad_srat(), acpi_parse_cfmws() goes on with a node without the range.
void check_memblks(const Context& c, Reporter& out) {
  std::size_t added = 0;
  bool cfmws_reported = false;
  for (const Event& e : c.layout.events) {
    if (e.outcome == Outcome::memblk_added && e.table == "SRAT") ++added;
    if (e.outcome != Outcome::too_many_memblks) continue;
    if (e.table == "SRAT") {
      report_field(out, kTooManyMemblks, c, e, acpi::srat::memory_fields::proximity_domain,
                   "memory range " + std::to_string(added + 1) + " is beyond NR_NODE_MEMBLKS " +
                       std::to_string(nr_node_memblks(c)) + " (2 x MAX_NUMNODES): \"too many memblk ranges\", Linux "
                       "discards the SRAT; merge adjacent ranges of one PXM");
    } else if (!cfmws_reported) {
      cfmws_reported = true;
      report_field(out, kTooManyMemblks, c, e, acpi::cedt::cfmws_fields::base_hpa,
                   "window [" + show(e.start) + ", " + show(e.end) + ") is beyond NR_NODE_MEMBLKS " +
                       std::to_string(nr_node_memblks(c)) + " memory ranges: \"Failed to add memblk for CFMWS node " +
                       std::to_string(e.node) + "\"; the node exists without this range, as for every later window",
                   Severity::warning);
    }
  }
}

// acpi_parse_memory_affinity() maps the PXM right after numa_add_memblk()
// ignores the range: the entry's next event.
void check_wrapping_ranges(const Context& c, Reporter& out) {
  const auto& events = c.layout.events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (e.table != "SRAT" || e.outcome != Outcome::memblk_invalid) continue;
    const bool next_maps = i + 1 < events.size() && events[i + 1].table == "SRAT" &&
                           events[i + 1].entry == e.entry && events[i + 1].outcome == Outcome::mapped;
    const Event* mapped = next_maps ? &events[i + 1] : nullptr;
    report_field(out, kMemoryWraps, c, e, acpi::srat::memory_fields::length,
                 "base " + show(e.start) + " + length " + show(e.end - e.start) + " passes 2^64: " +
                     (e.line.empty() ? std::string("numa_add_memblk() ignores it") : "\"" + e.line + "\"") + ", PXM " +
                     (mapped != nullptr ? std::to_string(mapped->pxm) : "?") +
                     " gets a node without this memory; fix Address Length");
  }
}

// What acpi_parse_cfmws() made of each window, for the chosen profile and
// for the kernels with the other rule for windows SRAT memory overlaps
// (before v6.7: a window starting outside SRAT memory gets a node of its own).
class CfmwsWindows {
 public:
  CfmwsWindows(const Context& c, Reporter& out) : c_(c), out_(out), other_(kernel::map_numa(c.set, other_rule(c))) {}

  void run() {
    for (const Event& e : c_.layout.events) {
      if (e.table != "CEDT") continue;
      if (e.outcome == Outcome::cfmws_absorbed || e.outcome == Outcome::cfmws_fake_pxm) visit(e);
      if (e.outcome == Outcome::cfmws_no_node) stopped(e);
    }
  }

 private:
  static kernel::Config other_rule(const Context& c) {
    kernel::Config config = model_config(c.options);
    config.profile.cfmws_overlap = config.profile.cfmws_overlap == kernel::CfmwsOverlapRule::fill_memblks
                                       ? kernel::CfmwsOverlapRule::start_address
                                       : kernel::CfmwsOverlapRule::fill_memblks;
    return config;
  }

  const Event* other_kernels(const Event& e) const {
    if (!other_) return nullptr;  // the same options as c_.layout's, which the model ran
    for (const Event& o : other_->events) {
      if (o.table == "CEDT" && o.entry == e.entry && (o.outcome == Outcome::cfmws_absorbed ||
                                                      o.outcome == Outcome::cfmws_fake_pxm)) {
        return &o;
      }
    }
    return nullptr;
  }

  static std::string where(const Event& e) { return "window [" + show(e.start) + ", " + show(e.end) + ")"; }

  void visit(const Event& e) {
    const Event* other = other_kernels(e);
    if (other != nullptr && other->outcome != e.outcome) {
      const Event& absorbed = e.outcome == Outcome::cfmws_absorbed ? e : *other;
      const Event& own = e.outcome == Outcome::cfmws_absorbed ? *other : e;
      report_field(out_, kCfmwsKernelsDiffer, c_, e, acpi::cedt::cfmws_fields::base_hpa,
                   where(e) + " overlaps SRAT memory of PXM " + std::to_string(absorbed.pxm) +
                       " but does not start in it: Linux 6.7+ and Debian 6.1.64+ (numa_fill_memblks) extend that "
                       "PXM's node over it, older kernels give it fake PXM " + std::to_string(own.pxm) +
                       " and a node of its own; describe the window either wholly in SRAT or not at all");
      return;
    }
    if (e.outcome == Outcome::cfmws_absorbed) {
      report_field(out_, kCfmwsNode, c_, e, acpi::cedt::cfmws_fields::base_hpa,
                   where(e) + " starts in SRAT memory of PXM " + std::to_string(e.pxm) +
                       ": every kernel gives it that PXM's node, no node of its own");
      return;
    }
    const bool no_numa =
        c_.layout.fallback == kernel::Fallback::no_memory || c_.layout.fallback == kernel::Fallback::no_srat;
    report_field(out_, kCfmwsNode, c_, e, acpi::cedt::cfmws_fields::base_hpa,
                 where(e) + " has no SRAT memory: Linux gives it fake PXM " + std::to_string(e.pxm) + " and node " +
                     std::to_string(e.node) + " of its own (possible, offline until the CXL driver adds the memory)" +
                     (no_numa ? "; with no SRAT memory NUMA stays off and x86 fakes one node" : ""));
  }

  // The node the window would have taken: node ids go out lowest first.
  void stopped(const Event& e) {
    int nodes = 0;
    for (const Event& before : c_.layout.events) {
      if (&before == &e) break;
      nodes = std::max(nodes, before.node + 1);
    }
    report_field(out_, kTooManyNodes, c_, e, acpi::cedt::cfmws_fields::base_hpa,
                 where(e) + " would take fake PXM " + std::to_string(e.pxm) + " and node " + std::to_string(nodes) +
                     " beyond MAX_PXM_DOMAINS " + std::to_string(c_.max_pxm_domains) + " / MAX_NUMNODES " +
                     std::to_string(c_.max_numnodes) + ": \"Too many proximity domains while processing CFMWS\", it "
                     "and every later window get no node",
                 Severity::warning);
  }

  const Context& c_;
  Reporter& out_;
  Expected<kernel::Layout> other_;
};

// gic_acpi_parse_srat_its(): the GICv3 ITS driver looks the PXM up after
// NUMA set-up and never adds a node, so a PXM only an ITS entry names (or
// any PXM after a fall-back) leaves the ITS without one.
void check_its_nodes(const Context& c, Reporter& out) {
  for (const Event& e : c.layout.events) {
    if (e.table != "SRAT" || e.outcome != Outcome::its_no_node) continue;
    report_event(out, kItsWithoutNode, c, e,
                 "ITS affinity names PXM " + std::to_string(e.pxm) + ", which " +
                     (c.layout.numa_from_srat ? "no CPU, memory or initiator entry gives a node"
                                              : "has no node once NUMA fell back to one node") +
                     ": \"" + e.line + "\"; the ITS allocates its tables on no particular node");
  }
}

void check(const Context& context, Reporter& out) {
  check_pxm_range(context, out);
  check_node_count(context, out);
  check_memory_overlap(context, out);
  check_gi_stop(context, out);
  check_revision_masking(context, out);
  if (context.srat != nullptr) check_has_memory(context, out);
  check_memblks(context, out);
  check_wrapping_ranges(context, out);
  check_its_nodes(context, out);
  if (context.cedt != nullptr) CfmwsWindows(context, out).run();
}

}  // namespace

const RuleGroup kernel_rules{kRules, check};

}  // namespace numaplan::check
