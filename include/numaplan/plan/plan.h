// `numaplan plan`: nodes reserved ahead of time, following one kernel
// proposal by name (proposal.h; DESIGN §5, reference §1.10). Under
// standby-rfc1 the kernel model itself carries the RFC (Config::standby_rfc1)
// and the plan reads its Layout; under spm-rfc2 and prototype the planner
// adds the nodes to the model's Layout, as those proposals number them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/model.h"
#include "numaplan/plan/distance.h"
#include "numaplan/plan/proposal.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/support/expected.h"

namespace numaplan::plan {

// Where the number of reserved nodes came from.
enum class Source { none, kconfig, cmdline, msct, flag };
std::string_view source_name(Source source);

// `--latency NODES=V` / `--bandwidth NODES=V`: a value for planned (CFMWS or
// reserved) nodes `first`..`last`, which --emit-tables writes into the HMAT
// as seen from every initiator (nanoseconds; MB/s), 1..65534 (an HMAT entry
// is 16 bits, 0 and 0xFFFF mean "no data").
struct NodeValue {
  int first = 0;
  int last = 0;
  std::uint64_t value = 0;
};
Expected<NodeValue> parse_node_value(std::string_view option, std::string_view text);

// What the user gave. Precedence, highest first: --standby N, --from-msct,
// numa=standby=N on the command line, CONFIG_ACPI_NUMA_STANDBY_NODES.
// --standby and --from-msct state the whole count; the Kconfig/command-line
// pair gives standby-per-CPU-node (the command line overriding Kconfig, as
// the later setting does in the kernel) plus CONFIG_ACPI_NUMA_ADD_CFMWS_NODES
// per CFMWS window. numa=off leaves nothing to reserve.
struct Settings {
  ProposalId proposal = ProposalId::standby_rfc1;
  std::optional<source::KernelConfig> kconfig;
  std::optional<source::CommandLine> cmdline;
  bool from_msct = false;
  std::optional<int> standby;        // --standby N
  std::vector<DistanceSpec> distances;  // --distance
  std::optional<int> phys_bits;         // --phys-bits N: the CPU's physical address width
  std::vector<NodeValue> latencies;     // --latency NODES=NS
  std::vector<NodeValue> bandwidths;    // --bandwidth NODES=MBPS
};

// One MSCT proximity domain that SRAT does not use, with what the MSCT
// says it may hold.
struct SpareDomain {
  std::uint32_t pxm = 0;
  std::uint32_t processor_capacity = 0;
  std::uint64_t memory_capacity = 0;
};

// MSCT spare count: (Maximum Proximity Domains + 1) - the distinct PXMs the
// kernel gave SRAT entries a node for (kernel::srat_pxms(layout): not GICC
// or RINTC entries on x86), never below 0.
struct MsctSpare {
  std::uint64_t max_domains = 0;        // the MSCT's count (field + 1)
  std::vector<std::uint32_t> srat_pxms; // distinct, ascending, as the kernel read them
  std::uint64_t spare = 0;
  std::vector<SpareDomain> unused;      // PXMs in MSCT ranges that SRAT does not use, ascending
};
Expected<MsctSpare> msct_spare(const kernel::Layout& layout, const acpi::TableSet& tables);

// One node the planner asks for, before it gets an id and a PXM.
struct Request {
  int cfmws = -1;                                 // index into Layout::cfmws when tied to a window
  std::optional<SpareDomain> capacity_from;       // MSCT: the spare domain giving its capacity
};

struct Count {
  Source source = Source::none;
  int per_cpu_node = 0;   // Kconfig / command line
  int cpu_nodes = 0;      // nodes with CPUs and no generic initiator (K-gourry)
  int per_cfmws = 0;      // CONFIG_ACPI_NUMA_ADD_CFMWS_NODES
  int cfmws_windows = 0;  // every CFMWS in CEDT, absorbed or not
  std::optional<MsctSpare> msct;
  std::vector<Request> requests;  // in reservation order
  std::vector<std::string> notes;
};
Expected<Count> count_standby(const Settings& settings, const kernel::Layout& layout, const acpi::TableSet& tables);

// What a kernel carrying standby-rfc1 reads from the settings: the
// numa=standby= words, then --standby N or --from-msct's spare count as one
// more (a suggested numa=standby=N, said in `notes`), and the two Kconfig
// counts. `layout` gives the PXMs SRAT uses (--from-msct): the model's, with
// or without the RFC (it adds no PXM).
struct StandbyRequest {
  kernel::StandbyRfc1 patch;
  Source source = Source::none;  // where the suggested word came from (flag, msct), else none
  std::vector<std::string> notes;
};
Expected<StandbyRequest> standby_rfc1_request(const Settings& settings, const kernel::Layout& layout,
                                              const acpi::TableSet& tables);

// A reserved node: possible, no memory at boot, not in mt_sysram_nodes.
struct Reserved {
  int node = -1;
  std::uint32_t pxm = 0;  // the next fake PXM
  bool kernel_pxm = true; // false (standby-rfc1): the kernel maps no PXM to it; pxm is the emitted tables' only
  int cfmws = -1;         // the window it is tied to, or -1
  std::optional<SpareDomain> capacity_from;
  // The hot-pluggable range the emitted SRAT gives it: above 4 GiB and every
  // SRAT range, CFMWS window and memory range, 1 GiB aligned; its MSCT memory
  // capacity (rounded up to 128 MiB sections), else kDefaultReservedSize;
  // below MSCT's Maximum Physical Address and --phys-bits (reserve()).
  std::uint64_t start = 0, end = 0;
};

inline constexpr std::uint64_t kDefaultReservedSize = 1ULL << 30;

// A line a kernel carrying the proposals prints, or numaplan's own wording
// where the proposals give none.
struct LogLine {
  std::string text;
  bool numaplan_wording = false;
};

// Gives each request the next node id and the next fake PXM (the highest
// SRAT/CFMWS PXM + 1 onwards), and its hot-pluggable range, below MSCT's
// Maximum Physical Address and 2^phys_bits (place_ranges() in plan.cpp;
// what it had to assume or shrink goes to `notes`). Fails, naming how many
// fit, past MAX_NUMNODES or MAX_PXM_DOMAINS, and when the ranges cannot fit
// below the address limit (field "address space").
Expected<std::vector<Reserved>> reserve(const Count& count, const kernel::Layout& layout, const acpi::TableSet& tables,
                                        std::optional<int> phys_bits, std::vector<std::string>& notes);

// Allocation paths and where each may land once drivers have put memory on
// the reserved nodes, one column per rule the proposal's mechanism has.
struct GuardrailRow {
  std::string path;    // short id, e.g. "interleave_all"
  std::string description;
  std::vector<kernel::NodeMask> lands;  // one per column; empty: the allocation fails
};
struct Guardrails {
  std::string heading;               // the mechanism, in words
  std::vector<std::string> columns;  // e.g. "hard", "soft"
  std::vector<GuardrailRow> rows;
};
// GFP_SPM_NODE (SPM nodes v2): "hard" (the RFC: SPM nodes need an explicit
// nodemask and GFP_SPM_NODE) and "soft" (any explicit nodemask may name one).
Guardrails guardrails(const kernel::NodeMask& sysram, const kernel::NodeMask& spm);
// The standby pool with private memory (Private Memory NUMA Nodes v5):
// "private" (the node is N_MEMORY_PRIVATE, its driver without
// NODE_PRIVATE_CAP_USER_NUMA) and "user_numa" (with it).
Guardrails private_node_guardrails(const kernel::NodeMask& sysram, const kernel::NodeMask& pool);

// A reserved node in the boot fallback order (Node::fallback) of system-RAM
// nodes: default allocations on those nodes can take its memory.
struct FallbackReach {
  int node = -1;
  kernel::NodeMask sysram;  // the system-RAM nodes whose lists name it
};
// Every reserved node some system-RAM node's fallback order names, by node.
// None at boot when the reserved nodes hold no memory (build_zonelists()
// lists N_MEMORY nodes only).
std::vector<FallbackReach> reserved_in_fallback(const kernel::Layout& layout, const kernel::NodeMask& reserved,
                                                const kernel::NodeMask& sysram);

struct Plan {
  ProposalId proposal = ProposalId::standby_rfc1;
  // standby-rfc1: the model's layout (the kernel's own distance table);
  // spm-rfc2, prototype: the model's layout with the reserved nodes added and the planned distances.
  kernel::Layout layout;
  Count count;
  std::vector<Reserved> reserved;
  kernel::NodeMask spm, sysram;   // spm: the nodes kept out of default allocations (the pool under standby-rfc1)
  DistanceTable distances;        // recommended: every node pair, with its origin
  Guardrails guardrail;
  // Node::fallback of plan.layout is the planned layout's boot fallback
  // order (spm-rfc2, prototype: with the reserved nodes and the planned
  // distances); these are the reserved nodes it lets default allocations reach.
  std::vector<FallbackReach> reserved_in_fallback;
  std::vector<LogLine> log;
  // What gives the same layout on a kernel carrying the proposal (--emit-tables).
  std::vector<std::string> kernel_cmdline;  // words
  std::vector<std::string> kernel_config;   // .config lines
  std::vector<NodeValue> latencies, bandwidths;  // for the emitted HMAT (Settings), checked against the nodes
  std::uint64_t boot_ram = 0;     // bytes of RAM the model's nodes boot with (Node::ram of `layout` given to make_plan)
  // What would make the planned layout misbehave (a default distance nearer
  // than a remote socket): `numaplan: warning:` lines and JSON "warnings".
  std::vector<std::string> warnings;
};

// `layout` is map_numa()'s, run with standby_rfc1_request()'s patch when the
// proposal is standby-rfc1.
Expected<Plan> make_plan(const kernel::Layout& layout, const acpi::TableSet& tables, const Settings& settings);

}  // namespace numaplan::plan
