// Mirrors mm/numa_memblks.c (6.12+) and its x86 predecessor arch/x86/mm/numa.c
// (6.1): the memblk list, numa_fill_memblks(), the distance table,
// numa_cleanup_meminfo() and numa_register_meminfo().
#include <algorithm>
#include <numeric>

#include "kernel.h"

namespace numaplan::kernel::detail {

// ---------------------------------------------------------------- numa_meminfo

void NumaMeminfo::add(const NumaMemblk& block) {
  blk_.push_back(block);
  if (indexed_) {
    by_start_.emplace(block.start, blk_.size() - 1);
    longest_ = std::max(longest_, block.end - block.start);
  }
}

void NumaMeminfo::clear() {
  blk_.clear();
  by_start_.clear();
  longest_ = 0;
  indexed_ = true;
}

void NumaMeminfo::reindex() {
  by_start_.clear();
  longest_ = 0;
  for (std::size_t i = 0; i < blk_.size(); ++i) {
    by_start_.emplace(blk_[i].start, i);
    longest_ = std::max(longest_, blk_[i].end - blk_[i].start);
  }
  indexed_ = true;
}

std::vector<NumaMemblk>& NumaMeminfo::mutable_blocks() {
  indexed_ = false;
  by_start_.clear();
  return blk_;
}

std::vector<std::size_t> NumaMeminfo::overlapping(std::uint64_t start, std::uint64_t end) const {
  if (!indexed_) const_cast<NumaMeminfo*>(this)->reindex();
  std::vector<std::size_t> out;
  // A block overlapping [start, end) begins after start - longest_.
  const std::uint64_t from = start > longest_ ? start - longest_ : 0;
  for (auto it = by_start_.lower_bound(from); it != by_start_.end() && it->first < end; ++it) {
    const NumaMemblk& b = blk_[it->second];
    if (start < b.end && b.start < end) out.push_back(it->second);
  }
  return out;
}

const NumaMemblk* NumaMeminfo::containing(std::uint64_t addr) const {
  if (!indexed_) const_cast<NumaMeminfo*>(this)->reindex();
  const NumaMemblk* first = nullptr;
  const std::uint64_t from = addr > longest_ ? addr - longest_ : 0;
  for (auto it = by_start_.lower_bound(from); it != by_start_.end() && it->first <= addr; ++it) {
    const NumaMemblk& b = blk_[it->second];
    if (addr < b.end && (first == nullptr || &b < first)) first = &b;
  }
  return first;
}

void NumaMeminfo::set_range(std::size_t index, std::uint64_t start, std::uint64_t end) {
  if (!indexed_) reindex();
  NumaMemblk& b = blk_[index];
  longest_ = std::max(longest_, end - start);
  if (b.start == start) {  // numa_fill_memblks() mostly stretches a block's end: the index stays
    b.end = end;
    return;
  }
  for (auto [it, last] = by_start_.equal_range(b.start); it != last; ++it) {
    if (it->second == index) {
      by_start_.erase(it);
      break;
    }
  }
  b.start = start;
  b.end = end;
  by_start_.emplace(start, index);
}

// ---------------------------------------------------------------- adding blocks

namespace {

// numa_add_memblk_to(): empty blocks are ignored, invalid ones warned about
// and ignored; more than NR_NODE_MEMBLKS (2 * MAX_NUMNODES) fail. 7.3 checks
// the node id first and fails on it, and names a bad range "invalid memblk range".
// Each decision is recorded against the table entry being walked, if any.
int numa_add_memblk_to(Kernel& k, int nid, std::uint64_t start, std::uint64_t end, const NumaMemblk& kind,
                       NumaMeminfo& mi) {
  auto decided = [&](Event::Outcome outcome) {
    if (k.walk_entry == nullptr) return;
    Event& event = record(k, *k.walk_table, *k.walk_entry, outcome);
    event.node = nid;
    event.start = start;
    event.end = end;
    if (outcome != Event::Outcome::memblk_added && outcome != Event::Outcome::memblk_empty) event.line = k.log.back();
  };
  const bool nid_valid = nid >= 0 && nid < k.max_numnodes;
  if (k.profile.memblk_nid_checked_first) {
    if (!nid_valid) {
      k.printk("Warning: invalid memblk node id " + std::to_string(nid) + " " + mem_range(start, end));
      return decided(Event::Outcome::memblk_invalid), -EINVAL;
    }
    if (start == end) return decided(Event::Outcome::memblk_empty), 0;
    if (start > end) {
      k.printk("Warning: invalid memblk range for node " + std::to_string(nid) + " " + mem_range(start, end));
      return decided(Event::Outcome::memblk_invalid), 0;
    }
  } else {
    if (start == end) return decided(Event::Outcome::memblk_empty), 0;
    if (start > end || !nid_valid) {
      k.printk("Warning: invalid memblk node " + std::to_string(nid) + " " + mem_range(start, end));
      return decided(Event::Outcome::memblk_invalid), 0;
    }
  }
  if (mi.size() >= 2 * static_cast<std::size_t>(k.max_numnodes)) {
    k.printk("too many memblk ranges");
    return decided(Event::Outcome::too_many_memblks), -EINVAL;
  }
  NumaMemblk block = kind;
  block.start = start;
  block.end = end;
  block.nid = nid;
  if (k.walk_entry != nullptr) {
    block.table = k.walk_table;
    block.entry = *k.walk_entry;
  }
  mi.add(block);
  decided(Event::Outcome::memblk_added);
  return 0;
}

}  // namespace

// numa_add_memblk() (all versions). arch_numa before numa_memblks (arm64
// 5.10, 6.1; riscv64 6.10, 6.11) has its own: memblock_set_node() at once, without numa_meminfo's checks;
// the model keeps the block in numa_meminfo, which numa_register_nodes()
// then applies to memblock.
int numa_add_memblk(Kernel& k, int nid, std::uint64_t start, std::uint64_t end, const NumaMemblk& kind) {
  if (uses_arch_numa(k) && !k.profile.arch_numa_memblks) {
    NumaMemblk block = kind;
    block.start = start;
    block.end = end;
    block.nid = nid;
    k.numa_meminfo.add(block);
    k.numa_nodes_parsed[static_cast<std::size_t>(nid)] = true;
    return 0;
  }
  return numa_add_memblk_to(k, nid, start, end, kind, k.numa_meminfo);
}

// numa_add_reserved_memblk() (6.16+): straight to numa_reserved_meminfo.
int numa_add_reserved_memblk(Kernel& k, int nid, std::uint64_t start, std::uint64_t end, const NumaMemblk& kind) {
  return numa_add_memblk_to(k, nid, start, end, kind, k.numa_reserved_meminfo);
}

// numa_fill_memblks() (v6.7+, Debian 6.1.64+ with the 6.1.82 sort fix): the
// blocks overlapping [start, end), sorted by start, are stretched to cover
// it without gaps. The kernel returns 0 then, and NUMA_NO_MEMBLK when none
// overlaps; the model returns the node of the lowest block (NUMA_NO_NODE
// when none), which the event of acpi_parse_cfmws() names.
int numa_fill_memblks(Kernel& k, std::uint64_t start, std::uint64_t end) {
  std::vector<std::size_t> blk = k.numa_meminfo.overlapping(start, end);
  if (blk.empty()) return NUMA_NO_NODE;
  const auto blocks = k.numa_meminfo.blocks();
  std::stable_sort(blk.begin(), blk.end(), [&](std::size_t a, std::size_t b) { return blocks[a].start < blocks[b].start; });
  const NumaMemblk& first = blocks[blk.front()];
  k.numa_meminfo.set_range(blk.front(), std::min(first.start, start), first.end);
  const NumaMemblk& last = blocks[blk.back()];
  k.numa_meminfo.set_range(blk.back(), last.start, std::max(last.end, end));
  std::uint64_t prev_end = blocks[blk.front()].end;
  for (std::size_t i = 1; i < blk.size(); ++i) {
    const NumaMemblk& curr = blocks[blk[i]];
    if (prev_end >= curr.start) {
      prev_end = std::max(prev_end, curr.end);
    } else {
      k.numa_meminfo.set_range(blk[i], prev_end, curr.end);
      prev_end = curr.end;
    }
  }
  return blocks[blk.front()].nid;
}

// phys_to_target_node() (x86, 5.10+): the first block holding addr, in
// numa_meminfo, then in numa_reserved_meminfo; since 7.0 (Debian 6.12.75) a
// reserved block holding addr wins.
int phys_to_target_node(const Kernel& k, std::uint64_t addr) {
  const NumaMemblk* online = k.numa_meminfo.containing(addr);
  const NumaMemblk* reserved = k.numa_reserved_meminfo.containing(addr);
  if (online != nullptr && (reserved == nullptr || !k.profile.phys_to_target_node_prefers_reserved)) return online->nid;
  return reserved != nullptr ? reserved->nid : NUMA_NO_NODE;
}

// ---------------------------------------------------------------- distances

namespace {

// numa_alloc_distance() (all versions): sized for the highest node parsed or
// holding a block at the first numa_set_distance(), 10 on the diagonal, 20 elsewhere.
void numa_alloc_distance(Kernel& k) {
  int cnt = 0;
  for (int i = 0; i < k.max_numnodes; ++i) {
    if (k.numa_nodes_parsed[static_cast<std::size_t>(i)]) cnt = i;
  }
  for (const NumaMemblk& b : k.numa_meminfo.blocks()) cnt = std::max(cnt, b.nid);
  ++cnt;
  const auto n = static_cast<std::size_t>(cnt);
  k.numa_distance.assign(n * n, REMOTE_DISTANCE);
  for (std::size_t i = 0; i < n; ++i) k.numa_distance[i * n + i] = LOCAL_DISTANCE;
  k.numa_distance_cnt = cnt;
  // KERN_DEBUG (up to 6.16): in dmesg, not on a console at the default level.
  if (k.profile.distance_table_line) k.printk("NUMA: Initialized distance table, cnt=" + std::to_string(cnt));
}

}  // namespace

// numa_set_distance() (all versions).
void numa_set_distance(Kernel& k, int from, int to, int distance) {
  if (k.numa_distance.empty()) numa_alloc_distance(k);
  // Built only for a warning: the SLIT loop calls this once per node pair.
  auto args = [&] {
    return "from=" + std::to_string(from) + " to=" + std::to_string(to) + " distance=" + std::to_string(distance);
  };
  if (from >= k.numa_distance_cnt || to >= k.numa_distance_cnt || from < 0 || to < 0) {
    if (!k.warned_out_of_bound) k.printk("Warning: node ids are out of bound, " + args());
    k.warned_out_of_bound = true;
    return;
  }
  if (distance < 0 || distance > 255 || (from == to && distance != LOCAL_DISTANCE)) {
    if (!k.warned_invalid_distance) k.printk("Warning: invalid distance parameter, " + args());
    k.warned_invalid_distance = true;
    return;
  }
  k.numa_distance[static_cast<std::size_t>(from) * static_cast<std::size_t>(k.numa_distance_cnt) +
                  static_cast<std::size_t>(to)] = static_cast<std::uint8_t>(distance);
}

// ---------------------------------------------------------------- clean-up

namespace {

std::string merge_line(const NumaMemblk& bi, const NumaMemblk& bj, std::uint64_t start, std::uint64_t end) {
  return "NUMA: Node " + std::to_string(bi.nid) + " " + mem_range(bi.start, bi.end) + " + " +
         mem_range(bj.start, bj.end) + " -> " + mem_range(start, end);
}

NumaMemblk merged(const NumaMemblk& bi, const NumaMemblk& bj) {
  NumaMemblk out = bi;
  out.start = std::min(bi.start, bj.start);
  out.end = std::max(bi.end, bj.end);
  out.hotplug = bi.hotplug || bj.hotplug;
  out.non_volatile = bi.non_volatile || bj.non_volatile;
  out.from_cfmws = bi.from_cfmws && bj.from_cfmws;
  return out;
}

// The first loop of numa_cleanup_meminfo(): blocks without RAM move to
// numa_reserved_meminfo, the rest is clamped to [low, high) with the part
// above high kept as reserved.
void trim_meminfo(Kernel& k, std::vector<NumaMemblk>& mi, std::uint64_t low, std::uint64_t high) {
  std::vector<NumaMemblk> kept;
  kept.reserve(mi.size());
  for (NumaMemblk bi : mi) {
    if (!k.memblock.overlaps_region(bi.start, bi.end)) {
      k.numa_reserved_meminfo.add(bi);  // numa_move_tail_memblk()
      continue;
    }
    bi.start = std::max(bi.start, low);
    if (bi.end > high) {
      numa_add_memblk_to(k, bi.nid, high, bi.end, bi, k.numa_reserved_meminfo);
      bi.end = high;
    }
    if (bi.start < bi.end) kept.push_back(bi);
  }
  mi = std::move(kept);
}

// numaplan: the event of the failing overlap, at the later block's entry.
void record_overlap(Kernel& k, const NumaMemblk& block, const NumaMemblk& peer) {
  if (block.table == nullptr) return;
  Event& event = record(k, *block.table, block.entry, Event::Outcome::memblk_overlap,
                         acpi::srat::memory_fields::base_address);
  event.node = block.nid;
  event.pxm = k.node_to_pxm_map[static_cast<std::size_t>(block.nid)];
  event.start = block.start;
  event.end = block.end;
  if (peer.table == block.table) event.peer = peer.entry.offset;
  event.line = k.log.back();
}

// pr_warn()'s line when a node's block overlaps another of the same node.
std::string self_overlap_line(const NumaMemblk& bi, const NumaMemblk& bj) {
  return "Warning: node " + std::to_string(bi.nid) + " " + mem_range(bi.start, bi.end) + " overlaps with itself " +
         mem_range(bj.start, bj.end);
}

}  // namespace

// The merge loop exactly as the kernel runs it, for block lists with
// overlaps (quadratic, but such lists are rejected or tiny in practice).
int merge_overlapping(Kernel& k, std::vector<NumaMemblk>& mi) {
  for (std::size_t i = 0; i < mi.size(); ++i) {
    for (std::size_t j = i + 1; j < mi.size(); ++j) {
      NumaMemblk& bi = mi[i];
      const NumaMemblk& bj = mi[j];
      if (bi.end > bj.start && bi.start < bj.end) {
        if (bi.nid != bj.nid) {
          k.printk("node " + std::to_string(bi.nid) + " " + mem_range(bi.start, bi.end) + " overlaps with node " +
                   std::to_string(bj.nid) + " " + mem_range(bj.start, bj.end));
          record_overlap(k, bj, bi);
          return -EINVAL;
        }
        k.printk(self_overlap_line(bi, bj));
      }
      if (bi.nid != bj.nid) continue;
      const NumaMemblk hull = merged(bi, bj);
      const bool blocked = std::any_of(mi.begin(), mi.end(), [&](const NumaMemblk& bk) {
        return bk.nid != bi.nid && hull.start < bk.end && hull.end > bk.start;
      });
      if (blocked) continue;
      k.printk(merge_line(bi, bj, hull.start, hull.end));
      bi = hull;
      mi.erase(mi.begin() + static_cast<std::ptrdiff_t>(j--));
    }
  }
  return 0;
}

// The same merge loop for block lists without overlaps, in O(n log n): two
// blocks of a node merge exactly when no other node's block lies between
// them in address order, so each run of one node's blocks in address order
// collapses into its block listed first, taking the others in list order.
// The blocks do not overlap, but the growing hull does: a member lying inside
// it (listed after a farther one) draws the kernel's "overlaps with itself"
// warning before its merge line, as in the literal loop.
void merge_disjoint(Kernel& k, std::vector<NumaMemblk>& mi, const std::vector<std::size_t>& by_address) {
  std::vector<std::size_t> leader(mi.size());
  std::vector<std::pair<std::size_t, std::size_t>> merges;  // (leader, member), list indexes
  for (std::size_t a = 0; a < by_address.size();) {
    std::size_t b = a;
    while (b < by_address.size() && mi[by_address[b]].nid == mi[by_address[a]].nid) ++b;
    const std::size_t first = *std::min_element(by_address.begin() + static_cast<std::ptrdiff_t>(a),
                                                by_address.begin() + static_cast<std::ptrdiff_t>(b));
    for (std::size_t r = a; r < b; ++r) {
      leader[by_address[r]] = first;
      if (by_address[r] != first) merges.emplace_back(first, by_address[r]);
    }
    a = b;
  }
  std::sort(merges.begin(), merges.end());
  for (const auto& [i, j] : merges) {
    if (mi[i].end > mi[j].start && mi[i].start < mi[j].end) k.printk(self_overlap_line(mi[i], mi[j]));
    const NumaMemblk hull = merged(mi[i], mi[j]);
    k.printk(merge_line(mi[i], mi[j], hull.start, hull.end));
    mi[i] = hull;
  }
  std::vector<NumaMemblk> kept;
  for (std::size_t i = 0; i < mi.size(); ++i) {
    if (leader[i] == i) kept.push_back(mi[i]);
  }
  mi = std::move(kept);
}

// numa_cleanup_meminfo() (x86 <= 6.11 with low 0; mm/numa_memblks.c 6.12+
// with low memblock_start_of_DRAM()): trim, reject overlaps of two nodes,
// merge a node's neighbours unless another node's block lies between.
int numa_cleanup_meminfo(Kernel& k) {
  const std::uint64_t low = k.profile.cleanup_low_is_dram_start ? k.memblock.start_of_dram() : 0;
  const std::uint64_t high = k.memblock.max_pfn * PAGE_SIZE;
  std::vector<NumaMemblk>& mi = k.numa_meminfo.mutable_blocks();
  trim_meminfo(k, mi, low, high);
  std::vector<std::size_t> by_address(mi.size());
  std::iota(by_address.begin(), by_address.end(), std::size_t{0});
  std::stable_sort(by_address.begin(), by_address.end(), [&](std::size_t a, std::size_t b) { return mi[a].start < mi[b].start; });
  const bool disjoint = std::adjacent_find(by_address.begin(), by_address.end(), [&](std::size_t a, std::size_t b) {
                          return mi[b].start < mi[a].end;
                        }) == by_address.end();
  if (!disjoint) return merge_overlapping(k, mi);
  merge_disjoint(k, mi, by_address);
  return 0;
}

// ---------------------------------------------------------------- registration

namespace {

// numa_meminfo_cover_memory() (x86 <= 6.7): RAM pages the blocks' nodes hold
// against all RAM below max_pfn, with 1 MiB of slack.
bool numa_meminfo_cover_memory(Kernel& k) {
  const auto& pieces = k.memblock_pieces;
  std::uint64_t numaram = 0;
  for (const NumaMemblk& b : k.numa_meminfo.blocks()) {
    const std::uint64_t s = pfn_down(b.start), e = pfn_down(b.end);
    auto it = std::upper_bound(pieces.begin(), pieces.end(), b.start,
                               [](std::uint64_t addr, const MemblockPiece& p) { return addr < p.end; });
    for (; it != pieces.end() && pfn_up(it->start) < e; ++it) {
      if (it->nid != b.nid) continue;
      const std::uint64_t from = std::max(pfn_up(it->start), s), to = std::min(pfn_down(it->end), e);
      if (to > from) numaram += to - from;
    }
  }
  std::uint64_t e820ram = 0;
  for (const MemblockPiece& p : pieces) {
    const std::uint64_t from = pfn_up(p.start), to = std::min(pfn_down(p.end), k.memblock.max_pfn);
    if (to > from) e820ram += to - from;
  }
  if (e820ram >= numaram && e820ram - numaram >= (1U << (20 - 12))) {
    k.printk("NUMA: nodes only cover " + std::to_string(numaram >> 8) + "MB of your " + std::to_string(e820ram >> 8) +
             "MB e820 RAM. Not used.");
    return false;
  }
  return true;
}

}  // namespace

// memblock_validate_numa_coverage() (6.8+): RAM pages without a node; fails
// from `min_lost_bytes` on (x86: 1 MiB, arm64: any page).
bool memblock_validate_numa_coverage(Kernel& k, std::uint64_t min_lost_bytes) {
  std::uint64_t lost = 0;
  for (const MemblockPiece& p : k.memblock_pieces) {
    if (p.nid == NUMA_NO_NODE) lost += p.pages();
  }
  if (lost * PAGE_SIZE >= min_lost_bytes) {
    k.printk("NUMA: no nodes coverage for " + std::to_string(lost >> 8) + "MB of " +
             std::to_string(k.memblock.phys_mem_size() >> 20) + "MB RAM");
    return false;
  }
  return true;
}

// numaplan: the memblock pieces that kept no node, with at least one page.
std::vector<MemRange> ram_without_node(std::span<const MemblockPiece> pieces) {
  std::vector<MemRange> out;
  for (const MemblockPiece& p : pieces) {
    if (p.nid == NUMA_NO_NODE && p.pages() > 0) out.push_back({p.start, p.end});
  }
  return out;
}

namespace {

// Nodes that get NODE_DATA: x86 numa_register_memblks() (6.1) wants a block
// span of NODE_MIN_SIZE, numa_register_nodes() (6.12) any RAM page.
void register_nodes(Kernel& k) {
  std::vector<std::uint64_t> pages(static_cast<std::size_t>(k.max_numnodes), 0);
  for (const MemblockPiece& p : k.memblock_pieces) {
    if (p.nid != NUMA_NO_NODE) pages[static_cast<std::size_t>(p.nid)] += p.pages();
  }
  std::vector<std::uint64_t> lo(pages.size(), UINT64_MAX), hi(pages.size(), 0);
  for (const NumaMemblk& b : k.numa_meminfo.blocks()) {
    const auto n = static_cast<std::size_t>(b.nid);
    lo[n] = std::min(lo[n], b.start);
    hi[n] = std::max(hi[n], b.end);
  }
  for (std::size_t n = 0; n < pages.size(); ++n) {
    if (!k.node_possible_map[n] || pages[n] == 0) continue;
    if (k.profile.node_min_size != 0 && hi[n] - lo[n] < k.profile.node_min_size) continue;
    k.node_online_map[n] = true;
  }
}

}  // namespace

// numa_register_meminfo() + x86 numa_register_nodes() (6.12), or x86
// numa_register_memblks() (6.1): possible nodes, memblock node ids, the RAM
// coverage check, and the nodes with memory go online.
int numa_register_meminfo(Kernel& k) {
  k.node_possible_map = k.numa_nodes_parsed;
  for (const NumaMemblk& b : k.numa_meminfo.blocks()) k.node_possible_map[static_cast<std::size_t>(b.nid)] = true;
  k.memblock_pieces = memblock_set_nodes(k.memblock, k.numa_meminfo.blocks());
  const bool covered = k.profile.coverage == CoverageCheck::e820_ram ? numa_meminfo_cover_memory(k)
                                                                     : memblock_validate_numa_coverage(k, 1U << 20);
  if (!covered) {
    k.fallback = Fallback::not_covered;
    k.fallback_line = k.log.back();
    k.ram_without_node = ram_without_node(k.memblock_pieces);
    return -EINVAL;
  }
  register_nodes(k);
  return 0;
}

// What numa_init() / numa_memblks_init() clear before calling the init function.
void numa_reset(Kernel& k) {
  const auto nodes = static_cast<std::size_t>(k.max_numnodes);
  k.apicid_to_node.clear();
  k.cpu_entries.clear();
  k.numa_nodes_parsed.assign(nodes, false);
  k.node_possible_map.assign(nodes, false);
  k.node_online_map.assign(nodes, false);
  k.numa_meminfo.clear();
  k.numa_reserved_meminfo.clear();
  k.numa_distance.clear();
  k.numa_distance_cnt = 0;
  k.memblock_pieces.clear();
  // numa_memblks_init() of the standby-node RFC [1/3]: the ACPI count starts
  // over with each attempt (the command-line count does not).
  k.numa_acpi_standby_nodes = 0;
  k.acpi_standby_kconfig = 0;
  k.cfmws_standby_count = 0;
  k.cfmws_standby_windows = 0;
}

}  // namespace numaplan::kernel::detail
