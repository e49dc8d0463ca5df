// `numaplan plan`: SPM / standby nodes reserved ahead of time, after the
// SRAT and CFMWS nodes, following the "Specific Purpose Memory NUMA Nodes"
// RFC and the standby-node RFC (DESIGN §5, reference §1.10). The planner
// runs on the kernel model's Layout and adds what those proposals would add.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/plan/distance.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/support/expected.h"

namespace numaplan::plan {

// Where the number of reserved nodes came from.
enum class Source { none, kconfig, cmdline, msct, flag };
std::string_view source_name(Source source);

// What the user gave. Precedence, highest first: --standby N, --from-msct,
// numa=standby=N on the command line, CONFIG_ACPI_NUMA_STANDBY_NODES.
// --standby and --from-msct state the whole count; the Kconfig/command-line
// pair gives standby-per-CPU-node (the command line overriding Kconfig, as
// the later setting does in the kernel) plus CONFIG_ACPI_NUMA_ADD_CFMWS_NODES
// per CFMWS window. numa=off leaves nothing to reserve.
struct Settings {
  std::optional<source::KernelConfig> kconfig;
  std::optional<source::CommandLine> cmdline;
  bool from_msct = false;
  std::optional<int> standby;        // --standby N
  std::vector<DistanceSpec> distances;  // --distance
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

// A reserved node: possible, no memory at boot, not in mt_sysram_nodes.
struct Reserved {
  int node = -1;
  std::uint32_t pxm = 0;  // the next fake PXM
  int cfmws = -1;         // the window it is tied to, or -1
  std::optional<SpareDomain> capacity_from;
  // The hot-pluggable range the emitted SRAT gives it: above 4 GiB and every
  // SRAT range, CFMWS window and memory range, 1 GiB aligned; its MSCT memory
  // capacity (rounded up to 128 MiB sections), else kDefaultReservedSize.
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
// SRAT/CFMWS PXM + 1 onwards), and its hot-pluggable range. Fails, naming
// how many fit, past MAX_NUMNODES or MAX_PXM_DOMAINS.
Expected<std::vector<Reserved>> reserve(const Count& count, const kernel::Layout& layout, const acpi::TableSet& tables);

// Allocation paths and where each may land under the two guardrails:
// "hard" (the RFC: SPM nodes need an explicit nodemask and GFP_SPM_NODE)
// and "soft" (any explicit nodemask may name an SPM node).
struct GuardrailRow {
  std::string path;    // short id, e.g. "interleave_all"
  std::string description;
  kernel::NodeMask hard, soft;  // empty: the allocation fails
};
std::vector<GuardrailRow> guardrails(const kernel::NodeMask& sysram, const kernel::NodeMask& spm);

struct Plan {
  kernel::Layout layout;          // the model's layout with the reserved nodes added, planned distances
  Count count;
  std::vector<Reserved> reserved;
  kernel::NodeMask spm, sysram;
  DistanceTable distances;        // every node pair, with its origin
  std::vector<GuardrailRow> guardrail;
  std::vector<LogLine> log;
  std::uint64_t boot_ram = 0;     // bytes of enabled, not hot-pluggable SRAT memory
};

Expected<Plan> make_plan(const kernel::Layout& layout, const acpi::TableSet& tables, const Settings& settings);

}  // namespace numaplan::plan
