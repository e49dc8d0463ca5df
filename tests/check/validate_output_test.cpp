// validate's output (text grouped by table, numaplan.findings/2), --werror,
// exact messages of kernel rules, and the CLI's exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "check/fixtures.h"
#include "numaplan/emit/findings.h"
#include "numaplan/kernel/model.h"
#include "support/run_cli.h"

namespace numaplan::check::test {
namespace {

Findings of_rule(const Findings& findings, std::string_view id) {
  Findings out;
  for (const Finding& f : findings) {
    if (f.rule->id == id) out.push_back(f);
  }
  return out;
}

TEST(ValidateOutput, TextIsGroupedByTableWithACountLine) {
  const Findings findings = validate_bytes({slit(2, {10, 21, 31, 10}), srat({lapic(0, 0), lapic(1, 1)})});
  EXPECT_EQ(emit::findings_text(findings),
            "SLIT (t0)\n"
            "  warning @0x02E Entry[1][0] = 31: Entry[0][1] is 21 but Entry[1][0] is 31; Linux keeps both "
            "directions, make them equal unless the asymmetry is real [SLIT.Asymmetric]\n"
            "\n"
            "SRAT (t1)\n"
            "  error   @0x030 Subtable Type: no enabled Memory Affinity entry: acpi_numa_init() returns -ENOENT "
            "(\"No NUMA configuration found\") and x86 fakes a single node; describe every RAM range with its PXM "
            "[SRAT.NoMemory]\n"
            "\n"
            "1 errors, 1 warnings, 0 info\n");
}

TEST(ValidateOutput, JsonFollowsTheFindingsSchema) {
  Options options;
  options.profile = *kernel::find_profile("6.1");
  options.nodes_shift = 6;
  const Findings findings = validate_bytes({with_checksum_off()}, options);
  std::ostringstream out;
  emit::write_findings_json(findings, options, out);
  const nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["schema"], "numaplan.findings/2");
  EXPECT_EQ(doc["kernel"], (nlohmann::json{{"profile", "6.1"}, {"max_numnodes", 64}, {"max_pxm_domains", 256}}));
  ASSERT_EQ(doc["findings"].size(), 1U);
  EXPECT_EQ(doc["findings"][0],
            (nlohmann::json{{"rule", "ACPI.Checksum"},
                            {"fwts", "ACPITableChecksum"},
                            {"severity", "error"},
                            {"table", "SRAT"},
                            {"origin", "t0"},
                            {"offset", 9},
                            {"field", "Checksum"},
                            {"value", ""},
                            {"message", findings[0].message}}));
  EXPECT_EQ(doc["summary"], (nlohmann::json{{"errors", 1}, {"warnings", 0}, {"info", 0}}));
}

// A file name that is not UTF-8 (nlohmann's dump() threw on it, out of
// validate --format json) comes out as U+FFFD, as dump's JSON writes it.
TEST(ValidateOutput, JsonOfAnOriginThatIsNotUtf8) {
  Findings findings = validate_bytes({with_checksum_off()});
  ASSERT_EQ(findings.size(), 1U);
  findings[0].origin = "t\xff.dat";
  std::ostringstream out;
  emit::write_findings_json(findings, Options{}, out);
  EXPECT_NE(out.str().find("\"origin\": \"t\xef\xbf\xbd.dat\","), std::string::npos) << out.str();
  EXPECT_EQ(nlohmann::json::parse(out.str())["findings"][0]["origin"], "t\xef\xbf\xbd.dat");
}

TEST(ValidateOutput, WerrorTurnsWarningsIntoErrors) {
  const std::vector<Bytes> tables = {slit(2, {10, 21, 31, 10})};
  EXPECT_FALSE(has_errors(validate_bytes(tables)));
  Options options;
  options.werror = true;
  const Findings findings = validate_bytes(tables, options);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].severity, Severity::error);
  EXPECT_TRUE(has_errors(findings));
}

TEST(KernelRules, PxmLimitFollowsNodesShift) {
  const std::vector<Bytes> tables = {srat({lapic(0, 0), memory(0, 0, kGiB), memory(300, 4 * kGiB, kGiB)})};
  EXPECT_TRUE(of_rule(validate_bytes(tables), "SRAT.PxmTooLarge").empty());  // shift 10: MAX_PXM_DOMAINS 1024
  Options options;
  options.nodes_shift = 6;  // MAX_PXM_DOMAINS 256
  const Findings found = of_rule(validate_bytes(tables, options), "SRAT.PxmTooLarge");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].value, "0x12C");
  EXPECT_EQ(found[0].message,
            "PXM 300 is >= MAX_PXM_DOMAINS 256: \"SRAT: Too many proximity domains\", Linux discards the whole SRAT "
            "and fakes one node; number PXMs below 256");
}

// Issue 11: x86's acpi_numa_init() has no GICC handler, so a GICC PXM of 5000
// is never read: validate says what `map` says (one node from SRAT), no
// PxmTooLarge.
TEST(KernelRules, GiccPxmIsNotReadOnX86) {
  const std::vector<Bytes> tables = {srat({lapic(0, 0), memory(0, 0, 2 * kGiB), gicc(5000, 0)})};
  const Findings findings = validate_bytes(tables);
  EXPECT_TRUE(of_rule(findings, "SRAT.PxmTooLarge").empty());
  EXPECT_FALSE(has_errors(findings));
  kernel::Config config;
  config.profile = *kernel::find_profile("6.12");
  const kernel::Layout layout = *kernel::map_numa(decode(tables), config);
  EXPECT_TRUE(layout.numa_from_srat);
  EXPECT_EQ(layout.possible.to_list(), "0");
  EXPECT_EQ(kernel::srat_pxms(layout), (std::vector<std::uint32_t>{0}));
}

// The same PXM on an entry x86 does read is discarded with the whole SRAT.
TEST(KernelRules, X2apicPxmTooLargeDiscardsTheSrat) {
  const Findings found =
      of_rule(validate_bytes({srat({lapic(0, 0), x2apic(5000, 1), memory(0, 0, 2 * kGiB)})}), "SRAT.PxmTooLarge");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].offset, 64U + 4);
  EXPECT_EQ(found[0].field, "Proximity Domain");
  EXPECT_EQ(found[0].value, "0x1388");
}

// The kernel's own line for the chosen profile: 7.3 names the range, not the node.
TEST(KernelRules, WrappingRangeQuotesTheProfilesLine) {
  const std::vector<Bytes> tables = {srat({lapic(0, 0), memory(0, 0, kGiB), memory(1, 0xFFFFFFFF00000000, 1ULL << 40)})};
  Options options;
  options.profile = *kernel::find_profile("6.12");
  Findings found = of_rule(validate_bytes(tables, options), "SRAT.MemoryWraps");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].message,
            "base 0xFFFFFFFF00000000 + length 0x10000000000 passes 2^64: \"Warning: invalid memblk node 1 "
            "[mem 0xffffffff00000000-0xfeffffffff]\", PXM 1 gets a node without this memory; fix Address Length");
  options.profile = *kernel::find_profile("7.3");
  found = of_rule(validate_bytes(tables, options), "SRAT.MemoryWraps");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].message,
            "base 0xFFFFFFFF00000000 + length 0x10000000000 passes 2^64: \"Warning: invalid memblk range for node 1 "
            "[mem 0xffffffff00000000-0xfeffffffff]\", PXM 1 gets a node without this memory; fix Address Length");
}

TEST(KernelRules, DisabledInitiatorCountsTheCpusItSilences) {
  const Findings found = of_rule(
      validate_bytes({srat({lapic(0, 0), initiator(2, 0), lapic(1, 1), x2apic(1, 300), lapic(1, 2, 0),
                            memory(0, 0, kGiB)})}),
      "SRAT.GiStopsCpus");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].offset, 64U + 24);
  EXPECT_EQ(found[0].message,
            "this Generic Initiator is disabled, so acpi_parse_gi_affinity() fails and the SRAT walk calls no further "
            "handler: 2 enabled CPU/initiator entries after it get no node; move disabled Generic Initiators after "
            "every CPU entry or drop them");
}

TEST(KernelRules, HotPluggableOverlapIsAWarning) {
  const Findings found = of_rule(
      validate_bytes({srat({lapic(0, 0), memory(0, 0, 2 * kGiB), memory(1, kGiB, 2 * kGiB, 0x3)})}),
      "SRAT.MemoryOverlap");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].severity, Severity::warning);
}

TEST(KernelRules, CfmwsBeyondMaxNumnodesGetsNoNode) {
  Options options;
  options.nodes_shift = 1;  // two nodes, both taken by SRAT
  const Findings found =
      of_rule(validate_bytes({good_srat(), good_cedt()}, options), "SRAT.TooManyNodes");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].table, "CEDT");
  EXPECT_EQ(found[0].severity, Severity::warning);
  EXPECT_EQ(found[0].offset, 76U);
}

// Oracle case 43: the fake PXM reaches MAX_PXM_DOMAINS; the CEDT walk stops there.
TEST(KernelRules, CfmwsFakePxmOverflowStopsTheWalk) {
  const Findings findings = validate_bytes(
      {srat({lapic(0, 0), memory(0, 0, kGiB), memory(1022, 4 * kGiB, kGiB)}),
       cedt({chbs(7), cfmws({}), cfmws({.base = 9 * kGiB}), cfmws({.base = 10 * kGiB})})});
  const Findings stop = of_rule(findings, "SRAT.TooManyNodes");
  ASSERT_EQ(stop.size(), 1U);
  EXPECT_EQ(stop[0].offset, 116U);  // the second window
  EXPECT_EQ(stop[0].message,
            "window [0x240000000, 0x280000000) would take fake PXM 1024 and node 3 beyond MAX_PXM_DOMAINS 1024 / "
            "MAX_NUMNODES 1024: \"Too many proximity domains while processing CFMWS\", it and every later window "
            "get no node");
  EXPECT_EQ(of_rule(findings, "CEDT.CfmwsNode").size(), 1U);
}

// QEMU's dimmpxm SRAT (revision 1): ranges of PXMs 2 and 3 overlap. The
// overlap is the finding; no PXM is masked (the overlap's event names node
// 3's PXM, not the entry's PXM bits).
TEST(KernelRules, OverlapAtRevisionOneMasksNoPxm) {
  const Findings findings =
      validate_bytes({srat_rev(1, {lapic(0, 0), memory(0, 0, kGiB), memory(2, 4 * kGiB, kGiB),
                                   memory(3, 4 * kGiB, 2 * kGiB)})});
  EXPECT_TRUE(of_rule(findings, "SRAT.PxmHighIgnored").empty());
  const Findings overlap = of_rule(findings, "SRAT.MemoryOverlap");
  ASSERT_EQ(overlap.size(), 1U);
  EXPECT_EQ(overlap[0].offset, 48U + 16 + 40 + 40 + 8);  // Base Address of the PXM 3 range
}

// Oracle case 49: before v6.16 CFMWS blocks share NR_NODE_MEMBLKS with SRAT's.
TEST(KernelRules, CfmwsMemblksDependOnTheProfile) {
  const std::vector<Bytes> tables = {
      srat({lapic(0, 0), memory(0, 0, kGiB), memory(0, kGiB, kGiB), memory(0, 2 * kGiB, kGiB),
            memory(0, 3 * kGiB, kGiB)}),
      good_cedt()};
  Options options;
  options.nodes_shift = 1;  // NR_NODE_MEMBLKS 4, all taken by SRAT
  options.profile = *kernel::find_profile("6.12");
  const Findings old_kernel = of_rule(validate_bytes(tables, options), "SRAT.TooManyMemblks");
  ASSERT_EQ(old_kernel.size(), 1U);
  EXPECT_EQ(old_kernel[0].table, "CEDT");
  EXPECT_EQ(old_kernel[0].severity, Severity::warning);
  options.profile = *kernel::find_profile("mainline");
  EXPECT_TRUE(of_rule(validate_bytes(tables, options), "SRAT.TooManyMemblks").empty());
}

TEST(KernelRules, CfmwsStartingInSratIsAbsorbed) {
  const Findings found = of_rule(
      validate_bytes({good_srat(), cedt({chbs(7), cfmws({.base = 4 * kGiB, .size = 4 * kGiB})})}), "CEDT.CfmwsNode");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].message,
            "window [0x100000000, 0x200000000) starts in SRAT memory of PXM 1: every kernel gives it that PXM's "
            "node, no node of its own");
}

// Oracle case 10: PXMs beyond the SLIT keep the default distance 20; one finding lists them all.
TEST(KernelRules, SlitCoverageListsTheMissingPxms) {
  const Findings found = of_rule(
      validate_bytes({srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(2, 4 * kGiB, kGiB),
                            memory(3, 8 * kGiB, kGiB), memory(5, 9 * kGiB, kGiB)}),
                      good_slit()}),
      "SLIT.NotCoveringPxm");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].message,
            "SRAT uses PXM 2-3,5 but the SLIT has 2 localities: Linux gives those nodes distance 20 to every other "
            "node; list every PXM up to 5 in the SLIT");
}

// The HMAT QEMU writes for a CPU-only node (oracle case b1): Linux ignores it.
TEST(KernelRules, HmatForAMemorylessPxmIsIgnoredByLinux) {
  const Findings found = of_rule(
      validate_bytes({srat({lapic(0, 0), lapic(3, 1), memory(0, 0, kGiB)}), hmat({hmat_domain(3, 3)})}),
      "HMAT.KernelIgnores");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].value, "3");
}

std::string fwts_of(const std::vector<Bytes>& tables, std::string_view rule) {
  const Findings found = of_rule(validate_bytes(tables), rule);
  return found.empty() ? "(none)" : found.front().fwts;
}

TEST(FwtsLabels, SratLengthProblemsAreNamedAsFwtsDoes) {
  Bytes short_memory = memory(0, 0, kGiB);
  short_memory[1] = 32;
  short_memory.resize(32);
  EXPECT_EQ(fwts_of({srat({lapic(0, 0), short_memory})}, "ACPI.SubtableLength"), "SRATMemoryAffinityShort");
  Bytes zero = memory(0, 0, kGiB);
  zero[1] = 0;
  EXPECT_EQ(fwts_of({srat({lapic(0, 0), zero})}, "ACPI.SubtableLength"), "SRATStructLengthZero");
  Bytes past_end = memory(0, 0, kGiB);
  past_end.resize(20);
  EXPECT_EQ(fwts_of({srat({lapic(0, 0), past_end})}, "ACPI.SubtableLength"), "SRATBadTableLength");
  Bytes x2 = x2apic(0, 300);
  x2[2] = 1;
  EXPECT_EQ(fwts_of({srat({x2, memory(0, 0, kGiB)})}, "ACPI.ReservedNonZero"), "SRATLocalx2apicReserved1");
  EXPECT_EQ(fwts_of({srat({lapic(0, 0), record(8, {{0, 1, 9}, {1, 1, 8}}), memory(0, 0, kGiB)})},
                    "ACPI.SubtableType"),
            "SRATInvalidType");
  EXPECT_EQ(fwts_of({cedt({chbs(7), record(4, {{0, 1, 9}, {2, 2, 4}})})}, "ACPI.SubtableType"),
            "CEDTBadSubtableType");
}

class Cli : public ::testing::Test {
 protected:
  int run(const std::string& args) {
    const std::string command = std::string(NUMAPLAN_BINARY) + " validate " + args + " > " +
                                (dir_.path() / "out").string() + " 2>/dev/null";
    const int status = std::system(command.c_str());
    return WEXITSTATUS(status);
  }
  std::string output() const {
    std::ifstream in(dir_.path() / "out");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string write(const std::string& name, const Bytes& bytes) { return dir_.write(name, bytes).string(); }

  numaplan::test::TempDir dir_;
};

TEST_F(Cli, ExitCodes) {
  const std::string good = write("good.dat", good_srat());
  const std::string asym = write("asym.dat", slit(2, {10, 21, 31, 10}));
  const std::string bad = write("bad.dat", with_checksum_off());
  EXPECT_EQ(run(good), 0);
  EXPECT_EQ(output(), "0 errors, 0 warnings, 0 info\n");
  EXPECT_EQ(run(asym), 0);
  EXPECT_EQ(run("--werror " + asym), 1);
  EXPECT_EQ(run(bad), 1);
  EXPECT_EQ(run(dir_.path().string() + "/missing.dat"), 3);
  EXPECT_EQ(run(""), 2);
  EXPECT_EQ(run("--kernel 5.x " + good), 2);
}

// Issue 11: validate and map agree on an SRAT with a GICC entry of PXM 5000.
TEST_F(Cli, GiccPxmAgreesWithMap) {
  const std::string tables = write("srat.dat", srat({lapic(0, 0), memory(0, 0, 2 * kGiB), gicc(5000, 0)}));
  EXPECT_EQ(run(tables), 0);
  EXPECT_EQ(output(), "0 errors, 0 warnings, 0 info\n");
  const numaplan::test::CliResult map = numaplan::test::run_numaplan({"map", "--format", "json", tables});
  ASSERT_EQ(map.exit_code, 0) << map.err;
  const nlohmann::json doc = nlohmann::json::parse(map.out);
  EXPECT_EQ(doc["numa"], "srat");
  EXPECT_EQ(doc["nodemasks"]["possible"], "0");
}

TEST_F(Cli, JsonAndRuleList) {
  EXPECT_EQ(run("--format json --kernel 6.12 --nodes-shift 6 " + write("asym.dat", slit(2, {10, 21, 31, 10}))), 0);
  const nlohmann::json doc = nlohmann::json::parse(output());
  EXPECT_EQ(doc["kernel"]["profile"], "6.12");
  EXPECT_EQ(doc["findings"][0]["rule"], "SLIT.Asymmetric");
  EXPECT_EQ(run("--list-rules"), 0);
  EXPECT_EQ(output(), emit::rules_markdown());
}

}  // namespace
}  // namespace numaplan::check::test
