// What the kernel decided: the result of the kernel model (`numaplan map`).
// Emitters (text, JSON numaplan.map/2, dmesg, numactl) read only this.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "numaplan/support/expected.h"

namespace numaplan::acpi {
struct FieldDesc;
}

namespace numaplan::kernel {

// A set of node ids, printed in the kernel's list syntax ("0-3,5").
class NodeMask {
 public:
  void set(int node);
  void clear(int node);
  bool test(int node) const;
  bool empty() const { return bits_.empty(); }
  int weight() const;
  std::vector<int> nodes() const;
  std::string to_list() const;  // "" when empty

 private:
  std::vector<bool> bits_;
};

// Distances between nodes by node id, as the kernel's __node_distance()
// answers them: a square table over nodes 0..table_nodes()-1 (numa_distance),
// 10 on the diagonal and 20 elsewhere outside it. Only the table is stored:
// 3,072 possible nodes with a 1,024-node SLIT keep 1 M entries, not 9.4 M.
class NodeDistances {
 public:
  NodeDistances() = default;
  // The table row by row, node 0 first (values 0..255, as the kernel's u8
  // table); an internal error when it does not hold table_nodes^2 entries.
  static Expected<NodeDistances> from_table(int table_nodes, std::vector<std::uint8_t> table);
  // The same from rows of a square table; a usage error when it is not square.
  static Expected<NodeDistances> from_rows(std::initializer_list<std::initializer_list<int>> rows);

  int operator()(int from, int to) const;
  int table_nodes() const { return nodes_; }

 private:
  NodeDistances(int table_nodes, std::vector<std::uint8_t> table) : nodes_(table_nodes), table_(std::move(table)) {}

  int nodes_ = 0;
  std::vector<std::uint8_t> table_;
};

struct MemRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
};

struct Cpu {
  enum class Kind : std::uint8_t { apic, x2apic, gicc, rintc, core_pic };
  Kind kind = Kind::apic;
  std::uint32_t id = 0;  // APIC id, x2APIC id, ACPI processor UID (GICC, RINTC) or CORE_PIC Core ID
};

struct NodeMemory {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
  bool hotplug = false;
  bool non_volatile = false;
  std::string source;     // "srat" or "cfmws"
  bool reserved = false;  // in numa_reserved_meminfo: no RAM behind it at boot (hotplug, CXL, beyond RAM)
  bool specific_purpose = false;  // overlaps soft-reserved memory (Layout::specific_purpose)
};

// Soft-reserved memory (EFI_MEMORY_SP): e820__memblock_setup() reserves it
// instead of adding it to memblock.memory, so it is never system RAM at
// boot; drivers/dax/hmem registers it as a device-dax region on the node
// phys_to_target_node() gives its start.
struct SpecificPurpose {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
  int node = -1;          // phys_to_target_node(start); -1: NUMA_NO_NODE
  std::string source;     // "memmap" (a Soft Reserved entry) or "srat" (the Specific-Purpose flag, no memory map)
};

// One CEDT CFMWS window and what acpi_parse_cfmws() made of it.
struct CfmwsWindow {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
  int node = -1;          // the node that holds it; -1: skipped (walk stopped, CXL_ACPI gate, no node left)
  std::uint32_t pxm = 0;  // the fake PXM when `absorbed` is false and node >= 0
  bool absorbed = false;  // numa_fill_memblks() extended SRAT blocks over it: no node of its own
};

struct Node {
  int node = -1;
  std::uint32_t pxm = 0;
  std::string origin;     // "srat", "cfmws", "standby", or "dummy" (the x86 fall-back node)
  std::vector<Cpu> cpus;
  std::vector<NodeMemory> memory;  // after numa_cleanup_meminfo, in address order
  bool generic_initiator = false;
  bool has_pxm = true;    // false: a standby-RFC node, which no PXM maps to (pxm is then 0)
  // The page allocator's fallback order at boot (build_zonelists()): the
  // nodes default allocations on this node take memory from, first to last;
  // only nodes with memory at boot appear. nullopt: the kernel builds no
  // zonelist for the node (5.10: an offline node).
  std::optional<std::vector<int>> fallback;
  // The RAM the node holds at boot: memblock.memory's pieces with the node's
  // id after memblock_set_node(), whole pages, in address order (what
  // free_area_init() counts as present pages; holes and reserved blocks are
  // not in it).
  std::vector<MemRange> ram;
};

// One decision the kernel's NUMA init made about one ACPI table entry,
// recorded by the model function that mirrors the kernel function making it
// (in the kernel's order). validate's kernel findings and the planner's
// kernel facts read these; nothing re-derives them from the tables.
struct Event {
  enum class Outcome : std::uint8_t {
    mapped,             // the entry's PXM got a node (CPU, Generic Initiator, memory)
    pxm_too_large,      // PXM >= MAX_PXM_DOMAINS: "Too many proximity domains" (bad_srat, or a failed GI)
    too_many_nodes,     // no node id left below MAX_NUMNODES: the same line and consequence
    disabled,           // the Enabled flag is clear: the handler returns (a Generic Initiator fails)
    hotplug_skipped,    // hot-pluggable memory without CONFIG_MEMORY_HOTPLUG: 5.10 skips the entry
    srat_disabled,      // bad_srat() ran before: the handler returns without reading the entry
    bad_length,         // the entry's Length is not what the handler demands: bad_srat
    not_parsed_on_this_arch,  // GICC and RINTC: arm64's and riscv's; x86's handlers are empty
    walk_stopped,       // an earlier handler failed: the walker calls none for this entry
    apic_ignored,       // the APIC id is invalid or too big: no CPU mapped
    memblk_added,       // numa_add_memblk() took [start, end)
    memblk_empty,       // numa_add_memblk() ignores an empty range
    memblk_invalid,     // start > end (the end wrapped past 2^64): "Warning: invalid memblk node"
    too_many_memblks,   // NR_NODE_MEMBLKS reached: "too many memblk ranges"
    memblk_overlap,     // numa_cleanup_meminfo(): overlaps a block of another node (peer)
    cfmws_absorbed,     // SRAT memory already holds the window (node: the SRAT node)
    cfmws_fake_pxm,     // the window got the fake PXM `pxm` and node `node`
    cfmws_no_node,      // no fake PXM or node left: "Too many proximity domains while processing CFMWS"
    its_mapped,         // arm64 GIC ITS Affinity: the ITS allocates on its PXM's node (the entry makes none)
    its_no_node,        // its PXM has no node: "SRAT: Invalid NUMA node -1 in ITS affinity"
  };
  std::string table;                       // "SRAT", "CEDT"
  std::uint32_t entry = 0;                 // the entry's offset in the table
  std::uint64_t type = 0;                  // its subtable type
  const acpi::FieldDesc* field = nullptr;  // the field the decision read; nullptr: none
  std::int64_t pxm = -1;                   // the PXM as the kernel read it (SRAT revision masking applied); -1: none
  std::uint64_t raw_pxm = 0;               // every PXM bit the entry holds (differs from pxm when masked)
  int node = -1;
  std::uint64_t start = 0, end = 0;        // the memory range as the kernel computes it (end may wrap)
  std::optional<std::uint32_t> peer;       // memblk_overlap: the other node's block's entry, when in the same table
  Outcome outcome = Outcome::mapped;
  std::string line;                        // the kernel's line for this decision, "" when it prints none
};

// Why the kernel did not build its nodes from SRAT (x86_numa_init() fell
// back to one dummy node), as far as the tables and settings decide it.
enum class Fallback : std::uint8_t {
  none,         // NUMA from SRAT
  numa_off,     // numa=off: the user's choice
  noacpi,       // numa=noacpi: the user's choice
  no_srat,      // no SRAT (or one numaplan could not decode): nothing to reject
  bad_srat,     // bad_srat(): "ACPI: SRAT: SRAT not used." (an entry or limit the kernel refuses)
  walk_error,   // acpi_numa_init() fails: a zero-length entry ends SRAT's memory walk with an error
  no_memory,    // acpi_numa_init() -ENOENT: SRAT gives no memory range ("No NUMA configuration found")
  overlap,      // numa_cleanup_meminfo(): memory of two nodes overlaps
  not_covered,  // the RAM coverage check: SRAT's nodes leave RAM without a node
  no_acpi_numa, // the kernel line has no ACPI NUMA on this architecture (riscv64 before 6.10)
};
// "none", "numa_off", ... (JSON and messages).
const char* fallback_name(Fallback fallback);

// What the standby-node RFC (Config::standby_rfc1) did, from its counters.
struct StandbyReport {
  int cmdline = 0;        // numa_standby_nodes after every numa=standby= word (may be negative)
  int acpi = 0;           // numa_acpi_standby_nodes of the final NUMA init (0 after the dummy fall-back)
  int kconfig = 0;        // of `acpi`: CONFIG_ACPI_NUMA_STANDBY_NODES (when acpi_numa_init succeeded)
  int cfmws = 0;          // of `acpi`: cfmws_standby_count (CONFIG_ACPI_NUMA_ADD_CFMWS_NODES per window handled)
  int cfmws_windows = 0;  // the windows acpi_parse_cfmws() handled (absorbed ones included)
  NodeMask candidates;    // standby_candidates: every node staged, across NUMA init attempts
  NodeMask pool;          // exclusive_nodes after numa_commit_standby_nodes(): candidates that are possible
};

struct Layout {
  std::string profile;               // "6.1", "6.12", "mainline"
  int max_numnodes = 0;
  int max_pxm_domains = 0;
  bool numa_from_srat = false;       // false: the kernel fell back to one dummy node
  Fallback fallback = Fallback::none;  // why numa_from_srat is false
  std::string fallback_line;         // the kernel's line that says why ("" for none, numa_off, noacpi, no_srat)
  std::vector<MemRange> ram_without_node;  // RAM SRAT's nodes leave out: what the coverage check
                                           // counted (not_covered) or what crashes the boot (crash)
  std::vector<Node> nodes;           // every possible node, by node id
  NodeMask possible, online, memory, cpu, generic_initiator;
  std::vector<int> distance_nodes;   // the nodes of the distance matrix (numactl, JSON), in order
  NodeDistances distance;            // distance(from, to) by node id
  int distance_table_nodes = 0;      // numa_distance_cnt: nodes the SLIT table was sized for (0: none)
  // The CPUs (see Config::cpus): every possible CPU by logical number, the
  // present ones (brought online at boot) first, then the hotplug ones.
  std::vector<int> cpu_to_node;      // logical CPU n's node (-1: a hotplug CPU, placed when plugged)
  std::vector<Cpu> cpu_ids;          // logical CPU n's APIC id (a hotplug CPU the kernel has none for: id 0xFFFFFFFF)
  int present_cpus = 0;              // CPUs 0..present_cpus-1 are present and online; the rest hotplug
  // Of the hotplug CPUs, the first present_offline_cpus are present all the
  // same, never brought up (arm64 6.12: disabled Online Capable GICCs).
  int present_offline_cpus = 0;
  std::string cpu_source;            // "madt", "config" (Config::cpus) or "srat" (no MADT: SRAT's CPU entries)
  bool x2apic_mode = false;          // as assumed for apic_id_valid() (Config::x2apic_mode or decided)
  std::string x2apic_reason;         // why: "as configured" or decide_x2apic_mode()'s reason
  std::vector<CfmwsWindow> cfmws;    // in CEDT order
  std::vector<SpecificPurpose> specific_purpose;  // soft-reserved memory, in address order
  std::optional<StandbyReport> standby;  // set when the model ran with Config::standby_rfc1
  std::vector<std::string> log;      // the kernel's lines, in order, without timestamps, as dmesg shows
                                     // them: NUMA init, the memory per node, setup_percpu and the
                                     // fallback orders (dmesg_filter.h families). KERN_DEBUG printk is
                                     // in dmesg but not on a console at the default log level: only
                                     // "NUMA: Initialized distance table" (dmesg_filter.h)
  std::vector<std::string> notes;    // numaplan's own remarks (assumptions made)
  std::vector<Event> events;         // what the kernel decided about each SRAT and CEDT entry, in order
  std::string crash;                 // non-empty: the kernel crashes in NUMA/memory set-up, and why
};

// Bytes of the node's RAM (Node::ram).
std::uint64_t ram_bytes(const Node& node);

// The online CPUs on `node` by logical number (the node's sysfs cpulist).
NodeMask cpus_on(const Layout& layout, int node);

// The PXMs SRAT entries took a node for (acpi_map_pxm_to_node() succeeded),
// ascending, as the kernel read them: what SRAT's proximity domains are to
// the kernel. Entries of other architectures (GICC, RINTC on x86) have none.
std::vector<std::uint32_t> srat_pxms(const Layout& layout);

// numa_request_exclusive_node() of the standby-node RFC (20260610014517.253609-2-
// gourry@gourry.net, mm/numa.c): the lowest node of the pool, taken out of
// it; -1 (NUMA_NO_NODE) when the pool is empty.
int numa_request_exclusive_node(NodeMask& pool);

// Why the kernel builds one dummy node instead of SRAT's, in words, with the
// kernel's own line when it prints one; "" when its nodes come from SRAT.
std::string fallback_reason(const Layout& layout);

// Why the kernel rejects the ACPI NUMA description (`map --strict`), or ""
// when it does not. A rejection is: an SRAT is present but the kernel falls
// back to one dummy node (Fallback bad_srat, walk_error, no_memory, overlap,
// not_covered), or the boot crashes (Layout::crash). No SRAT, numa=off and
// numa=noacpi are not rejections, nor are entries or CFMWS windows the kernel
// skips while still using SRAT (validate reports those).
std::string rejection(const Layout& layout);

}  // namespace numaplan::kernel
