// Mirrors acpi_parse_cfmws() of drivers/acpi/numa/srat.c (5.17+; the
// numa_fill_memblks() rule from v6.7 and Debian 6.1.64; reserved memblks 6.16+).
#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

// Does SRAT already describe the window? v6.7+ extends the SRAT blocks over
// it. The node that holds it, or NUMA_NO_NODE.
int described_by_srat(Kernel& k, std::uint64_t start, std::uint64_t end) {
  // arch_numa before numa_memblks (arm64 5.10, 6.1) links only srat.c's
  // __weak numa_fill_memblks(), which finds no block (arm64 oracle case 10).
  if (uses_arch_numa(k) && !k.profile.arch_numa_memblks) return NUMA_NO_NODE;
  if (k.profile.cfmws_overlap == CfmwsOverlapRule::fill_memblks) return numa_fill_memblks(k, start, end);
  return phys_to_target_node(k, start);
}

}  // namespace

namespace {

// standby_nodes: label of [3/3] (20260610014517.253609-4-gourry@gourry.net),
// reached by a window SRAT covers and by one that got its node.
void request_cfmws_standby_nodes(Kernel& k) {
  if (!k.standby_rfc1()) return;
  k.cfmws_standby_count += k.config.standby_rfc1->add_cfmws_nodes;
  ++k.cfmws_standby_windows;
}

}  // namespace

// acpi_parse_cfmws(): one node per window SRAT does not describe, each with the next fake PXM.
int acpi_parse_cfmws(Kernel& k, const acpi::Table& cedt, const SubtableEntry& entry, void* arg) {
  using Outcome = Event::Outcome;
  int& fake_pxm = *static_cast<int*>(arg);
  const auto base = entry_field(cedt, entry, acpi::cedt::cfmws_fields::base_hpa);
  const auto size = entry_field(cedt, entry, acpi::cedt::cfmws_fields::window_size);
  CfmwsWindow window;
  if (!base || !size) {
    k.note("CEDT CFMWS at offset " + std::to_string(entry.offset) +
           ": its window lies past the table's end; the kernel would read the memory after the table, the model skips it");
    return 0;
  }
  window.start = *base;
  window.end = *base + *size;
  // 6.16+: align = 1UL << __ffs(start | end); 256 MiB or more is advised as
  // the memory block size (memory_block_advise_max_size() cannot fail this
  // early for a power of two), less is a BIOS bug. __ffs(0) is left to the
  // boots: tzcnt gives 64, and the shift by 64 wraps to 1.
  if (k.profile.cfmws_alignment_check) {
    const std::uint64_t bits = window.start | window.end;
    const std::uint64_t align = bits == 0 ? 1 : bits & (~bits + 1);
    if (align < (256ULL << 20)) k.printk("ACPI: CFMWS: [BIOS BUG] base/size alignment violates spec");
  }
  auto decided = [&](Outcome outcome, int pxm, int node) -> Event& {
    Event& event = record(k, cedt, entry, outcome, acpi::cedt::cfmws_fields::base_hpa);
    event.pxm = pxm;
    event.raw_pxm = static_cast<std::uint32_t>(pxm);
    event.node = node;
    event.start = window.start;
    event.end = window.end;
    return event;
  };
  if (const int srat_node = described_by_srat(k, window.start, window.end); srat_node != NUMA_NO_NODE) {
    window.absorbed = true;
    k.cfmws.push_back(window);
    decided(Outcome::cfmws_absorbed, k.node_to_pxm_map[static_cast<std::size_t>(srat_node)], srat_node);
    request_cfmws_standby_nodes(k);
    return 0;
  }
  const int node = acpi_map_pxm_to_node(k, fake_pxm);
  if (node == NUMA_NO_NODE) {
    k.printk("ACPI: ACPI NUMA: Too many proximity domains while processing CFMWS.");
    k.cfmws.push_back(window);
    decided(Outcome::cfmws_no_node, fake_pxm, NUMA_NO_NODE).line = k.log.back();
    return -EINVAL;
  }
  NumaMemblk kind;
  kind.from_cfmws = true;
  const int added = k.profile.cfmws_reserved_memblk ? numa_add_reserved_memblk(k, node, window.start, window.end, kind)
                                                    : numa_add_memblk(k, node, window.start, window.end, kind);
  if (added < 0) {
    k.printk("ACPI: ACPI NUMA: Failed to add memblk for CFMWS node " + std::to_string(node) + " [mem " +
             hex_prefixed(window.start) + "-" + hex_prefixed(window.end) + "]");
  }
  if (k.profile.cfmws_nodes_parsed) k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
  window.node = node;
  window.pxm = static_cast<std::uint32_t>(fake_pxm);
  k.cfmws.push_back(window);
  decided(Outcome::cfmws_fake_pxm, fake_pxm, node);
  ++fake_pxm;
  request_cfmws_standby_nodes(k);
  return 0;
}

}  // namespace numaplan::kernel::detail
