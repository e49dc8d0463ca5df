// The generic arch_numa code arm64 and riscv64 share around the shared
// acpi_numa_init(): arch_numa_init() with its numa_init(), dummy_numa_init()
// and numa_register_nodes() (arch/arm64/mm/numa.c in 5.10,
// drivers/base/arch_numa.c in 5.11-6.x, mm/arch_numa.c in 7.x). Read in the
// 5.10, 6.1, 6.12 and 7.3 sources; proven by the arm64 oracle cases
// (tests/kernel/arm64-cases) and the riscv64 ones (tests/kernel/riscv64-cases).
#include <algorithm>

#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

// numa_register_nodes() before numa_memblks (5.10, 6.1): every memblock
// region needs a node ("invalid memblk node" names the first that has none:
// nid MAX_NUMNODES, memblock's default); then every parsed node goes online,
// memoryless ones too.
int numa_register_nodes_memblock(Kernel& k) {
  k.memblock_pieces = memblock_set_nodes(k.memblock, k.numa_meminfo.blocks());
  for (const MemblockPiece& piece : k.memblock_pieces) {
    if (piece.nid != NUMA_NO_NODE) continue;
    const int digits = k.profile.arch_numa_pap_ranges ? 18 : 10;
    k.printk("NUMA: Warning: invalid memblk node " + std::to_string(k.max_numnodes) + " [mem " +
             hex_prefixed(piece.start, digits) + "-" + hex_prefixed(piece.end - 1, digits) + "]");
    k.fallback = Fallback::not_covered;
    k.fallback_line = k.log.back();
    k.ram_without_node = ram_without_node(k.memblock_pieces);
    return -EINVAL;
  }
  return 0;
}

// numa_memblks_init()'s numa_register_meminfo() and arch_numa's
// numa_register_nodes() (6.12+): memblock takes the cleaned-up blocks, then
// memblock_validate_numa_coverage(0) lets no page without a node through.
int numa_register_nodes_memblks(Kernel& k) {
  k.memblock_pieces = memblock_set_nodes(k.memblock, k.numa_meminfo.blocks());
  if (!memblock_validate_numa_coverage(k, 1)) {  // the kernel's threshold 0: any page fails
    k.fallback = Fallback::not_covered;
    k.fallback_line = k.log.back();
    k.ram_without_node = ram_without_node(k.memblock_pieces);
    return -EINVAL;
  }
  return 0;
}

// arch_acpi_numa_init() (arm64_acpi_numa_init() in 5.10).
int arch_acpi_numa_init(Kernel& k) {
  const int ret = acpi_numa_init(k);
  if (ret != 0) {
    if (k.profile.arch_numa_failed_line == ArchNumaFailedLine::acpi_numa) {
      k.printk("ACPI: NUMA: Failed to initialise from firmware");
    } else if (k.profile.arch_numa_failed_line == ArchNumaFailedLine::numa) {
      k.printk("NUMA: Failed to initialise from firmware");
    }
    return ret;
  }
  return k.srat_disabled() ? -EINVAL : 0;
}

// dummy_numa_init(): one node over memblock's DRAM; sets numa_off, so that
// pxm_to_node() answers NUMA_NO_NODE from then on ("-> Node -1" in the CPU
// lines after a fall-back).
int dummy_numa_init(Kernel& k) {
  if (k.numa_off) k.printk("NUMA: NUMA disabled");
  const std::uint64_t start = k.memblock.start_of_dram();
  const std::uint64_t end = k.memblock.memory.empty() ? 0 : k.memblock.memory.back().end;
  k.printk("NUMA: Faking a node at [mem " + hex_prefixed(start, 18) + "-" + hex_prefixed(end - 1, 18) + "]");
  numa_add_memblk(k, 0, start, end);
  k.numa_nodes_parsed[0] = true;
  k.numa_off = true;
  return 0;
}

// setup_node_data() (all four lines, from numa_register_nodes()): a node
// whose get_pfn_range_for_nid() is empty (no memblock region of it holds a
// whole page) is named memory-less. The NODE_DATA lines that follow it are
// left out: they print where memblock_alloc placed the pgdat.
void setup_node_data(Kernel& k, int nid) {
  const bool has_pages = std::any_of(k.memblock_pieces.begin(), k.memblock_pieces.end(),
                                     [nid](const MemblockPiece& p) { return p.nid == nid && p.pages() > 0; });
  if (!has_pages) k.printk("NUMA: Initmem setup node " + std::to_string(nid) + " [<memory-less node>]");
}

// numa_init(): the init function, then (6.12+) numa_memblks' clean-up, then
// numa_register_nodes(): the parsed nodes go online and are the possible ones.
int numa_init(Kernel& k, int (*init_func)(Kernel&)) {
  numa_reset(k);
  if (!k.profile.arch_numa_memblks) {
    // numa_alloc_distance() before the init function: nr_node_ids is still MAX_NUMNODES.
    const auto n = static_cast<std::size_t>(k.max_numnodes);
    k.numa_distance.assign(n * n, REMOTE_DISTANCE);
    for (std::size_t i = 0; i < n; ++i) k.numa_distance[i * n + i] = LOCAL_DISTANCE;
    k.numa_distance_cnt = k.max_numnodes;
  }
  int ret = init_func(k);
  if (ret >= 0 && k.profile.arch_numa_memblks) {
    ret = numa_cleanup_meminfo(k);
    if (ret < 0) {
      k.fallback = Fallback::overlap;
      k.fallback_line = k.log.back();
    }
  }
  if (ret < 0) return ret;
  if (std::none_of(k.numa_nodes_parsed.begin(), k.numa_nodes_parsed.end(), [](bool b) { return b; })) {
    k.printk("NUMA: No NUMA configuration found");
    return -EINVAL;
  }
  ret = k.profile.arch_numa_memblks ? numa_register_nodes_memblks(k) : numa_register_nodes_memblock(k);
  if (ret < 0) return ret;
  for (int nid = 0; nid < k.max_numnodes; ++nid) {
    if (k.numa_nodes_parsed[static_cast<std::size_t>(nid)]) setup_node_data(k, nid);
  }
  k.node_possible_map = k.numa_nodes_parsed;
  k.node_online_map = k.numa_nodes_parsed;
  return 0;
}

}  // namespace

// arch_numa_init(): ACPI first unless numa=off, else the dummy node (false).
// A riscv64 kernel before 6.10 has no ACPI NUMA (Profile::riscv_acpi_numa):
// the model gives it what it builds without NUMA information, one node, and
// says that its own source of nodes (the device tree) is not read.
bool arch_numa_init(Kernel& k) {
  if (k.config.arch == Arch::riscv64 && !k.profile.riscv_acpi_numa) {
    k.fallback = Fallback::no_acpi_numa;
    k.note("riscv64 kernels before 6.10 read no SRAT (" + std::string(k.profile.name) +
           "): 6.1 has no ACPI on riscv and takes its nodes from the device tree, which numaplan does not read; "
           "5.10 has no NUMA on riscv. Modelled as one node over all RAM");
  } else if (k.config.numa_off) {
    k.fallback = Fallback::numa_off;
  } else if (const int ret = numa_init(k, arch_acpi_numa_init); ret == 0) {
    return true;
  } else if (k.fallback == Fallback::none) {
    acpi_init_failed(k, ret);
  }
  numa_init(k, dummy_numa_init);
  return false;
}

// acpi_numa_gicc_affinity_init() (arch/arm64/kernel/acpi_numa.c) and
// acpi_numa_rintc_affinity_init() (arch/riscv/kernel/acpi_numa.c), through
// srat.c's acpi_parse_gicc_affinity() / acpi_parse_rintc_affinity(): the
// two kernels' copies differ only in the entry's size. An enabled entry's
// PXM takes a node, which becomes a parsed node whether or not MADT has the UID.
int acpi_parse_uid_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, const UidAffinity& kind) {
  if (k.srat_disabled()) {
    record(k, srat, entry, Event::Outcome::srat_disabled);
    return 0;
  }
  if (entry.length < kind.entry_size) {
    k.printk("ACPI: NUMA: SRAT: Invalid SRAT header length: " + std::to_string(entry.length));
    record_length(k, srat, entry, Event::Outcome::bad_length).line = k.log.back();
    bad_srat(k);
    return 0;
  }
  const auto flags = entry_field(srat, entry, kind.flags);
  const auto domain = entry_field(srat, entry, kind.proximity_domain);
  if (!flags || !domain) return 0;
  if ((*flags & ACPI_SRAT_UID_AFFINITY_ENABLED) == 0) {
    record(k, srat, entry, Event::Outcome::disabled, kind.flags);
    return 0;
  }
  const auto pxm = static_cast<std::int32_t>(static_cast<std::uint32_t>(*domain));
  const int node = acpi_map_pxm_to_node(k, pxm);
  Event& event = record(k, srat, entry, Event::Outcome::mapped, kind.proximity_domain);
  event.pxm = static_cast<std::uint32_t>(pxm);
  event.raw_pxm = static_cast<std::uint32_t>(*domain);
  event.node = node;
  if (node == NUMA_NO_NODE) {
    k.printk("ACPI: NUMA: SRAT: Too many proximity domains " + std::to_string(pxm));
    event.outcome = pxm < 0 || pxm >= k.max_pxm_domains ? Event::Outcome::pxm_too_large : Event::Outcome::too_many_nodes;
    event.line = k.log.back();
    bad_srat(k);
    return 0;
  }
  k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
  return 0;
}

namespace {

// get_cpu_for_acpi_id(): the first logical CPU whose GICC / RINTC has the UID.
int get_cpu_for_acpi_id(const std::vector<UidCpu>& cpus, std::uint32_t uid) {
  for (std::size_t cpu = 0; cpu < cpus.size(); ++cpu) {
    if (cpus[cpu].uid == uid) return static_cast<int>(cpu);
  }
  return -EINVAL;
}

}  // namespace

// acpi_map_cpus_to_nodes() -> acpi_parse_gicc_pxm() / acpi_parse_rintc_pxm()
// (arm64, riscv64): after NUMA set-up, each enabled affinity entry of the
// kind gives its CPU the PXM's node. A disabled SRAT (bad_srat()) fails the
// first entry, which ends the walk.
std::vector<int> acpi_map_cpus_to_nodes(Kernel& k, const UidAffinity& kind, const std::vector<UidCpu>& cpus) {
  std::vector<int> acpi_early_node_map(cpus.size(), NUMA_NO_NODE);
  const acpi::Table* srat = k.tables.first("SRAT");
  if (srat == nullptr || srat->desc == nullptr) return acpi_early_node_map;
  for (const acpi::Record& record : srat->subtables) {
    const std::uint64_t type = srat->type(record);
    if (type != kind.srat_type) continue;
    if (k.srat_disabled()) break;
    const SubtableEntry entry{type, record.offset, record.length};
    const auto flags = entry_field(*srat, entry, kind.flags);
    const auto domain = entry_field(*srat, entry, kind.proximity_domain);
    const auto uid = entry_field(*srat, entry, kind.acpi_processor_uid);
    if (!flags || !domain || !uid || (*flags & ACPI_SRAT_UID_AFFINITY_ENABLED) == 0) continue;
    const auto pxm = static_cast<std::int32_t>(static_cast<std::uint32_t>(*domain));
    const int node = pxm_to_node(k, pxm);
    const int cpu = get_cpu_for_acpi_id(cpus, static_cast<std::uint32_t>(*uid));
    if (cpu < 0) continue;
    acpi_early_node_map[static_cast<std::size_t>(cpu)] = node;
    k.printk("ACPI: NUMA: SRAT: PXM " + std::to_string(pxm) + " -> " + kind.hwid_name + " 0x" +
             lower_hex(cpus[static_cast<std::size_t>(cpu)].hwid) + " -> Node " + std::to_string(node));
  }
  return acpi_early_node_map;
}

}  // namespace numaplan::kernel::detail
