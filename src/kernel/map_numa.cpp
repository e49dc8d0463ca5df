// map_numa(): runs the model and reports what the kernel built. The CPU part
// mirrors numa_init_array() and init_cpu_to_node() / init_gi_nodes() of
// arch/x86/mm/numa.c; N_MEMORY mirrors free_area_init() (mm/mm_init.c).
#include <algorithm>

#include "kernel.h"

namespace numaplan::kernel {

namespace detail {

Kernel::Kernel(const Config& config_, const acpi::TableSet& tables_)
    : config(config_),
      profile(config_.profile),
      tables(tables_),
      max_numnodes(kernel::max_numnodes(config_.nodes_shift)),
      max_pxm_domains(kernel::max_pxm_domains(max_numnodes)),
      pxm_to_node_map(static_cast<std::size_t>(max_pxm_domains), NUMA_NO_NODE),
      node_to_pxm_map(static_cast<std::size_t>(max_numnodes), PXM_INVAL),
      numa_off(config_.numa_off),
      generic_initiator(static_cast<std::size_t>(max_numnodes), false) {}

namespace {

// Without a memory map: SRAT's enabled, non-hotplug ranges stand for RAM.
// A range with the Specific-Purpose flag (bit 3, ACPI 6.3+) is not: the
// kernel never reads that flag (no SRAT handler tests it, 5.10-7.3), but
// firmware that sets it marks the range EFI_MEMORY_SP in the EFI memory map,
// which the EFI stub turns into E820_TYPE_SOFT_RESERVED (do_add_efi_memmap(),
// arch/x86/platform/efi/efi.c): it stands for the map's Soft Reserved entry.
std::vector<MemRange> ram_from_srat(Kernel& k) {
  constexpr std::uint64_t kEnabled = 1, kHotPluggable = 2, kSpecificPurpose = 8;
  std::vector<MemRange> ram;
  const acpi::Table* srat = k.tables.first("SRAT");
  if (srat != nullptr && srat->desc != nullptr) {
    for (const acpi::Record& record : srat->subtables) {
      if (srat->type(record) != 1 || record.desc == nullptr) continue;
      const acpi::StructView view = srat->view(record);
      namespace f = acpi::srat::memory_fields;
      const std::uint64_t flags = view.get_or(f::flags, 0);
      if ((flags & kEnabled) == 0 || (flags & kHotPluggable) != 0) continue;
      const std::uint64_t base = view.get_or(f::base_address, 0);
      const MemRange range{base, base + view.get_or(f::length, 0)};
      ((flags & kSpecificPurpose) != 0 ? k.soft_reserved : ram).push_back(range);
    }
  }
  k.note("no memory map given: RAM taken to be SRAT's enabled, non-hotplug memory ranges (give --memmap for the real one)");
  if (!k.soft_reserved.empty()) {
    k.note("no memory map given: SRAT's Specific-Purpose ranges taken to be Soft Reserved (EFI_MEMORY_SP), as firmware "
           "that sets the flag marks them in the EFI memory map; the kernel itself does not read the SRAT flag");
  }
  return ram;
}

// acpi_boot_init()'s MADT walk and prefill_possible_map() /
// topology_init_possible_cpus(): the present CPUs by logical number (no node
// yet) and the hotplug ones, with their lines.
CpuPlacement register_cpus(Kernel& k) {
  CpuPlacement out;
  std::vector<Cpu> cpus;
  if (k.config.cpus) {
    for (std::uint32_t id : *k.config.cpus) cpus.push_back(Cpu{id > 0xFF ? Cpu::Kind::x2apic : Cpu::Kind::apic, id});
    out.source = "config";
    k.num_processors = static_cast<int>(cpus.size());
    prefill_possible_map(k, static_cast<int>(cpus.size()), static_cast<int>(cpus.size()));
  } else if (acpi_parse_madt_lapic_entries(k, cpus, out.hotplug)) {
    out.source = "madt";
    prefill_possible_map(k, static_cast<int>(cpus.size()), static_cast<int>(cpus.size() + out.hotplug.size()));
  } else {
    // No MADT: the CPUs the kernel counts are unknown, and so is its "Allowing" line.
    cpus = k.srat_cpus;
    out.source = "srat";
  }
  for (const Cpu& cpu : cpus) out.cpus.emplace_back(cpu, NUMA_NO_NODE);
  return out;
}

// init_cpu_to_node(): a present CPU's SRAT node goes online. A CPU SRAT does
// not place stays on node 0, the per-CPU numa_node default (oracle case 06:
// no round-robin over the nodes on either kernel). Hotplug CPUs get their
// node when plugged.
void init_cpu_to_node(Kernel& k, CpuPlacement& placed) {
  // Each id's last SRAT entry gives the kind reported (x2APIC entries stay x2APIC).
  std::unordered_map<std::uint32_t, Cpu::Kind> entry_kind;
  for (const CpuEntry& e : k.cpu_entries) entry_kind[e.cpu.id] = e.cpu.kind;
  for (auto& [cpu, node] : placed.cpus) {
    const auto mapped = k.apicid_to_node.find(cpu.id);
    node = mapped != k.apicid_to_node.end() ? mapped->second : 0;
    if (mapped != k.apicid_to_node.end()) {
      online_cpu_or_gi_node(k, node);
    } else {
      k.node_online_map[static_cast<std::size_t>(node)] = true;
    }
    if (mapped != k.apicid_to_node.end()) {
      const auto kind = entry_kind.find(cpu.id);
      if (kind != entry_kind.end()) cpu.kind = kind->second;
    }
  }
}

NodeMask mask_of(const std::vector<bool>& bits) {
  NodeMask mask;
  for (std::size_t n = 0; n < bits.size(); ++n) {
    if (bits[n]) mask.set(static_cast<int>(n));
  }
  return mask;
}

std::string origin_of(const Kernel& k, bool from_srat, int node) {
  if (k.exclusive_nodes.test(node)) return "standby";
  if (!from_srat) return "dummy";
  return k.node_to_pxm_map[static_cast<std::size_t>(node)] <= k.last_real_pxm ? "srat" : "cfmws";
}

bool overlaps_any(const std::vector<MemRange>& ranges, std::uint64_t start, std::uint64_t end) {
  return std::any_of(ranges.begin(), ranges.end(), [&](const MemRange& r) { return r.start < end && start < r.end; });
}

void add_memory(Layout& layout, const std::vector<int>& index, std::span<const NumaMemblk> blocks, bool reserved,
                bool from_srat, const std::vector<MemRange>& soft_reserved) {
  for (const NumaMemblk& b : blocks) {
    const int at = b.nid >= 0 && static_cast<std::size_t>(b.nid) < index.size() ? index[static_cast<std::size_t>(b.nid)] : -1;
    if (at < 0) continue;
    layout.nodes[static_cast<std::size_t>(at)].memory.push_back(
        NodeMemory{b.start, b.end, b.hotplug, b.non_volatile, !from_srat ? "dummy" : b.from_cfmws ? "cfmws" : "srat",
                   reserved, overlaps_any(soft_reserved, b.start, b.end)});
  }
}

// Soft-reserved memory: never in memblock.memory (e820__memblock_setup()
// reserves it), so no node has RAM there at boot; hmem_register_device()
// (drivers/dax/hmem/device.c, 5.10-7.3) gives its device-dax region the
// node phys_to_target_node() finds for the range's start.
std::vector<SpecificPurpose> specific_purpose(const Kernel& k, bool from_srat) {
  std::vector<SpecificPurpose> out;
  for (const MemRange& r : k.soft_reserved) {
    if (r.start >= r.end) continue;
    out.push_back({r.start, r.end, from_srat ? phys_to_target_node(k, r.start) : NUMA_NO_NODE,
                   k.config.ram ? "memmap" : "srat"});
  }
  std::sort(out.begin(), out.end(), [](const SpecificPurpose& a, const SpecificPurpose& b) { return a.start < b.start; });
  return out;
}

// RAM left without a node (under the coverage check's 1 MiB slack) keeps nid
// MAX_NUMNODES in memblock; free_area_init() then dereferences NODE_DATA of
// that node and both 6.1 and 6.12 panic (oracle case 16).
// `unplaced`: ram_without_node() of the final memblock.
std::string crash_of(const std::vector<MemRange>& unplaced) {
  if (unplaced.empty()) return "";
  return "RAM " + mem_range(unplaced.front().start, unplaced.front().end) +
         " has no node: less than the 1 MiB the coverage check lets through, so NUMA is used, but memblock "
         "keeps the range on node MAX_NUMNODES (\"Usage of MAX_NUMNODES is deprecated\") and the kernel oopses in "
         "free_area_init() and panics";
}

Expected<Layout> report(Kernel& k, bool from_srat, const CpuPlacement& placed, const std::vector<NodeFallback>& zonelists) {
  Layout layout;
  layout.profile = std::string(k.profile.name);
  layout.max_numnodes = k.max_numnodes;
  layout.max_pxm_domains = k.max_pxm_domains;
  layout.numa_from_srat = from_srat;
  layout.possible = mask_of(k.node_possible_map);
  layout.online = mask_of(k.node_online_map);
  layout.generic_initiator = mask_of(k.generic_initiator);

  std::vector<int> index(static_cast<std::size_t>(k.max_numnodes), -1);
  for (int n : layout.possible.nodes()) {
    index[static_cast<std::size_t>(n)] = static_cast<int>(layout.nodes.size());
    Node node;
    node.node = n;
    node.origin = origin_of(k, from_srat, n);
    node.has_pxm = node.origin != "standby";
    node.pxm = from_srat && node.has_pxm ? static_cast<std::uint32_t>(k.node_to_pxm_map[static_cast<std::size_t>(n)]) : 0;
    node.generic_initiator = k.generic_initiator[static_cast<std::size_t>(n)];
    layout.nodes.push_back(std::move(node));
  }
  add_memory(layout, index, k.numa_meminfo.blocks(), false, from_srat, k.soft_reserved);
  add_memory(layout, index, k.numa_reserved_meminfo.blocks(), true, from_srat, k.soft_reserved);
  // A node's RAM: its memblock pieces, whole pages (as free_area_init() counts them).
  for (const MemblockPiece& p : k.memblock_pieces) {
    const int at = p.nid >= 0 ? index[static_cast<std::size_t>(p.nid)] : -1;
    if (at < 0 || p.pages() == 0) continue;
    layout.nodes[static_cast<std::size_t>(at)].ram.push_back({pfn_up(p.start) * PAGE_SIZE, pfn_down(p.end) * PAGE_SIZE});
  }
  layout.specific_purpose = specific_purpose(k, from_srat);
  for (Node& node : layout.nodes) {
    std::sort(node.memory.begin(), node.memory.end(),
              [](const NodeMemory& a, const NodeMemory& b) { return a.start < b.start; });
  }
  layout.memory = mask_of(k.n_memory);
  for (const NodeFallback& f : zonelists) layout.nodes[static_cast<std::size_t>(index[static_cast<std::size_t>(f.node)])].fallback = f.order;
  for (const auto& [cpu, node] : placed.cpus) {
    layout.cpu_to_node.push_back(node);
    layout.cpu_ids.push_back(cpu);
    layout.cpu.set(node);
    const int at = index[static_cast<std::size_t>(node)];
    if (at >= 0) layout.nodes[static_cast<std::size_t>(at)].cpus.push_back(cpu);
  }
  layout.present_cpus = static_cast<int>(placed.cpus.size());
  layout.present_offline_cpus = placed.present_offline;
  for (const Cpu& cpu : placed.hotplug) {
    layout.cpu_to_node.push_back(NUMA_NO_NODE);
    layout.cpu_ids.push_back(cpu);
  }
  layout.cpu_source = placed.source;
  layout.x2apic_mode = k.x2apic_mode;
  layout.x2apic_reason = k.x2apic_reason;

  layout.distance_nodes = layout.possible.nodes();
  layout.distance_table_nodes = k.numa_distance_cnt;
  auto distance = NodeDistances::from_table(k.numa_distance_cnt, std::move(k.numa_distance));
  if (!distance) return std::move(distance).error();
  layout.distance = std::move(*distance);
  std::vector<MemRange> unplaced = ram_without_node(k.memblock_pieces);
  layout.crash = crash_of(unplaced);
  layout.fallback = k.fallback;
  layout.fallback_line = std::move(k.fallback_line);
  // The RAM that crashes the boot, else what the coverage check counted before the fall-back.
  layout.ram_without_node = unplaced.empty() ? std::move(k.ram_without_node) : std::move(unplaced);
  layout.cfmws = std::move(k.cfmws);
  if (k.standby_rfc1()) {
    layout.standby = StandbyReport{k.numa_standby_nodes,      k.numa_acpi_standby_nodes, k.acpi_standby_kconfig,
                                   k.cfmws_standby_count,     k.cfmws_standby_windows,   k.standby_candidates,
                                   k.exclusive_nodes};
  }
  layout.log = std::move(k.log);
  layout.notes = std::move(k.notes);
  layout.events = std::move(k.events);
  return layout;
}

}  // namespace
}  // namespace detail

std::string arch_not_modelled(Arch arch, const Profile& profile) {
  if (arch != Arch::loongarch64 || profile.loongarch_numa_memblks) return "";
  return "loongarch64 is modelled from kernel 7.3 on, not for " + profile.name +
         ": LoongArch arrived in 5.19, and up to 6.12 its init_numa_memory() assigns memory to nodes by walking the "
         "EFI memory map (init_node_memblock()), which numaplan does not model";
}

Expected<void> check_config(const Config& config) {
  if (config.nodes_shift < 1 || config.nodes_shift > kModelMaxNodesShift) {
    return make_error(ErrorKind::usage, "nodes_shift",
                      std::to_string(config.nodes_shift) + " is outside 1.." + std::to_string(kModelMaxNodesShift));
  }
  if (const std::string why = arch_not_modelled(config.arch, config.profile); !why.empty()) {
    return make_error(ErrorKind::usage, "arch", why);
  }
  return {};
}

Expected<Layout> map_numa(const acpi::TableSet& tables, const Config& config) {
  using namespace detail;
  if (auto valid = check_config(config); !valid) return std::move(valid).error();
  Kernel k(config, tables);
  const bool x86 = config.arch == Arch::x86_64;
  const bool loongarch = config.arch == Arch::loongarch64;
  if (!x86) {
    const std::string arch(to_string(config.arch));
    if (config.numa_noacpi) k.note("numa=noacpi: " + arch + " kernels know no such word; ignored");
    if (loongarch && config.numa_off) k.note("numa=off: loongarch64 kernels know no such word; ignored");
  } else if (config.x2apic_mode) {
    k.x2apic_mode = *config.x2apic_mode;
    k.x2apic_reason = std::string(k.x2apic_mode ? "x2APIC" : "xAPIC") + " mode: as configured";
  } else {
    k.x2apic_mode = decide_x2apic_mode(tables, k.x2apic_reason);
  }
  if (config.ram) k.soft_reserved = config.soft_reserved;
  const std::vector<MemRange> ram = config.ram ? *config.ram : ram_from_srat(k);
  k.memblock = x86 ? e820_memblock_setup(ram) : arm64_memblock_init(ram, config.ram.has_value());
  if (config.standby_rfc1) parse_standby_options(k);  // early parameters, before any NUMA init
  if (config.numa_noacpi && x86) k.acpi_numa = -1;
  // LoongArch numbers its CPUs (acpi_boot_table_init()) before its NUMA set-up.
  const LoongarchCpus core_pics = loongarch ? loongarch_madt_cpus(k) : LoongarchCpus{};
  const bool from_srat = x86 ? x86_numa_init(k) : loongarch ? init_numa_memory(k) : arch_numa_init(k);
  // setup_arch(): paging_init() -> free_area_init() (up to 6.12), the MADT
  // walk (acpi_boot_init()) and the possible CPUs, then init_cpu_to_node() and
  // init_gi_nodes(); start_kernel(): mm_core_init_early() -> free_area_init()
  // (7.3), setup_per_cpu_areas(), then build_all_zonelists(); hmat_init() is
  // a subsys_initcall, much later. The model keeps init_cpu_to_node() after
  // free_area_init() on every line.
  // arm64: bootmem_init() -> free_area_init() (up to 6.12), then
  // smp_init_cpus() numbers the GICCs and acpi_map_cpus_to_nodes() places
  // them; 7.3's free_area_init() comes after setup_arch(), as on x86.
  // riscv64: misc_mem_init() -> zone_sizes_init() -> free_area_init() (6.12;
  // mm_core_init_early() after setup_arch() in 7.3), setup_smp() and
  // acpi_map_cpus_to_nodes() in setup_arch(). loongarch64 (7.3):
  // prefill_possible_map() in setup_arch(), free_area_init() after it, the
  // CPUs' nodes in smp_prepare_boot_cpu().
  CpuPlacement placed;
  if (config.arch == Arch::arm64 || config.arch == Arch::riscv64) {
    if (!k.profile.free_area_init_after_setup_arch) free_area_init(k);
    placed = config.arch == Arch::arm64 ? place_gicc_cpus(k) : place_rintc_cpus(k);
    if (k.profile.free_area_init_after_setup_arch) free_area_init(k);
  } else if (loongarch) {
    placed = place_core_pic_cpus(k, core_pics);
    free_area_init(k);
  } else {
    if (!k.profile.free_area_init_after_setup_arch) free_area_init(k);
    placed = register_cpus(k);
    if (k.profile.free_area_init_after_setup_arch) free_area_init(k);
    init_cpu_to_node(k, placed);
  }
  // x86's init_gi_nodes(): generic-initiator nodes go online (their state
  // survives a fall-back). arch_numa onlines every parsed node already;
  // LoongArch has no such step.
  for (std::size_t n = 0; n < k.generic_initiator.size() && x86; ++n) {
    if (k.generic_initiator[n]) online_cpu_or_gi_node(k, static_cast<int>(n));
  }
  // nr_cpu_ids: the possible CPUs (present and hotplug), when known: the
  // MADT's or Config::cpus, not SRAT's CPU entries standing in for a missing MADT.
  // x86's setup_per_cpu_areas() line; arm64 prints none of that form.
  if (placed.source != "srat" && x86) setup_per_cpu_areas(k, static_cast<int>(placed.cpus.size() + placed.hotplug.size()));
  const std::vector<NodeFallback> zonelists = build_all_zonelists(k);
  if (config.arch == Arch::arm64) acpi_table_parse_srat_its(k);  // init_IRQ(): the GICv3 ITS driver
  hmat_init(k);
  Expected<Layout> layout = report(k, from_srat, placed, zonelists);
  if (layout && loongarch && !from_srat) {
    layout->crash = "init_numa_memory() fails and LoongArch has no fall-back node: platform_init() ignores the "
                    "error and the kernel goes on with no possible node";
  }
  return layout;
}

}  // namespace numaplan::kernel
