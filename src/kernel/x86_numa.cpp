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

// numa_init() (x86; 6.12 moved the middle into numa_memblks_init()).
int numa_init(Kernel& k, int (*init_func)(Kernel&)) {
  numa_reset(k);
  int ret = init_func(k);
  if (ret < 0) return ret;
  ret = numa_cleanup_meminfo(k);
  if (ret < 0) return ret;
  return numa_register_meminfo(k);
}

}  // namespace

// x86_numa_init() (all versions): ACPI (SRAT) first, else one dummy node (returns false).
// CONFIG_AMD_NUMA's northbridge probe finds nothing on the machines modelled.
bool x86_numa_init(Kernel& k) {
  if (!k.config.numa_off && numa_init(k, x86_acpi_numa_init) == 0) return true;
  numa_init(k, dummy_numa_init);
  return false;
}

}  // namespace numaplan::kernel::detail
