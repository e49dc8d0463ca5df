// Mirrors arch/x86/mm/numa.c: numa_init(), dummy_numa_init(), x86_numa_init().
#include "kernel.h"

namespace numaplan::kernel::detail {

namespace {

// dummy_numa_init() (all versions): one node over all RAM.
int dummy_numa_init(Kernel& k) {
  k.printk(k.config.numa_off ? "NUMA turned off" : "No NUMA configuration found");
  const std::uint64_t end = k.memblock.max_pfn * PAGE_SIZE;
  k.printk("Faking a node at [mem " + hex_prefixed(0, 18) + "-" + hex_prefixed(end - 1, 18) + "]");
  k.numa_nodes_parsed[0] = true;
  numa_add_memblk(k, 0, 0, end);
  return 0;
}

}  // namespace

// numaplan: why x86_acpi_numa_init() (or arm64's arch_acpi_numa_init()) returned `ret` < 0.
void acpi_init_failed(Kernel& k, int ret) {
  const acpi::Table* srat = k.tables.first("SRAT");
  if (k.config.numa_noacpi && k.config.arch == Arch::x86_64) {
    k.fallback = Fallback::noacpi;
  } else if (srat == nullptr || srat->desc == nullptr) {
    k.fallback = Fallback::no_srat;
  } else if (k.srat_disabled()) {
    k.fallback = Fallback::bad_srat;
    k.fallback_line = kSratNotUsed;
  } else if (ret == -ENOENT) {
    k.fallback = Fallback::no_memory;
    k.fallback_line = "No NUMA configuration found";
  } else {
    k.fallback = Fallback::walk_error;
  }
}

namespace {

// numa_init() (x86; 6.12 moved the middle into numa_memblks_init()). The
// steps after init_func record why they fail (numa_register_meminfo(): the
// coverage check).
int numa_init(Kernel& k, int (*init_func)(Kernel&)) {
  numa_reset(k);
  int ret = init_func(k);
  if (ret < 0) return ret;
  ret = numa_cleanup_meminfo(k);
  if (ret < 0) {
    k.fallback = Fallback::overlap;
    k.fallback_line = k.log.back();  // "node %d [mem ..] overlaps with node %d [mem ..]"
    return ret;
  }
  // numa_emulation() (numa=fake, not modelled) would run here.
  if (k.standby_rfc1()) numa_init_standby_nodes(k);
  ret = numa_register_meminfo(k);
  if (ret < 0) return ret;
  if (k.standby_rfc1()) numa_commit_standby_nodes(k);
  return 0;
}

}  // namespace

// x86_numa_init() (all versions): ACPI (SRAT) first, else one dummy node (returns false).
// CONFIG_AMD_NUMA's northbridge probe finds nothing on the machines modelled.
bool x86_numa_init(Kernel& k) {
  if (k.config.numa_off) {
    k.fallback = Fallback::numa_off;
  } else if (const int ret = numa_init(k, x86_acpi_numa_init); ret == 0) {
    return true;
  } else if (k.fallback == Fallback::none) {
    acpi_init_failed(k, ret);
  }
  numa_init(k, dummy_numa_init);
  return false;
}

}  // namespace numaplan::kernel::detail
