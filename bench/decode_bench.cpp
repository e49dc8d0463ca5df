// Decoder throughput: a synthetic SRAT of at least 1 MiB holding every
// subtable type, and every table of ../shared/corpus when it is present.
// "Decode" is decode_table (the walk over record headers, checksum, length
// checks); "decode + fields" also reads every field of every record through
// the descriptions, as dump and the kernel model do.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "numaplan/acpi/encode.h"
#include "numaplan/acpi/table_set.h"
#include "numaplan/source/load.h"

namespace numaplan {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// One of each SRAT subtable type (0-7), 194 bytes, for node `n`.
void add_srat_round(json& subtables, std::uint32_t n) {
  const std::uint32_t pxm = n % 64;
  auto add = [&](int type, json fields) { subtables.push_back({{"type", type}, {"fields", std::move(fields)}}); };
  add(0, {{"proximity_domain_lo", pxm}, {"apic_id", n % 256}, {"flags", {{"enabled", true}}}});
  add(1, {{"proximity_domain", pxm},
          {"base_address", std::uint64_t{n} << 31},
          {"length", std::uint64_t{1} << 31},
          {"flags", {{"enabled", true}, {"hot_pluggable", n % 2 == 1}}}});
  add(2, {{"proximity_domain", pxm}, {"x2apic_id", n}, {"flags", {{"enabled", true}}}});
  add(3, {{"proximity_domain", pxm}, {"acpi_processor_uid", n}, {"flags", {{"enabled", true}}}});
  add(4, {{"proximity_domain", pxm}, {"its_id", n}});
  add(5, {{"device_handle_type", 1}, {"proximity_domain", pxm}, {"pci_segment", 0}, {"pci_bdf", n % 65536},
          {"flags", {{"enabled", true}}}});
  add(6, {{"device_handle_type", 0}, {"proximity_domain", pxm}, {"acpi_hid", "ACPI0016"}, {"acpi_uid", n},
          {"flags", {{"enabled", true}}}});
  add(7, {{"proximity_domain", pxm}, {"acpi_processor_uid", n}, {"flags", {{"enabled", true}}}});
}

const std::vector<std::uint8_t>& synthetic_srat() {
  static const std::vector<std::uint8_t> bytes = [] {
    constexpr std::size_t kMinimum = 1 << 20;
    constexpr std::uint32_t kRoundBytes = 194;
    json subtables = json::array();
    for (std::uint32_t n = 0; n * kRoundBytes < kMinimum; ++n) add_srat_round(subtables, n);
    const json table = {{"signature", "SRAT"}, {"revision", 3}, {"header", {{"table_revision", 1}}},
                        {"subtables", std::move(subtables)}};
    auto encoded = acpi::encode_table(table);
    if (!encoded) {
      std::fprintf(stderr, "synthetic SRAT: %s\n", encoded.error().format().c_str());
      std::abort();
    }
    return std::move(*encoded);
  }();
  return bytes;
}

// Reads every field and array element; returns a sum so nothing is optimised away.
std::uint64_t read_fields(const acpi::StructView& view) {
  std::uint64_t sum = 0;
  for (const acpi::FieldDesc& field : view.desc().fields) {
    if (field.width <= 8 && view.present(field)) sum += view.read(field).value_or(0);
  }
  for (const acpi::ArrayView& array : view.arrays()) {
    for (std::uint64_t i = 0; i < array.count; ++i) sum += view.element(array, i).value_or(0);
  }
  return sum;
}

std::uint64_t read_all_fields(const acpi::Table& table) {
  std::uint64_t sum = read_fields(table.header_view());
  for (const acpi::Record& record : table.subtables) {
    if (record.desc != nullptr) sum += read_fields(table.view(record));
  }
  return sum;
}

acpi::Table decode_or_abort(const std::vector<std::uint8_t>& bytes) {
  auto table = acpi::decode_table(acpi::RawTable{"synthetic SRAT", bytes});
  if (!table || !table->diagnostics.empty()) std::abort();  // the synthetic table is clean
  return std::move(*table);
}

void BM_DecodeSyntheticSrat(benchmark::State& state) {
  const auto& bytes = synthetic_srat();
  for (auto _ : state) {
    acpi::Table table = decode_or_abort(bytes);
    benchmark::DoNotOptimize(table.subtables.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["table_bytes"] = static_cast<double>(bytes.size());
  state.counters["subtables"] = static_cast<double>(decode_or_abort(bytes).subtables.size());
}
BENCHMARK(BM_DecodeSyntheticSrat)->Unit(benchmark::kMicrosecond);

void BM_DecodeSyntheticSratAndFields(benchmark::State& state) {
  const auto& bytes = synthetic_srat();
  for (auto _ : state) {
    acpi::Table table = decode_or_abort(bytes);
    benchmark::DoNotOptimize(read_all_fields(table));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_DecodeSyntheticSratAndFields)->Unit(benchmark::kMicrosecond);

// Every table file under ../shared/corpus, loaded once (file reading is not timed).
std::vector<acpi::RawTable> corpus_tables() {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  const fs::path root = fs::path(shared != nullptr ? shared : NUMAPLAN_SHARED_DEFAULT) / "corpus";
  if (!fs::is_directory(root)) return {};
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return source::load(paths).tables;
}

void BM_DecodeCorpus(benchmark::State& state) {
  static const std::vector<acpi::RawTable> raw = corpus_tables();
  if (raw.empty()) {
    state.SkipWithError("no ../shared/corpus here (set NUMAPLAN_SHARED)");
    return;
  }
  std::size_t total = 0;
  for (const auto& table : raw) total += table.bytes.size();
  for (auto _ : state) {
    acpi::TableSet set = acpi::decode_all(raw, {});
    std::uint64_t sum = 0;
    for (const acpi::Table& table : set.tables) sum += read_all_fields(table);
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total));
  state.counters["tables"] = static_cast<double>(raw.size());
}
BENCHMARK(BM_DecodeCorpus)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace numaplan
