// The CLI contract of DESIGN §3 that spans commands: `map --strict` (exit 1
// when the kernel rejects the tables) and `validate --memmap`, run as a user
// would on oracle cases whose real kernels' verdicts are committed in
// tests/kernel/cases/*/out (tables the guest saw, its BIOS-e820 map).
#include <gtest/gtest.h>

#include "check/fixtures.h"
#include "support/run_cli.h"
#include "support/table_bytes.h"

namespace numaplan {
namespace {

using test::run_numaplan;

const std::string kCases = std::string(NUMAPLAN_SOURCE_DIR) + "/tests/kernel/cases/";
const std::string kRun61 = "/out/6.1.0-56-amd64/";
const std::string kExamples = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/";

std::string srat_of(const std::string& name) { return kCases + name + kRun61 + "guest-SRAT.dat"; }
std::string e820_of(const std::string& name) { return kCases + name + kRun61 + "kernel.log"; }

// map --strict on a case's SRAT with its RAM: the exit code and stderr.
test::CliResult strict_map(const std::string& name, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"map", "--strict", "--kernel", "6.1", "--memmap", e820_of(name)};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(srat_of(name));
  return run_numaplan(args);
}

const std::string kStrict = "numaplan: error: --strict: the kernel rejects the tables: ";

// Each way the kernel rejects SRAT, one oracle case each; every one of them
// boots with "Faking a node" on Debian's 6.1.
TEST(MapStrict, EachFallbackExitsOneAndSaysWhy) {
  struct Case {
    std::string name;
    std::string loading;  // what loading the tables says first
    std::string why;
  };
  const std::vector<Case> cases = {
      {"15-e820-not-covered", "",
       "SRAT's nodes leave RAM without a node (\"NUMA: nodes only cover 1535MB of your 2047MB e820 RAM. Not used.\")"
       ": NUMA is off, one dummy node"},
      {"17-pxm-1024-mem", "",
       "the kernel refuses an SRAT entry or limit (bad_srat) (\"ACPI: SRAT: SRAT not used.\"): NUMA is off, one "
       "dummy node"},
      {"46-zero-length-no-handler",
       "numaplan: error: SRAT (" + srat_of("46-zero-length-no-handler") +
           ") offset 0xA1 (161): Length: subtable length 0 is less than its 2-byte header; the walk cannot go on\n",
       "a zero-length SRAT entry ends the memory walk with an error: NUMA is off, one dummy node"},
      {"29-cpu-only-srat", "",
       "SRAT gives no usable memory range (\"No NUMA configuration found\"): NUMA is off, one dummy node"},
      {"12-overlap-diff-pxm", "",
       "memory of two nodes overlaps (\"node 0 [mem 0x00000000-0x5fffffff] overlaps with node 1 [mem "
       "0x40000000-0x7ffdffff]\"): NUMA is off, one dummy node"},
  };
  for (const Case& c : cases) {
    const test::CliResult run = strict_map(c.name);
    EXPECT_EQ(run.exit_code, 1) << c.name << "\n" << run.err;
    EXPECT_EQ(run.err, c.loading + kStrict + c.why + "\n") << c.name;
    // The prediction is still printed, and says why without --strict too.
    const std::string reason = c.why.substr(0, c.why.rfind(": NUMA is off, one dummy node"));
    EXPECT_NE(run.out.find("\nnuma: dummy (one node): " + reason + "\n"), std::string::npos) << c.name << run.out;
    const std::vector<std::string> lenient = {"map", "--kernel", "6.1", "--memmap", e820_of(c.name), srat_of(c.name)};
    EXPECT_EQ(run_numaplan(lenient).exit_code, 0) << c.name;
  }
}

// Oracle case 16 (both kernels panic; the guest dumped no tables, so they
// are rebuilt here from its srat.dsl): RAM below 1 MiB without a node.
TEST(MapStrict, CrashExitsOne) {
  const numaplan::test::TempDir dir;
  const std::string srat = dir.write("srat.dat", check::test::srat({check::test::lapic(0, 0), check::test::lapic(1, 1),
                                                                     check::test::memory(0, 0x100000, 0x3FF00000),
                                                                     check::test::memory(1, 1ULL << 30, 1ULL << 30)}))
                               .string();
  const std::string e820 = kCases + "16-e820-gap-under-1mb" + kRun61 + "kernel.log";
  const test::CliResult run = run_numaplan({"map", "--strict", "--kernel", "6.1", "--memmap", e820, srat});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.err, kStrict +
                         "the boot crashes: RAM [mem 0x00001000-0x0009efff] has no node: less than the 1 MiB the "
                         "coverage check lets through, so NUMA is used, but memblock keeps the range on node "
                         "MAX_NUMNODES (\"Usage of MAX_NUMNODES is deprecated\") and the kernel oopses in "
                         "free_area_init() and panics\n");
  EXPECT_EQ(run_numaplan({"map", "--kernel", "6.1", "--memmap", e820, srat}).exit_code, 0);
}

// Not rejections: NUMA from SRAT, the user's numa=off / numa=noacpi, no SRAT at all.
TEST(MapStrict, AcceptedOrNotAskedForExitsZero) {
  const test::CliResult accepted = run_numaplan({"map", "--strict", "--memmap", kExamples + "qemu-2node-cxl.e820.log",
                                                 kExamples + "qemu-2node-cxl.acpidump.txt"});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_EQ(accepted.err, "");
  for (const char* words : {"numa=off", "numa=noacpi"}) {
    const test::CliResult off = strict_map("01-sparse-pxms", {"--cmdline", words});
    EXPECT_EQ(off.exit_code, 0) << words << off.err;
    EXPECT_EQ(off.err, "") << words;
  }
  const test::CliResult no_srat = run_numaplan(
      {"map", "--strict", "--memmap", e820_of("10-slit-short"), kCases + "10-slit-short" + kRun61 + "guest-SLIT.dat"});
  EXPECT_EQ(no_srat.exit_code, 0) << no_srat.err;
  EXPECT_EQ(no_srat.err, "");
}

// --strict with --compare-dmesg: the comparison's exit code, then the verdict's.
TEST(MapStrict, WithCompareDmesg) {
  const std::string name = "15-e820-not-covered";
  const test::CliResult same = run_numaplan({"map", "--kernel", "6.1", "--memmap", e820_of(name), "--compare-dmesg",
                                             e820_of(name), srat_of(name)});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  const test::CliResult strict = strict_map(name, {"--compare-dmesg", e820_of(name)});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find(kStrict), std::string::npos) << strict.err;
}

TEST(ValidateMemmap, UncoveredRamIsAnError) {
  const std::string name = "15-e820-not-covered";
  const test::CliResult run =
      run_numaplan({"validate", "--kernel", "6.1", "--memmap", e820_of(name), srat_of(name)});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out,
            "SRAT (" + srat_of(name) +
                ")\n"
                "  error   @0x060 Address Length = 0x40000000: RAM [0x40000000, 0x60000000) has no SRAT memory "
                "range: the kernel (profile 6.1) prints \"NUMA: nodes only cover 1535MB of your 2047MB e820 RAM. Not "
                "used.\" and drops NUMA: one dummy node; extend this PXM 0 range over it or add a Memory Affinity "
                "entry for it [SRAT.RamNotCovered]\n"
                "\n"
                "1 errors, 0 warnings, 0 info\n");
  // Without the RAM the same tables are clean.
  EXPECT_EQ(run_numaplan({"validate", "--kernel", "6.1", srat_of(name)}).exit_code, 0);
}

TEST(ValidateMemmap, CoveredRamIsClean) {
  const std::string name = "01-sparse-pxms";
  const test::CliResult run = run_numaplan({"validate", "--memmap", e820_of(name), srat_of(name)});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST(ValidateMemmap, UnreadableOrMalformedMemmapExitsThree) {
  const std::string srat = srat_of("15-e820-not-covered");
  const test::CliResult missing = run_numaplan({"validate", "--memmap", "/nonexistent/iomem", srat});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.err, "numaplan: error: /nonexistent/iomem: cannot read the file\n");
  EXPECT_EQ(missing.out, "");
  const test::CliResult not_a_map = run_numaplan({"validate", "--memmap", srat, srat});
  EXPECT_EQ(not_a_map.exit_code, 3);
  EXPECT_NE(not_a_map.err.find("numaplan: error: " + srat + ":"), std::string::npos) << not_a_map.err;
}

TEST(NodesShift, ValidateMapAndPlanAcceptTheKconfigRange) {
  const std::string srat = srat_of("01-sparse-pxms");
  for (const char* command : {"validate", "map", "plan"}) {
    EXPECT_EQ(run_numaplan({command, "--nodes-shift", "10", srat}).exit_code, 0) << command;
    EXPECT_EQ(run_numaplan({command, "--nodes-shift", "11", srat}).exit_code, 2) << command;
    EXPECT_EQ(run_numaplan({command, "--nodes-shift", "0", srat}).exit_code, 2) << command;
  }
}

}  // namespace
}  // namespace numaplan
