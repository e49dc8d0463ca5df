#include "numaplan/source/kernel_settings.h"

#include <gtest/gtest.h>

namespace numaplan::source {
namespace {

TEST(Kconfig, ReadsThePlannerSymbols) {
  const auto config = parse_kconfig(
      "# Automatically generated file; DO NOT EDIT.\n"
      "CONFIG_NODES_SHIFT=6\n"
      "CONFIG_ACPI_NUMA_STANDBY_NODES=2\n"
      "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=1\n"
      "CONFIG_MEMORY_HOTPLUG=y\n"
      "CONFIG_CXL_ACPI=m\n"
      "CONFIG_LOCALVERSION=\"-numa\"\n"
      "\n",
      "test.config");
  ASSERT_TRUE(config.ok()) << config.error().format();
  EXPECT_EQ(config->nodes_shift, 6);
  EXPECT_EQ(config->standby_per_cpu_node, 2);
  EXPECT_EQ(config->standby_per_cfmws, 1);
  EXPECT_EQ(config->memory_hotplug, true);
  EXPECT_EQ(config->cxl_acpi, true);
}

TEST(Kconfig, NotSetLinesAndTheLaterSettingWins) {
  const auto config = parse_kconfig(
      "CONFIG_ACPI_NUMA_STANDBY_NODES=4\n"
      "# CONFIG_CXL_ACPI is not set\n"
      "# CONFIG_ACPI_NUMA_STANDBY_NODES is not set\n"
      "CONFIG_NODES_SHIFT=8\n"
      "CONFIG_NODES_SHIFT=10\n",
      "frag");
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->standby_per_cpu_node.has_value());
  EXPECT_EQ(config->cxl_acpi, false);
  EXPECT_EQ(config->nodes_shift, 10);
  EXPECT_FALSE(config->memory_hotplug.has_value());
}

TEST(Kconfig, MalformedLineNamesFileAndLine) {
  const auto config = parse_kconfig("CONFIG_NODES_SHIFT=6\nNODES_SHIFT 6\n", "my.config");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().format(),
            "error: my.config: line 2: expected CONFIG_NAME=value or \"# CONFIG_NAME is not set\", got \"NODES_SHIFT 6\"");
}

TEST(Kconfig, OutOfRangeValues) {
  auto config = parse_kconfig("CONFIG_NODES_SHIFT=11\n", "a");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "CONFIG_NODES_SHIFT=11: expected an integer 1..10");
  config = parse_kconfig("\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=five\n", "a");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().field, "line 2");
  EXPECT_EQ(config.error().message, "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=five: expected an integer 0..4");
  config = parse_kconfig("CONFIG_CXL_ACPI=yes\n", "a");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "CONFIG_CXL_ACPI=yes: expected y, m or n");
}

TEST(Cmdline, NumaWordsLaterWins) {
  const auto cmdline = parse_cmdline("root=/dev/vda1 numa=standby=2 quiet numa=standby=3 numa=nohmat");
  ASSERT_TRUE(cmdline.ok());
  EXPECT_EQ(cmdline->standby, (std::vector<std::string>{"2", "3"}));
  EXPECT_FALSE(cmdline->numa_off);
  EXPECT_FALSE(cmdline->numa_noacpi);
  EXPECT_EQ(cmdline->ignored, std::vector<std::string>{"numa=nohmat"});
}

TEST(Cmdline, PrefixMatchAsTheKernelDoes) {
  const auto cmdline = parse_cmdline("numa=offline numa=noacpi");
  ASSERT_TRUE(cmdline.ok());
  EXPECT_TRUE(cmdline->numa_off);
  EXPECT_TRUE(cmdline->numa_noacpi);
}

// The proposals parse N (the standby RFC as kstrtoint does): kept as written.
TEST(Cmdline, StandbyValuesKeptUnparsed) {
  const auto cmdline = parse_cmdline("numa=standby=17 numa=standby=-2 numa=standby=0x4 numa=standby=");
  ASSERT_TRUE(cmdline.ok());
  EXPECT_EQ(cmdline->standby, (std::vector<std::string>{"17", "-2", "0x4", ""}));
}

}  // namespace
}  // namespace numaplan::source
