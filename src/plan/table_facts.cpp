#include "numaplan/plan/table_facts.h"

#include <algorithm>
#include <string_view>

#include "numaplan/acpi/tables.h"

namespace numaplan::plan::facts {

namespace {

// Views of the decoded subtables of one type in the first table of a signature.
template <typename Visit>
void for_each_subtable(const acpi::TableSet& tables, std::string_view signature, std::uint64_t type, Visit visit) {
  const acpi::Table* table = tables.first(signature);
  if (table == nullptr) return;
  for (const acpi::Record& record : table->subtables) {
    if (record.desc != nullptr && table->type(record) == type) visit(table->view(record));
  }
}

// The elements of a record's list, as far as the record holds them.
std::vector<std::uint64_t> array_elements(const acpi::StructView& view, acpi::Array list) {
  std::vector<std::uint64_t> out;
  for (const acpi::ArrayView& array : view.arrays()) {
    if (array.desc != &*list) continue;
    for (std::uint64_t i = 0; i < array.count; ++i) {
      const auto value = view.element(array, i);
      if (value) out.push_back(*value);
    }
  }
  return out;
}

constexpr std::uint64_t kSratGenericPort = 6;

}  // namespace

std::optional<int> Slit::at(std::uint32_t from, std::uint32_t to) const {
  if (!valid || from >= localities || to >= localities) return std::nullopt;
  return entries[from * localities + to];
}

// slit_valid() in drivers/acpi/numa/srat.c (all versions): diagonal 10,
// everything else above 10.
Slit read_slit(const acpi::TableSet& tables) {
  Slit slit;
  const acpi::Table* table = tables.first("SLIT");
  if (table == nullptr) return slit;
  const acpi::StructView header = table->header_view();
  slit.localities = header.get_or(acpi::slit::header_fields::locality_count, 0);
  for (const acpi::ArrayView& array : header.arrays()) {
    if (array.count != array.wanted) return slit;  // truncated: the kernel would read past the table
    for (std::uint64_t i = 0; i < array.count; ++i) {
      slit.entries.push_back(static_cast<std::uint8_t>(header.element(array, i).value_or(0)));
    }
  }
  if (slit.localities == 0 || slit.entries.size() != slit.localities * slit.localities) return slit;
  for (std::uint64_t i = 0; i < slit.localities; ++i) {
    for (std::uint64_t j = 0; j < slit.localities; ++j) {
      const int value = slit.entries[i * slit.localities + j];
      if (i == j ? value != 10 : value <= 10) return slit;
    }
  }
  slit.valid = true;
  return slit;
}

std::map<std::uint32_t, std::uint32_t> generic_ports(const acpi::TableSet& tables) {
  std::map<std::uint32_t, std::uint32_t> ports;
  for_each_subtable(tables, "SRAT", kSratGenericPort, [&](const acpi::StructView& view) {
    namespace f = acpi::srat::initiator_fields;
    if ((view.get_or(f::flags, 0) & 1U) == 0 || view.get_or(f::device_handle_type, 1) != 0) return;
    const auto uid = view.get(f::acpi_uid);
    const auto pxm = view.get(f::proximity_domain);
    if (uid && pxm) ports.emplace(static_cast<std::uint32_t>(*uid), static_cast<std::uint32_t>(*pxm));
  });
  return ports;
}

std::set<std::uint32_t> host_bridges(const acpi::TableSet& tables) {
  std::set<std::uint32_t> uids;
  for_each_subtable(tables, "CEDT", 0, [&](const acpi::StructView& view) {
    if (const auto uid = view.get(acpi::cedt::chbs_fields::uid)) uids.insert(static_cast<std::uint32_t>(*uid));
  });
  return uids;
}

std::vector<std::vector<std::uint32_t>> cfmws_targets(const acpi::TableSet& tables) {
  std::vector<std::vector<std::uint32_t>> windows;
  for_each_subtable(tables, "CEDT", 1, [&](const acpi::StructView& view) {
    std::vector<std::uint32_t> targets;
    for (std::uint64_t uid : array_elements(view, acpi::cedt::cfmws_arrays::interleave_targets)) targets.push_back(static_cast<std::uint32_t>(uid));
    windows.push_back(std::move(targets));
  });
  return windows;
}

std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> hmat_latencies(const acpi::TableSet& tables) {
  constexpr std::uint64_t kAccessLatency = 0, kReadLatency = 1;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> by_type[2];
  for_each_subtable(tables, "HMAT", 1, [&](const acpi::StructView& view) {
    namespace f = acpi::hmat::locality_fields;
    const std::uint64_t data_type = view.get_or(f::data_type, 99);
    if ((view.get_or(f::flags, 0xF) & 0xFU) != 0 || (data_type != kAccessLatency && data_type != kReadLatency)) return;
    const std::uint64_t unit = view.get_or(f::entry_base_unit, 0);
    const auto initiators = array_elements(view, acpi::hmat::locality_arrays::initiator_pds);
    const auto targets = array_elements(view, acpi::hmat::locality_arrays::target_pds);
    const auto entries = array_elements(view, acpi::hmat::locality_arrays::entries);
    if (unit == 0 || entries.size() != initiators.size() * targets.size()) return;
    for (std::size_t i = 0; i < initiators.size(); ++i) {
      for (std::size_t t = 0; t < targets.size(); ++t) {
        const std::uint64_t entry = entries[i * targets.size() + t];
        if (entry == 0 || entry == 0xFFFF) continue;
        by_type[data_type].emplace(std::pair{static_cast<std::uint32_t>(initiators[i]), static_cast<std::uint32_t>(targets[t])},
                                   entry * unit);
      }
    }
  });
  auto latencies = by_type[kAccessLatency];
  latencies.insert(by_type[kReadLatency].begin(), by_type[kReadLatency].end());  // keeps access latency first
  return latencies;
}

}  // namespace numaplan::plan::facts
