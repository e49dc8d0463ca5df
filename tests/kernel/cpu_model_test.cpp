// The CPUs the model brings up from the MADT (arch/x86/kernel/acpi/boot.c):
// logical numbers in MADT order, hotplug CPUs, duplicates, nodes from SRAT
// or node 0, and the x2APIC mode decision.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "numaplan/kernel/model.h"
#include "numaplan/support/bytes.h"
#include "support/table_bytes.h"

namespace numaplan::kernel {
namespace {

using test::Bytes;
constexpr std::uint64_t GiB = 1ULL << 30;

acpi::TableSet tables(std::initializer_list<Bytes> raw) { return test::decode_tables(raw); }

using test::madt;
using test::madt_lapic;
using test::madt_x2apic;

// PXM 0 and 1, APIC 0 -> PXM 0, APIC 2 -> PXM 1; 1 GiB each.
Bytes srat_two_nodes() {
  return test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 2), test::srat_memory(0, 0, GiB),
                     test::srat_memory(1, GiB, GiB)});
}

Config config(const char* profile = "6.12") {
  Config c;
  c.profile = *find_profile(profile);
  c.ram = std::vector<MemRange>{{0, 0x9fc00}, {0x100000, 0x7ffe0000}};
  return c;
}

std::string cpulist(const Layout& layout, int node) { return cpus_on(layout, node).to_list(); }

// The possible-CPU count line ("smpboot: Allowing ..." or "CPU topo: Allowing ...").
std::string allowing(const Layout& layout) {
  for (const std::string& line : layout.log) {
    if (line.starts_with("smpboot: Allowing ") || line.starts_with("CPU topo: Allowing ")) return line;
  }
  return "<none>";
}

// MADT order numbers the CPUs; CPUs without SRAT affinity stay on node 0 (oracle case 53).
TEST(CpuModel, MadtOrderAndNodeZeroWithoutAffinity) {
  const Layout layout =
      *map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(2), madt_lapic(3)})}), config());
  EXPECT_EQ(layout.cpu_source, "madt");
  EXPECT_EQ(layout.present_cpus, 4);
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 0, 1, 0}));
  EXPECT_EQ(cpulist(layout, 0), "0-1,3");
  EXPECT_EQ(cpulist(layout, 1), "2");
  EXPECT_EQ(layout.cpu.to_list(), "0-1");
}

// SRAT entries for APIC ids the MADT lacks place no CPU (oracle case 54).
TEST(CpuModel, SratCpusTheMadtLacksBringNoCpu) {
  const Bytes srat = test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 1), test::srat_local_apic(2, 2),
                                 test::srat_memory(0, 0, GiB), test::srat_memory(1, GiB, GiB)});
  const Layout layout = *map_numa(tables({srat, madt({madt_lapic(0), madt_lapic(1)})}), config());
  EXPECT_EQ(layout.present_cpus, 2);
  EXPECT_EQ(layout.possible.to_list(), "0-2");
  EXPECT_EQ(layout.online.to_list(), "0-1");
  EXPECT_EQ(layout.cpu.to_list(), "0-1");
}

// numa=off: every CPU on node 0, which has_cpu then shows.
TEST(CpuModel, NumaOffPutsEveryCpuOnNodeZero) {
  Config off = config();
  off.numa_off = true;
  const Layout layout = *map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(2)})}), off);
  EXPECT_EQ(layout.cpu.to_list(), "0");
  EXPECT_EQ(cpulist(layout, 0), "0-1");
}

// Disabled entries are hotplug CPUs (6.1); a repeated APIC id keeps its
// number; 0xFF is no CPU; revision 5 needs Online Capable. Up to 6.8
// generic_processor_info() counts the repeated id once more (one more
// possible CPU, oracle case 58) and hotplug CPUs have no APIC id; 6.12 on
// bare metal takes no disabled entry (oracle case 55).
TEST(CpuModel, HotplugDuplicatesAndInvalidIds) {
  const acpi::TableSet set = tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(5, 0), madt_lapic(2),
                                                            madt_lapic(2), madt_lapic(4, 0), madt_lapic(0xFF)})});
  const Layout layout = *map_numa(set, config("6.1"));
  EXPECT_EQ(layout.present_cpus, 2);
  ASSERT_EQ(layout.cpu_ids.size(), 5U);
  for (std::size_t cpu = 2; cpu < 5; ++cpu) EXPECT_EQ(layout.cpu_ids[cpu].id, 0xFFFFFFFFU) << cpu;
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 1, -1, -1, -1}));
  EXPECT_EQ(cpulist(layout, 1), "1");
  EXPECT_EQ(allowing(layout), "smpboot: Allowing 5 CPUs, 2 hotplug CPUs");
  const Layout bare_metal = *map_numa(set, config("6.12"));
  EXPECT_EQ(bare_metal.present_cpus, 2);
  EXPECT_EQ(bare_metal.cpu_to_node, (std::vector<int>{0, 1}));
  EXPECT_EQ(allowing(bare_metal), "CPU topo: Allowing 2 present CPUs plus 0 hotplug CPUs");
  // ACPI 6.3 firmware: a disabled entry without Online Capable is no CPU at all.
  const Layout revision5 =
      *map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(4, 0), madt_lapic(5, 2)}, 5)}), config());
  ASSERT_EQ(revision5.cpu_ids.size(), 2U);
  EXPECT_EQ(revision5.cpu_ids[1].id, 5U);
}

// 6.9-7.0 upstream (topology_cpus, no hypervisor test yet): every usable
// disabled entry is one more possible CPU; the hotplug CPUs take the ids that
// are not present, lowest first, and one listed twice or also present leaves
// a CPU without an id. A present id listed twice counts once.
TEST(CpuModel, TopologyNumbersHotplugCpusById) {
  Config c = config();
  c.profile = resolve_profile("6.9")->profile;
  const Layout layout = *map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(5, 0), madt_lapic(2),
                                                                  madt_lapic(2), madt_lapic(4, 0), madt_lapic(5, 0),
                                                                  madt_lapic(2, 0)})}),
                                 c);
  EXPECT_EQ(layout.present_cpus, 2);
  ASSERT_EQ(layout.cpu_ids.size(), 6U);
  EXPECT_EQ(layout.cpu_ids[2].id, 4U);
  EXPECT_EQ(layout.cpu_ids[3].id, 5U);
  EXPECT_EQ(layout.cpu_ids[4].id, 0xFFFFFFFFU);
  EXPECT_EQ(layout.cpu_ids[5].id, 0xFFFFFFFFU);
  EXPECT_EQ(allowing(layout), "CPU topo: Allowing 2 present CPUs plus 4 hotplug CPUs");
}

// 5.10 has no acpi_is_processor_usable(): a disabled entry of ACPI 6.3
// firmware without Online Capable is a hotplug CPU all the same.
TEST(CpuModel, FiveTenTakesEveryDisabledEntry) {
  const Layout layout = *map_numa(
      tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(4, 0), madt_lapic(5, 2)}, 5)}), config("5.10"));
  EXPECT_EQ(layout.present_cpus, 1);
  EXPECT_EQ(layout.cpu_ids.size(), 3U);
  EXPECT_EQ(allowing(layout), "smpboot: Allowing 3 CPUs, 2 hotplug CPUs");
}

// An x2APIC entry below 0xFF beside usable Local APIC entries: 6.12+ ignore
// it (has_lapic_cpus), 6.1 takes it (oracle case 59). A MADT whose Local APIC
// entries all have the invalid id 0xFF does not count as having any.
TEST(CpuModel, X2apicBelowFfIgnoredBesideLocalApics) {
  const Bytes srat = test::srat({test::srat_local_apic(0, 0), test::srat_local_apic(1, 1), test::srat_x2apic(1, 2),
                                 test::srat_memory(0, 0, GiB), test::srat_memory(1, GiB, GiB)});
  const acpi::TableSet mixed = tables({srat, madt({madt_lapic(0), madt_lapic(1), madt_x2apic(2)})});
  const Layout old_kernel = *map_numa(mixed, config("6.1"));
  EXPECT_EQ(old_kernel.present_cpus, 3);
  EXPECT_EQ(cpulist(old_kernel, 1), "1-2");
  EXPECT_EQ(allowing(old_kernel), "smpboot: Allowing 3 CPUs, 0 hotplug CPUs");
  const Layout new_kernel = *map_numa(mixed, config("6.12"));
  EXPECT_EQ(new_kernel.present_cpus, 2);
  EXPECT_EQ(cpulist(new_kernel, 1), "1");
  EXPECT_EQ(allowing(new_kernel), "CPU topo: Allowing 2 present CPUs plus 0 hotplug CPUs");
  const Layout padded = *map_numa(tables({srat, madt({madt_lapic(0xFF), madt_x2apic(0), madt_x2apic(2)})}), config());
  EXPECT_EQ(padded.present_cpus, 2);
}

// x2APIC ids above 0xFE: only x2APIC mode takes them, and the MADT listing
// one is what makes the model assume that mode.
TEST(CpuModel, X2apicModeFromTheMadt) {
  const Bytes srat = test::srat({test::srat_local_apic(0, 0), test::srat_x2apic(1, 0x100), test::srat_memory(0, 0, GiB),
                                 test::srat_memory(1, GiB, GiB)});
  const acpi::TableSet set = tables({srat, madt({madt_lapic(0), madt_x2apic(0x100)})});
  const Layout decided = *map_numa(set, config());
  EXPECT_TRUE(decided.x2apic_mode);
  EXPECT_EQ(decided.x2apic_reason,
            "x2APIC mode: the MADT lists x2APIC id 0x0100, which only x2APIC mode addresses, so the firmware hands "
            "over in it");
  EXPECT_EQ(decided.present_cpus, 2);
  EXPECT_EQ(cpulist(decided, 1), "1");
  Config xapic = config();
  xapic.x2apic_mode = false;
  const Layout forced = *map_numa(set, xapic);
  EXPECT_FALSE(forced.x2apic_mode);
  EXPECT_EQ(forced.x2apic_reason, "xAPIC mode: as configured");
  EXPECT_EQ(forced.present_cpus, 1);
  EXPECT_EQ(forced.cpu.to_list(), "0");
  EXPECT_EQ(forced.log.front(), "SRAT: PXM 1 -> X2APIC 0x0100 ignored");
  EXPECT_NE(std::find(forced.log.begin(), forced.log.end(), "ACPI: x2apic entry ignored"), forced.log.end());
  EXPECT_EQ(allowing(forced), "CPU topo: Allowing 1 present CPUs plus 0 hotplug CPUs");

  std::string reason;
  EXPECT_TRUE(decide_x2apic_mode(tables({madt({madt_x2apic(0), madt_x2apic(1)})}), reason));
  EXPECT_EQ(reason, "x2APIC mode: the MADT lists its CPUs as x2APIC structures only");
  EXPECT_FALSE(decide_x2apic_mode(tables({madt({madt_lapic(0), madt_lapic(1)})}), reason));
  EXPECT_EQ(reason, "xAPIC mode: the MADT lists no x2APIC id above 0xFE");
  EXPECT_FALSE(decide_x2apic_mode(tables({srat}), reason));
  EXPECT_EQ(reason, "no MADT: xAPIC mode assumed");
}

// The DMAR's flags: what Linux does after the MADT walk (enable_IR_x2apic()),
// and an x2APIC-only MADT of firmware that opts out of x2APIC is xAPIC.
TEST(CpuModel, X2apicModeAndTheDmar) {
  const Bytes high = madt({madt_lapic(0), madt_x2apic(0x100)});
  std::string reason;
  EXPECT_TRUE(decide_x2apic_mode(tables({high, test::dmar(0x3)}), reason));
  EXPECT_EQ(reason,
            "x2APIC mode: the MADT lists x2APIC id 0x0100, which only x2APIC mode addresses, so the firmware hands "
            "over in it; the DMAR sets X2APIC_OPT_OUT: Linux turns x2APIC off after the MADT walk (\"x2apic is "
            "disabled because BIOS sets x2apic opt out bit.\", then try_to_enable_x2apic() -> x2apic_disable(), "
            "which panics \"Cannot disable x2apic\" when the boot CPU's id is 0xFF or more; "
            "intremap=no_x2apic_optout overrides it)");
  EXPECT_TRUE(decide_x2apic_mode(tables({high, test::dmar(0x0)}), reason));
  EXPECT_EQ(reason,
            "x2APIC mode: the MADT lists x2APIC id 0x0100, which only x2APIC mode addresses, so the firmware hands "
            "over in it; the DMAR's INTR_REMAP is clear: no interrupt remapping, so bare-metal Linux turns x2APIC "
            "off after the MADT walk (try_to_enable_x2apic(): \"x2apic: IRQ remapping doesn't support X2APIC "
            "mode\")");
  EXPECT_TRUE(decide_x2apic_mode(tables({high, test::dmar(0x1)}), reason));
  EXPECT_EQ(reason,
            "x2APIC mode: the MADT lists x2APIC id 0x0100, which only x2APIC mode addresses, so the firmware hands "
            "over in it");

  const Bytes only_x2apic = madt({madt_x2apic(0), madt_x2apic(1)});
  EXPECT_FALSE(decide_x2apic_mode(tables({only_x2apic, test::dmar(0x3)}), reason));
  EXPECT_EQ(reason,
            "xAPIC mode: the MADT lists no x2APIC id above 0xFE and the DMAR's X2APIC_OPT_OUT asks the firmware not "
            "to enable x2APIC; the DMAR sets X2APIC_OPT_OUT: Linux "
            "stays in xAPIC mode after the MADT walk (\"x2apic is disabled because BIOS sets x2apic opt out bit.\", "
            "then try_to_enable_x2apic(); intremap=no_x2apic_optout overrides it)");
  EXPECT_FALSE(decide_x2apic_mode(tables({madt({madt_lapic(0)}), test::dmar(0x5)}), reason));
  EXPECT_EQ(reason,
            "xAPIC mode: the MADT lists no x2APIC id above 0xFE; the "
            "DMAR allows x2APIC (INTR_REMAP set, X2APIC_OPT_OUT clear): Linux switches to it after the MADT walk "
            "(enable_IR_x2apic()) on a CPU that has it, which changes no CPU or node");
}

// An x2APIC id at or above MAX_LOCAL_APIC (32768) in x2APIC mode: up to 6.8
// acpi_register_lapic() says so for each entry; 6.9+ topology_register_apic()
// once, and topology_init_possible_cpus() counts the rejected CPUs (from source).
TEST(CpuModel, ApicIdsBeyondTheKernelLimit) {
  const acpi::TableSet set =
      tables({srat_two_nodes(), madt({madt_lapic(0), madt_x2apic(0x8000), madt_x2apic(0x8001, 0)})});
  Config old_kernel = config("6.1");
  old_kernel.x2apic_mode = true;
  const Layout before = *map_numa(set, old_kernel);
  EXPECT_EQ(std::count(before.log.begin(), before.log.end(), "ACPI: skipped apicid that is too big"), 2);
  EXPECT_EQ(allowing(before), "smpboot: Allowing 1 CPUs, 0 hotplug CPUs");
  Config new_kernel = config("7.3");
  new_kernel.x2apic_mode = true;
  const Layout after = *map_numa(set, new_kernel);
  const auto limit = std::find(after.log.begin(), after.log.end(), "CPU topo: APIC ID 8000 exceeds kernel limit of: 7fff");
  ASSERT_NE(limit, after.log.end());
  EXPECT_EQ(std::count(after.log.begin(), after.log.end(), *limit), 1);
  const auto line = std::find(after.log.begin(), after.log.end(), "CPU topo: Allowing 1 present CPUs plus 0 hotplug CPUs");
  ASSERT_NE(line, after.log.end());
  EXPECT_EQ(*(line + 1), "CPU topo: Rejected CPUs 1");
  EXPECT_EQ(after.present_cpus, 1);
}

// Config::cpus overrides the MADT.
TEST(CpuModel, ConfiguredCpusOverrideTheMadt) {
  Config c = config();
  c.cpus = std::vector<std::uint32_t>{2, 0};
  const Layout layout = *map_numa(tables({srat_two_nodes(), madt({madt_lapic(0)})}), c);
  EXPECT_EQ(layout.cpu_source, "config");
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{1, 0}));
}

}  // namespace
}  // namespace numaplan::kernel
