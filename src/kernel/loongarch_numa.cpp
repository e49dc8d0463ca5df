// The loongarch64 kernel around the shared acpi_numa_init(), as 7.3 has it:
// the MADT CORE_PIC walk (acpi_process_madt(), arch/loongarch/kernel/acpi.c),
// LoongArch's own SRAT processor handlers for the x86 entry types (Local
// APIC and x2APIC affinity: their APIC id is the physical CPU id the
// CORE_PIC's Core ID gives, acpi.c), init_numa_memory() (numa.c),
// prefill_possible_map() (setup.c) and the CPUs' nodes of
// smp_prepare_boot_cpu() (smp.c). Read in the 7.3 source only, and proven
// by no boot. 6.1 and 6.12 keep LoongArch's own numa_meminfo, which assigns
// memory to nodes by walking the EFI memory map: not modelled
// (Profile::loongarch_numa_memblks).
#include <algorithm>

#include "kernel.h"
#include "numaplan/acpi/tables.h"

namespace numaplan::kernel::detail {

namespace {

constexpr std::uint64_t ACPI_MADT_TYPE_CORE_PIC = 0x11;
constexpr std::uint64_t ACPI_MADT_ENABLED = 1U << 0;
constexpr std::uint64_t kMadtCorePicSize = 15;         // sizeof(struct acpi_madt_core_pic), packed
constexpr std::uint32_t ACPI_SRAT_CPU_ENABLED = 1U << 0;
constexpr std::uint32_t kNrCpus = 64;                  // Debian's loong64 CONFIG_NR_CPUS (7.2.12+deb14 config)
constexpr int NODE_ADDRSPACE_SHIFT = 44;               // arch/loongarch/include/asm/numa.h

// LoongArch's side of x86's SRAT processor handlers: the APIC ids are
// physical CPU ids (__cpuid_to_node[]), "CPU 0x%02x" in the lines, at most
// CONFIG_NR_CPUS; no apic_id_valid(); the mapping line always pr_info.
constexpr SratCpuArch kLoongarchSratCpus{
    .apic_kind = Cpu::Kind::core_pic,
    .x2apic_kind = Cpu::Kind::core_pic,
    .id_name = "CPU",
    .max_id = kNrCpus,
    .x2apic_digits = 2,
    .x2apic_id_valid = false,
    .line_by_profile = false,
};

// A logical CPU of __cpu_logical_map: its physical id (Core ID).
struct LogicalCpu {
  std::uint32_t physid = 0;
  bool present = false;
};

// The physical id read_csr_cpuid() returns on the boot CPU. No table says
// which it is; numaplan takes the lowest enabled Core ID (QEMU boots on
// core 0) and says so.
std::optional<std::uint32_t> boot_cpu_id(Kernel& k, const acpi::Table& madt) {
  std::optional<std::uint32_t> lowest;
  for (const acpi::Record& record : madt.subtables) {
    if (madt.type(record) != ACPI_MADT_TYPE_CORE_PIC || record.desc == nullptr || record.length < kMadtCorePicSize) continue;
    const acpi::StructView view = madt.view(record);
    if ((view.get_or(acpi::madt::core_pic_fields::flags, 0) & ACPI_MADT_ENABLED) == 0) continue;
    const auto id = static_cast<std::uint32_t>(view.get_or(acpi::madt::core_pic_fields::core_id, 0));
    lowest = lowest ? std::min(*lowest, id) : id;
  }
  if (lowest) {
    k.note("the boot CPU is taken to be Core ID " + std::to_string(*lowest) +
           ", the lowest enabled one: logical CPU 0 is the CPU the firmware hands over on, which no table names");
  }
  return lowest;
}

// acpi_process_madt(): pass 1 (acpi_parse_p1_processor()) numbers the
// enabled CORE_PICs, the boot CPU 0 and each other one the lowest CPU not yet
// present; pass 2 (acpi_parse_p2_processor()) gives each disabled one the
// lowest CPU not yet possible (a hotplug CPU). A short entry ends its pass
// (BAD_MADT_ENTRY()).
std::vector<LogicalCpu> acpi_process_madt(Kernel& k, const acpi::Table& madt) {
  std::vector<LogicalCpu> cpus;
  const std::optional<std::uint32_t> boot = boot_cpu_id(k, madt);
  if (!boot) return cpus;
  cpus.push_back({*boot, true});
  std::uint32_t num_processors = 1;
  for (const bool pass1 : {true, false}) {
    for (const acpi::Record& record : madt.subtables) {
      if (madt.type(record) != ACPI_MADT_TYPE_CORE_PIC || record.desc == nullptr) continue;
      if (record.length < kMadtCorePicSize) {
        if (pass1) {
          k.note("MADT CORE_PIC at offset " + std::to_string(record.offset) + ": Length " +
                 std::to_string(record.length) + " is shorter than the structure (15); the kernel stops there");
        }
        break;
      }
      const acpi::StructView view = madt.view(record);
      const bool enabled = (view.get_or(acpi::madt::core_pic_fields::flags, 0) & ACPI_MADT_ENABLED) != 0;
      const auto physid = static_cast<std::uint32_t>(view.get_or(acpi::madt::core_pic_fields::core_id, 0));
      if (enabled != pass1 || (pass1 && physid == *boot)) continue;
      if (num_processors >= kNrCpus) {  // set_processor_mask()
        k.printk("ACPI: nr_cpus limit of " + std::to_string(kNrCpus) + " reached. processor 0x" + lower_hex(physid) +
                 " ignored.");
        continue;
      }
      num_processors += pass1;
      cpus.push_back({physid, pass1});
    }
  }
  return cpus;
}

// node_mem_init(): a node with a CPU gets its pgdat and its two lines.
void node_mem_init(Kernel& k, int node) {
  std::uint64_t start_pfn = UINT64_MAX, end_pfn = 0;
  for (const MemblockPiece& p : k.memblock_pieces) {
    if (p.nid != node || p.pages() == 0) continue;
    start_pfn = std::min(start_pfn, pfn_up(p.start));
    end_pfn = std::max(end_pfn, pfn_down(p.end));
  }
  if (start_pfn == UINT64_MAX) start_pfn = 0;
  k.printk("Node" + std::to_string(node) + "'s addrspace_offset is 0x" +
           lower_hex(static_cast<std::uint64_t>(node) << NODE_ADDRSPACE_SHIFT));
  k.printk("Node" + std::to_string(node) + ": start_pfn=0x" + lower_hex(start_pfn) + ", end_pfn=0x" +
           lower_hex(end_pfn));
}

}  // namespace

// acpi_parse_processor_affinity() and acpi_parse_x2apic_affinity() ->
// LoongArch's acpi_numa_processor_affinity_init() and
// acpi_numa_x2apic_affinity_init() (arch/loongarch/kernel/acpi.c, alike in
// 6.1, 6.12 and 7.3): x86's handlers (x86_srat.cpp) with the APIC id taken
// as a physical CPU id.
int loongarch_processor_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  return acpi_numa_processor_affinity_init(k, srat, entry, kLoongarchSratCpus);
}

int loongarch_x2apic_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*) {
  return acpi_numa_x2apic_affinity_init(k, srat, entry, kLoongarchSratCpus);
}

// init_numa_memory() (7.3): numa_memblks_init(acpi_numa_init) - no fake node
// when ACPI is on -, memblock_validate_numa_coverage(SZ_1M), then only the
// possible nodes with a CPU (cpus_on_node[], from SRAT entries of CPUs the
// MADT lists) get node data and go online. A failure returns an error that
// platform_init() ignores: the kernel goes on without a possible node.
bool init_numa_memory(Kernel& k) {
  numa_reset(k);
  int ret = acpi_numa_init(k);
  if (ret >= 0) {
    ret = numa_cleanup_meminfo(k);
    if (ret < 0) {
      k.fallback = Fallback::overlap;
      k.fallback_line = k.log.back();
    }
  }
  if (ret >= 0) {
    // numa_register_meminfo(): the parsed nodes are the possible ones (WARN_ON() if none).
    k.node_possible_map = k.numa_nodes_parsed;
    if (std::none_of(k.node_possible_map.begin(), k.node_possible_map.end(), [](bool b) { return b; })) {
      ret = -EINVAL;
    } else {
      k.memblock_pieces = memblock_set_nodes(k.memblock, k.numa_meminfo.blocks());
      if (!memblock_validate_numa_coverage(k, 1U << 20)) {
        k.fallback = Fallback::not_covered;
        k.fallback_line = k.log.back();
        k.ram_without_node = ram_without_node(k.memblock_pieces);
        ret = -EINVAL;
      }
    }
  }
  if (ret < 0) {
    if (k.fallback == Fallback::none) acpi_init_failed(k, ret);
    k.node_possible_map.assign(k.node_possible_map.size(), false);
    k.node_online_map.assign(k.node_online_map.size(), false);
    k.memblock_pieces = memblock_set_nodes(k.memblock, {});
    return false;
  }
  // cpus_on_node[]: early_numa_add_cpu() of each SRAT CPU entry whose physical id MADT numbered.
  std::vector<bool> has_cpu(k.node_possible_map.size(), false);
  for (const CpuEntry& e : k.cpu_entries) {
    if (std::find(k.madt_physids.begin(), k.madt_physids.end(), e.cpu.id) != k.madt_physids.end()) {
      has_cpu[static_cast<std::size_t>(e.node)] = true;
    }
  }
  for (std::size_t n = 0; n < k.node_possible_map.size(); ++n) {
    if (!k.node_possible_map[n] || !has_cpu[n]) continue;
    node_mem_init(k, static_cast<int>(n));
    k.node_online_map[n] = true;
  }
  return true;
}

// acpi_boot_table_init() -> acpi_process_madt(), before NUMA: the logical
// CPUs by physical id (Kernel::madt_physids). Without a MADT (QEMU's test
// tables come without one) SRAT's enabled processor entries stand in for the
// CORE_PICs, the lowest id as the boot CPU.
LoongarchCpus loongarch_madt_cpus(Kernel& k) {
  LoongarchCpus out;
  if (k.config.cpus) {
    for (std::uint32_t id : *k.config.cpus) out.cpus.emplace_back(id, true);
    out.source = "config";
  } else if (const acpi::Table* madt = k.tables.first("APIC"); madt != nullptr && madt->desc != nullptr) {
    for (const LogicalCpu& cpu : acpi_process_madt(k, *madt)) out.cpus.emplace_back(cpu.physid, cpu.present);
    out.source = "madt";
  } else if (const acpi::Table* srat = k.tables.first("SRAT"); srat != nullptr && srat->desc != nullptr) {
    std::vector<std::uint32_t> ids;
    for (const acpi::Record& record : srat->subtables) {
      if (record.desc != &acpi::srat::local_apic && record.desc != &acpi::srat::x2apic) continue;
      const acpi::StructView view = srat->view(record);
      const bool x2apic = record.desc == &acpi::srat::x2apic;
      if ((view.get_or(x2apic ? acpi::srat::x2apic_fields::flags : acpi::srat::local_apic_fields::flags, 0) &
           ACPI_SRAT_CPU_ENABLED) == 0) {
        continue;
      }
      const auto id = static_cast<std::uint32_t>(
          view.get_or(x2apic ? acpi::srat::x2apic_fields::x2apic_id : acpi::srat::local_apic_fields::apic_id, 0));
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    std::string list;
    for (std::uint32_t id : ids) {
      out.cpus.emplace_back(id, true);
      list += (list.empty() ? "" : ", ") + std::to_string(id);
    }
    out.source = "srat";
    k.note("no MADT: the CPUs are taken to be SRAT's enabled processor entries (physical ids " +
           (list.empty() ? std::string("none") : list) +
           "), the lowest the boot CPU; give the MADT for the CORE_PICs the kernel numbers");
  }
  for (const auto& [physid, present] : out.cpus) k.madt_physids.push_back(physid);
  return out;
}

// prefill_possible_map() and smp_prepare_boot_cpu(): each CPU the node SRAT
// gave its physical id; a CPU without one takes the online nodes in turn
// from the first. Hotplug CPUs (disabled CORE_PICs) are possible, not present.
CpuPlacement place_core_pic_cpus(Kernel& k, const LoongarchCpus& numbered) {
  CpuPlacement out;
  out.source = numbered.source;
  const std::vector<std::pair<std::uint32_t, bool>>& cpus = numbered.cpus;
  if (cpus.empty()) {
    k.note("no CORE_PIC: the kernel numbers no CPU but the boot CPU, whose id no table gives; the model places none");
    return out;
  }
  int present = 0;
  for (const auto& [physid, is_present] : cpus) present += is_present;
  k.printk("SMP: Allowing " + std::to_string(cpus.size()) + " CPUs, " + std::to_string(cpus.size() - present) +
           " hotplug CPUs");
  std::vector<int> online;
  for (std::size_t n = 0; n < k.node_online_map.size(); ++n) {
    if (k.node_online_map[n]) online.push_back(static_cast<int>(n));
  }
  std::size_t rr = 0;
  for (const auto& [physid, is_present] : cpus) {
    const Cpu cpu{Cpu::Kind::core_pic, physid};
    const auto mapped = k.apicid_to_node.find(physid);
    int node = 0;  // no node online: the kernel's rr_node is MAX_NUMNODES (the model says node 0)
    if (mapped != k.apicid_to_node.end()) {
      node = mapped->second;
    } else if (!online.empty()) {
      node = online[rr++ % online.size()];
    }
    if (is_present) {
      out.cpus.emplace_back(cpu, node);
    } else {
      out.hotplug.push_back(cpu);
    }
  }
  return out;
}

}  // namespace numaplan::kernel::detail
