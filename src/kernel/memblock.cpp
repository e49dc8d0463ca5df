// Mirrors what arch/x86/kernel/setup.c, arch/x86/kernel/e820.c and
// mm/memblock.c make of the firmware's e820 RAM before NUMA set-up.
#include <algorithm>

#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint64_t BIOS_BEGIN = 0xa0000;
constexpr std::uint64_t BIOS_END = 0x100000;

// Sorted, with overlapping and touching ranges joined (memblock_add() merges).
std::vector<MemRange> merged(std::vector<MemRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const MemRange& a, const MemRange& b) { return a.start < b.start; });
  std::vector<MemRange> out;
  for (const MemRange& r : ranges) {
    if (r.start >= r.end) continue;
    if (!out.empty() && r.start <= out.back().end) {
      out.back().end = std::max(out.back().end, r.end);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

// `ranges` without [start, end).
std::vector<MemRange> without(const std::vector<MemRange>& ranges, std::uint64_t start, std::uint64_t end) {
  std::vector<MemRange> out;
  for (const MemRange& r : ranges) {
    if (r.end <= start || r.start >= end) {
      out.push_back(r);
      continue;
    }
    if (r.start < start) out.push_back({r.start, start});
    if (r.end > end) out.push_back({end, r.end});
  }
  return out;
}

}  // namespace

// trim_bios_range() (the first page and 640K-1M are not RAM), then
// e820__end_of_ram_pfn() and e820__memblock_setup() with memblock_trim_memory(PAGE_SIZE).
Memblock e820_memblock_setup(const std::vector<MemRange>& usable) {
  std::vector<MemRange> ram = without(without(merged(usable), 0, PAGE_SIZE), BIOS_BEGIN, BIOS_END);
  Memblock memblock;
  for (const MemRange& r : ram) memblock.max_pfn = std::max(memblock.max_pfn, pfn_down(r.end));
  for (const MemRange& r : ram) {
    const MemRange trimmed{pfn_up(r.start) * PAGE_SIZE, pfn_down(r.end) * PAGE_SIZE};
    if (trimmed.start < trimmed.end) memblock.memory.push_back(trimmed);
  }
  return memblock;
}

// memblock_overlaps_region(&memblock.memory, base, size).
bool Memblock::overlaps_region(std::uint64_t start, std::uint64_t end) const {
  auto it = std::upper_bound(memory.begin(), memory.end(), start,
                             [](std::uint64_t addr, const MemRange& r) { return addr < r.end; });
  return it != memory.end() && it->start < end && start < end;
}

// memblock_phys_mem_size().
std::uint64_t Memblock::phys_mem_size() const {
  std::uint64_t total = 0;
  for (const MemRange& r : memory) total += r.end - r.start;
  return total;
}

// memblock_set_node() for each block (cleaned up, so disjoint), then
// memblock_merge_regions(): RAM cut at block edges, each piece with its node.
std::vector<MemblockPiece> memblock_set_nodes(const Memblock& memblock, std::span<const NumaMemblk> blocks) {
  std::vector<NumaMemblk> sorted(blocks.begin(), blocks.end());
  std::sort(sorted.begin(), sorted.end(), [](const NumaMemblk& a, const NumaMemblk& b) { return a.start < b.start; });
  std::vector<MemblockPiece> pieces;
  const auto add = [&](std::uint64_t start, std::uint64_t end, int nid) {
    if (start >= end) return;
    if (!pieces.empty() && pieces.back().end == start && pieces.back().nid == nid) {
      pieces.back().end = end;
    } else {
      pieces.push_back({start, end, nid});
    }
  };
  std::size_t b = 0;
  for (const MemRange& r : memblock.memory) {
    std::uint64_t at = r.start;
    while (b < sorted.size() && sorted[b].end <= at) ++b;
    for (std::size_t i = b; i < sorted.size() && sorted[i].start < r.end; ++i) {
      add(at, std::max(at, std::min(sorted[i].start, r.end)), NUMA_NO_NODE);
      const std::uint64_t from = std::max(at, sorted[i].start), to = std::min(r.end, sorted[i].end);
      add(from, to, sorted[i].nid);
      at = std::max(at, to);
    }
    add(at, r.end, NUMA_NO_NODE);
  }
  return pieces;
}

}  // namespace numaplan::kernel::detail
