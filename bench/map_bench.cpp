// The kernel model at scale (issue goal: under 50 ms): 1024 SRAT nodes, each
// with one x2APIC CPU and 64 memory entries (65,536 in all), a 1024 x 1024
// SLIT, and 4,096 CFMWS windows, half inside SRAT memory (numa_fill_memblks
// extends the SRAT blocks) and half outside it (one fake-PXM node each).
// CONFIG_NODES_SHIFT 16, so NR_NODE_MEMBLKS (2 * MAX_NUMNODES) holds every
// block and nothing is cut short by a limit. Tables are built with the
// encoder from the same descriptions that decode them.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>

#include "numaplan/acpi/encode.h"
#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/map.h"
#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"

namespace numaplan {
namespace {

using json = nlohmann::json;

constexpr std::uint32_t kNodes = 1024;
constexpr std::uint32_t kBlocksPerNode = 64;  // 65,536 memory entries
constexpr std::uint32_t kWindows = 4096;
constexpr std::uint64_t kBlock = std::uint64_t{1} << 28;  // 256 MiB
constexpr std::uint64_t kSratEnd = std::uint64_t{kNodes} * kBlocksPerNode * kBlock;  // 16 TiB

// Memory entries interleave nodes (block b of node n at (b * kNodes + n) * 256 MiB), so
// no two blocks of a node touch and numa_cleanup_meminfo() has 65,536 blocks to sort and check.
std::uint64_t block_base(std::uint32_t node, std::uint32_t block) {
  return (std::uint64_t{block} * kNodes + node) * kBlock;
}

json srat_json() {
  json subtables = json::array();
  for (std::uint32_t n = 0; n < kNodes; ++n) {
    subtables.push_back({{"type", 2}, {"fields", {{"proximity_domain", n}, {"x2apic_id", n}, {"flags", {{"enabled", true}}}}}});
  }
  for (std::uint32_t b = 0; b < kBlocksPerNode; ++b) {
    for (std::uint32_t n = 0; n < kNodes; ++n) {
      subtables.push_back({{"type", 1},
                           {"fields",
                            {{"proximity_domain", n},
                             {"base_address", block_base(n, b)},
                             {"length", kBlock},
                             {"flags", {{"enabled", true}}}}}});
    }
  }
  return {{"signature", "SRAT"}, {"revision", 3}, {"header", {{"table_revision", 1}}}, {"subtables", std::move(subtables)}};
}

json slit_json() {
  json entries = json::array();
  for (std::uint32_t i = 0; i < kNodes; ++i) {
    json row = json::array();
    for (std::uint32_t j = 0; j < kNodes; ++j) row.push_back(i == j ? 10 : 20 + (i + j) % 32);
    entries.push_back(std::move(row));
  }
  return {{"signature", "SLIT"}, {"revision", 1}, {"header", {{"locality_count", kNodes}, {"entries", std::move(entries)}}}};
}

// Even windows lie inside SRAT memory, straddling two blocks; odd ones lie above it.
json cedt_json() {
  json subtables = json::array();
  for (std::uint32_t w = 0; w < kWindows; ++w) {
    const std::uint64_t base = w % 2 == 0 ? (std::uint64_t{w} * 8 + 1) * kBlock - kBlock / 2 : kSratEnd + std::uint64_t{w} * kBlock;
    subtables.push_back({{"type", 1},
                         {"fields",
                          {{"base_hpa", base},
                           {"window_size", kBlock},
                           {"interleave_ways", 0},
                           {"restrictions", {{"type3", true}, {"volatile", true}}},
                           {"interleave_targets", {w}}}}});
  }
  return {{"signature", "CEDT"}, {"revision", 1}, {"subtables", std::move(subtables)}};
}

acpi::RawTable encoded(const json& table) {
  auto bytes = acpi::encode_table(table);
  if (!bytes) {
    std::fprintf(stderr, "map_bench: %s\n", bytes.error().format().c_str());
    std::abort();
  }
  return {"synthetic " + table["signature"].get<std::string>(), std::move(*bytes)};
}

const acpi::TableSet& synthetic_tables() {
  static const acpi::TableSet tables = [] {
    acpi::TableSet set = acpi::decode_all({encoded(srat_json()), encoded(slit_json()), encoded(cedt_json())}, {});
    if (set.has_errors()) {
      std::fprintf(stderr, "map_bench: the synthetic tables do not decode cleanly\n");
      std::abort();
    }
    return set;
  }();
  return tables;
}

kernel::Config config(const char* profile) {
  kernel::Config c;
  c.profile = *kernel::find_profile(profile);
  c.nodes_shift = 16;
  c.x2apic_mode = true;
  c.ram = std::vector<kernel::MemRange>{{0, kSratEnd}};
  return c;
}

void report(benchmark::State& state, const kernel::Layout& layout) {
  state.counters["possible_nodes"] = static_cast<double>(layout.possible.weight());
  state.counters["log_lines"] = static_cast<double>(layout.log.size());
}

void BM_MapNuma(benchmark::State& state, const char* profile) {
  const acpi::TableSet& tables = synthetic_tables();
  const kernel::Config c = config(profile);
  kernel::Layout layout;
  for (auto _ : state) {
    layout = *kernel::map_numa(tables, c);
    benchmark::DoNotOptimize(layout);
  }
  report(state, layout);
}
BENCHMARK_CAPTURE(BM_MapNuma, 6.1, "6.1")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapNuma, 6.12, "6.12")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapNuma, mainline, "mainline")->Unit(benchmark::kMillisecond);

// The JSON of the same layout, streamed (it carries every node, block and distance).
void BM_MapJson(benchmark::State& state) {
  const kernel::Layout layout = *kernel::map_numa(synthetic_tables(), config("6.12"));
  std::ostream discard(nullptr);  // written and dropped
  for (auto _ : state) emit::write_map_json(layout, discard);
}
BENCHMARK(BM_MapJson)->Unit(benchmark::kMillisecond);

// --compare-dmesg of the layout against its own log (every line equal).
void BM_CompareDmesg(benchmark::State& state) {
  const kernel::Layout layout = *kernel::map_numa(synthetic_tables(), config("6.12"));
  const std::string log = emit::map_dmesg(layout);
  for (auto _ : state) benchmark::DoNotOptimize(emit::compare_dmesg(layout, log));
}
BENCHMARK(BM_CompareDmesg)->Unit(benchmark::kMillisecond);

// Reading a kernel log as --compare-dmesg and --memmap do: first_boot()
// removes each line's printk time, numa_init_messages() keeps the families'
// lines. The layout's log, each line behind "[    0.123456] ".
void BM_ReadKernelLog(benchmark::State& state) {
  const kernel::Layout layout = *kernel::map_numa(synthetic_tables(), config("6.12"));
  std::string log;
  for (const std::string& line : layout.log) log += "[    0.123456] " + line + "\n";
  for (auto _ : state) benchmark::DoNotOptimize(kernel::numa_init_messages(kernel::first_boot(log)));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
}
BENCHMARK(BM_ReadKernelLog)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace numaplan
