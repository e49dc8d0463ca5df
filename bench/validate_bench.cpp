// `validate` at scale (issue 14: it grew faster than linearly, 200k memory
// entries took 33 s). One SRAT with 64 LAPIC CPUs and state.range(0) memory
// entries, each with a non-zero reserved field, so every entry carries a
// finding: the case where a per-finding scan of the subtables made validate
// quadratic (ACPI.ReservedNonZero looked its record up with a linear scan).
// Complexity() fits the times against N: it should say O(N) (or N log N, the
// findings' sort), with the 1M point in the time `map` takes on the same table.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/check/findings.h"
#include "numaplan/support/bytes.h"

namespace numaplan {
namespace {

constexpr std::uint32_t kCpus = 64;

// The SRAT's bytes, written field by field (the encoder's JSON for a million
// entries would take longer than what is measured).
std::vector<std::uint8_t> srat_bytes(std::uint64_t memory_entries) {
  const std::uint64_t length = 48 + kCpus * 16 + memory_entries * 40;
  std::vector<std::uint8_t> t(length, 0);
  const std::span<std::uint8_t> b(t);
  const char head[] = "SRAT";
  std::copy(head, head + 4, t.begin());
  write_le(b, 4, 4, length);
  write_le(b, 8, 1, 3);       // revision
  write_le(b, 36, 4, 1);      // table revision
  std::uint64_t at = 48;
  for (std::uint32_t c = 0; c < kCpus; ++c, at += 16) {
    write_le(b, at, 1, 0);    // Processor Local APIC/SAPIC Affinity
    write_le(b, at + 1, 1, 16);
    write_le(b, at + 2, 1, c);  // proximity domain [7:0]
    write_le(b, at + 3, 1, c);  // APIC ID
    write_le(b, at + 4, 4, 1);  // enabled
  }
  for (std::uint64_t i = 0; i < memory_entries; ++i, at += 40) {
    write_le(b, at, 1, 1);    // Memory Affinity
    write_le(b, at + 1, 1, 40);
    write_le(b, at + 2, 4, i % kCpus);
    write_le(b, at + 8, 8, i << 28);  // 256 MiB blocks, one after another
    write_le(b, at + 16, 8, std::uint64_t{1} << 28);
    write_le(b, at + 24, 4, 1);  // Reserved2: every entry has a finding
    write_le(b, at + 28, 4, 1);  // enabled
  }
  const std::uint8_t sum = std::accumulate(t.begin(), t.end(), std::uint8_t{0});
  t[9] = static_cast<std::uint8_t>(-sum);
  return t;
}

void BM_Validate(benchmark::State& state) {
  const acpi::TableSet set =
      acpi::decode_all({acpi::RawTable{"synthetic SRAT", srat_bytes(static_cast<std::uint64_t>(state.range(0)))}}, {});
  const check::Options options;
  std::size_t findings = 0;
  for (auto _ : state) {
    const check::Findings f = *check::validate(set, options);
    findings = f.size();
    benchmark::DoNotOptimize(f.data());
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_Validate)
    ->Arg(20'000)->Arg(50'000)->Arg(200'000)->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

}  // namespace
}  // namespace numaplan
