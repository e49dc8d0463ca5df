// Mirrors acpi_parse_slit() and slit_valid() of drivers/acpi/numa/srat.c
// (unchanged since 4.x; 6.1 split the loop into acpi_numa_slit_init()).
#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

// The SLIT matrix, or nullopt when the table holds fewer entries than
// Localities² (the kernel would read past the table).
std::optional<std::span<const std::uint8_t>> slit_entries(Kernel& k, const acpi::Table& slit, std::uint64_t count) {
  const auto arrays = slit.header_view().arrays();
  if (arrays.empty()) return std::nullopt;
  const acpi::ArrayView& matrix = arrays.front();
  if (matrix.count < matrix.wanted || count > 0xFFFFFFFFULL) {
    k.note("SLIT: " + std::to_string(count) + " localities need " + std::to_string(matrix.wanted) +
           " entries, the table holds " + std::to_string(matrix.count) +
           "; the kernel would read past the table, the model treats the SLIT as invalid");
    return std::nullopt;
  }
  return std::span<const std::uint8_t>(slit.bytes).subspan(matrix.offset, matrix.count);
}

// slit_valid(): 10 on the diagonal, more than 10 elsewhere.
bool slit_valid(std::span<const std::uint8_t> entry, std::uint64_t d) {
  for (std::uint64_t i = 0; i < d; ++i) {
    for (std::uint64_t j = 0; j < d; ++j) {
      const std::uint8_t val = entry[d * i + j];
      if (i == j ? val != LOCAL_DISTANCE : val <= LOCAL_DISTANCE) return false;
    }
  }
  return true;
}

}  // namespace

// acpi_parse_slit(): rows and columns are PXMs; those without a node are skipped.
int acpi_parse_slit(Kernel& k, const acpi::Table& slit) {
  const std::uint64_t d = slit.header_view().get_or(acpi::slit::header_fields::locality_count, 0);
  const auto entry = slit_entries(k, slit, d);
  if (!entry || !slit_valid(*entry, d)) {
    k.printk("ACPI: SLIT table looks invalid. Not used.");
    return -EINVAL;
  }
  std::vector<int> nodes;  // pxm_to_node() of each locality that has one
  std::vector<std::uint64_t> pxms;
  for (std::uint64_t i = 0; i < d && i < static_cast<std::uint64_t>(k.max_pxm_domains); ++i) {
    const int node = pxm_to_node(k, static_cast<std::int64_t>(i));
    if (node == NUMA_NO_NODE) continue;
    nodes.push_back(node);
    pxms.push_back(i);
  }
  for (std::size_t a = 0; a < nodes.size(); ++a) {
    for (std::size_t b = 0; b < nodes.size(); ++b) numa_set_distance(k, nodes[a], nodes[b], (*entry)[d * pxms[a] + pxms[b]]);
  }
  return 0;
}

}  // namespace numaplan::kernel::detail
