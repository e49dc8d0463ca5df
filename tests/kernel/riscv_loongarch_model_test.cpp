// The riscv64 and loongarch64 kernels of the model (src/kernel/riscv_numa.cpp,
// loongarch_numa.cpp): QEMU's own test tables of both virt machines
// (tables/qemu, copies of the shared corpus) and tables built byte by byte.
// Read from the 6.12 and 7.3 sources; the riscv64 ones are also proven by
// boots (riscv64_oracle_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "numaplan/kernel/model.h"
#include "numaplan/source/load.h"
#include "numaplan/support/bytes.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

using test::Bytes;
constexpr std::uint64_t GiB = 1ULL << 30;
const std::string kQemu = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/qemu/";

acpi::TableSet load(const std::vector<std::string>& files) {
  std::vector<std::string> paths;
  for (const std::string& f : files) paths.push_back(kQemu + f);
  source::Inputs inputs = source::load(paths);
  return acpi::decode_all(std::move(inputs.tables), {});
}

Config config(Arch arch, const char* profile, int nodes_shift) {
  Config c;
  c.profile = *find_profile(profile);
  c.arch = arch;
  c.nodes_shift = nodes_shift;
  return c;
}

bool has_line(const Layout& layout, const std::string& line) {
  return std::find(layout.log.begin(), layout.log.end(), line) != layout.log.end();
}

// No note says the entries belong to another architecture (x86's view of them).
void expect_no_other_arch_note(const Layout& layout) {
  for (const std::string& note : layout.notes) EXPECT_EQ(note.find("another architecture"), std::string::npos) << note;
}

// RINTC (MADT type 0x18, 36 bytes): version 1, flags, hart id, UID.
Bytes madt_rintc(std::uint64_t hart, std::uint32_t uid, std::uint32_t flags = 1) {
  Bytes s(36);
  s[0] = 0x18;
  s[1] = 36;
  s[2] = 1;
  write_le(s, 4, 4, flags);
  write_le(s, 8, 8, hart);
  write_le(s, 16, 4, uid);
  return s;
}

// RINTC Affinity (SRAT type 7, 20 bytes).
Bytes srat_rintc(std::uint32_t pxm, std::uint32_t uid, std::uint32_t flags = 1) {
  Bytes s(20);
  s[0] = 7;
  s[1] = 20;
  write_le(s, 4, 4, pxm);
  write_le(s, 8, 4, uid);
  write_le(s, 12, 4, flags);
  return s;
}

// CORE_PIC (MADT type 0x11, 15 bytes, packed): version 1, processor id, core id, flags.
Bytes madt_core_pic(std::uint32_t processor_id, std::uint32_t core_id, std::uint32_t flags = 1) {
  Bytes s(15);
  s[0] = 0x11;
  s[1] = 15;
  s[2] = 1;
  write_le(s, 3, 4, processor_id);
  write_le(s, 7, 4, core_id);
  write_le(s, 11, 4, flags);
  return s;
}

// ---- riscv64 ----------------------------------------------------------------

// QEMU's riscv64 virt numamem SRAT: one RINTC Affinity (UID 0, PXM 0) and
// 128 MiB at 0x80000000 on PXM 0. Without a MADT no hart is numbered.
TEST(RiscvModel, QemuNumamemSrat) {
  const Layout layout = *map_numa(load({"riscv64/virt/SRAT.numamem"}), config(Arch::riscv64, "6.12", 2));
  expect_no_other_arch_note(layout);
  EXPECT_TRUE(layout.numa_from_srat);
  EXPECT_EQ(layout.possible.to_list(), "0");
  EXPECT_EQ(layout.online.to_list(), "0");
  EXPECT_EQ(layout.memory.to_list(), "0");
  ASSERT_EQ(layout.nodes.size(), 1U);
  EXPECT_EQ(layout.nodes[0].pxm, 0U);
  ASSERT_EQ(layout.nodes[0].ram.size(), 1U);
  EXPECT_EQ(layout.nodes[0].ram[0].start, 0x80000000U);
  EXPECT_EQ(layout.nodes[0].ram[0].end, 0x88000000U);
  EXPECT_TRUE(has_line(layout, "ACPI: SRAT: Node 0 PXM 0 [mem 0x80000000-0x87ffffff]")) << layout.log.size();
  EXPECT_EQ(layout.cpu_source, "srat");
  EXPECT_TRUE(layout.cpu_ids.empty());
  const auto event = std::find_if(layout.events.begin(), layout.events.end(),
                                  [](const Event& e) { return e.table == "SRAT" && e.type == 7; });
  ASSERT_NE(event, layout.events.end());
  EXPECT_EQ(event->outcome, Event::Outcome::mapped);
  EXPECT_EQ(event->node, 0);
}

// Harts numbered boot hart first, then MADT order; the SRAT lines follow
// SRAT's order and name each CPU's hart (the 6.12 boot of oracle case 06).
TEST(RiscvModel, RintcNumberingAndNodes) {
  const acpi::TableSet tables = test::decode_tables(
      {test::madt({madt_rintc(2, 2), madt_rintc(0, 0), madt_rintc(1, 1), madt_rintc(3, 3), madt_rintc(4, 4, 0)}),
       test::srat({srat_rintc(0, 0), srat_rintc(1, 1), srat_rintc(0, 2), srat_rintc(1, 3),
                   test::srat_memory(0, 0x80000000, GiB), test::srat_memory(1, 0xC0000000, GiB)})});
  for (const char* profile : {"6.12", "7.3"}) {
    SCOPED_TRACE(profile);
    const Layout layout = *map_numa(tables, config(Arch::riscv64, profile, 2));
    expect_no_other_arch_note(layout);
    EXPECT_EQ(layout.cpu_source, "madt");
    // Logical CPUs: hart 0 (boot), 2, 1, 3; the disabled hart 4 is no CPU.
    std::vector<std::uint32_t> uids;
    for (const Cpu& cpu : layout.cpu_ids) uids.push_back(cpu.id);
    EXPECT_EQ(uids, (std::vector<std::uint32_t>{0, 2, 1, 3}));
    EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 0, 1, 1}));
    EXPECT_EQ(cpus_on(layout, 0).to_list(), "0-1");
    EXPECT_EQ(cpus_on(layout, 1).to_list(), "2-3");
    std::vector<std::string> lines;
    for (const std::string& line : layout.log) {
      if (line.starts_with("ACPI: NUMA: SRAT:")) lines.push_back(line);
    }
    EXPECT_EQ(lines, (std::vector<std::string>{"ACPI: NUMA: SRAT: PXM 0 -> HARTID 0x0 -> Node 0",
                                               "ACPI: NUMA: SRAT: PXM 1 -> HARTID 0x1 -> Node 1",
                                               "ACPI: NUMA: SRAT: PXM 0 -> HARTID 0x2 -> Node 0",
                                               "ACPI: NUMA: SRAT: PXM 1 -> HARTID 0x3 -> Node 1"}));
  }
}

// A RINTC Affinity entry shorter than 20 bytes: "Invalid SRAT header length",
// bad_srat(), arch_numa's fake node; the CPUs stay on node 0.
TEST(RiscvModel, ShortRintcAffinityFallsBack) {
  Bytes short_entry = srat_rintc(1, 1);
  short_entry.resize(16);
  short_entry[1] = 16;
  const Layout layout =
      *map_numa(test::decode_tables({test::madt({madt_rintc(0, 0), madt_rintc(1, 1)}),
                                    test::srat({srat_rintc(0, 0), short_entry, test::srat_memory(0, 0x80000000, GiB)})}),
               config(Arch::riscv64, "6.12", 2));
  EXPECT_FALSE(layout.numa_from_srat);
  EXPECT_EQ(layout.fallback, Fallback::bad_srat);
  EXPECT_TRUE(has_line(layout, "ACPI: NUMA: SRAT: Invalid SRAT header length: 16"));
  EXPECT_TRUE(has_line(layout, "NUMA: Faking a node at [mem 0x0000000080000000-0x00000000bfffffff]"));
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 0}));
}

// 6.1's riscv64 kernels have no ACPI (5.10's no NUMA): one node, said so.
TEST(RiscvModel, BeforeAcpiNumaOneNode) {
  const Layout layout = *map_numa(load({"riscv64/virt/SRAT.numamem"}), config(Arch::riscv64, "6.1", 2));
  EXPECT_FALSE(layout.numa_from_srat);
  EXPECT_EQ(layout.fallback, Fallback::no_acpi_numa);
  EXPECT_EQ(layout.possible.to_list(), "0");
  EXPECT_TRUE(std::any_of(layout.notes.begin(), layout.notes.end(), [](const std::string& n) {
    return n.starts_with("riscv64 kernels before 6.10 read no SRAT (6.1)");
  }));
  EXPECT_TRUE(std::none_of(layout.events.begin(), layout.events.end(), [](const Event& e) { return e.table == "SRAT"; }));
}

// ---- loongarch64 --------------------------------------------------------------

// QEMU's loongarch64 virt numamem tables: CPU 0 on PXM 0, 64 MiB on each of
// PXM 0 and 1, SLIT 21. Node 1 has no CPU: possible, with memory (N_MEMORY,
// 6.12+), but not online (init_numa_memory() onlines nodes with CPUs only).
TEST(LoongarchModel, QemuNumamemTables) {
  const Layout layout = *map_numa(load({"loongarch64/virt/SRAT.numamem", "loongarch64/virt/SLIT.numamem"}),
                                 config(Arch::loongarch64, "7.3", 6));
  expect_no_other_arch_note(layout);
  EXPECT_TRUE(layout.numa_from_srat);
  EXPECT_EQ(layout.possible.to_list(), "0-1");
  EXPECT_EQ(layout.online.to_list(), "0");
  EXPECT_EQ(layout.memory.to_list(), "0-1");
  ASSERT_EQ(layout.nodes.size(), 2U);
  EXPECT_EQ(layout.nodes[1].pxm, 1U);
  ASSERT_EQ(layout.nodes[1].ram.size(), 1U);
  EXPECT_EQ(layout.nodes[1].ram[0].start, 0x4000000U);
  EXPECT_EQ(layout.nodes[1].ram[0].end, 0x8000000U);
  EXPECT_EQ(layout.distance(0, 1), 21);
  EXPECT_EQ(layout.distance(1, 0), 21);
  EXPECT_EQ(layout.cpu_source, "srat");
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0}));
  for (const char* line : {"SRAT: PXM 0 -> CPU 0x00 -> Node 0", "Node0's addrspace_offset is 0x0",
                           "Node0: start_pfn=0x0, end_pfn=0x4000", "SMP: Allowing 1 CPUs, 0 hotplug CPUs",
                           "Initmem setup node 1 [mem 0x0000000004000000-0x0000000007ffffff]"}) {
    EXPECT_TRUE(has_line(layout, line)) << line;
  }
  EXPECT_FALSE(has_line(layout, "Node1's addrspace_offset is 0x100000000000"));
}

// QEMU's topology SRAT: four CPUs (physical ids 0-3) on PXM 0.
TEST(LoongarchModel, QemuTopologySrat) {
  const Layout layout = *map_numa(load({"loongarch64/virt/SRAT.topology"}), config(Arch::loongarch64, "7.3", 6));
  expect_no_other_arch_note(layout);
  EXPECT_EQ(layout.online.to_list(), "0");
  EXPECT_EQ(cpus_on(layout, 0).to_list(), "0-3");
  EXPECT_TRUE(has_line(layout, "SRAT: PXM 0 -> CPU 0x03 -> Node 0"));
  EXPECT_TRUE(has_line(layout, "SMP: Allowing 4 CPUs, 0 hotplug CPUs"));
}

// x86's SRAT processor handlers with LoongArch's side (SratCpuArch): the ids
// are physical CPU ids, "CPU 0x%02x" for an x2APIC entry too, at most
// CONFIG_NR_CPUS (64), and no apic_id_valid() ("X2APIC 0x0100 ignored" on x86).
TEST(LoongarchModel, ProcessorAffinityLinesAreLoongArchs) {
  const Layout layout = *map_numa(
      test::decode_tables({test::srat({test::srat_x2apic(0, 3), test::srat_x2apic(0, 0x100),
                                       test::srat_local_apic(0, 70), test::srat_memory(0, 0, GiB)})}),
      config(Arch::loongarch64, "7.3", 6));
  expect_no_other_arch_note(layout);
  for (const char* line : {"SRAT: PXM 0 -> CPU 0x03 -> Node 0",
                           "SRAT: PXM 0 -> CPU 0x100 -> Node 0 skipped apicid that is too big",
                           "SRAT: PXM 0 -> CPU 0x46 -> Node 0 skipped apicid that is too big"}) {
    EXPECT_TRUE(has_line(layout, line)) << line;
  }
  EXPECT_EQ(layout.online.to_list(), "0");
}

// CORE_PICs: the boot CPU (lowest enabled Core ID) first, then enabled ones in
// MADT order, then the disabled one as a hotplug CPU; a CPU SRAT does not
// place takes the online nodes in turn (smp_prepare_boot_cpu()).
TEST(LoongarchModel, CorePicNumberingAndRoundRobin) {
  const acpi::TableSet tables = test::decode_tables(
      {test::madt({madt_core_pic(0, 5), madt_core_pic(1, 1), madt_core_pic(2, 4, 0), madt_core_pic(3, 7),
                   madt_core_pic(4, 9)}),
       test::srat({test::srat_local_apic(0, 1), test::srat_local_apic(1, 5), test::srat_memory(0, 0, GiB),
                   test::srat_memory(1, GiB, GiB)})});
  const Layout layout = *map_numa(tables, config(Arch::loongarch64, "7.3", 6));
  EXPECT_EQ(layout.cpu_source, "madt");
  std::vector<std::uint32_t> ids;
  for (const Cpu& cpu : layout.cpu_ids) ids.push_back(cpu.id);
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{1, 5, 7, 9, 4}));
  // Cores 1 and 5 by SRAT; 7 and 9 round robin over online nodes 0, 1; core 4 hotplug.
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 1, 0, 1, -1}));  // -1: NUMA_NO_NODE
  EXPECT_EQ(layout.online.to_list(), "0-1");
  EXPECT_TRUE(has_line(layout, "SMP: Allowing 5 CPUs, 1 hotplug CPUs"));
  EXPECT_TRUE(has_line(layout, "Node1's addrspace_offset is 0x100000000000"));
  EXPECT_TRUE(has_line(layout, "Node1: start_pfn=0x40000, end_pfn=0x80000"));
}

// No fall-back node: an SRAT without memory leaves the kernel with none.
TEST(LoongarchModel, FailedInitLeavesNoNode) {
  const Layout layout = *map_numa(test::decode_tables({test::madt({madt_core_pic(0, 0)}),
                                                      test::srat({test::srat_local_apic(0, 0)})}),
                                 config(Arch::loongarch64, "7.3", 6));
  EXPECT_FALSE(layout.numa_from_srat);
  EXPECT_EQ(layout.fallback, Fallback::no_memory);
  EXPECT_EQ(layout.possible.to_list(), "");
  EXPECT_EQ(layout.crash,
            "init_numa_memory() fails and LoongArch has no fall-back node: platform_init() ignores the error and the "
            "kernel goes on with no possible node");
}

TEST(LoongarchModel, LinesBefore73AreNotModelled) {
  EXPECT_EQ(arch_not_modelled(Arch::loongarch64, *find_profile("7.3")), "");
  EXPECT_EQ(arch_not_modelled(Arch::riscv64, *find_profile("6.1")), "");
  EXPECT_EQ(arch_not_modelled(Arch::loongarch64, *find_profile("6.12")),
            "loongarch64 is modelled from kernel 7.3 on, not for 6.12: LoongArch arrived in 5.19, and up to 6.12 its "
            "init_numa_memory() assigns memory to nodes by walking the EFI memory map (init_node_memblock()), which "
            "numaplan does not model");
  const Expected<Layout> refused = map_numa(load({"loongarch64/virt/SRAT"}), config(Arch::loongarch64, "6.1", 6));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "arch");
}

// ---- which architecture the tables look like ------------------------------------

TEST(TablesArch, EachArchitecturesEntries) {
  std::string reason;
  EXPECT_EQ(tables_arch(load({"riscv64/virt/SRAT.numamem"}), reason), (std::vector<Arch>{Arch::riscv64}));
  EXPECT_EQ(reason, "SRAT lists RINTC affinity entries");
  EXPECT_EQ(tables_arch(load({"loongarch64/virt/SRAT.numamem"}), reason),
            (std::vector<Arch>{Arch::x86_64, Arch::loongarch64}));
  EXPECT_EQ(reason, "SRAT lists Local APIC affinity entries");
  EXPECT_EQ(tables_arch(test::decode_tables({test::madt({madt_core_pic(0, 0)})}), reason),
            (std::vector<Arch>{Arch::loongarch64}));
  EXPECT_EQ(reason, "MADT lists CORE_PIC entries");
  EXPECT_EQ(tables_arch(test::decode_tables({test::madt({madt_rintc(0, 0), test::madt_lapic(0)})}), reason),
            (std::vector<Arch>{}));
  EXPECT_EQ(reason, "MADT lists processors of several architectures");
}

// The CLI: riscv64 tables under x86_64 get the note; under --arch riscv64 none.
TEST(ArchCli, CorpusTablesUnderTheirArch) {
  const std::string rv = kQemu + "riscv64/virt/SRAT.numamem";
  const test::CliResult x86 = test::run_numaplan({"map", rv});
  EXPECT_NE(x86.err.find("numaplan: note: --arch: SRAT lists RINTC affinity entries: the tables look like riscv64's, "
                         "not x86_64's; give --arch riscv64\n"),
            std::string::npos)
      << x86.err;
  const test::CliResult riscv = test::run_numaplan({"map", "--arch", "riscv64", rv});
  EXPECT_EQ(riscv.exit_code, 0) << riscv.err;
  EXPECT_EQ(riscv.err.find("--arch"), std::string::npos) << riscv.err;
  EXPECT_EQ(riscv.err.find("another architecture"), std::string::npos) << riscv.err;
  const std::string la = kQemu + "loongarch64/virt/SRAT.numamem";
  const test::CliResult loongarch = test::run_numaplan({"map", "--arch", "loongarch64", la});
  EXPECT_EQ(loongarch.exit_code, 0) << loongarch.err;
  EXPECT_EQ(loongarch.err.find("--arch"), std::string::npos) << loongarch.err;
  EXPECT_EQ(loongarch.err.find("another architecture"), std::string::npos) << loongarch.err;
  const test::CliResult old = test::run_numaplan({"map", "--arch", "loongarch64", "--kernel", "6.12", la});
  EXPECT_EQ(old.exit_code, 2);
  EXPECT_NE(old.err.find("numaplan: error: --arch: loongarch64 is modelled from kernel 7.3 on, not for 6.12"),
            std::string::npos)
      << old.err;
}

}  // namespace
}  // namespace numaplan::kernel
