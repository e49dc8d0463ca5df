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

// The tables numaplan decodes (SRAT, SLIT, MSCT, HMAT, CEDT) of each file
// under ../shared/corpus, one set per file as `numaplan dump FILE` reads it (a
// machine's acpidump, one of QEMU's test tables), loaded once: file reading
// is not timed. The other tables are only named by signature, so neither
// their bytes nor copying them is counted.
using TableFiles = std::vector<std::vector<acpi::RawTable>>;

TableFiles corpus_numa_tables() {
  const char* shared = std::getenv("NUMAPLAN_SHARED");
  const fs::path root = fs::path(shared != nullptr ? shared : NUMAPLAN_SHARED_DEFAULT) / "corpus";
  if (!fs::is_directory(root)) return {};
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() != ".md") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  TableFiles files;
  for (const std::string& path : paths) {
    std::vector<acpi::RawTable> tables = source::load(std::span(&path, 1)).tables;
    std::erase_if(tables, [](const acpi::RawTable& table) { return acpi::numaplan_skips(table.bytes); });
    if (!tables.empty()) files.push_back(std::move(tables));
  }
  return files;
}

// decode_all over each file's NUMA tables, then every field when
// `with_fields` (what dump and the kernel model do).
void decode_corpus(benchmark::State& state, bool with_fields) {
  static const TableFiles files = corpus_numa_tables();
  if (files.empty()) {
    state.SkipWithError("no ../shared/corpus here (set NUMAPLAN_SHARED)");
    return;
  }
  std::size_t total = 0;
  std::size_t tables = 0;
  for (const auto& file : files) {
    for (const auto& table : file) total += table.bytes.size();
    tables += file.size();
  }
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto& file : files) {
      acpi::TableSet set = acpi::decode_all(file, {});
      sum += set.tables.size();
      if (with_fields) {
        for (const acpi::Table& table : set.tables) sum += read_all_fields(table);
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total));
  state.counters["files"] = static_cast<double>(files.size());
  state.counters["tables"] = static_cast<double>(tables);
  state.counters["table_bytes"] = static_cast<double>(total);
}

void BM_DecodeCorpus(benchmark::State& state) { decode_corpus(state, false); }
BENCHMARK(BM_DecodeCorpus)->Unit(benchmark::kMicrosecond);

void BM_DecodeCorpusAndFields(benchmark::State& state) { decode_corpus(state, true); }
BENCHMARK(BM_DecodeCorpusAndFields)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace numaplan
