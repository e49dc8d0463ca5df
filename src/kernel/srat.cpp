// Mirrors drivers/acpi/numa/srat.c (pr_fmt "ACPI: "): the PXM maps,
// bad_srat(), the memory and generic-initiator handlers and acpi_numa_init().
// acpi_parse_slit() is in slit.cpp, acpi_parse_cfmws() in cfmws.cpp.
#include <algorithm>

#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint64_t ACPI_SRAT_TYPE_CPU_AFFINITY = 0;
constexpr std::uint64_t ACPI_SRAT_TYPE_MEMORY_AFFINITY = 1;
constexpr std::uint64_t ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY = 2;
constexpr std::uint64_t ACPI_SRAT_TYPE_GICC_AFFINITY = 3;
constexpr std::uint64_t ACPI_SRAT_TYPE_GENERIC_AFFINITY = 5;
constexpr std::uint64_t ACPI_SRAT_TYPE_RINTC_AFFINITY = 7;
constexpr std::uint64_t ACPI_CEDT_TYPE_CFMWS = 1;
constexpr std::uint32_t ACPI_SRAT_MEM_ENABLED = 1U << 0;
constexpr std::uint32_t ACPI_SRAT_MEM_HOT_PLUGGABLE = 1U << 1;
constexpr std::uint32_t ACPI_SRAT_MEM_NON_VOLATILE = 1U << 2;
constexpr std::uint32_t ACPI_SRAT_GENERIC_AFFINITY_ENABLED = 1U << 0;
constexpr std::uint32_t kSratMemAffinitySize = 40;  // sizeof(struct acpi_srat_mem_affinity)

// A field the kernel would read past the table's end: say so, treat the entry as absent.
bool field_missing(Kernel& k, const SubtableEntry& entry, const char* what) {
  k.note("SRAT entry at offset " + std::to_string(entry.offset) + ": its " + what +
         " lies past the table's end; the kernel would read the memory after the table, the model skips the entry");
  return true;
}

// __acpi_map_pxm_to_node() (unchanged since 4.x): keeps the lowest id each way.
void map_pxm_and_node(Kernel& k, int pxm, int node) {
  int& to_node = k.pxm_to_node_map[static_cast<std::size_t>(pxm)];
  if (to_node == NUMA_NO_NODE || node < to_node) to_node = node;
  int& to_pxm = k.node_to_pxm_map[static_cast<std::size_t>(node)];
  if (to_pxm == PXM_INVAL || pxm < to_pxm) to_pxm = pxm;
}

// The outcome when acpi_map_pxm_to_node() has no node for `pxm`: the PXM is
// beyond the map, or every node id is taken.
Event::Outcome no_node_outcome(const Kernel& k, std::int64_t pxm) {
  return pxm < 0 || pxm >= k.max_pxm_domains ? Event::Outcome::pxm_too_large : Event::Outcome::too_many_nodes;
}

// acpi_parse_memory_affinity() (6.12+) / acpi_numa_memory_affinity_init() (6.1): same checks and lines.
int acpi_parse_memory_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  using Outcome = Event::Outcome;
  if (k.srat_disabled()) {
    record(k, srat, entry, Outcome::srat_disabled);
    return 0;
  }
  if (entry.length < kSratMemAffinitySize) {
    k.printk("ACPI: SRAT: Unexpected header length: " + std::to_string(entry.length));
    record_length(k, srat, entry, Outcome::bad_length).line = k.log.back();
    bad_srat(k);
    return 0;
  }
  namespace f = acpi::srat::memory_fields;
  const auto flags = entry_field(srat, entry, f::flags);
  const auto base = entry_field(srat, entry, f::base_address);
  const auto length = entry_field(srat, entry, f::length);
  const auto domain = entry_field(srat, entry, f::proximity_domain);
  if (!flags || !base || !length || !domain) return field_missing(k, entry, "Memory Affinity fields"), 0;
  if ((*flags & ACPI_SRAT_MEM_ENABLED) == 0) {
    record(k, srat, entry, Outcome::disabled, f::flags);
    return 0;
  }
  // Without CONFIG_MEMORY_HOTPLUG, 5.10 skips a hot-pluggable entry
  // ("goto out_err"); 6.1 masks the flag and keeps the entry as boot memory.
  const bool hotplug_flag = (*flags & ACPI_SRAT_MEM_HOT_PLUGGABLE) != 0;
  if (hotplug_flag && !k.config.memory_hotplug && !k.profile.hotplug_entries_without_memory_hotplug) {
    record(k, srat, entry, Outcome::hotplug_skipped, f::flags);
    return 0;
  }
  const bool hotpluggable = hotplug_flag && k.config.memory_hotplug;
  const bool non_volatile = (*flags & ACPI_SRAT_MEM_NON_VOLATILE) != 0;
  const std::uint64_t start = *base;
  const std::uint64_t end = start + *length;
  const auto pxm = static_cast<std::int32_t>(  // `int pxm`
      memory_affinity_pxm(k.acpi_srat_revision, static_cast<std::uint32_t>(*domain)));
  auto decided = [&](Outcome outcome) -> Event& {
    Event& event = record(k, srat, entry, outcome, f::proximity_domain);
    event.pxm = static_cast<std::uint32_t>(pxm);
    event.raw_pxm = static_cast<std::uint32_t>(*domain);
    event.start = start;
    event.end = end;
    return event;
  };
  const int node = acpi_map_pxm_to_node(k, pxm);
  if (node == NUMA_NO_NODE) {
    k.printk("ACPI: SRAT: Too many proximity domains.");
    decided(no_node_outcome(k, pxm)).line = k.log.back();
    bad_srat(k);
    return 0;
  }
  NumaMemblk kind;
  kind.hotplug = hotpluggable;
  kind.non_volatile = non_volatile;
  if (numa_add_memblk(k, node, start, end, kind) < 0) {
    k.printk("ACPI: SRAT: Failed to add memblk to node " + std::to_string(node) + " " + mem_range(start, end));
    bad_srat(k);
    return 0;
  }
  k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
  k.printk("ACPI: SRAT: Node " + std::to_string(node) + " PXM " + std::to_string(static_cast<std::uint32_t>(pxm)) +
           " " + mem_range(start, end) + (hotpluggable ? " hotplug" : "") + (non_volatile ? " non-volatile" : ""));
  Event& mapped = decided(Outcome::mapped);
  mapped.node = node;
  mapped.line = k.log.back();
  ++k.parsed_numa_memblks;
  return 0;
}

// acpi_parse_gi_affinity() (5.10+, X86 || ARM64): a disabled entry is an error,
// which stops the walk calling the later CPU handlers.
int acpi_parse_gi_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  namespace f = acpi::srat::initiator_fields;
  const auto flags = entry_field(srat, entry, f::flags);
  const auto domain = entry_field(srat, entry, f::proximity_domain);
  if (!flags || !domain) return field_missing(k, entry, "Generic Initiator fields"), 0;
  if ((*flags & ACPI_SRAT_GENERIC_AFFINITY_ENABLED) == 0) {
    record(k, srat, entry, Event::Outcome::disabled, f::flags);
    return -EINVAL;
  }
  const auto pxm = static_cast<std::int32_t>(static_cast<std::uint32_t>(*domain));
  const int node = acpi_map_pxm_to_node(k, pxm);
  Event& event = record(k, srat, entry, node == NUMA_NO_NODE ? no_node_outcome(k, pxm) : Event::Outcome::mapped,
                        f::proximity_domain);
  event.pxm = static_cast<std::uint32_t>(pxm);
  event.raw_pxm = static_cast<std::uint32_t>(*domain);
  event.node = node;
  if (node == NUMA_NO_NODE) {
    k.printk("ACPI: SRAT: Too many proximity domains.");
    event.line = k.log.back();
    return -EINVAL;
  }
  k.numa_nodes_parsed[static_cast<std::size_t>(node)] = true;
  k.generic_initiator[static_cast<std::size_t>(node)] = true;
  return 0;
}

// The CPU handlers of other architectures (x86's APIC entries on arm64 and
// riscv64, GICC on all but arm64, RINTC on all but riscv64): empty stubs in
// the kernel being modelled.
int acpi_parse_other_arch_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  k.note("SRAT entry at offset " + std::to_string(entry.offset) + " (type " + std::to_string(entry.type) +
         ") belongs to another architecture; an " + std::string(to_string(k.config.arch)) + " kernel ignores it");
  record(k, srat, entry, Event::Outcome::not_parsed_on_this_arch);
  return 0;
}

// acpi_parse_srat() + the two SRAT walks of acpi_numa_init(): CPU and
// initiator entries first, memory second. Returns the memory walk's count.
int parse_srat(Kernel& k) {
  const acpi::Table* srat = k.tables.first("SRAT");
  if (srat == nullptr || srat->desc == nullptr) return 0;
  k.acpi_srat_revision = srat->revision;
  // Each architecture's handlers; the others' are empty __weak stubs.
  const Arch arch = k.config.arch;
  const SubtableHandler other = acpi_parse_other_arch_affinity;
  const SubtableHandler processor = arch == Arch::x86_64        ? acpi_parse_processor_affinity
                                    : arch == Arch::loongarch64 ? loongarch_processor_affinity_init
                                                                : other;
  const SubtableHandler x2apic = arch == Arch::x86_64        ? acpi_parse_x2apic_affinity
                                 : arch == Arch::loongarch64 ? loongarch_x2apic_affinity_init
                                                             : other;
  std::vector<SubtableProc> cpu_procs{
      {ACPI_SRAT_TYPE_CPU_AFFINITY, processor},
      {ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY, x2apic},
      {ACPI_SRAT_TYPE_GICC_AFFINITY, arch == Arch::arm64 ? acpi_parse_gicc_affinity : other},
  };
  if (k.profile.generic_initiator_affinity) cpu_procs.push_back({ACPI_SRAT_TYPE_GENERIC_AFFINITY, acpi_parse_gi_affinity});
  cpu_procs.push_back({ACPI_SRAT_TYPE_RINTC_AFFINITY, arch == Arch::riscv64 ? acpi_parse_rintc_affinity : other});
  acpi_table_parse_entries_array(k, "SRAT", cpu_procs);
  std::vector<SubtableProc> memory_procs{{ACPI_SRAT_TYPE_MEMORY_AFFINITY, acpi_parse_memory_affinity}};
  return acpi_table_parse_entries_array(k, "SRAT", memory_procs);
}

// The first free PXM after SRAT: acpi_numa_init() scans node_to_pxm_map
// below MAX_NUMNODES - 1 (5.17), below MAX_NUMNODES since "ACPI: NUMA: Fix
// the logic of getting the fake_pxm value" (6.8, Debian 6.1.77).
int first_fake_pxm(const Kernel& k) {
  int fake_pxm = -1;
  const int scanned = k.profile.fake_pxm_all_nodes ? k.max_numnodes : k.max_numnodes - 1;
  for (int i = 0; i < scanned && i < k.nodes_found; ++i) {
    fake_pxm = std::max(fake_pxm, k.node_to_pxm_map[static_cast<std::size_t>(i)]);
  }
  return fake_pxm;
}

// srat_parse_mem_affinity() of drivers/acpi/numa/hmat.c: nothing it does shows in the log.
int hmat_parse_mem_affinity(Kernel&, const acpi::Table&, const SubtableEntry&, void*) { return 0; }

}  // namespace

// hmat_init() (drivers/acpi/numa/hmat.c, 5.2+; a subsys_initcall, so its
// lines come after the memory set-up): unless SRAT is disabled it walks
// SRAT's memory entries once more, repeating a zero-length complaint. Its
// Generic Port walk (6.8+) only follows a successful memory walk, which
// prints nothing.
void hmat_init(Kernel& k) {
  if (k.srat_disabled() || k.tables.first("SRAT") == nullptr) return;
  std::vector<SubtableProc> procs{{ACPI_SRAT_TYPE_MEMORY_AFFINITY, hmat_parse_mem_affinity}};
  acpi_table_parse_entries_array(k, "SRAT", procs);
}

// acpi_map_pxm_to_node() (4.x+; 6.1 tests nodes_weight >= MAX_NUMNODES, later
// first_unset_node >= MAX_NUMNODES: the same here since ids are dense).
int acpi_map_pxm_to_node(Kernel& k, std::int64_t pxm) {
  if (pxm < 0 || pxm >= k.max_pxm_domains || k.numa_off) return NUMA_NO_NODE;
  int node = k.pxm_to_node_map[static_cast<std::size_t>(pxm)];
  if (node == NUMA_NO_NODE) {
    if (k.nodes_found >= k.max_numnodes) return NUMA_NO_NODE;
    node = k.nodes_found++;
    map_pxm_and_node(k, static_cast<int>(pxm), node);
  }
  return node;
}

// pxm_to_node() (4.x+): a lookup, no allocation.
int pxm_to_node(const Kernel& k, std::int64_t pxm) {
  if (pxm < 0 || pxm >= k.max_pxm_domains || k.numa_off) return NUMA_NO_NODE;
  return k.pxm_to_node_map[static_cast<std::size_t>(pxm)];
}

// bad_srat() (all versions): every later SRAT handler returns early, x86 falls back to one node.
void bad_srat(Kernel& k) {
  k.printk(kSratNotUsed);
  k.acpi_numa = -1;
}

// acpi_numa_init(): SRAT, SLIT, then (5.17+) CEDT; the CONFIG_CXL_ACPI gate 7.1+.
int acpi_numa_init(Kernel& k) {
  k.cfmws_standby_count = 0;  // [3/3]
  k.cfmws_standby_windows = 0;
  const int cnt = parse_srat(k);
  if (const acpi::Table* slit = k.tables.first("SLIT"); slit != nullptr && slit->desc != nullptr) acpi_parse_slit(k, *slit);
  // numaplan: nodes up to the last real PXM come from SRAT, also where no CFMWS is parsed.
  int fake_pxm = first_fake_pxm(k);
  k.last_real_pxm = fake_pxm;
  ++fake_pxm;
  if (!k.profile.cfmws_parsed) {
    if (k.tables.first("CEDT") != nullptr) k.note("CEDT: not parsed: kernels before 5.17 make no nodes for CFMWS windows");
  } else if (k.config.cxl_acpi || !k.profile.cfmws_needs_cxl_acpi) {
    std::vector<SubtableProc> cfmws_procs{{ACPI_CEDT_TYPE_CFMWS, acpi_parse_cfmws, &fake_pxm}};
    acpi_table_parse_entries_array(k, "CEDT", cfmws_procs);
  } else if (k.tables.first("CEDT") != nullptr) {
    k.note("CEDT: not parsed: this kernel reads CFMWS windows only with CONFIG_CXL_ACPI");
  }
  if (cnt < 0) return cnt;
  if (k.parsed_numa_memblks == 0) return -ENOENT;
  if (k.standby_rfc1()) {
    // [2/3] and [3/3]: standby nodes are requested only here, on success.
    k.acpi_standby_kconfig = k.config.standby_rfc1->standby_nodes;
    numa_request_standby_count(k, k.config.standby_rfc1->standby_nodes + k.cfmws_standby_count);
  }
  return 0;
}

}  // namespace numaplan::kernel::detail

namespace numaplan::kernel {

std::uint32_t memory_affinity_pxm(std::uint8_t revision, std::uint32_t proximity_domain) {
  return revision <= 1 ? proximity_domain & 0xffU : proximity_domain;
}

}  // namespace numaplan::kernel
