#include "numaplan/plan/plan.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>

#include "numaplan/acpi/tables.h"
#include "numaplan/kernel/limits.h"
#include "numaplan/kernel/page_alloc.h"
#include "numaplan/plan/table_facts.h"

namespace numaplan::plan {

namespace {

int cpu_nodes(const kernel::Layout& layout) {
  return static_cast<int>(std::count_if(layout.nodes.begin(), layout.nodes.end(), [](const kernel::Node& node) {
    return !node.cpus.empty() && !node.generic_initiator;
  }));
}

// The MSCT's proximity domain ranges, every PXM in them that SRAT does not use.
std::vector<SpareDomain> unused_domains(const acpi::Table& msct, const std::vector<std::uint32_t>& srat_pxms,
                                        std::uint64_t wanted) {
  std::vector<SpareDomain> unused;
  for (const acpi::Record& record : msct.subtables) {
    if (record.desc == nullptr) continue;
    const acpi::StructView view = msct.view(record);
    namespace f = acpi::msct::proximity_domain_fields;
    const std::uint64_t low = view.get_or(f::range_start, 1), high = view.get_or(f::range_end, 0);
    for (std::uint64_t pxm = low; pxm <= high && unused.size() < wanted; ++pxm) {
      if (std::binary_search(srat_pxms.begin(), srat_pxms.end(), static_cast<std::uint32_t>(pxm))) continue;
      unused.push_back({static_cast<std::uint32_t>(pxm), static_cast<std::uint32_t>(view.get_or(f::processor_capacity, 0)),
                        view.get_or(f::memory_capacity, 0)});
    }
  }
  std::sort(unused.begin(), unused.end(), [](const SpareDomain& a, const SpareDomain& b) { return a.pxm < b.pxm; });
  unused.erase(std::unique(unused.begin(), unused.end(),
                           [](const SpareDomain& a, const SpareDomain& b) { return a.pxm == b.pxm; }),
               unused.end());
  return unused;
}

// numa=standby=N as the prototype tree reads it: the last word wins and N
// must be 0..16 (the RFC's kstrtoint rules are in src/kernel/standby_rfc1.cpp).
Expected<std::optional<int>> prototype_standby_word(const Settings& settings) {
  if (!settings.cmdline || settings.cmdline->standby.empty()) return std::optional<int>{};
  const std::string& value = settings.cmdline->standby.back();
  int count = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), count);
  if (error != std::errc() || end != value.data() + value.size() || count < 0 || count > 16) {
    return make_error(ErrorKind::usage, "numa=standby", "\"numa=standby=" + value + "\": expected numa=standby=N with N 0..16 (" +
                                       std::string(proposal(settings.proposal).name) + ")");
  }
  return std::optional<int>{count};
}

// Kconfig and the command line: standby-per-CPU-node (the command line
// winning) and, except in the prototype, CONFIG_ACPI_NUMA_ADD_CFMWS_NODES per CFMWS window.
void count_from_settings(const Settings& settings, std::optional<int> cmdline_count, const kernel::Layout& layout,
                         Count& count) {
  const source::KernelConfig kconfig = settings.kconfig.value_or(source::KernelConfig{});
  if (cmdline_count) {
    count.source = Source::cmdline;
    count.per_cpu_node = *cmdline_count;
  } else if (settings.kconfig && (kconfig.standby_per_cpu_node || kconfig.standby_per_cfmws)) {
    count.source = Source::kconfig;
    count.per_cpu_node = kconfig.standby_per_cpu_node.value_or(0);
  }
  count.per_cfmws = kconfig.standby_per_cfmws.value_or(0);
  if (settings.proposal == ProposalId::prototype && count.per_cfmws > 0) {
    count.notes.push_back("the prototype tree has no CONFIG_ACPI_NUMA_ADD_CFMWS_NODES: no per-window standby nodes");
    count.per_cfmws = 0;
  }
  if (count.source == Source::none && count.per_cfmws == 0) return;
  count.cpu_nodes = cpu_nodes(layout);
  count.cfmws_windows = static_cast<int>(layout.cfmws.size());
  if (count.per_cfmws > 0 && kconfig.cxl_acpi == false) {
    count.notes.push_back("CONFIG_CXL_ACPI is not set: no CFMWS window is parsed, so no per-window standby nodes");
    count.cfmws_windows = 0;
  }
  if (kconfig.memory_hotplug == false) {
    count.notes.push_back("CONFIG_MEMORY_HOTPLUG is not set: no memory can ever be added to the reserved nodes");
  }
  for (int i = 0; i < count.per_cpu_node * count.cpu_nodes; ++i) count.requests.push_back({});
  for (int window = 0; window < count.cfmws_windows; ++window) {
    for (int i = 0; i < count.per_cfmws; ++i) count.requests.push_back({window, std::nullopt});
  }
}

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%#llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::vector<LogLine> reservation_log(const Count& count, const std::vector<Reserved>& reserved,
                                     const kernel::Layout& layout) {
  std::vector<LogLine> log;
  const int general = count.per_cpu_node * count.cpu_nodes;
  switch (count.source) {
    case Source::kconfig:
    case Source::cmdline:
      if (count.per_cpu_node > 0) {
        // K-gourry's standby-node loop prints this line.
        log.push_back({"ACPI NUMA: reserved " + std::to_string(general) + " standby nodes (" +
                           std::to_string(count.cpu_nodes) + " CPU nodes * " + std::to_string(count.per_cpu_node) +
                           " per node)",
                       false});
      }
      break;
    case Source::msct:
      log.push_back({"numaplan: reserved " + std::to_string(reserved.size()) + " standby nodes (MSCT: " +
                         std::to_string(count.msct->max_domains) + " proximity domains - " +
                         std::to_string(count.msct->srat_pxms.size()) + " used by SRAT)",
                     true});
      break;
    case Source::flag:
      log.push_back({"numaplan: reserved " + std::to_string(reserved.size()) + " standby nodes (--standby " +
                         std::to_string(reserved.size()) + ")",
                     true});
      break;
    case Source::none:
      break;
  }
  if (count.per_cfmws > 0 && count.cfmws_windows > 0) {
    log.push_back({"numaplan: reserved " + std::to_string(count.per_cfmws * count.cfmws_windows) +
                       " standby nodes (" + std::to_string(count.cfmws_windows) + " CFMWS windows * " +
                       std::to_string(count.per_cfmws) + " per window)",
                   true});
  }
  for (const Reserved& r : reserved) {
    std::string line = "numaplan: standby node " + std::to_string(r.node) + " PXM " + std::to_string(r.pxm);
    if (r.cfmws >= 0) {
      const kernel::CfmwsWindow& window = layout.cfmws[static_cast<std::size_t>(r.cfmws)];
      line += " for CFMWS " + std::to_string(r.cfmws) + " [mem " + hex(window.start) + "-" + hex(window.end - 1) + "]";
    }
    if (r.capacity_from) {
      line += " capacity " + hex(r.capacity_from->memory_capacity) + " (MSCT PXM " + std::to_string(r.capacity_from->pxm) +
              ")";
    }
    log.push_back({line, true});
  }
  return log;
}

constexpr std::uint64_t kSection = 128ULL << 20, kRangeAlign = 1ULL << 30;
constexpr std::uint64_t kAbove32BitHole = 4ULL << 30;  // never in the PCI hole below 4 GiB

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) { return (value + alignment - 1) / alignment * alignment; }

// Above every address the machine already gives a meaning to, as the kernel
// model saw it: every range an SRAT or CEDT entry gave the kernel (Layout::events,
// also those it refused a node), the nodes' memory and RAM, soft-reserved
// memory and the CFMWS windows.
std::uint64_t highest_address(const kernel::Layout& layout) {
  std::uint64_t highest = 0;
  for (const kernel::Event& event : layout.events) {
    if (event.start < event.end) highest = std::max(highest, event.end);  // an end that wrapped past 2^64 names no address
  }
  for (const kernel::CfmwsWindow& window : layout.cfmws) highest = std::max(highest, window.end);
  for (const kernel::SpecificPurpose& sp : layout.specific_purpose) highest = std::max(highest, sp.end);
  for (const kernel::Node& node : layout.nodes) {
    for (const kernel::NodeMemory& memory : node.memory) highest = std::max(highest, memory.end);
    for (const kernel::MemRange& ram : node.ram) highest = std::max(highest, ram.end);
  }
  return highest;
}

// The RAM the kernel boots with: every node's memblock RAM (Node::ram), so
// neither hot-pluggable nor soft-reserved (Specific-Purpose) memory, nor the
// first page and the 640K-1M BIOS range.
std::uint64_t boot_ram(const kernel::Layout& layout) {
  std::uint64_t total = 0;
  for (const kernel::Node& node : layout.nodes) total += kernel::ram_bytes(node);
  return total;
}

// The end (exclusive) no planned range may pass: MSCT's Maximum Physical
// Address + 1 and 2^phys_bits (Settings::phys_bits), the lower; UINT64_MAX: none.
struct AddressLimit {
  std::uint64_t end = UINT64_MAX;
  std::string what;
};
AddressLimit address_limit(const acpi::TableSet& tables, std::optional<int> phys_bits) {
  AddressLimit limit;
  if (const acpi::Table* msct = tables.first("MSCT")) {
    if (const auto max = msct->header_view().get(acpi::msct::header_fields::max_address); max && *max != UINT64_MAX) {
      limit = {*max + 1, "MSCT Maximum Physical Address " + hex(*max)};
    }
  }
  if (phys_bits && *phys_bits < 64 && (std::uint64_t{1} << *phys_bits) < limit.end) {
    limit = {std::uint64_t{1} << *phys_bits, "physical address width " + std::to_string(*phys_bits) + " bits"};
  }
  return limit;
}

// A reserved range's wanted size: its MSCT memory capacity rounded up to
// 128 MiB sections, else kDefaultReservedSize. A capacity of 0, or one that
// covers the whole address space (firmware boilerplate: Intel's MSCT gives
// every domain the Maximum Physical Address), says nothing: unknown.
std::uint64_t wanted_size(const std::optional<SpareDomain>& from, const acpi::TableSet& tables,
                          std::vector<std::string>& notes) {
  if (!from || from->memory_capacity == 0) return kDefaultReservedSize;
  const AddressLimit msct = address_limit(tables, std::nullopt);
  if (msct.end != UINT64_MAX && from->memory_capacity >= msct.end - 1) {
    notes.push_back("MSCT PXM " + std::to_string(from->pxm) + ": Memory Capacity " + hex(from->memory_capacity) +
                    " covers the whole address space (" + msct.what + "), so it is taken as unknown: " +
                    std::to_string(kDefaultReservedSize >> 30) + " GiB");
    return kDefaultReservedSize;
  }
  return align_up(from->memory_capacity, kSection);
}

// Ranges for the reserved nodes, in order: from the first 1 GiB boundary
// above 4 GiB and every address the machine uses, each 1 GiB aligned, each
// its wanted size. When they pass the address limit, the space left below it
// is shared equally (each share rounded down to 1 GiB, or to 128 MiB
// sections when under 1 GiB) and a note says so; less than one section each
// is an error.
Expected<std::vector<kernel::MemRange>> place_ranges(const std::vector<std::optional<SpareDomain>>& capacity_from,
                                                     const kernel::Layout& layout, const acpi::TableSet& tables,
                                                     std::optional<int> phys_bits, std::vector<std::string>& notes) {
  std::vector<kernel::MemRange> ranges;
  if (capacity_from.empty()) return ranges;
  const std::uint64_t first = align_up(std::max(highest_address(layout), kAbove32BitHole), kRangeAlign);
  const AddressLimit limit = address_limit(tables, phys_bits);
  std::uint64_t address = first;
  for (const auto& from : capacity_from) {
    const std::uint64_t size = wanted_size(from, tables, notes);
    ranges.push_back({address, address + size});
    address = align_up(address + size, kRangeAlign);
  }
  if (ranges.back().end <= limit.end && ranges.back().end > first) return ranges;
  const std::uint64_t n = ranges.size();
  const std::uint64_t space = limit.end > first ? (limit.end - first) / kSection * kSection : 0;
  const std::uint64_t share = space / n >= kRangeAlign ? space / n / kRangeAlign * kRangeAlign : space / n / kSection * kSection;
  if (share == 0) {
    Diagnostic d;
    d.kind = ErrorKind::finding;  // the machine's address space is too small for the plan
    d.field = "address space";
    d.message = "cannot place " + std::to_string(n) + " reserved range" + (n == 1 ? "" : "s") + " of at least 128 MiB from " +
                hex(first) + " (above every address the machine uses) below " + hex(limit.end) + " (" + limit.what + ")";
    return d;
  }
  for (std::uint64_t i = 0; i < n; ++i) ranges[i] = {first + i * share, first + (i + 1) * share};
  notes.push_back("the reserved ranges' sizes do not fit below " + hex(limit.end) + " (" + limit.what + "): each takes an equal " +
                  (share % kRangeAlign == 0 ? std::to_string(share >> 30) + " GiB" : std::to_string(share >> 20) + " MiB") +
                  " of the " + hex(space) + " bytes from " + hex(first));
  return ranges;
}

kernel::NodeMask mask_of(std::initializer_list<const kernel::NodeMask*> masks) {
  kernel::NodeMask out;
  for (const kernel::NodeMask* mask : masks) {
    for (int node : mask->nodes()) out.set(node);
  }
  return out;
}

// The planned matrix as node distances: a table over nodes 0 up to the
// highest planned node (the kernel's defaults for ids in between, never asked).
Expected<kernel::NodeDistances> planned_node_distances(const DistanceTable& planned) {
  const auto highest = std::max_element(planned.nodes.begin(), planned.nodes.end());
  const std::size_t size = highest == planned.nodes.end() ? 0 : static_cast<std::size_t>(*highest) + 1;
  std::vector<std::uint8_t> table(size * size, kernel::kRemoteDistance);
  for (std::size_t n = 0; n < size; ++n) table[n * size + n] = kernel::kLocalDistance;
  for (std::size_t i = 0; i < planned.nodes.size(); ++i) {
    for (std::size_t j = 0; j < planned.nodes.size(); ++j) {
      const auto from = static_cast<std::size_t>(planned.nodes[i]), to = static_cast<std::size_t>(planned.nodes[j]);
      table[from * size + to] = static_cast<std::uint8_t>(planned.matrix[i][j].value);
    }
  }
  return kernel::NodeDistances::from_table(static_cast<int>(size), std::move(table));
}

}  // namespace

std::string_view source_name(Source source) {
  switch (source) {
    case Source::none: return "none";
    case Source::kconfig: return "kconfig";
    case Source::cmdline: return "cmdline";
    case Source::msct: return "msct";
    case Source::flag: return "flag";
  }
  return "?";
}

Expected<MsctSpare> msct_spare(const kernel::Layout& layout, const acpi::TableSet& tables) {
  const acpi::Table* msct = tables.first("MSCT");
  if (msct == nullptr) return make_error(ErrorKind::usage, "MSCT", "the tables have no MSCT to count spare proximity domains from");
  const auto field = msct->header_view().get(acpi::msct::header_fields::max_proximity_domains);
  if (!field) return std::move(field).error();
  MsctSpare spare;
  spare.max_domains = *field + 1;
  spare.srat_pxms = kernel::srat_pxms(layout);
  spare.spare = spare.max_domains > spare.srat_pxms.size() ? spare.max_domains - spare.srat_pxms.size() : 0;
  spare.unused = unused_domains(*msct, spare.srat_pxms, spare.spare);
  return spare;
}

Expected<Count> count_standby(const Settings& settings, const kernel::Layout& layout, const acpi::TableSet& tables) {
  Count count;
  const auto cmdline_count = prototype_standby_word(settings);
  if (!cmdline_count) return std::move(cmdline_count).error();
  const bool numa_off = settings.cmdline && settings.cmdline->numa_off;
  if (numa_off || !layout.numa_from_srat) {
    count.notes.push_back(std::string(numa_off ? "numa=off" : "the kernel does not use the SRAT (one dummy node)") +
                          ": the proposals reserve standby nodes only when acpi_numa_init succeeds; none reserved");
    return count;
  }
  if (settings.standby) {
    count.source = Source::flag;
    count.requests.resize(static_cast<std::size_t>(std::max(*settings.standby, 0)));
  } else if (settings.from_msct) {
    auto spare = msct_spare(layout, tables);
    if (!spare) return std::move(spare).error();
    count.source = Source::msct;
    for (std::uint64_t i = 0; i < spare->spare; ++i) {
      Request request;
      if (i < spare->unused.size()) request.capacity_from = spare->unused[i];
      count.requests.push_back(request);
    }
    if (spare->max_domains < spare->srat_pxms.size()) {
      count.notes.push_back("MSCT says " + std::to_string(spare->max_domains) + " proximity domains but SRAT uses " +
                            std::to_string(spare->srat_pxms.size()) + ": no spare");
    }
    count.msct = std::move(*spare);
  } else {
    count_from_settings(settings, *cmdline_count, layout, count);
  }
  return count;
}

Expected<std::vector<Reserved>> reserve(const Count& count, const kernel::Layout& layout, const acpi::TableSet& tables,
                                        std::optional<int> phys_bits, std::vector<std::string>& notes) {
  // fake_pxm continues after the highest PXM the SRAT and CFMWS nodes hold.
  std::int64_t next_pxm = 0;
  for (const kernel::Node& node : layout.nodes) next_pxm = std::max<std::int64_t>(next_pxm, std::int64_t{node.pxm} + 1);
  const int taken = layout.possible.weight();
  const std::int64_t wanted = static_cast<std::int64_t>(count.requests.size());
  const std::int64_t node_room = std::max<std::int64_t>(layout.max_numnodes - taken, 0);
  const std::int64_t pxm_room = std::max<std::int64_t>(layout.max_pxm_domains - next_pxm, 0);
  if (wanted > node_room && node_room <= pxm_room) {
    return make_error(ErrorKind::finding, "MAX_NUMNODES", "cannot reserve " + std::to_string(wanted) + " standby nodes: MAX_NUMNODES is " +
                                          std::to_string(layout.max_numnodes) + " and the SRAT and CFMWS nodes take " +
                                          std::to_string(taken) + "; " + std::to_string(node_room) + " fit");
  }
  if (wanted > pxm_room) {
    return make_error(ErrorKind::finding, "MAX_PXM_DOMAINS",
                      "cannot reserve " + std::to_string(wanted) + " standby nodes: their fake PXMs start at " +
                          std::to_string(next_pxm) + " and MAX_PXM_DOMAINS is " +
                          std::to_string(layout.max_pxm_domains) + "; " + std::to_string(pxm_room) + " fit");
  }
  std::vector<std::optional<SpareDomain>> capacity_from;
  for (const Request& request : count.requests) capacity_from.push_back(request.capacity_from);
  auto ranges = place_ranges(capacity_from, layout, tables, phys_bits, notes);
  if (!ranges) return std::move(ranges).error();
  std::vector<Reserved> reserved;
  kernel::NodeMask used = layout.possible;
  int node = 0;
  for (std::size_t i = 0; i < count.requests.size(); ++i) {
    while (used.test(node)) ++node;  // acpi_map_pxm_to_node: the lowest free id
    used.set(node);
    const Request& request = count.requests[i];
    reserved.push_back({node, static_cast<std::uint32_t>(next_pxm++), true, request.cfmws, request.capacity_from,
                        (*ranges)[i].start, (*ranges)[i].end});
  }
  return reserved;
}

Guardrails guardrails(const kernel::NodeMask& sysram, const kernel::NodeMask& spm) {
  const kernel::NodeMask none;
  const kernel::NodeMask all_memory = mask_of({&sysram, &spm});
  Guardrails out{"GFP_SPM_NODE (SPM nodes v2); hard: explicit nodemask and GFP_SPM_NODE, soft: any explicit nodemask",
                 {"hard", "soft"},
                 {
                     {"task_default", "a task allocates with no nodemask (nodemask NULL)", {sysram, sysram}},
                     {"interrupt", "an allocation in interrupt context (no task, no nodemask)", {sysram, sysram}},
                     {"interleave_all", "MPOL_INTERLEAVE over every memory node, without GFP_SPM_NODE",
                      {sysram, all_memory}},
                 }};
  if (spm.empty()) return out;
  kernel::NodeMask target;
  target.set(spm.nodes().front());
  const std::string node = std::to_string(spm.nodes().front());
  out.rows.push_back({"mbind_spm", "mbind(MPOL_BIND) to SPM node " + node + ", without GFP_SPM_NODE", {none, target}});
  out.rows.push_back({"mbind_spm_gfp", "mbind(MPOL_BIND) to SPM node " + node + ", with GFP_SPM_NODE", {target, target}});
  out.rows.push_back({"cpuset_without_spm",
                      "mbind to SPM node " + node + " with GFP_SPM_NODE, in a cpuset whose mems leave the node out",
                      {none, none}});
  out.rows.push_back({"cpuset_with_spm",
                      "mbind to SPM node " + node + " with GFP_SPM_NODE, in a cpuset whose mems include the node",
                      {target, target}});
  out.rows.push_back({"cpuset_with_spm_default",
                      "a task with no nodemask, in a cpuset whose mems include SPM node " + node +
                          " (cpuset.mems.sysram keeps it to system RAM)",
                      {sysram, sysram}});
  return out;
}

// Private Memory NUMA Nodes v5 (20260720193431.3841992-1-gourry@gourry.net;
// its text was not found, so these rows follow the summary and the
// series' Documentation text): a claimed standby node with memory is
// N_MEMORY_PRIVATE, in no FALLBACK/NOFALLBACK zonelist, only in ZONELIST_PRIVATE.
Guardrails private_node_guardrails(const kernel::NodeMask& sysram, const kernel::NodeMask& pool) {
  const kernel::NodeMask none;
  Guardrails out{"standby pool; memory a driver adds to a claimed node is private (Private Memory NUMA Nodes v5: "
                 "N_MEMORY_PRIVATE, ZONELIST_PRIVATE); private: the driver sets no capability, user_numa: it sets "
                 "NODE_PRIVATE_CAP_USER_NUMA",
                 {"private", "user_numa"},
                 {
                     {"task_default", "a task allocates with no nodemask: the FALLBACK zonelist (N_MEMORY only)",
                      {sysram, sysram}},
                     {"interrupt", "an allocation in interrupt context (FALLBACK zonelist)", {sysram, sysram}},
                     {"interleave_all", "MPOL_INTERLEAVE over the N_MEMORY nodes (a private node is never N_MEMORY)",
                      {sysram, sysram}},
                 }};
  if (pool.empty()) return out;
  kernel::NodeMask target;
  target.set(pool.nodes().front());
  const std::string node = std::to_string(pool.nodes().front());
  out.rows.push_back({"thisnode_private",
                      "__GFP_THISNODE on private node " + node + " without ZONELIST_PRIVATE (NOFALLBACK excludes it)",
                      {none, none}});
  out.rows.push_back({"mbind_private",
                      "mbind(MPOL_BIND) to private node " + node +
                          " (user_numa: MPOL_F_PRIVATE selects ZONELIST_PRIVATE; else the node is refused)",
                      {none, target}});
  out.rows.push_back({"cpuset_private",
                      "that mbind in a cpuset whose mems leave node " + node +
                          " out (cpuset.mems does not partition private nodes)",
                      {none, target}});
  return out;
}

std::vector<FallbackReach> reserved_in_fallback(const kernel::Layout& layout, const kernel::NodeMask& reserved,
                                                const kernel::NodeMask& sysram) {
  std::vector<FallbackReach> out;
  for (int r : reserved.nodes()) {
    FallbackReach reach{r, {}};
    for (const kernel::Node& node : layout.nodes) {
      if (!sysram.test(node.node) || !node.fallback) continue;
      if (std::find(node.fallback->begin(), node.fallback->end(), r) != node.fallback->end()) reach.sysram.set(node.node);
    }
    if (!reach.sysram.empty()) out.push_back(reach);
  }
  return out;
}

namespace {

// The standby-rfc1 lines of the kernel's log (standby_rfc1.cpp prints them).
bool standby_rfc1_line(const std::string& line) {
  return line == "Malformed early option 'numa'" || line.starts_with("NUMA: standby node ") ||
         line == "NUMA: error registering standby nodes" || line == "NUMA: standby nodes will use default distances";
}

// Standby nodes get the emitted tables' fake PXMs (after every PXM the kernel
// maps) and hot-pluggable ranges, placed as reserve() places them (with
// --from-msct, the spare MSCT domains give their capacities).
Expected<bool> place_for_tables(std::vector<Reserved>& reserved, const kernel::Layout& layout,
                                const acpi::TableSet& tables, const Settings& settings, std::vector<std::string>& notes) {
  std::uint32_t next_pxm = 0;
  for (const kernel::Node& node : layout.nodes) {
    if (node.has_pxm) next_pxm = std::max(next_pxm, node.pxm + 1);
  }
  std::vector<SpareDomain> unused;
  if (settings.from_msct && !settings.standby) {
    if (auto spare = msct_spare(layout, tables)) unused = spare->unused;
  }
  std::vector<std::optional<SpareDomain>> capacity_from(reserved.size());
  for (std::size_t i = 0; i < reserved.size() && i < unused.size(); ++i) capacity_from[i] = unused[i];
  auto ranges = place_ranges(capacity_from, layout, tables, settings.phys_bits, notes);
  if (!ranges) return std::move(ranges).error();
  for (std::size_t i = 0; i < reserved.size(); ++i) {
    reserved[i].pxm = next_pxm++;
    reserved[i].capacity_from = capacity_from[i];
    reserved[i].start = (*ranges)[i].start;
    reserved[i].end = (*ranges)[i].end;
  }
  return true;
}

// The plan's reserved_in_fallback, and a note for each such node.
void check_fallback(Plan& plan) {
  plan.reserved_in_fallback = reserved_in_fallback(plan.layout, plan.spm, plan.sysram);
  for (const FallbackReach& reach : plan.reserved_in_fallback) {
    plan.layout.notes.push_back("fallback order: reserved node " + std::to_string(reach.node) +
                                " is in the fallback order of system-RAM node" +
                                (reach.sysram.weight() == 1 ? " " : "s ") + reach.sysram.to_list() +
                                ": default allocations there can take its memory");
  }
}

Expected<Plan> make_standby_rfc1_plan(const kernel::Layout& layout, const acpi::TableSet& tables,
                                      const Settings& settings) {
  auto request = standby_rfc1_request(settings, layout, tables);
  if (!request) return std::move(request).error();
  Plan plan;
  plan.proposal = ProposalId::standby_rfc1;
  plan.layout = layout;
  plan.count.source = request->source;
  plan.count.notes = request->notes;
  const kernel::StandbyReport report = layout.standby.value_or(kernel::StandbyReport{});
  if (request->source == Source::none) {
    plan.count.source = report.cmdline != 0 ? Source::cmdline : report.acpi != 0 ? Source::kconfig : Source::none;
  }
  plan.spm = report.pool;
  for (int node : report.pool.nodes()) plan.reserved.push_back(Reserved{node, 0, false, -1, std::nullopt, 0, 0});
  if (auto placed = place_for_tables(plan.reserved, layout, tables, settings, plan.count.notes); !placed) {
    return std::move(placed).error();
  }
  for (int node : layout.memory.nodes()) {
    if (!plan.spm.test(node)) plan.sysram.set(node);
  }
  // Recommended distances read PXMs: the standby nodes take their emitted ones, which no table names.
  kernel::Layout with_pxms = layout;
  for (kernel::Node& node : with_pxms.nodes) {
    for (const Reserved& r : plan.reserved) {
      if (r.node == node.node) node.pxm = r.pxm;
    }
  }
  std::map<int, int> window_of;
  for (std::size_t w = 0; w < layout.cfmws.size(); ++w) {
    if (layout.cfmws[w].node >= 0) window_of.emplace(layout.cfmws[w].node, static_cast<int>(w));
  }
  auto distances = plan_distances(with_pxms, tables, settings.distances, window_of);
  if (!distances) return std::move(distances).error();
  plan.distances = std::move(*distances);
  plan.layout.notes.insert(plan.layout.notes.end(), plan.count.notes.begin(), plan.count.notes.end());
  if (auto warning = default_nearer_than_remote(plan.distances, with_pxms)) plan.warnings.push_back(*warning);
  plan.guardrail = private_node_guardrails(plan.sysram, plan.spm);
  check_fallback(plan);
  for (const std::string& line : layout.log) {
    if (standby_rfc1_line(line)) plan.log.push_back({line, false});
  }
  plan.boot_ram = boot_ram(layout);
  if (report.cmdline != 0) plan.kernel_cmdline.push_back("numa=standby=" + std::to_string(report.cmdline));
  plan.kernel_config = {"CONFIG_ACPI_NUMA_STANDBY_NODES=" + std::to_string(request->patch.standby_nodes),
                        "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=" + std::to_string(request->patch.add_cfmws_nodes)};
  return plan;
}

// The same counts on a kernel carrying the prototype or SPM v2 tree.
void legacy_kernel_settings(const Settings& settings, Plan& plan) {
  if (plan.count.source == Source::cmdline) {
    plan.kernel_cmdline.push_back("numa=standby=" + std::to_string(plan.count.per_cpu_node));
  }
  const source::KernelConfig kconfig = settings.kconfig.value_or(source::KernelConfig{});
  plan.kernel_config = {"CONFIG_ACPI_NUMA_STANDBY_NODES=" + std::to_string(kconfig.standby_per_cpu_node.value_or(0)),
                        "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=" + std::to_string(plan.count.per_cfmws)};
  if (plan.count.source == Source::flag || plan.count.source == Source::msct) {
    plan.kernel_config.push_back("# " + std::string(source_name(plan.count.source)) +
                                 ": no kernel setting reserves exactly these nodes; the tables do");
  }
}

}  // namespace

Expected<NodeValue> parse_node_value(std::string_view option, std::string_view text) {
  const auto error = [&](const std::string& why) {
    return make_error(ErrorKind::usage, std::string(option), "\"" + std::string(text) + "\": " + why);
  };
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) return error("expected NODES=V, NODES a node or a range N-M");
  const auto number = [](std::string_view digits) -> std::optional<std::uint64_t> {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return std::nullopt;
    return value;
  };
  const std::string_view nodes = text.substr(0, equals);
  const std::size_t dash = nodes.find('-');
  const auto first = number(nodes.substr(0, dash));
  const auto last = dash == std::string_view::npos ? first : number(nodes.substr(dash + 1));
  const auto value = number(text.substr(equals + 1));
  if (!first || !last || !value || *last < *first || *last > 0xFFFF) {
    return error("expected NODES=V, NODES a node or a range N-M");
  }
  if (*value == 0 || *value >= 0xFFFF) return error("the value must be 1..65534 (a 16-bit HMAT entry; 0 and 0xFFFF mean no data)");
  return NodeValue{static_cast<int>(*first), static_cast<int>(*last), *value};
}

namespace {

// Every node a --latency or --bandwidth names must be a planned node (CFMWS or reserved).
Expected<bool> check_node_values(const Plan& plan, const Settings& settings) {
  for (const auto& [what, values] : {std::pair{"latency", &settings.latencies}, {"bandwidth", &settings.bandwidths}}) {
    for (const NodeValue& v : *values) {
      for (int n = v.first; n <= v.last; ++n) {
        const auto node = std::find_if(plan.layout.nodes.begin(), plan.layout.nodes.end(),
                                       [&](const kernel::Node& x) { return x.node == n; });
        if (node == plan.layout.nodes.end() || (node->origin != "standby" && node->origin != "cfmws")) {
          return make_error(ErrorKind::usage, what, "node " + std::to_string(n) + " is not a CFMWS or reserved node of the plan");
        }
      }
    }
  }
  return true;
}

}  // namespace

Expected<StandbyRequest> standby_rfc1_request(const Settings& settings, const kernel::Layout& layout,
                                              const acpi::TableSet& tables) {
  StandbyRequest request;
  if (settings.cmdline) request.patch.cmdline = settings.cmdline->standby;
  const source::KernelConfig kconfig = settings.kconfig.value_or(source::KernelConfig{});
  request.patch.standby_nodes = kconfig.standby_per_cpu_node.value_or(0);
  request.patch.add_cfmws_nodes = kconfig.standby_per_cfmws.value_or(0);
  std::optional<std::uint64_t> suggested;
  if (settings.standby) {
    request.source = Source::flag;
    suggested = static_cast<std::uint64_t>(std::max(*settings.standby, 0));
  } else if (settings.from_msct) {
    auto spare = msct_spare(layout, tables);
    if (!spare) return std::move(spare).error();
    request.source = Source::msct;
    suggested = spare->spare;
  }
  if (suggested) {
    const std::string word = "numa=standby=" + std::to_string(*suggested);
    request.patch.cmdline.push_back(std::to_string(*suggested));
    request.notes.push_back(std::string(request.source == Source::flag ? "the standby count" : "the MSCT's spare domains") + ": suggested " +
                            word + " (standby-rfc1 reads its count from the command line" +
                            (*suggested > 16 ? "; numa_standby_cmdline() caps it at 16)" : ")"));
  }
  return request;
}

namespace {
Expected<Plan> make_proposal_plan(const kernel::Layout& layout, const acpi::TableSet& tables, const Settings& settings);
}  // namespace

Expected<Plan> make_plan(const kernel::Layout& layout, const acpi::TableSet& tables, const Settings& settings) {
  auto plan = make_proposal_plan(layout, tables, settings);
  if (!plan) return plan;
  plan->latencies = settings.latencies;
  plan->bandwidths = settings.bandwidths;
  if (auto checked = check_node_values(*plan, settings); !checked) return std::move(checked).error();
  return plan;
}

namespace {

// The plan of the chosen proposal, before the checks make_plan() adds.
Expected<Plan> make_proposal_plan(const kernel::Layout& layout, const acpi::TableSet& tables, const Settings& settings) {
  if (settings.proposal == ProposalId::standby_rfc1) return make_standby_rfc1_plan(layout, tables, settings);
  auto count = count_standby(settings, layout, tables);
  if (!count) return std::move(count).error();
  auto reserved = reserve(*count, layout, tables, settings.phys_bits, count->notes);
  if (!reserved) return std::move(reserved).error();

  Plan plan;
  plan.proposal = settings.proposal;
  plan.layout = layout;
  plan.count = std::move(*count);
  plan.reserved = std::move(*reserved);
  std::map<int, int> window_of;
  for (std::size_t w = 0; w < layout.cfmws.size(); ++w) {
    if (layout.cfmws[w].node >= 0) window_of.emplace(layout.cfmws[w].node, static_cast<int>(w));
  }
  for (const Reserved& r : plan.reserved) {
    kernel::Node node;
    node.node = r.node;
    node.pxm = r.pxm;
    node.origin = "standby";
    plan.layout.nodes.push_back(std::move(node));
    plan.layout.possible.set(r.node);
    plan.spm.set(r.node);
    if (r.cfmws >= 0) window_of.emplace(r.node, r.cfmws);
  }
  std::sort(plan.layout.nodes.begin(), plan.layout.nodes.end(),
            [](const kernel::Node& a, const kernel::Node& b) { return a.node < b.node; });
  for (int node : layout.memory.nodes()) {
    if (!plan.spm.test(node)) plan.sysram.set(node);
  }

  auto distances = plan_distances(plan.layout, tables, settings.distances, window_of);
  if (!distances) return std::move(distances).error();
  plan.distances = std::move(*distances);
  plan.layout.distance_nodes = plan.distances.nodes;
  auto node_distances = planned_node_distances(plan.distances);
  if (!node_distances) return std::move(node_distances).error();
  plan.layout.distance = std::move(*node_distances);
  plan.layout.distance_table_nodes = static_cast<int>(plan.distances.nodes.size());
  // The boot fallback order of the planned layout: the reserved nodes get
  // zonelists of their own, and the planned distances order every list.
  const kernel::Profile* profile = kernel::find_profile(plan.layout.profile);
  if (profile == nullptr) {
    // The layout came from a resolved profile: not finding it is numaplan's fault.
    return make_error(ErrorKind::internal, "kernel profile", "no kernel profile named " + plan.layout.profile);
  }
  kernel::set_fallback_orders(plan.layout, *profile);
  plan.layout.notes.insert(plan.layout.notes.end(), plan.count.notes.begin(), plan.count.notes.end());
  if (auto warning = default_nearer_than_remote(plan.distances, plan.layout)) plan.warnings.push_back(*warning);
  plan.guardrail = guardrails(plan.sysram, plan.spm);
  check_fallback(plan);
  plan.log = reservation_log(plan.count, plan.reserved, layout);
  plan.boot_ram = boot_ram(layout);
  legacy_kernel_settings(settings, plan);
  return plan;
}

}  // namespace

}  // namespace numaplan::plan
