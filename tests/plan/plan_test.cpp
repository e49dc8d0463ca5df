// Sources of the count and their precedence, the reservation and its
// limits, masks, the guardrail table and the log lines.
#include "numaplan/plan/plan.h"

#include <gtest/gtest.h>

#include "plan/plan_fixture.h"

namespace numaplan::plan {
namespace {

using namespace test;

acpi::TableSet cxl_tables() { return table_set({cxl_srat(), telling_slit(7), cxl_cedt()}); }

source::KernelConfig kconfig(const std::string& text) {
  auto config = source::parse_kconfig(text, "test.config");
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().format());
  return config.value_or({});
}

source::CommandLine cmdline(const std::string& text) {
  auto parsed = source::parse_cmdline(text);
  EXPECT_TRUE(parsed.ok());
  return parsed.value_or({});
}

std::vector<int> windows_of(const Count& count) {
  std::vector<int> out;
  for (const Request& r : count.requests) out.push_back(r.cfmws);
  return out;
}

TEST(PlanCount, KconfigPerCpuNodeAndPerWindow) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=2\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1\nCONFIG_CXL_ACPI=y\n");
  const auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::kconfig);
  EXPECT_EQ(count->per_cpu_node, 2);
  EXPECT_EQ(count->cpu_nodes, 2);
  EXPECT_EQ(count->per_cfmws, 1);
  EXPECT_EQ(count->cfmws_windows, 2);
  EXPECT_EQ(windows_of(*count), (std::vector<int>{-1, -1, -1, -1, 0, 1}));
  EXPECT_TRUE(count->notes.empty());
}

TEST(PlanCount, CommandLineOverridesKconfigPerCpuCount) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=2\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=2\n");
  settings.cmdline = cmdline("quiet numa=standby=3 numa=standby=1");
  const auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::cmdline);
  EXPECT_EQ(count->per_cpu_node, 1);
  EXPECT_EQ(windows_of(*count), (std::vector<int>{-1, -1, 0, 0, 1, 1}));
}

TEST(PlanCount, CommandLineAlone) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.cmdline = cmdline("numa=standby=2");
  const auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::cmdline);
  EXPECT_EQ(count->requests.size(), 4U);
}

TEST(PlanCount, GenericInitiatorNodesAreNotCpuNodes) {
  kernel::Layout layout = cxl_layout();
  layout.nodes[1].generic_initiator = true;
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=3\n");
  const auto count = count_standby(settings, layout, cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->cpu_nodes, 1);
  EXPECT_EQ(count->requests.size(), 3U);
}

TEST(PlanCount, FlagBeatsMsctBeatsCommandLine) {
  const auto tables = table_set({cxl_srat(), cxl_cedt(), msct_spec(9, {})});
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=2\n");
  settings.cmdline = cmdline("numa=standby=1");
  settings.from_msct = true;
  auto count = count_standby(settings, cxl_layout(), tables);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::msct);
  EXPECT_EQ(count->requests.size(), 8U);  // 10 domains - PXMs 0 and 1 (the Generic Port's PXM 6 takes no node)
  settings.standby = 5;
  count = count_standby(settings, cxl_layout(), tables);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::flag);
  EXPECT_EQ(windows_of(*count), (std::vector<int>{-1, -1, -1, -1, -1}));
}

TEST(PlanCount, NothingGivenReservesNothing) {
  const auto count = count_standby(Settings{}, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::none);
  EXPECT_TRUE(count->requests.empty());
}

TEST(PlanCount, NumaOffAndDummyReserveNothing) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.standby = 4;
  settings.cmdline = cmdline("numa=off");
  auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_TRUE(count->requests.empty());
  EXPECT_EQ(count->notes, std::vector<std::string>{
                              "numa=off: the proposals reserve standby nodes only when acpi_numa_init succeeds; none reserved"});
  settings.cmdline.reset();
  kernel::Layout dummy = cxl_layout();
  dummy.numa_from_srat = false;
  count = count_standby(settings, dummy, cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_TRUE(count->requests.empty());
  EXPECT_EQ(count->notes.front(),
            "the kernel does not use the SRAT (one dummy node): the proposals reserve standby nodes only when "
            "acpi_numa_init succeeds; none reserved");
}

TEST(PlanCount, CxlAcpiOffMeansNoPerWindowNodes) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=2\n# CONFIG_CXL_ACPI is not set\n# CONFIG_MEMORY_HOTPLUG is not set\n");
  const auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->source, Source::kconfig);
  EXPECT_TRUE(count->requests.empty());
  EXPECT_EQ(count->notes,
            (std::vector<std::string>{
                "CONFIG_CXL_ACPI is not set: no CFMWS window is parsed, so no per-window standby nodes",
                "CONFIG_MEMORY_HOTPLUG is not set: no memory can ever be added to the reserved nodes"}));
}

TEST(PlanMsct, SpareAndCapacities) {
  // The kernel gives PXMs 0 and 1 a node; the Generic Port's PXM 6 takes none
  // (no SRAT handler maps it), so it is a spare domain like 2, 3, 7 and 8.
  const auto tables = table_set({cxl_srat(), msct_spec(9, {msct_domain(0, 1, 1, 0x80000000ULL),
                                                            msct_domain(2, 3, 0, 0x40000000ULL),
                                                            msct_domain(6, 8, 0, 0x100000000ULL)})});
  const auto spare = msct_spare(model_layout(tables), tables);
  ASSERT_TRUE(spare.ok()) << spare.error().format();
  EXPECT_EQ(spare->max_domains, 10U);
  EXPECT_EQ(spare->srat_pxms, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(spare->spare, 8U);
  ASSERT_EQ(spare->unused.size(), 5U);
  EXPECT_EQ(spare->unused[0].pxm, 2U);
  EXPECT_EQ(spare->unused[0].memory_capacity, 0x40000000ULL);
  EXPECT_EQ(spare->unused[1].pxm, 3U);
  EXPECT_EQ(spare->unused[2].pxm, 6U);
  EXPECT_EQ(spare->unused[2].memory_capacity, 0x100000000ULL);
  EXPECT_EQ(spare->unused[3].pxm, 7U);
  EXPECT_EQ(spare->unused[4].pxm, 8U);
}

TEST(PlanMsct, DisabledEntriesDoNotCountAndFewerDomainsThanPxms) {
  const auto tables = table_set({srat_spec({lapic(0, 0), lapic(5, 1, false), memory(0, 0, 0x80000000ULL),
                                            memory(1, 0x80000000ULL, 0x1000000ULL), memory(9, 0, 0, false, false)}),
                                 msct_spec(0, {})});
  const auto spare = msct_spare(model_layout(tables), tables);
  ASSERT_TRUE(spare.ok());
  EXPECT_EQ(spare->srat_pxms, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(spare->spare, 0U);
}

// Issue 11: on x86 GICC and RINTC entries get no node (x86 has no handler
// for them), so their PXMs are not SRAT's proximity domains to the kernel.
TEST(PlanMsct, GiccAndRintcPxmsDoNotCountOnX86) {
  const json gicc = {{"type", 3}, {"fields", {{"proximity_domain", 7}, {"acpi_processor_uid", 0}, {"flags", {{"enabled", true}}}}}};
  const json rintc = {{"type", 7}, {"fields", {{"proximity_domain", 8}, {"acpi_processor_uid", 1}, {"flags", {{"enabled", true}}}}}};
  const auto tables = table_set({srat_spec({lapic(0, 0), memory(0, 0, 0x80000000ULL), gicc, rintc}), msct_spec(3, {})});
  const auto spare = msct_spare(model_layout(tables), tables);
  ASSERT_TRUE(spare.ok()) << spare.error().format();
  EXPECT_EQ(spare->srat_pxms, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(spare->spare, 3U);
}

TEST(PlanMsct, NoMsct) {
  const auto spare = msct_spare(cxl_layout(), cxl_tables());
  ASSERT_FALSE(spare.ok());
  EXPECT_EQ(spare.error().format(), "error: MSCT: the tables have no MSCT to count spare proximity domains from");
  EXPECT_EQ(spare.error().kind, ErrorKind::usage);  // --from-msct asked for it
}

TEST(PlanReserve, NextNodeIdsAndFakePxmsAndRanges) {
  const auto tables = table_set({cxl_srat(), cxl_cedt(), msct_spec(9, {msct_domain(7, 7, 0, 0x30000000ULL)})});
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.from_msct = true;
  const auto count = count_standby(settings, cxl_layout(), tables);
  ASSERT_TRUE(count.ok());
  std::vector<std::string> notes;
  const auto reserved = reserve(*count, cxl_layout(), tables, std::nullopt, notes);
  ASSERT_TRUE(reserved.ok());
  ASSERT_EQ(reserved->size(), 8U);
  // After nodes 0-3 and PXMs 0-3 (the Generic Port's PXM 6 maps no node, so fake PXMs go on from 4).
  EXPECT_EQ((*reserved)[0].node, 4);
  EXPECT_EQ((*reserved)[0].pxm, 4U);
  ASSERT_TRUE((*reserved)[0].capacity_from.has_value());
  EXPECT_EQ((*reserved)[0].capacity_from->pxm, 7U);
  // Above window 1 (ends at 16 GiB); MSCT's 768 MiB, then 1 GiB by default.
  EXPECT_EQ((*reserved)[0].start, 0x400000000ULL);
  EXPECT_EQ((*reserved)[0].end, 0x430000000ULL);
  EXPECT_EQ((*reserved)[1].node, 5);
  EXPECT_EQ((*reserved)[1].pxm, 5U);
  EXPECT_FALSE((*reserved)[1].capacity_from.has_value());
  EXPECT_EQ((*reserved)[1].start, 0x440000000ULL);
  EXPECT_EQ((*reserved)[1].end, 0x480000000ULL);
  EXPECT_EQ((*reserved)[6].node, 10);
  EXPECT_EQ((*reserved)[6].pxm, 10U);
}

TEST(PlanReserve, MaxNumnodesNamesHowManyFit) {
  kernel::Layout layout = cxl_layout();
  layout.max_numnodes = 8;
  Count count;
  count.requests.resize(5);
  std::vector<std::string> notes;
  const auto reserved = reserve(count, layout, cxl_tables(), std::nullopt, notes);
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().format(),
            "error: MAX_NUMNODES: cannot reserve 5 standby nodes: MAX_NUMNODES is 8 and the SRAT and CFMWS nodes "
            "take 4; 4 fit");
  count.requests.resize(4);
  EXPECT_TRUE(reserve(count, layout, cxl_tables(), std::nullopt, notes).ok());
}

TEST(PlanReserve, MaxPxmDomainsNamesHowManyFit) {
  kernel::Layout layout = cxl_layout();
  layout.max_pxm_domains = 256;
  layout.nodes[3].pxm = 253;
  Count count;
  count.requests.resize(3);
  std::vector<std::string> notes;
  const auto reserved = reserve(count, layout, cxl_tables(), std::nullopt, notes);
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().message,
            "cannot reserve 3 standby nodes: their fake PXMs start at 254 and MAX_PXM_DOMAINS is 256; 2 fit");
  count.requests.resize(2);
  const auto fits = reserve(count, layout, cxl_tables(), std::nullopt, notes);
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits->back().pxm, 255U);
}

// The prototype tree has no CONFIG_ACPI_NUMA_ADD_CFMWS_NODES: per CPU node only.
TEST(PlanCount, PrototypeHasNoPerWindowCount) {
  Settings settings;
  settings.proposal = ProposalId::prototype;
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=1\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=2\n");
  const auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->per_cfmws, 0);
  EXPECT_EQ(count->requests.size(), 2U);
  EXPECT_EQ(count->notes, (std::vector<std::string>{
                              "the prototype tree has no CONFIG_ACPI_NUMA_ADD_CFMWS_NODES: no per-window standby nodes"}));
}

// Outside the RFC, numa=standby=N must be 0..16; the last word counts.
TEST(PlanCount, LegacyStandbyWordIsStrict) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;
  settings.cmdline = cmdline("numa=standby=x numa=standby=2");
  EXPECT_EQ(count_standby(settings, cxl_layout(), cxl_tables())->per_cpu_node, 2);
  settings.cmdline = cmdline("numa=standby=2 numa=standby=17");
  const auto count = count_standby(settings, cxl_layout(), cxl_tables());
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().format(), "error: numa=standby: \"numa=standby=17\": expected numa=standby=N with N 0..16 (spm-rfc2)");
}

TEST(PlanGuardrail, HardAndSoft) {
  kernel::NodeMask sysram, spm;
  sysram.set(0);
  sysram.set(1);
  spm.set(4);
  spm.set(5);
  const Guardrails table = guardrails(sysram, spm);
  EXPECT_EQ(table.columns, (std::vector<std::string>{"hard", "soft"}));
  const auto& rows = table.rows;
  ASSERT_EQ(rows.size(), 8U);
  const std::vector<std::tuple<std::string, std::string, std::string>> want = {
      {"task_default", "0-1", "0-1"},   {"interrupt", "0-1", "0-1"},        {"interleave_all", "0-1", "0-1,4-5"},
      {"mbind_spm", "", "4"},           {"mbind_spm_gfp", "4", "4"},        {"cpuset_without_spm", "", ""},
      {"cpuset_with_spm", "4", "4"},    {"cpuset_with_spm_default", "0-1", "0-1"}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(rows[i].path, std::get<0>(want[i]));
    ASSERT_EQ(rows[i].lands.size(), 2U);
    EXPECT_EQ(rows[i].lands[0].to_list(), std::get<1>(want[i])) << rows[i].path;
    EXPECT_EQ(rows[i].lands[1].to_list(), std::get<2>(want[i])) << rows[i].path;
  }
  EXPECT_EQ(rows[3].description, "mbind(MPOL_BIND) to SPM node 4, without GFP_SPM_NODE");
  EXPECT_EQ(guardrails(sysram, {}).rows.size(), 3U);
}

TEST(Plan, KconfigPlanOnTheCxlMachine) {
  Settings settings;
  settings.proposal = ProposalId::spm_rfc2;  // the planner adds the nodes
  settings.kconfig = kconfig("CONFIG_ACPI_NUMA_STANDBY_NODES=1\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1\n");
  const auto plan = make_plan(cxl_layout(), cxl_tables(), settings);
  ASSERT_TRUE(plan.ok()) << plan.error().format();
  EXPECT_EQ(plan->layout.possible.to_list(), "0-7");
  EXPECT_EQ(plan->spm.to_list(), "4-7");
  EXPECT_EQ(plan->sysram.to_list(), "0-1");
  EXPECT_EQ(plan->layout.memory.to_list(), "0-1");
  ASSERT_EQ(plan->layout.nodes.size(), 8U);
  EXPECT_EQ(plan->layout.nodes[6].origin, "standby");
  EXPECT_EQ(plan->layout.nodes[6].pxm, 6U);
  EXPECT_EQ(plan->reserved[2].cfmws, 0);
  EXPECT_EQ(plan->layout.distance_nodes, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(plan->layout.distance(6, 0), 32);  // tied to window 0: the Generic Port's SLIT row
  EXPECT_EQ(plan->layout.distance(7, 0), 20);  // window 1 has no port, and PXM 7 is past the 7x7 SLIT
  ASSERT_EQ(plan->log.size(), 6U);
  EXPECT_EQ(plan->log[0].text, "ACPI NUMA: reserved 2 standby nodes (2 CPU nodes * 1 per node)");
  EXPECT_FALSE(plan->log[0].numaplan_wording);
  EXPECT_EQ(plan->log[1].text, "numaplan: reserved 2 standby nodes (2 CFMWS windows * 1 per window)");
  EXPECT_TRUE(plan->log[1].numaplan_wording);
  EXPECT_EQ(plan->log[2].text, "numaplan: standby node 4 PXM 4");
  EXPECT_EQ(plan->log[4].text, "numaplan: standby node 6 PXM 6 for CFMWS 0 [mem 0x200000000-0x2ffffffff]");
  // The planned layout's boot fallback order (6.12: a node without memory
  // leaves itself out): only nodes 0 and 1 have memory, the planned distances
  // order them (node 2 is 32 from node 0 and 33 from node 1, node 3 26 and 27, ...).
  std::vector<std::vector<int>> fallback;
  for (const kernel::Node& node : plan->layout.nodes) fallback.push_back(node.fallback.value_or(std::vector<int>{-1}));
  // Nodes 2-6 are nearer node 0 (the telling SLIT: 2i + j); node 7 is 20 from
  // both, and by then node_load[] is 6 on both: the lower id wins the tie.
  EXPECT_EQ(fallback, (std::vector<std::vector<int>>{{0, 1}, {1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}, {0, 1}}));
  EXPECT_TRUE(plan->reserved_in_fallback.empty());
}

}  // namespace
}  // namespace numaplan::plan
