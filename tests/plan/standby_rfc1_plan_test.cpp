// plan --proposal standby-rfc1 (the default): the settings mapped onto what
// the RFC reads, the plan read from the patched kernel model, its guardrails,
// log, and the command line and config fragment that give the same layout.
#include <gtest/gtest.h>

#include "numaplan/emit/plan.h"
#include "numaplan/kernel/model.h"
#include "numaplan/plan/plan.h"
#include "plan/plan_fixture.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan::plan {
namespace {

using namespace test;

// Nodes 0-1 from SRAT, CFMWS windows 0-1 as nodes 2-3 (fake PXMs 2-3), a 2x2 SLIT.
acpi::TableSet cxl_tables() {
  return table_set({srat_spec({lapic(0, 0), lapic(1, 1), memory(0, 0, 0x80000000ULL),
                               memory(1, 0x100000000ULL, 0x80000000ULL)}),
                    telling_slit(2), cxl_cedt(), msct_spec(19, {msct_domain(0, 19, 1, 0x40000000ULL)})});
}

Settings rfc1_settings(const std::string& kconfig, const std::string& cmdline) {
  Settings settings;
  settings.kconfig = source::parse_kconfig(kconfig, "t").value();
  settings.cmdline = source::parse_cmdline(cmdline).value();
  return settings;
}

kernel::Config model_config() {
  kernel::Config config;
  config.profile = *kernel::find_profile("6.12");
  config.ram = std::vector<kernel::MemRange>{{0, 0x80000000ULL}, {0x100000000ULL, 0x180000000ULL}};
  config.cpus = std::vector<std::uint32_t>{0, 1};
  return config;
}

// As the CLI does: the unpatched model for the request, then the patched one.
Expected<Plan> plan_on_model(const Settings& settings, const acpi::TableSet& tables) {
  kernel::Config config = model_config();
  auto request = standby_rfc1_request(settings, *kernel::map_numa(tables, config), tables);
  if (!request) return request.error();
  config.standby_rfc1 = request->patch;
  return make_plan(*kernel::map_numa(tables, config), tables, settings);
}

TEST(StandbyRfc1Request, SettingsMappedOntoTheRfc) {
  const acpi::TableSet tables = cxl_tables();
  const kernel::Layout layout = *kernel::map_numa(tables, model_config());
  Settings settings = rfc1_settings("CONFIG_ACPI_NUMA_STANDBY_NODES=2\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1\n",
                                    "numa=standby=x numa=standby=1");
  auto request = standby_rfc1_request(settings, layout, tables);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->patch.cmdline, (std::vector<std::string>{"x", "1"}));
  EXPECT_EQ(request->patch.standby_nodes, 2);
  EXPECT_EQ(request->patch.add_cfmws_nodes, 1);
  EXPECT_EQ(request->source, Source::none);
  EXPECT_TRUE(request->notes.empty());

  settings.standby = 3;
  request = standby_rfc1_request(settings, layout, tables);
  EXPECT_EQ(request->patch.cmdline, (std::vector<std::string>{"x", "1", "3"}));
  EXPECT_EQ(request->source, Source::flag);
  EXPECT_EQ(request->notes, (std::vector<std::string>{
                                "the standby count: suggested numa=standby=3 (standby-rfc1 reads its count from the command line)"}));

  settings.standby.reset();
  settings.from_msct = true;  // MSCT: 20 domains, SRAT uses 2
  request = standby_rfc1_request(settings, layout, tables);
  EXPECT_EQ(request->patch.cmdline.back(), "18");
  EXPECT_EQ(request->source, Source::msct);
  EXPECT_EQ(request->notes, (std::vector<std::string>{"the MSCT's spare domains: suggested numa=standby=18 (standby-rfc1 reads its "
                                                      "count from the command line; numa_standby_cmdline() caps it at 16)"}));
}

TEST(StandbyRfc1Plan, PoolFromTheModelWithoutPxm) {
  const acpi::TableSet tables = cxl_tables();
  const auto plan = plan_on_model(
      rfc1_settings("CONFIG_ACPI_NUMA_STANDBY_NODES=1\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1\n", "numa=standby=1"), tables);
  ASSERT_TRUE(plan.ok()) << plan.error().format();
  EXPECT_EQ(plan->proposal, ProposalId::standby_rfc1);
  EXPECT_EQ(plan->count.source, Source::cmdline);
  EXPECT_EQ(plan->spm.to_list(), "4-7");
  EXPECT_EQ(plan->sysram.to_list(), "0-1");
  ASSERT_EQ(plan->reserved.size(), 4U);
  EXPECT_EQ(plan->reserved[0].node, 4);
  EXPECT_FALSE(plan->reserved[0].kernel_pxm);
  EXPECT_EQ(plan->reserved[0].pxm, 4U);  // the emitted tables' PXM, after the CFMWS PXMs 2-3
  EXPECT_EQ(plan->reserved[3].pxm, 7U);
  EXPECT_EQ(plan->layout.distance_table_nodes, 8);  // the kernel's table, rebuilt past the 2x2 SLIT
  EXPECT_EQ(plan->layout.distance(0, 1), 21);
  EXPECT_EQ(plan->layout.distance(0, 5), 20);
  EXPECT_EQ(plan->distances.nodes, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(plan->distances.matrix[0][4].origin, DistanceOrigin::kernel_default);
  EXPECT_EQ(plan->kernel_cmdline, (std::vector<std::string>{"numa=standby=1"}));
  EXPECT_EQ(plan->kernel_config, (std::vector<std::string>{"CONFIG_ACPI_NUMA_STANDBY_NODES=1",
                                                           "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1"}));
  std::vector<std::string> log;
  for (const LogLine& line : plan->log) {
    EXPECT_FALSE(line.numaplan_wording);
    log.push_back(line.text);
  }
  EXPECT_EQ(log, (std::vector<std::string>{"NUMA: standby node 4 reserved", "NUMA: standby node 5 reserved",
                                           "NUMA: standby node 6 reserved", "NUMA: standby node 7 reserved"}));
}

TEST(StandbyRfc1Plan, PrivateNodeGuardrails) {
  kernel::NodeMask sysram, pool;
  sysram.set(0);
  sysram.set(1);
  pool.set(4);
  pool.set(5);
  const Guardrails table = private_node_guardrails(sysram, pool);
  EXPECT_EQ(table.columns, (std::vector<std::string>{"private", "user_numa"}));
  const std::vector<std::tuple<std::string, std::string, std::string>> want = {
      {"task_default", "0-1", "0-1"},  {"interrupt", "0-1", "0-1"},     {"interleave_all", "0-1", "0-1"},
      {"thisnode_private", "", ""},    {"mbind_private", "", "4"},      {"cpuset_private", "", "4"}};
  ASSERT_EQ(table.rows.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(table.rows[i].path, std::get<0>(want[i]));
    EXPECT_EQ(table.rows[i].lands[0].to_list(), std::get<1>(want[i])) << table.rows[i].path;
    EXPECT_EQ(table.rows[i].lands[1].to_list(), std::get<2>(want[i])) << table.rows[i].path;
  }
  EXPECT_EQ(private_node_guardrails(sysram, {}).rows.size(), 3U);
}

TEST(StandbyRfc1Plan, EmittedCommandLineAndConfigFragment) {
  const acpi::TableSet tables = cxl_tables();
  const auto plan = plan_on_model(rfc1_settings("CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=2\n", "numa=standby=0x2"), tables);
  ASSERT_TRUE(plan.ok());
  const auto files = emit::planned_tables(*plan, tables, "/plan");
  ASSERT_TRUE(files.ok()) << files.error().format();
  std::map<std::string, std::string> text;
  for (const emit::PlannedFile& file : files->files) text[file.name] = std::string(file.bytes.begin(), file.bytes.end());
  EXPECT_EQ(text["cmdline"], "numa=standby=2\n");
  EXPECT_EQ(text["config-fragment"],
            "# numaplan plan --proposal standby-rfc1: the same layout on a kernel carrying the proposal\n"
            "CONFIG_ACPI_NUMA_STANDBY_NODES=0\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=2\n");
  EXPECT_EQ(files->files.back().name, "qemu.args");
  const nlohmann::json doc = test::plan_document(*plan);
  EXPECT_EQ(doc["proposal"]["name"], "standby-rfc1");
  EXPECT_EQ(doc["nodes"][4]["pxm"], nullptr);
  EXPECT_EQ(doc["spm"]["nodes"][0]["pxm"], nullptr);
  EXPECT_EQ(doc["spm"]["nodes"][0]["tables_pxm"], 4);
  // Node 4 (standby, no memory) leaves itself out of its own list (7.3) and is in no other.
  EXPECT_EQ(doc["nodes"][4]["fallback_order"], nlohmann::json::parse("[0, 1]"));
  EXPECT_EQ(doc["nodes"][0]["fallback_order"], nlohmann::json::parse("[0, 1]"));
  EXPECT_EQ(doc["spm"]["fallback_order"], nlohmann::json::parse(R"({"reserved_in_sysram_lists": []})"));
  EXPECT_EQ(doc["spm"]["standby"], nlohmann::json::parse(R"({"cmdline":2,"acpi":4,"kconfig":0,"cfmws":4,
      "cfmws_windows":2,"candidates":"4-9","pool":"4-9"})"));
}

// A reserved node with memory at boot is in the system-RAM nodes' fallback
// order: the plan names it in a note, the text and JSON. (The model gives a
// standby node no memory; this layout is made by hand.)
TEST(StandbyRfc1Plan, ReservedNodeInASystemRamFallbackOrderIsFlagged) {
  kernel::Layout layout = cxl_layout();
  layout.memory.set(2);
  layout.nodes[0].fallback = std::vector<int>{0, 2, 1};
  layout.nodes[1].fallback = std::vector<int>{1, 0, 2};
  layout.nodes[2].fallback = std::vector<int>{2, 0, 1};
  layout.nodes[3].fallback = std::vector<int>{0, 1, 2};
  kernel::StandbyReport standby;
  standby.pool.set(2);
  standby.pool.set(3);
  layout.standby = standby;
  const auto plan = make_plan(layout, cxl_tables(), Settings{});
  ASSERT_TRUE(plan.ok()) << plan.error().format();
  EXPECT_EQ(plan->sysram.to_list(), "0-1");
  ASSERT_EQ(plan->reserved_in_fallback.size(), 1U);
  EXPECT_EQ(plan->reserved_in_fallback[0].node, 2);
  EXPECT_EQ(plan->reserved_in_fallback[0].sysram.to_list(), "0-1");
  EXPECT_EQ(plan->layout.notes.back(),
            "fallback order: reserved node 2 is in the fallback order of system-RAM nodes 0-1: default allocations "
            "there can take its memory");
  const std::string text = emit::plan_text(*plan);
  EXPECT_NE(text.find("\nfallback order at boot (build_all_zonelists(); the fallback column above): reserved node 2 is "
                      "in the list of system-RAM nodes 0-1\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(test::plan_document(*plan)["spm"]["fallback_order"],
            nlohmann::json::parse(R"({"reserved_in_sysram_lists": [{"node": 2, "sysram_nodes": "0-1"}]})"));

  // Both reserved nodes, each in node 0's list only.
  layout.nodes[0].fallback = std::vector<int>{0, 2, 3, 1};
  layout.nodes[1].fallback = std::vector<int>{1, 0};
  layout.memory.set(3);
  const auto reach = reserved_in_fallback(layout, standby.pool, layout.online);
  ASSERT_EQ(reach.size(), 2U);
  EXPECT_EQ(reach[0].node, 2);
  EXPECT_EQ(reach[0].sysram.to_list(), "0");
  EXPECT_EQ(reach[1].node, 3);
  EXPECT_EQ(reach[1].sysram.to_list(), "0");
}

TEST(PlanCli, ListProposalsAndDmesg) {
  const numaplan::test::CliResult list = numaplan::test::run_numaplan({"plan", "--list-proposals"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("standby-rfc1 (default): "), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("[20260610014517.253609-4-gourry@gourry.net]"), std::string::npos);
  EXPECT_NE(list.out.find("; from the issue's summary, patch text not found]"), std::string::npos);
  EXPECT_NE(list.out.find("\nspm-rfc2: "), std::string::npos);
  EXPECT_NE(list.out.find("\nprototype: "), std::string::npos);

  numaplan::test::TempDir dir;
  const auto srat_bytes = acpi::encode_table(srat_spec({lapic(0, 0), lapic(1, 1), memory(0, 0, 0x80000000ULL),
                                                        memory(1, 0x100000000ULL, 0x80000000ULL)}));
  ASSERT_TRUE(srat_bytes.ok());
  const auto srat = dir.write("srat.dat", *srat_bytes);
  const numaplan::test::CliResult dmesg =
      numaplan::test::run_numaplan({"plan", "--kernel", "6.12", "--format", "dmesg", "--cmdline", "numa=standby=-1 numa=standby=2",
                    srat.string()});
  EXPECT_EQ(dmesg.exit_code, 0) << dmesg.err;
  EXPECT_EQ(dmesg.out.find("Malformed early option 'numa'\n"), 0U) << dmesg.out;
  EXPECT_NE(dmesg.out.find("NUMA: standby node 2 reserved\nNUMA: standby node 3 reserved\n"), std::string::npos)
      << dmesg.out;
  const numaplan::test::CliResult range = numaplan::test::run_numaplan({"plan", "--kconfig", dir.write("k", "CONFIG_ACPI_NUMA_STANDBY_NODES=17\n").string(),
                                        srat.string()});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(range.err.find("CONFIG_ACPI_NUMA_STANDBY_NODES=17: expected an integer 0..16"), std::string::npos)
      << range.err;
}

}  // namespace
}  // namespace numaplan::plan
