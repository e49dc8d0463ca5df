// Mirrors the boot-time node set-up after NUMA init that prints per-node
// memory: free_area_init() and free_area_init_node() (mm/mm_init.c 6.12 and
// 7.3, mm/page_alloc.c 5.10 and 6.1), x86 init_memory_less_node() (5.10),
// setup_per_cpu_areas()'s summary line (arch/x86/kernel/setup_percpu.c) and
// the zonelists (page_alloc.cpp).
#include <algorithm>

#include "kernel.h"
#include "numaplan/kernel/page_alloc.h"

namespace numaplan::kernel::detail {

namespace {

// "[mem %#018Lx-%#018Lx]" of a pfn range, end exclusive.
std::string pfn_mem_range(std::uint64_t start_pfn, std::uint64_t end_pfn) {
  return "[mem " + hex_prefixed(start_pfn * PAGE_SIZE, 18) + "-" + hex_prefixed(end_pfn * PAGE_SIZE - 1, 18) + "]";
}

// get_pfn_range_for_nid() (all versions) of every node at once: the node's
// lowest and highest RAM pfn over memblock regions holding a whole page;
// {0, 0} for none. (The kernel walks memblock per node; one pass keeps
// thousands of nodes over 65,536 regions linear.)
std::vector<std::pair<std::uint64_t, std::uint64_t>> get_pfn_range_for_nids(const Kernel& k) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges(static_cast<std::size_t>(k.max_numnodes),
                                                              {UINT64_MAX, 0});
  for (const MemblockPiece& p : k.memblock_pieces) {
    if (p.nid < 0 || p.nid >= k.max_numnodes || p.pages() == 0) continue;
    auto& [start_pfn, end_pfn] = ranges[static_cast<std::size_t>(p.nid)];
    start_pfn = std::min(start_pfn, pfn_up(p.start));
    end_pfn = std::max(end_pfn, pfn_down(p.end));
  }
  for (auto& [start_pfn, end_pfn] : ranges) {
    if (start_pfn == UINT64_MAX) start_pfn = 0;
  }
  return ranges;
}

// free_area_init_node(): 5.17+ names a node without RAM memoryless; 5.10
// prints its empty range as [mem 0x0-0x0] ("end_pfn ? ... : 0").
void free_area_init_node(Kernel& k, int nid) {
  const auto [start_pfn, end_pfn] = k.node_pfn_range[static_cast<std::size_t>(nid)];
  const std::string node = "Initmem setup node " + std::to_string(nid);
  if (start_pfn == end_pfn && k.profile.pgdat_for_possible_nodes) {
    k.printk(node + " as memoryless");
  } else if (end_pfn == 0) {
    k.printk(node + " [mem " + hex_prefixed(0, 18) + "-" + hex_prefixed(0, 18) + "]");
  } else {
    k.printk(node + " " + pfn_mem_range(start_pfn, end_pfn));
  }
}

}  // namespace

// free_area_init(): the early node map (each memblock region with a whole
// page, by node id as memblock holds it), then each node: online ones
// (5.10), every possible one (5.17+: offline ones as memoryless).
void free_area_init(Kernel& k) {
  // N_MEMORY: the nodes with RAM pages, online now (6.1's offline path skips
  // node_set_state(); CPU and GI nodes go online only after this) or, 6.12+,
  // offline too.
  std::vector<std::uint64_t> pages(static_cast<std::size_t>(k.max_numnodes), 0);
  for (const MemblockPiece& p : k.memblock_pieces) {
    if (p.nid != NUMA_NO_NODE) pages[static_cast<std::size_t>(p.nid)] += p.pages();
  }
  k.n_memory.assign(pages.size(), false);
  for (std::size_t n = 0; n < pages.size(); ++n) k.n_memory[n] = pages[n] > 0 && (k.node_online_map[n] || k.profile.offline_node_memory);

  k.node_pfn_range = get_pfn_range_for_nids(k);

  k.printk("Early memory node ranges");
  for (const MemblockPiece& p : k.memblock_pieces) {
    if (p.pages() == 0) continue;
    const int nid = p.nid != NUMA_NO_NODE || k.profile.memblock_unset_nid_is_no_node ? p.nid : k.max_numnodes;
    std::string id = std::to_string(nid);
    if (id.size() < 3) id.insert(0, 3 - id.size(), ' ');
    k.printk("  node " + id + ": " + pfn_mem_range(pfn_up(p.start), pfn_down(p.end)));
  }
  for (int nid = 0; nid < k.max_numnodes; ++nid) {
    const auto n = static_cast<std::size_t>(nid);
    if (k.profile.pgdat_for_possible_nodes && k.node_possible_map[n]) {
      if (!k.node_online_map[n] && k.profile.initializing_memoryless_line) {
        k.printk("Initializing node " + std::to_string(nid) + " as memoryless");
      }
      free_area_init_node(k, nid);
    } else if (!k.profile.pgdat_for_possible_nodes && k.node_online_map[n]) {
      free_area_init_node(k, nid);
    }
  }
}

// x86 init_cpu_to_node() and init_gi_nodes() for a node that is not online:
// 5.10's init_memory_less_node() gives it a pgdat now (its Initmem line);
// 5.17+ only sets it online (free_area_init() already initialised it).
void online_cpu_or_gi_node(Kernel& k, int nid) {
  const auto n = static_cast<std::size_t>(nid);
  if (k.node_online_map[n]) return;
  if (!k.profile.pgdat_for_possible_nodes) free_area_init_node(k, nid);
  k.node_online_map[n] = true;
}

// setup_per_cpu_areas() (all versions, pr_fmt "setup_percpu: "). Debian's
// CONFIG_CPUMASK_OFFSTACK makes nr_cpumask_bits nr_cpu_ids; nr_node_ids is
// the highest possible node + 1 (setup_nr_node_ids()).
void setup_per_cpu_areas(Kernel& k, int nr_cpu_ids) {
  int nr_node_ids = 0;
  for (int nid = 0; nid < k.max_numnodes; ++nid) {
    if (k.node_possible_map[static_cast<std::size_t>(nid)]) nr_node_ids = nid + 1;
  }
  k.printk("setup_percpu: NR_CPUS:" + std::to_string(kDebianNrCpus) + " nr_cpumask_bits:" + std::to_string(nr_cpu_ids) +
           " nr_cpu_ids:" + std::to_string(nr_cpu_ids) + " nr_node_ids:" + std::to_string(nr_node_ids));
}

// build_all_zonelists(NULL) from mm_core_init(): each node's fallback order
// (page_alloc.cpp), printed from 5.14.
std::vector<NodeFallback> build_all_zonelists(Kernel& k) {
  ZonelistState state;
  state.max_numnodes = k.max_numnodes;
  for (int nid = 0; nid < k.max_numnodes; ++nid) {
    const auto n = static_cast<std::size_t>(nid);
    if (k.node_possible_map[n]) state.possible.set(nid);
    if (k.node_online_map[n]) state.online.set(nid);
    if (k.n_memory[n]) state.memory.set(nid);
  }
  state.distance = [&k](int from, int to) { return node_distance(k.numa_distance_cnt, k.numa_distance, from, to); };
  std::vector<NodeFallback> zonelists = fallback_order(k.profile, state);
  if (k.profile.fallback_order_printed) {
    for (const NodeFallback& f : zonelists) k.printk(fallback_order_line(f));
  }
  return zonelists;
}

}  // namespace numaplan::kernel::detail
