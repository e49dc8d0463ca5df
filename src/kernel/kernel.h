// The kernel model's state: one field per kernel global the model mirrors,
// shared by the files that mirror drivers/acpi/tables.c, drivers/acpi/numa/srat.c,
// arch/x86/mm/srat.c, mm/numa_memblks.c (arch/x86/mm/numa.c before 6.12) and
// mm/memblock.c. Private to src/kernel.
#pragma once

#include <cerrno>  // EINVAL, ENOENT, ENODEV: the kernel's values on Linux
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/kernel/model.h"
#include "numaplan/kernel/page_alloc.h"
#include "numaplan/support/format.h"

namespace numaplan::kernel::detail {

inline constexpr int NUMA_NO_NODE = -1;
inline constexpr int PXM_INVAL = -1;
inline constexpr int LOCAL_DISTANCE = kLocalDistance;
inline constexpr int REMOTE_DISTANCE = kRemoteDistance;
inline constexpr std::uint64_t PAGE_SIZE = 4096;
inline constexpr std::uint32_t MAX_LOCAL_APIC = 32768;  // x86-64

inline std::uint64_t pfn_up(std::uint64_t addr) { return addr / PAGE_SIZE + (addr % PAGE_SIZE != 0); }
inline std::uint64_t pfn_down(std::uint64_t addr) { return addr / PAGE_SIZE; }

// printk's "%#010Lx" (kernel vsnprintf: "0x" even for 0, zero-padded to `width` in all).
std::string hex_prefixed(std::uint64_t value, int width = 0);
// "[mem %#010Lx-%#010Lx]" for [start, end).
std::string mem_range(std::uint64_t start, std::uint64_t end);

// One entry of an ACPI table as the subtable walker (drivers/acpi/tables.c) hands it out.
struct SubtableEntry {
  std::uint64_t type = 0;
  std::uint32_t offset = 0;  // from the table start
  std::uint64_t length = 0;  // the entry's Length field
};

// struct numa_memblk, plus what numaplan reports about the block.
struct NumaMemblk {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  int nid = NUMA_NO_NODE;
  bool hotplug = false;       // numaplan: from the SRAT flags (OR of merged blocks)
  bool non_volatile = false;
  bool from_cfmws = false;
  const acpi::Table* table = nullptr;  // the table entry that added it (events); nullptr: none
  SubtableEntry entry;
};

// struct numa_meminfo, with an index by start address so that
// numa_fill_memblks() and phys_to_target_node() find overlapping blocks
// without scanning every block (the kernel scans; the result is the same).
class NumaMeminfo {
 public:
  std::span<const NumaMemblk> blocks() const { return blk_; }
  std::vector<NumaMemblk>& mutable_blocks();  // drops the index until the next query (numa_cleanup_meminfo)
  std::size_t size() const { return blk_.size(); }
  void add(const NumaMemblk& block);
  void clear();
  // Indexes of blocks overlapping [start, end) as memblock_addrs_overlap() tests
  // (a zero-size range overlaps blocks that strictly contain its start).
  std::vector<std::size_t> overlapping(std::uint64_t start, std::uint64_t end) const;
  // First block (in block order) containing addr, or nullptr.
  const NumaMemblk* containing(std::uint64_t addr) const;
  void set_range(std::size_t index, std::uint64_t start, std::uint64_t end);

 private:
  std::vector<NumaMemblk> blk_;
  std::multimap<std::uint64_t, std::size_t> by_start_;
  std::uint64_t longest_ = 0;  // length of the longest block ever indexed
  bool indexed_ = true;
  void reindex();
};

// memblock.memory: RAM as the kernel's allocator knows it after e820 set-up.
struct Memblock {
  std::vector<MemRange> memory;  // sorted, merged, page-trimmed
  std::uint64_t max_pfn = 0;     // e820__end_of_ram_pfn(); arm64: PFN_DOWN(memblock_end_of_DRAM())
  // arm64 with a given memory map: each region stays a region of its own.
  // UEFI's no-map regions carry MEMBLOCK_NOMAP and memblock_merge_regions()
  // joins only regions of equal flags; which of the given regions are no-map
  // no input says, so none is joined to its neighbour (a map read from
  // memblock, as "Early memory node ranges" or /proc/iomem list it, already
  // holds every join the kernel made).
  bool keep_regions = false;

  bool overlaps_region(std::uint64_t start, std::uint64_t end) const;  // memblock_overlaps_region(&memblock.memory)
  std::uint64_t start_of_dram() const { return memory.empty() ? 0 : memory.front().start; }
  std::uint64_t phys_mem_size() const;
};

// One piece of memblock.memory after memblock_set_node() (adjacent pieces of a node merged).
struct MemblockPiece {
  std::uint64_t start = 0, end = 0;
  int nid = NUMA_NO_NODE;
  std::uint64_t pages() const { return pfn_down(end) > pfn_up(start) ? pfn_down(end) - pfn_up(start) : 0; }
};

// An SRAT CPU entry that set __apicid_to_node.
struct CpuEntry {
  Cpu cpu;
  int node = NUMA_NO_NODE;
};

struct Kernel {
  Kernel(const Config& config, const acpi::TableSet& tables);

  const Config& config;
  const Profile& profile;
  const acpi::TableSet& tables;
  int max_numnodes;
  int max_pxm_domains;

  // drivers/acpi/numa/srat.c
  std::vector<int> pxm_to_node_map;  // MAX_PXM_DOMAINS entries
  std::vector<int> node_to_pxm_map;  // MAX_NUMNODES entries
  int nodes_found = 0;               // nodes_found_map is always [0, nodes_found): ids go out lowest first
  bool numa_off = false;             // numa=off; arm64's dummy_numa_init() sets it too
  int acpi_numa = 0;                 // -1: bad_srat() or numa=noacpi
  std::uint8_t acpi_srat_revision = 0;
  int parsed_numa_memblks = 0;
  int last_real_pxm = -1;
  std::vector<bool> numa_nodes_parsed;
  std::vector<bool> generic_initiator;  // node_states[N_GENERIC_INITIATOR]: not reset by numa_init()

  // arch/x86/kernel/apic: x2apic_mode as the firmware hands it over
  bool x2apic_mode = false;
  std::string x2apic_reason;
  // generic_processor_info()'s num_processors (up to 6.8: every present
  // registration) and topology.c's topo_info.nr_rejected_cpus (6.9+)
  int num_processors = 0;
  int nr_rejected_cpus = 0;

  // arch/x86/mm/srat.c: __apicid_to_node, and the entries in SRAT order
  std::unordered_map<std::uint32_t, int> apicid_to_node;
  std::vector<CpuEntry> cpu_entries;
  std::vector<Cpu> srat_cpus;  // every CPU entry that took a node, across numa_init() attempts
  std::vector<std::uint32_t> madt_physids;  // loongarch64: the physical ids acpi_process_madt() numbered

  // mm/numa_memblks.c
  NumaMeminfo numa_meminfo;
  NumaMeminfo numa_reserved_meminfo;
  std::vector<std::uint8_t> numa_distance;  // numa_distance_cnt squared
  int numa_distance_cnt = 0;
  bool warned_out_of_bound = false;    // pr_warn_once
  bool warned_invalid_distance = false;

  // mm/memblock.c
  Memblock memblock;
  std::vector<MemRange> soft_reserved;  // memblock_reserve()d by e820__memblock_setup(), never memory
  std::vector<MemblockPiece> memblock_pieces;  // after numa_register_meminfo()
  std::vector<bool> node_possible_map;
  std::vector<bool> node_online_map;
  std::vector<bool> n_memory;  // node_states[N_MEMORY], set by free_area_init()
  // get_pfn_range_for_nid() of every node, [start, end) pfns ({0, 0}: no
  // RAM), gathered by free_area_init() in one pass over memblock_pieces.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> node_pfn_range;

  std::vector<CfmwsWindow> cfmws;

  // the standby-node RFC (standby_rfc1.cpp), when Config::standby_rfc1 is set
  int numa_standby_nodes = 0;       // numa=standby=N
  int numa_acpi_standby_nodes = 0;  // numa_request_standby_count(); reset by each NUMA init attempt
  int cfmws_standby_count = 0;      // srat.c: CONFIG_ACPI_NUMA_ADD_CFMWS_NODES per CFMWS handled
  int cfmws_standby_windows = 0;    // numaplan: the windows that added to cfmws_standby_count
  int acpi_standby_kconfig = 0;     // numaplan: CONFIG_ACPI_NUMA_STANDBY_NODES as last requested
  NodeMask standby_candidates;      // staged across attempts (the patch never clears it)
  NodeMask exclusive_nodes;         // the pool
  bool standby_rfc1() const { return config.standby_rfc1.has_value(); }

  // numaplan: why x86_numa_init() fell back (Layout::fallback and its fields)
  Fallback fallback = Fallback::none;
  std::string fallback_line;
  std::vector<MemRange> ram_without_node;
  std::vector<std::string> log;
  std::vector<std::string> notes;
  std::vector<Event> events;
  // The entry the walker is handing to a handler: numa_add_memblk() records against it.
  const acpi::Table* walk_table = nullptr;
  const SubtableEntry* walk_entry = nullptr;

  void printk(std::string line) { log.push_back(std::move(line)); }
  void note(std::string text) { notes.push_back(std::move(text)); }
  bool srat_disabled() const { return acpi_numa < 0; }
};

// drivers/acpi/tables.c
using SubtableHandler = int (*)(Kernel&, const acpi::Table&, const SubtableEntry&, void* arg);
struct SubtableProc {
  std::uint64_t id = 0;
  SubtableHandler handler = nullptr;
  void* arg = nullptr;
  int count = 0;
};
int acpi_table_parse_entries_array(Kernel& k, const char* id, std::span<SubtableProc> procs);
// numaplan: records a decision about `entry` of `table`. The caller fills in
// the PXM, node, range and line it knows.
Event& record(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome);
// The same for a decision on the field it read, which the event names when it
// is one of the entry's structure's (a CFMWS window's memblk has none of
// SRAT's Memory Affinity fields).
Event& record(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome,
              acpi::Field field);
// The same for a decision on the entry's Length (TableDesc::length_field).
Event& record_length(Kernel& k, const acpi::Table& table, const SubtableEntry& entry, Event::Outcome outcome);
// A field of an entry as the kernel reads it: through the structure for its
// type, spanning the structure's size even past a short Length (the kernel
// casts the pointer) but never past the table's bytes; nullopt there, and for
// a handle of another structure's field.
std::optional<std::uint64_t> entry_field(const acpi::Table& table, const SubtableEntry& entry, acpi::Field field);

// drivers/acpi/numa/srat.c
int acpi_map_pxm_to_node(Kernel& k, std::int64_t pxm);
int pxm_to_node(const Kernel& k, std::int64_t pxm);
void bad_srat(Kernel& k);
inline constexpr const char* kSratNotUsed = "ACPI: SRAT: SRAT not used.";  // bad_srat()'s line
int acpi_numa_init(Kernel& k);
void hmat_init(Kernel& k);
int acpi_parse_slit(Kernel& k, const acpi::Table& slit);                                                  // slit.cpp
int acpi_parse_cfmws(Kernel& k, const acpi::Table& cedt, const SubtableEntry& entry, void* fake_pxm);    // cfmws.cpp

// arch/x86/mm/srat.c (x86_srat.cpp): the handlers of SRAT's Processor Local
// APIC and x2APIC Affinity, which LoongArch copies with its own ids and lines.
struct SratCpuArch {
  Cpu::Kind apic_kind;    // the CPU a Processor Local APIC entry names: apic (x86), core_pic (LoongArch)
  Cpu::Kind x2apic_kind;  // an x2APIC entry's: x2apic, core_pic
  const char* id_name;    // the lines' "APIC", "CPU"
  std::uint32_t max_id;   // ids from here are "skipped apicid that is too big": MAX_LOCAL_APIC, CONFIG_NR_CPUS
  int x2apic_digits;      // an x2APIC id's in the lines: 0x%04x, 0x%02x
  bool x2apic_id_valid;   // x86 ignores ids apic_id_valid() refuses before taking a node; LoongArch has no such check
  bool line_by_profile;   // the mapping line pr_debug since 6.12 (Profile::srat_cpu_lines_info; x86), or always pr_info
};
int acpi_numa_processor_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry,
                                      const SratCpuArch& arch);
int acpi_numa_x2apic_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry,
                                   const SratCpuArch& arch);
int acpi_parse_processor_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*);
int acpi_parse_x2apic_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*);
int x86_acpi_numa_init(Kernel& k);
// The CPUs the kernel brings up, by logical number, with their nodes.
struct CpuPlacement {
  std::vector<std::pair<Cpu, int>> cpus;  // present CPUs by logical number, with their node
  std::vector<Cpu> hotplug;               // then the hotplug CPUs
  std::string source;                     // Layout::cpu_source
  int present_offline = 0;                // Layout::present_offline_cpus
};
// arch/arm64 (arm64_numa.cpp): SRAT's GICC Affinity handler and the MADT
// GICC CPUs with their nodes.
int acpi_parse_gicc_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*);
CpuPlacement place_gicc_cpus(Kernel& k);
void acpi_table_parse_srat_its(Kernel& k);
// The architectures whose NUMA set-up is drivers/base/arch_numa.c (mm/arch_numa.c in 7.x).
inline bool uses_arch_numa(const Kernel& k) { return k.config.arch == Arch::arm64 || k.config.arch == Arch::riscv64; }
// arch_numa_init() (arch_numa.cpp, arm64 and riscv64; false: the dummy node).
bool arch_numa_init(Kernel& k);
// arm64's GICC and riscv64's RINTC Affinity, which the two kernels handle
// alike (arch_numa.cpp): an entry's Enabled bit, the SRAT handler, and the
// walk that gives each CPU (hardware id, ACPI processor UID) its node.
inline constexpr std::uint64_t ACPI_SRAT_UID_AFFINITY_ENABLED = 1U << 0;  // ACPI_SRAT_GICC_ENABLED, _RINTC_ENABLED
struct UidCpu {
  std::uint64_t hwid;  // MPIDR, hart id
  std::uint32_t uid;
};
struct UidAffinity {
  std::uint64_t srat_type;  // ACPI_SRAT_TYPE_GICC_AFFINITY, ACPI_SRAT_TYPE_RINTC_AFFINITY
  const char* hwid_name;    // the CPU lines' "MPIDR", "HARTID"
  std::uint64_t entry_size;  // sizeof(struct acpi_srat_gicc_affinity), ..._rintc_affinity
  acpi::Field flags, proximity_domain, acpi_processor_uid;  // the entry's
};
int acpi_parse_uid_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, const UidAffinity& kind);
std::vector<int> acpi_map_cpus_to_nodes(Kernel& k, const UidAffinity& kind, const std::vector<UidCpu>& cpus);
// arch/riscv (riscv_numa.cpp): SRAT's RINTC Affinity handler and the MADT
// RINTC CPUs with their nodes.
int acpi_parse_rintc_affinity(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*);
CpuPlacement place_rintc_cpus(Kernel& k);
// arch/loongarch (loongarch_numa.cpp): SRAT's processor handlers, the MADT
// CORE_PIC CPUs (physical id, present) taken before NUMA, init_numa_memory()
// (false: no node) and the CPUs' nodes.
int loongarch_processor_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*);
int loongarch_x2apic_affinity_init(Kernel& k, const acpi::Table& srat, const SubtableEntry& entry, void*);
struct LoongarchCpus {
  std::vector<std::pair<std::uint32_t, bool>> cpus;  // by logical number: physical id, present
  std::string source;                                // Layout::cpu_source
};
LoongarchCpus loongarch_madt_cpus(Kernel& k);
bool init_numa_memory(Kernel& k);
CpuPlacement place_core_pic_cpus(Kernel& k, const LoongarchCpus& numbered);

// mm/numa_memblks.c (arch/x86/mm/numa.c before 6.12)
int numa_add_memblk(Kernel& k, int nid, std::uint64_t start, std::uint64_t end, const NumaMemblk& flags = {});
int numa_add_reserved_memblk(Kernel& k, int nid, std::uint64_t start, std::uint64_t end, const NumaMemblk& flags);
int numa_fill_memblks(Kernel& k, std::uint64_t start, std::uint64_t end);
int phys_to_target_node(const Kernel& k, std::uint64_t addr);
void numa_set_distance(Kernel& k, int from, int to, int distance);
int numa_cleanup_meminfo(Kernel& k);
// numa_cleanup_meminfo()'s merge loop, after trimming: as the kernel writes it
// (any blocks; -EINVAL on an overlap of two nodes), and in O(n log n) for
// blocks that do not overlap (`by_address`: their indexes, stable-sorted by
// start). tests/kernel/merge_loop_test.cpp holds the second to the first.
int merge_overlapping(Kernel& k, std::vector<NumaMemblk>& mi);
void merge_disjoint(Kernel& k, std::vector<NumaMemblk>& mi, const std::vector<std::size_t>& by_address);
int numa_register_meminfo(Kernel& k);
bool memblock_validate_numa_coverage(Kernel& k, std::uint64_t min_lost_bytes);
void numa_reset(Kernel& k);  // what numa_init() clears before calling its init function
std::vector<MemRange> ram_without_node(std::span<const MemblockPiece> pieces);  // numaplan

// arch/x86/kernel/apic (apic_id_valid(): xAPIC mode takes ids up to 0xFE,
// x2APIC mode any but 0xFFFFFFFF) and arch/x86/kernel/acpi/boot.c (madt.cpp):
// the MADT's present CPUs by logical number and its hotplug CPUs after them
// (BAD_APICID where the kernel has no APIC id for one); false when there is
// no MADT.
inline constexpr std::uint32_t BAD_APICID = 0xFFFFFFFFU;
bool apic_id_valid(const Kernel& k, std::uint32_t id);
bool acpi_parse_madt_lapic_entries(Kernel& k, std::vector<Cpu>& present, std::vector<Cpu>& hotplug);
// prefill_possible_map() (arch/x86/kernel/smpboot.c, up to 6.8) or
// topology_init_possible_cpus() (arch/x86/kernel/cpu/topology.c, 6.9+): the
// "Allowing" line for `present` CPUs of `possible`.
void prefill_possible_map(Kernel& k, int present, int possible);

// arch/x86/mm/numa.c
bool x86_numa_init(Kernel& k);  // false: the dummy node
void acpi_init_failed(Kernel& k, int ret);  // numaplan: Kernel::fallback after a failed ACPI NUMA init

// the standby-node RFC, 20260610014517.253609-2/-4-gourry@gourry.net (standby_rfc1.cpp)
int kstrtoint(std::string_view s, int& res);  // lib/kstrtox.c, base 0
int numa_standby_cmdline(Kernel& k, std::string_view str);
void parse_standby_options(Kernel& k);
void numa_request_standby_count(Kernel& k, int n);
void numa_add_standby_node(Kernel& k, int node);
void numa_init_standby_nodes(Kernel& k);
void numa_commit_standby_nodes(Kernel& k);

// mm/mm_init.c (mm/page_alloc.c before 6.3), arch/x86/mm/numa.c, arch/x86/kernel/setup_percpu.c
void free_area_init(Kernel& k);
void online_cpu_or_gi_node(Kernel& k, int nid);
void setup_per_cpu_areas(Kernel& k, int nr_cpu_ids);
std::vector<NodeFallback> build_all_zonelists(Kernel& k);

// mm/memblock.c and arch/x86/kernel/e820.c
Memblock e820_memblock_setup(const std::vector<MemRange>& usable);
// arm64, riscv64, loongarch64: the EFI memory map (drivers/firmware/efi/efi-init.c)
Memblock arm64_memblock_init(const std::vector<MemRange>& ram, bool keep_regions);
Memblock memblock_add_ram(const std::vector<MemRange>& usable);  // e820_memblock_setup()'s last step
std::vector<MemblockPiece> memblock_set_nodes(const Memblock& memblock, std::span<const NumaMemblk> blocks);

// __node_distance() over the kernel's numa_distance table (NodeDistances
// reads its copy of the table with it).
int node_distance(int table_nodes, std::span<const std::uint8_t> table, int from, int to);

}  // namespace numaplan::kernel::detail
