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
            "error: my.config:2: expected CONFIG_NAME=value or \"# CONFIG_NAME is not set\", got \"NODES_SHIFT 6\"");
}

TEST(Kconfig, OutOfRangeValues) {
  auto config = parse_kconfig("CONFIG_NODES_SHIFT=11\n", "a");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "CONFIG_NODES_SHIFT=11: expected an integer 1..10");
  config = parse_kconfig("\nCONFIG_ACPI_NUMA_ADD_CFMWS_NODES=five\n", "a");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().origin, "a:2");
  EXPECT_EQ(config.error().message, "CONFIG_ACPI_NUMA_ADD_CFMWS_NODES=five: expected an integer 0..4");
  config = parse_kconfig("CONFIG_CXL_ACPI=yes\n", "a");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "CONFIG_CXL_ACPI=yes: expected y, m or n");
}

// Binary data is named by its first control byte, not echoed.
TEST(Kconfig, BinaryDataIsNotAConfig) {
  const auto config = parse_kconfig(std::string("CONFIG_NODES_SHIFT=6\nSRAT\xa0\0\0\0", 29), "srat.dat");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().format(), "error: srat.dat:2: not a .config (binary data?): byte 0x00 at column 6");
}

// A fragment leaves unnamed switches to the defaults; a whole .config (make's
// header line) lists every visible symbol, so one it leaves out is n, as
// IS_ENABLED() reads an undefined CONFIG_ macro.
TEST(Kconfig, AbsentSymbolsAreOffOnlyInAWholeConfig) {
  const auto fragment = parse_kconfig("CONFIG_NODES_SHIFT=6\n", "frag");
  ASSERT_TRUE(fragment.ok());
  EXPECT_FALSE(fragment->memory_hotplug.has_value());
  EXPECT_FALSE(fragment->cxl_acpi.has_value());
  const auto whole = parse_kconfig(
      "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86 5.10.0 Kernel Configuration\n#\n"
      "CONFIG_MEMORY_HOTPLUG=y\n",
      ".config");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->memory_hotplug, true);
  EXPECT_EQ(whole->cxl_acpi, false);
  EXPECT_FALSE(whole->nodes_shift.has_value());
}

// apply_kconfig(): the .config's switches; --nodes-shift wins over its NODES_SHIFT.
TEST(Kconfig, AppliedToTheModelConfig) {
  const auto parsed = parse_kconfig("CONFIG_NODES_SHIFT=6\nCONFIG_MEMORY_HOTPLUG=n\n# CONFIG_CXL_ACPI is not set\n", "f");
  ASSERT_TRUE(parsed.ok());
  kernel::Config config;
  apply_kconfig(*parsed, std::nullopt, config);
  EXPECT_EQ(config.nodes_shift, 6);
  EXPECT_FALSE(config.memory_hotplug);
  EXPECT_FALSE(config.cxl_acpi);
  apply_kconfig(*parsed, 8, config);
  EXPECT_EQ(config.nodes_shift, 8);
  kernel::Config defaults;
  apply_kconfig(KernelConfig{}, std::nullopt, defaults);
  EXPECT_EQ(defaults.nodes_shift, kernel::kDefaultNodesShift);
  EXPECT_TRUE(defaults.memory_hotplug);
  EXPECT_TRUE(defaults.cxl_acpi);
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
