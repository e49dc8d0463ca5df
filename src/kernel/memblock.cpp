// Mirrors what arch/x86/kernel/setup.c, arch/x86/kernel/e820.c and
// mm/memblock.c make of the firmware's e820 RAM before NUMA set-up, and
// arm64's memblock from the UEFI memory map (efi_init()'s reserve_regions(),
// arm64_memblock_init(), bootmem_init()).
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
  return memblock_add_ram(without(without(merged(usable), 0, PAGE_SIZE), BIOS_BEGIN, BIOS_END));
}

// memblock_add() of each RAM range, in whole pages, max_pfn at the end of RAM.
Memblock memblock_add_ram(const std::vector<MemRange>& usable) {
  const std::vector<MemRange> ram = merged(usable);
  Memblock memblock;
  for (const MemRange& r : ram) memblock.max_pfn = std::max(memblock.max_pfn, pfn_down(r.end));
  for (const MemRange& r : ram) {
    const MemRange trimmed{pfn_up(r.start) * PAGE_SIZE, pfn_down(r.end) * PAGE_SIZE};
    if (trimmed.start < trimmed.end) memblock.memory.push_back(trimmed);
  }
  return memblock;
}

// reserve_regions() (drivers/firmware/efi/efi-init.c, 5.10-7.3): every UEFI
// memory region but Specific-Purpose ones is memblock_add()ed, the ones not
// usable as RAM then marked MEMBLOCK_NOMAP; bootmem_init() sets max_pfn to
// the end of DRAM.
// With `keep_regions` (a memory map given), each region stays apart
// (Memblock::keep_regions); overlapping ones are joined as memblock_add()
// joins them. No BIOS hole: arm64 has none.
Memblock arm64_memblock_init(const std::vector<MemRange>& ram, bool keep_regions) {
  std::vector<MemRange> sorted = ram;
  std::sort(sorted.begin(), sorted.end(), [](const MemRange& a, const MemRange& b) { return a.start < b.start; });
  Memblock memblock;
  memblock.keep_regions = keep_regions;
  for (const MemRange& r : sorted) {
    const MemRange page{pfn_up(r.start) * PAGE_SIZE, pfn_down(r.end) * PAGE_SIZE};
    if (page.start >= page.end) continue;
    const bool joins = !memblock.memory.empty() && (keep_regions ? page.start < memblock.memory.back().end
                                                                 : page.start <= memblock.memory.back().end);
    if (joins) {
      memblock.memory.back().end = std::max(memblock.memory.back().end, page.end);
    } else {
      memblock.memory.push_back(page);
    }
    memblock.max_pfn = std::max(memblock.max_pfn, pfn_down(page.end));
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
// memblock_merge_regions(): RAM cut at block edges, each piece with its node;
// with Memblock::keep_regions, pieces of different regions stay apart.
std::vector<MemblockPiece> memblock_set_nodes(const Memblock& memblock, std::span<const NumaMemblk> blocks) {
  std::vector<NumaMemblk> sorted(blocks.begin(), blocks.end());
  std::sort(sorted.begin(), sorted.end(), [](const NumaMemblk& a, const NumaMemblk& b) { return a.start < b.start; });
  std::vector<MemblockPiece> pieces;
  std::size_t region_first_piece = 0;  // index of the current region's first piece
  const auto add = [&](std::uint64_t start, std::uint64_t end, int nid) {
    if (start >= end) return;
    const bool same_region = !memblock.keep_regions || pieces.size() > region_first_piece;
    if (same_region && !pieces.empty() && pieces.back().end == start && pieces.back().nid == nid) {
      pieces.back().end = end;
    } else {
      pieces.push_back({start, end, nid});
    }
  };
  std::size_t b = 0;
  for (const MemRange& r : memblock.memory) {
    region_first_piece = pieces.size();
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
