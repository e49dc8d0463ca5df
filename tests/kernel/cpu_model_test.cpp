// The CPUs the model brings up from the MADT (arch/x86/kernel/acpi/boot.c):
// logical numbers in MADT order, hotplug CPUs, duplicates, nodes from SRAT
// or node 0, and the x2APIC mode decision.
#include <gtest/gtest.h>

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

// MADT order numbers the CPUs; CPUs without SRAT affinity stay on node 0 (oracle case 53).
TEST(CpuModel, MadtOrderAndNodeZeroWithoutAffinity) {
  const Layout layout =
      map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(2), madt_lapic(3)})}), config());
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
  const Layout layout = map_numa(tables({srat, madt({madt_lapic(0), madt_lapic(1)})}), config());
  EXPECT_EQ(layout.present_cpus, 2);
  EXPECT_EQ(layout.possible.to_list(), "0-2");
  EXPECT_EQ(layout.online.to_list(), "0-1");
  EXPECT_EQ(layout.cpu.to_list(), "0-1");
}

// numa=off: every CPU on node 0, which has_cpu then shows.
TEST(CpuModel, NumaOffPutsEveryCpuOnNodeZero) {
  Config off = config();
  off.numa_off = true;
  const Layout layout = map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(2)})}), off);
  EXPECT_EQ(layout.cpu.to_list(), "0");
  EXPECT_EQ(cpulist(layout, 0), "0-1");
}

// Disabled entries are hotplug CPUs (6.1), after the present ones in APIC id
// order; a repeated APIC id counts once; 0xFF is no CPU; revision 5 needs
// Online Capable. 6.12 on bare metal takes no disabled entry (oracle case 55).
TEST(CpuModel, HotplugDuplicatesAndInvalidIds) {
  const acpi::TableSet set = tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(5, 0), madt_lapic(2),
                                                            madt_lapic(2), madt_lapic(4, 0), madt_lapic(0xFF)})});
  const Layout layout = map_numa(set, config("6.1"));
  EXPECT_EQ(layout.present_cpus, 2);
  ASSERT_EQ(layout.cpu_ids.size(), 4U);
  EXPECT_EQ(layout.cpu_ids[2].id, 4U);
  EXPECT_EQ(layout.cpu_ids[3].id, 5U);
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{0, 1, -1, -1}));
  EXPECT_EQ(cpulist(layout, 1), "1");
  const Layout bare_metal = map_numa(set, config("6.12"));
  EXPECT_EQ(bare_metal.present_cpus, 2);
  EXPECT_EQ(bare_metal.cpu_to_node, (std::vector<int>{0, 1}));
  // ACPI 6.3 firmware: a disabled entry without Online Capable is no CPU at all.
  const Layout revision5 =
      map_numa(tables({srat_two_nodes(), madt({madt_lapic(0), madt_lapic(4, 0), madt_lapic(5, 2)}, 5)}), config());
  ASSERT_EQ(revision5.cpu_ids.size(), 2U);
  EXPECT_EQ(revision5.cpu_ids[1].id, 5U);
}

// x2APIC ids above 0xFE: only x2APIC mode takes them, and the MADT listing
// one is what makes the model assume that mode.
TEST(CpuModel, X2apicModeFromTheMadt) {
  const Bytes srat = test::srat({test::srat_local_apic(0, 0), test::srat_x2apic(1, 0x100), test::srat_memory(0, 0, GiB),
                                 test::srat_memory(1, GiB, GiB)});
  const acpi::TableSet set = tables({srat, madt({madt_lapic(0), madt_x2apic(0x100)})});
  const Layout decided = map_numa(set, config());
  EXPECT_TRUE(decided.x2apic_mode);
  EXPECT_EQ(decided.x2apic_reason,
            "x2APIC mode: the MADT lists x2APIC id 0x0100, which only x2APIC mode addresses, so the firmware hands "
            "over in it");
  EXPECT_EQ(decided.present_cpus, 2);
  EXPECT_EQ(cpulist(decided, 1), "1");
  Config xapic = config();
  xapic.x2apic_mode = false;
  const Layout forced = map_numa(set, xapic);
  EXPECT_FALSE(forced.x2apic_mode);
  EXPECT_EQ(forced.x2apic_reason, "xAPIC mode: as configured (--x2apic)");
  EXPECT_EQ(forced.present_cpus, 1);
  EXPECT_EQ(forced.cpu.to_list(), "0");
  EXPECT_EQ(forced.log.front(), "SRAT: PXM 1 -> X2APIC 0x0100 ignored");

  std::string reason;
  EXPECT_TRUE(decide_x2apic_mode(tables({madt({madt_x2apic(0), madt_x2apic(1)})}), reason));
  EXPECT_EQ(reason, "x2APIC mode: the MADT lists its CPUs as x2APIC structures only");
  EXPECT_FALSE(decide_x2apic_mode(tables({madt({madt_lapic(0), madt_lapic(1)})}), reason));
  EXPECT_EQ(reason, "xAPIC mode: the MADT lists no x2APIC id above 0xFE (--x2apic on if the firmware enables x2APIC)");
  EXPECT_FALSE(decide_x2apic_mode(tables({srat}), reason));
  EXPECT_EQ(reason, "no MADT: xAPIC mode assumed (--x2apic on if the firmware enables x2APIC)");
}

// Config::cpus overrides the MADT.
TEST(CpuModel, ConfiguredCpusOverrideTheMadt) {
  Config c = config();
  c.cpus = std::vector<std::uint32_t>{2, 0};
  const Layout layout = map_numa(tables({srat_two_nodes(), madt({madt_lapic(0)})}), c);
  EXPECT_EQ(layout.cpu_source, "config");
  EXPECT_EQ(layout.cpu_to_node, (std::vector<int>{1, 0}));
}

}  // namespace
}  // namespace numaplan::kernel
