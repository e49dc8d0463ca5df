// validate --memmap: what the machine's RAM makes the kernel do with SRAT.
// Oracle case 15 (RAM [1 GiB, 1.5 GiB) without an SRAT range: both Debian
// kernels print their coverage line and fake one node) with its own tables
// and e820 map; close variants built from fixtures that must not trigger.
#include <gtest/gtest.h>

#include "check/fixtures.h"
#include "numaplan/source/load.h"
#include "numaplan/source/memmap_formats.h"

namespace numaplan::check::test {
namespace {

const std::string kCase15 = std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/cases/15-e820-not-covered/out/";

Findings of_rule(const Findings& findings, std::string_view id) {
  Findings out;
  for (const Finding& f : findings) {
    if (f.rule->id == id) out.push_back(f);
  }
  return out;
}

// The oracle run's tables and BIOS-e820 RAM, validated with `profile`.
Findings validate_run(const std::string& run_dir, const std::string& profile) {
  Options options;
  options.profile = *kernel::find_profile(profile);
  options.ram = source::load_memmap(run_dir + "/kernel.log").value().ram();
  source::Inputs inputs = source::load(std::vector<std::string>{run_dir + "/guest-SRAT.dat"});
  return *validate(acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics)), options);
}

Options with_ram(std::vector<kernel::MemRange> ram, std::string profile = "6.1") {
  Options options;
  options.profile = *kernel::find_profile(profile);
  options.ram = std::move(ram);
  return options;
}

// Case 15's e820 usable RAM.
const std::vector<kernel::MemRange> kRam = {{0, 0x9fc00}, {0x100000, 0x7ffe0000}};

TEST(RamRules, UncoveredRamIsTheKernelsCoverageVerdict61) {
  const Findings found = of_rule(validate_run(kCase15 + "6.1.0-56-amd64", "6.1"), "SRAT.RamNotCovered");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].severity, Severity::error);
  EXPECT_EQ(found[0].table, "SRAT");
  EXPECT_EQ(found[0].offset, 96U);  // the PXM 0 memory entry (offset 80) ending where the gap starts
  EXPECT_EQ(found[0].field, "Address Length");
  EXPECT_EQ(found[0].value, "0x40000000");
  EXPECT_EQ(found[0].message,
            "RAM [0x40000000, 0x60000000) has no SRAT memory range: the kernel (profile 6.1) prints \"NUMA: nodes "
            "only cover 1535MB of your 2047MB e820 RAM. Not used.\" and drops NUMA: one dummy node; extend this PXM "
            "0 range over it or add a Memory Affinity entry for it");
}

// 6.12's memblock_validate_numa_coverage() says it in other words (the line its kernel.log shows).
TEST(RamRules, UncoveredRamIsTheKernelsCoverageVerdict612) {
  const Findings found = of_rule(validate_run(kCase15 + "6.12.117+deb12-amd64", "6.12"), "SRAT.RamNotCovered");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].message,
            "RAM [0x40000000, 0x60000000) has no SRAT memory range: the kernel (profile 6.12) prints \"NUMA: no "
            "nodes coverage for 512MB of 2047MB RAM\" and drops NUMA: one dummy node; extend this PXM 0 range over "
            "it or add a Memory Affinity entry for it");
}

TEST(RamRules, FixtureMatchesTheOracleCase) {
  const Bytes tables = srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(1, 0x60000000, kGiB / 2)});
  const Findings found = of_rule(validate_bytes({tables}, with_ram(kRam)), "SRAT.RamNotCovered");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].offset, 96U);
}

// Close cases: PXM 0 reaching the PXM 1 range; the same SRAT without --memmap;
// RAM that ends where SRAT does.
TEST(RamRules, CoveredRamOrNoMemmapIsQuiet) {
  const Bytes covering = srat({lapic(0, 0), lapic(1, 1), memory(0, 0, 0x60000000), memory(1, 0x60000000, kGiB / 2)});
  EXPECT_TRUE(validate_bytes({covering}, with_ram(kRam)).empty());
  const Bytes gap = srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(1, 0x60000000, kGiB / 2)});
  EXPECT_TRUE(validate_bytes({gap}).empty());
  EXPECT_TRUE(validate_bytes({gap}, with_ram({{0, 0x9fc00}, {0x100000, kGiB}})).empty());
}

// Less than 1 MiB of RAM below the first SRAT range (oracle case 16: both
// kernels panic; its guest dumped no tables, so they are rebuilt from its
// srat.dsl) is the other rule, reported at the range above the gap.
TEST(RamRules, RamUnderOneMibWithoutNodeCrashes) {
  const Bytes tables = srat({lapic(0, 0), lapic(1, 1), memory(0, 0x100000, 0x3FF00000), memory(1, kGiB, kGiB)});
  for (const char* profile : {"6.1", "6.12"}) {
    const Findings findings = validate_bytes({tables}, with_ram(kRam, profile));
    EXPECT_TRUE(of_rule(findings, "SRAT.RamNotCovered").empty()) << profile;
    const Findings found = of_rule(findings, "SRAT.RamWithoutNode");
    ASSERT_EQ(found.size(), 1U) << profile;
    EXPECT_EQ(found[0].offset, 80U + 8) << profile;  // Base Address of the PXM 0 entry starting at 1 MiB
    EXPECT_EQ(found[0].field, "Base Address");
    EXPECT_EQ(found[0].value, "0x100000");
    EXPECT_EQ(found[0].message,
              "RAM [0x1000, 0x9F000) has no SRAT memory range: less than the 1 MiB the coverage check lets through, so "
              "the kernel (profile " + std::string(profile) +
                  ") uses NUMA, keeps this RAM on node MAX_NUMNODES and panics in free_area_init(); extend this PXM "
                  "0 range over it or add a Memory Affinity entry for it");
  }
  // Starting PXM 0 at 0 covers it.
  const Bytes covered = srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(1, kGiB, kGiB)});
  EXPECT_TRUE(validate_bytes({covered}, with_ram(kRam)).empty());
}

}  // namespace
}  // namespace numaplan::check::test
