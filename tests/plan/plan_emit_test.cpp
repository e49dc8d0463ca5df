// The plan's outputs: text, JSON numaplan.plan/2 and the emitted tables.
#include "numaplan/emit/plan.h"

#include <gtest/gtest.h>

#include "numaplan/acpi/tables.h"
#include "plan/plan_fixture.h"

namespace numaplan::plan {
namespace {

using namespace test;

// The CXL fixture with one standby node per CPU node and one per window:
// nodes 4-5 (PXMs 4-5) general, 6 (window 0) and 7 (window 1).
struct Planned {
  acpi::TableSet tables = table_set({cxl_srat(), telling_slit(7), cxl_cedt()});
  Plan plan;
  Planned() {
    Settings settings;
    settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
    settings.kconfig = source::parse_kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=1\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1\n",
                                             "t").value();
    plan = make_plan(cxl_layout(), tables, settings).value();
  }
};

acpi::Table decode(const emit::PlannedFile& file) {
  auto table = acpi::decode_table({file.name, file.bytes});
  EXPECT_TRUE(table.ok());
  EXPECT_TRUE(table->checksum_valid);
  EXPECT_TRUE(table->diagnostics.empty()) << file.name;
  return std::move(*table);
}

const emit::PlannedFile& file(const std::vector<emit::PlannedFile>& files, const std::string& name) {
  for (const auto& f : files) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no " << name;
  return files.front();
}

TEST(PlanTables, SratAddsWindowsAndReservedRangesAsHotplug) {
  const Planned p;
  const auto files = emit::planned_tables(p.plan, p.tables, "/plan");
  ASSERT_TRUE(files.ok()) << files.error().format();
  std::vector<std::string> names;
  for (const auto& f : files->files) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"srat.dat", "slit.dat", "msct.dat", "cedt.dat", "cmdline", "config-fragment", "acpi-upgrade.cpio", "qemu-args", "qemu.args"}));

  const acpi::Table srat = decode(file(files->files, "srat.dat"));
  ASSERT_EQ(srat.subtables.size(), 5U + 2U + 4U);
  // Kept as they were: the machine's five entries, byte for byte.
  const acpi::Table* machine = p.tables.first("SRAT");
  EXPECT_TRUE(std::equal(machine->bytes.begin() + 36, machine->bytes.end(), srat.bytes.begin() + 36));
  const std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> added = {
      {2, 0x200000000ULL, 0x100000000ULL}, {3, 0x300000000ULL, 0x100000000ULL},  // the windows, node order
      {4, 0x400000000ULL, 0x40000000ULL},  {5, 0x440000000ULL, 0x40000000ULL},
      {6, 0x480000000ULL, 0x40000000ULL},  {7, 0x4C0000000ULL, 0x40000000ULL}};
  for (std::size_t i = 0; i < added.size(); ++i) {
    const acpi::StructView view = srat.view(srat.subtables[5 + i]);
    EXPECT_EQ(srat.type(srat.subtables[5 + i]), 1U);
    EXPECT_EQ(view.get(acpi::srat::memory_fields::proximity_domain).value(), std::get<0>(added[i]));
    EXPECT_EQ(view.get(acpi::srat::memory_fields::base_address).value(), std::get<1>(added[i]));
    EXPECT_EQ(view.get(acpi::srat::memory_fields::length).value(), std::get<2>(added[i]));
    EXPECT_EQ(view.get(acpi::srat::memory_fields::flags).value(), 3U);  // Enabled | Hot Pluggable
  }
}

TEST(PlanTables, SlitOverEveryPxmWithThePlannedDistances) {
  const Planned p;
  const auto files = emit::planned_tables(p.plan, p.tables, "/plan");
  ASSERT_TRUE(files.ok());
  const acpi::Table slit = decode(file(files->files, "slit.dat"));
  const acpi::StructView header = slit.header_view();
  ASSERT_EQ(header.get(acpi::slit::header_fields::locality_count).value(), 8U);
  const acpi::ArrayView entries = header.arrays().front();
  const auto at = [&](int i, int j) { return header.element(entries, static_cast<std::uint64_t>(i * 8 + j)).value(); };
  EXPECT_EQ(at(0, 1), 21U);
  EXPECT_EQ(at(1, 0), 22U);
  EXPECT_EQ(at(2, 0), 32U);  // window 0: Generic Port row 6
  EXPECT_EQ(at(0, 2), 26U);
  EXPECT_EQ(at(4, 0), 28U);  // the machine's SLIT covers PXM 4
  EXPECT_EQ(at(7, 0), 20U);  // window 1: no port, past the SLIT
  for (int i = 0; i < 8; ++i) EXPECT_EQ(at(i, i), 10U);
}

TEST(PlanTables, NewMsctCoversEveryPxm) {
  const Planned p;
  const auto files = emit::planned_tables(p.plan, p.tables, "/plan");
  ASSERT_TRUE(files.ok());
  const acpi::Table msct = decode(file(files->files, "msct.dat"));
  EXPECT_EQ(msct.header_view().get(acpi::msct::header_fields::max_proximity_domains).value(), 7U);
  EXPECT_EQ(msct.header_view().get(acpi::msct::header_fields::max_address).value(), 0x4FFFFFFFFULL);
  ASSERT_EQ(msct.subtables.size(), 8U);
  const auto domain = [&](std::size_t i, acpi::Field field) { return msct.view(msct.subtables[i]).get(field).value(); };
  namespace f = acpi::msct::proximity_domain_fields;
  EXPECT_EQ(domain(0, f::range_start), 0U);
  EXPECT_EQ(domain(0, f::processor_capacity), 1U);
  EXPECT_EQ(domain(0, f::memory_capacity), 0x80000000ULL);
  EXPECT_EQ(domain(2, f::range_end), 2U);
  EXPECT_EQ(domain(2, f::memory_capacity), 0x100000000ULL);
  EXPECT_EQ(domain(6, f::memory_capacity), 0x40000000ULL);
}

TEST(PlanTables, MachineMsctIsExtended) {
  Planned p;
  p.tables = table_set({cxl_srat(), telling_slit(7), cxl_cedt(), msct_spec(2, {msct_domain(0, 3, 1, 0x80000000ULL)})});
  const auto files = emit::planned_tables(p.plan, p.tables, "/plan");
  ASSERT_TRUE(files.ok());
  const acpi::Table msct = decode(file(files->files, "msct.dat"));
  EXPECT_EQ(msct.header_view().get(acpi::msct::header_fields::max_proximity_domains).value(), 7U);
  EXPECT_EQ(msct.header_view().get(acpi::msct::header_fields::max_address).value(), 0xFFFFFFFFFFULL);  // the machine's was higher
  ASSERT_EQ(msct.subtables.size(), 1U + 4U);  // PXMs 0-3 were in its range
  EXPECT_EQ(msct.view(msct.subtables[1]).get(acpi::msct::proximity_domain_fields::range_start).value(), 4U);
  // Raising the firmware's limit is said, not done silently; the address stays the machine's.
  // The fixture's CPUs have APIC ids 0 and 8, which -smp 2 does not give.
  EXPECT_EQ(files->warnings,
            (std::vector<std::string>{
                "msct.dat: Maximum Proximity Domains raised from 2 to 7 (the planned PXMs go up to 7)",
                "QEMU numbers the APIC ids of -smp 2 from 0 to 1, but the tables' CPUs have ids 0 to 8: CPUs without "
                "an SRAT entry stay on node 0"}));
}

TEST(PlanTables, CedtUnchangedAndQemuArgs) {
  const Planned p;
  const auto files = emit::planned_tables(p.plan, p.tables, "/plan");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(file(files->files, "cedt.dat").bytes, p.tables.first("CEDT")->bytes);
  const auto& args = file(files->files, "qemu-args").bytes;
  EXPECT_EQ(std::string(args.begin(), args.end()),
            "# numaplan plan --emit-tables: boots the planned tables (*.dat beside this file) on an unmodified "
            "kernel.\n"
            "# No -numa: QEMU then adds no SRAT or SLIT of its own; no cxl=on: no CEDT of its own.\n"
            "-M q35 -m 4096M -smp 2\n");
}

// -m is the RAM the kernel model boots with, not SRAT's span: a memory map
// with 1 GiB of RAM under SRAT's 2 GiB range gives node 0 RAM 0x1000-0x9EFFF
// and 0x100000-0x3FFFFFFF (the first page and 640K-1M are not RAM), 0x3FF9E000
// bytes, 1024M rounded up (SRAT's range alone would say 2048M).
TEST(PlanTables, QemuMemoryIsTheModelsRam) {
  const acpi::TableSet tables = table_set({srat_spec({lapic(0, 0), memory(0, 0, 0x80000000ULL)})});
  kernel::Config config;
  config.profile = *kernel::find_profile("6.12");
  config.ram = std::vector<kernel::MemRange>{{0, 0x9F000}, {0x100000, 0x40000000ULL}};
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;
  settings.kconfig = source::parse_kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=1\n", "t").value();
  const auto plan = make_plan(*kernel::map_numa(tables, config), tables, settings);
  ASSERT_TRUE(plan.ok()) << plan.error().format();
  EXPECT_EQ(plan->boot_ram, 0x3FF9E000ULL);
  const auto files = emit::planned_tables(*plan, tables, "/plan");
  ASSERT_TRUE(files.ok()) << files.error().format();
  const auto& args = file(files->files, "qemu.args").bytes;
  EXPECT_NE(std::string(args.begin(), args.end()).find("-m 1024M,slots=1,maxmem="), std::string::npos)
      << std::string(args.begin(), args.end());
}

TEST(PlanTables, EightBitPxmsOfSratRevisionOne) {
  Planned p;
  p.tables = table_set({srat_spec({lapic(0, 0), memory(0, 0, 0x80000000ULL)}, 1)});
  kernel::Layout layout = cxl_layout();
  layout.nodes.resize(1);
  layout.nodes[0].pxm = 254;
  layout.cfmws.clear();
  layout.possible = {};
  layout.possible.set(0);
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.standby = 2;
  p.plan = make_plan(layout, p.tables, settings).value();
  const auto files = emit::planned_tables(p.plan, p.tables, "/plan");
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().format(), "error: SRAT: revision 1 holds 8-bit memory PXMs; node 2 needs PXM 256");
  EXPECT_EQ(files.error().kind, ErrorKind::finding);
}

TEST(PlanJson, MapDocumentPlusSpm) {
  const Planned p;
  const nlohmann::json doc = test::plan_document(p.plan);
  EXPECT_EQ(doc["schema"], "numaplan.plan/2");
  EXPECT_EQ(doc["nodemasks"]["possible"], "0-7");
  EXPECT_EQ(doc["nodes"][6]["origin"], "standby");
  EXPECT_EQ(doc["distance"]["matrix"][6][0], 32);
  const nlohmann::json& spm = doc["spm"];
  EXPECT_EQ(spm["source"], "kconfig");
  EXPECT_EQ(spm["mask"], "4-7");
  EXPECT_EQ(spm["sysram"], "0-1");
  EXPECT_EQ(spm["count"], nlohmann::json::parse(
                              R"({"per_cpu_node":1,"cpu_nodes":2,"per_cfmws":1,"cfmws_windows":2,"msct":null})"));
  EXPECT_EQ(spm["nodes"][2], nlohmann::json::parse(R"({"node":6,"pxm":6,"tables_pxm":6,"cfmws_window":0,
      "hotplug_range":{"start":"0x480000000","end":"0x4c0000000"},"capacity":null})"));
  EXPECT_EQ(spm["distance_origin"]["matrix"][6][0], "generic_port");
  EXPECT_EQ(spm["distance_origin"]["matrix"][0][1], "slit");
  EXPECT_EQ(spm["distance_origin"]["matrix"][7][0], "kernel_default");
  EXPECT_EQ(spm["guardrails"][2], nlohmann::json::parse(R"({"path":"interleave_all",
      "description":"MPOL_INTERLEAVE over every memory node, without GFP_SPM_NODE","hard":"0-1","soft":"0-1,4-7"})"));
  EXPECT_EQ(spm["log"][0], nlohmann::json::parse(
                               R"j({"line":"ACPI NUMA: reserved 2 standby nodes (2 CPU nodes * 1 per node)","wording":"proposal"})j"));
}

// spm-rfc2 / prototype: the model's lines for the planned tables (the
// reserved nodes' hot-pluggable SRAT ranges among them), then the proposal's own.
TEST(PlanDmesg, ProposalLinesAfterTheModels) {
  const Planned p;
  const auto lines = emit::plan_dmesg(p.plan, p.tables, kernel::Config{});
  ASSERT_TRUE(lines.ok()) << lines.error().format();
  const auto has = [&](const std::string& line) { return lines->find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("ACPI: SRAT: Node 4 PXM 4 [mem 0x400000000-0x43fffffff] hotplug")) << *lines;
  EXPECT_TRUE(has("ACPI: SRAT: Node 7 PXM 7 [mem 0x4c0000000-0x4ffffffff] hotplug")) << *lines;
  EXPECT_TRUE(has("Initmem setup node 5 as memoryless")) << *lines;
  EXPECT_TRUE(has("Fallback order for Node 6: 6 0 1 ")) << *lines;
  EXPECT_TRUE(lines->ends_with("Fallback order for Node 7: 7 0 1 \n"
                               "ACPI NUMA: reserved 2 standby nodes (2 CPU nodes * 1 per node)\n"))
      << *lines;
}

TEST(PlanText, ReservationsOriginsGuardrails) {
  const Planned p;
  const std::string text = emit::plan_text(p.plan);
  const auto contains = [&](const std::string& part) { return text.find(part) != std::string::npos; };
  EXPECT_TRUE(contains("\nspm: source kconfig, 4 reserved nodes\n"
                       "  node 4  pxm 4  hotplug [mem 0x400000000-0x43fffffff]\n"
                       "  node 5  pxm 5  hotplug [mem 0x440000000-0x47fffffff]\n"
                       "  node 6  pxm 6  hotplug [mem 0x480000000-0x4bfffffff]  for CFMWS 0\n"
                       "  node 7  pxm 7  hotplug [mem 0x4c0000000-0x4ffffffff]  for CFMWS 1\n"
                       "masks: possible 0-7, online 0-1, memory 0-1, cpu 0-1, generic initiator none, spm 4-7, sysram 0-1\n"))
      << text;
  EXPECT_TRUE(contains("node    0   1   2   3   4   5   6   7\n"
                       "   0:   L   S   G   S   S   S   G   D\n"))
      << text;
  EXPECT_TRUE(contains("  mbind_spm                hard none  soft 4  (mbind(MPOL_BIND) to SPM node 4, without "
                       "GFP_SPM_NODE)\n"))
      << text;
  EXPECT_TRUE(contains("* numaplan: reserved 2 standby nodes (2 CFMWS windows * 1 per window)\n")) << text;
}

}  // namespace
}  // namespace numaplan::plan
