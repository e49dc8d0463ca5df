// numa_cleanup_meminfo()'s merge loop (mm/numa_memblks.c, 6.12; the same loop
// in arch/x86/mm/numa.c before): the model runs the kernel's loop literally
// (merge_overlapping) when blocks overlap and an O(n log n) replacement
// (merge_disjoint) when they do not. Randomised block lists without overlaps
// go through both; the blocks left, their order, their flags and every log
// line must be the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "kernel/kernel.h"

namespace numaplan::kernel::detail {
namespace {

// `count` blocks that do not overlap (some touching, some with gaps), of
// `nodes` nodes, in a random list order, with random flags.
std::vector<NumaMemblk> random_disjoint_blocks(std::mt19937_64& rng, std::size_t count, int nodes) {
  std::vector<NumaMemblk> blocks;
  std::uint64_t at = std::uniform_int_distribution<std::uint64_t>(0, 4)(rng) << 20;
  std::uniform_int_distribution<int> nid(0, nodes - 1);
  std::uniform_int_distribution<std::uint64_t> size(1, 8);
  std::uniform_int_distribution<int> coin(0, 1);
  for (std::size_t i = 0; i < count; ++i) {
    NumaMemblk b;
    b.start = at;
    b.end = at + (size(rng) << 20);
    b.nid = nid(rng);
    b.hotplug = coin(rng) != 0;
    b.non_volatile = coin(rng) != 0;
    b.from_cfmws = coin(rng) != 0;
    blocks.push_back(b);
    at = b.end + (coin(rng) != 0 ? 0 : size(rng) << 20);  // touching half of the time
  }
  std::shuffle(blocks.begin(), blocks.end(), rng);
  return blocks;
}

struct Merged {
  std::vector<NumaMemblk> blocks;
  std::vector<std::string> log;
  int result = 0;
};

Merged kernel_loop(const Config& config, const acpi::TableSet& tables, std::vector<NumaMemblk> blocks) {
  Kernel k(config, tables);
  const int result = merge_overlapping(k, blocks);
  return {std::move(blocks), std::move(k.log), result};
}

Merged disjoint_loop(const Config& config, const acpi::TableSet& tables, std::vector<NumaMemblk> blocks) {
  Kernel k(config, tables);
  std::vector<std::size_t> by_address(blocks.size());
  std::iota(by_address.begin(), by_address.end(), std::size_t{0});
  std::stable_sort(by_address.begin(), by_address.end(),
                   [&](std::size_t a, std::size_t b) { return blocks[a].start < blocks[b].start; });
  merge_disjoint(k, blocks, by_address);
  return {std::move(blocks), std::move(k.log), 0};
}

void expect_same(const Merged& kernel, const Merged& fast) {
  EXPECT_EQ(kernel.result, 0);
  EXPECT_EQ(fast.log, kernel.log);
  ASSERT_EQ(fast.blocks.size(), kernel.blocks.size());
  for (std::size_t i = 0; i < kernel.blocks.size(); ++i) {
    SCOPED_TRACE("block " + std::to_string(i));
    EXPECT_EQ(fast.blocks[i].start, kernel.blocks[i].start);
    EXPECT_EQ(fast.blocks[i].end, kernel.blocks[i].end);
    EXPECT_EQ(fast.blocks[i].nid, kernel.blocks[i].nid);
    EXPECT_EQ(fast.blocks[i].hotplug, kernel.blocks[i].hotplug);
    EXPECT_EQ(fast.blocks[i].non_volatile, kernel.blocks[i].non_volatile);
    EXPECT_EQ(fast.blocks[i].from_cfmws, kernel.blocks[i].from_cfmws);
  }
}

TEST(MergeLoop, DisjointMatchesTheKernelLoopOnRandomBlocks) {
  const Config config;
  const acpi::TableSet tables;
  std::mt19937_64 rng(14);  // fixed: a failure names its round and reproduces
  std::size_t merges = 0;
  for (int round = 0; round < 3000; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::size_t count = round < 2900 ? std::uniform_int_distribution<std::size_t>(0, 12)(rng)
                                           : std::uniform_int_distribution<std::size_t>(50, 200)(rng);
    const int nodes = std::uniform_int_distribution<int>(1, 4)(rng);
    const std::vector<NumaMemblk> blocks = random_disjoint_blocks(rng, count, nodes);
    const Merged kernel = kernel_loop(config, tables, blocks);
    expect_same(kernel, disjoint_loop(config, tables, blocks));
    merges += kernel.log.size();
    if (testing::Test::HasFailure()) return;
  }
  EXPECT_GT(merges, 10000U);  // the rounds did merge, and many times
}

// One hand-made list: node 0's blocks on both sides of node 1's stay apart,
// node 0's touching pair merges into the block listed first.
TEST(MergeLoop, DisjointKeepsRunsApartByNode) {
  const Config config;
  const acpi::TableSet tables;
  auto block = [](std::uint64_t start, std::uint64_t end, int nid) {
    NumaMemblk b;
    b.start = start << 20;
    b.end = end << 20;
    b.nid = nid;
    return b;
  };
  const std::vector<NumaMemblk> blocks = {block(8, 9, 0), block(0, 4, 0), block(4, 8, 1), block(9, 12, 0)};
  const Merged kernel = kernel_loop(config, tables, blocks);
  ASSERT_EQ(kernel.log, (std::vector<std::string>{
                            "NUMA: Node 0 [mem 0x00800000-0x008fffff] + [mem 0x00900000-0x00bfffff] -> "
                            "[mem 0x00800000-0x00bfffff]"}));
  expect_same(kernel, disjoint_loop(config, tables, blocks));
}

}  // namespace
}  // namespace numaplan::kernel::detail
