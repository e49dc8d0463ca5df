// Every rule in the registry has a minimal machine that triggers it (at an
// exact offset and field) and a close one that does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "check/fixtures.h"
#include "numaplan/source/load.h"

namespace numaplan::check::test {
namespace {

using Tables = std::vector<Bytes>;

struct RuleCase {
  std::function<Tables()> trigger;
  std::function<Tables()> clean;
  std::uint64_t offset;  // of the first finding of the rule in `trigger`
  std::string field;
  int nodes_shift = kernel::kDefaultNodesShift;
  kernel::Arch arch = kernel::Arch::x86_64;
};

// Rules that need the machine's RAM (validate --memmap) get a q35 guest's
// e820 usable RAM with 2 GiB (oracle cases 15 and 16).
const std::vector<kernel::MemRange> kGuestRam = {{0, 0x9fc00}, {0x100000, 0x7ffe0000}};
std::optional<std::vector<kernel::MemRange>> ram_for(std::string_view rule) {
  if (rule == "SRAT.RamNotCovered" || rule == "SRAT.RamWithoutNode") return kGuestRam;
  return std::nullopt;
}

Bytes lapic_20() {
  Bytes s = lapic(0, 0);
  s[1] = 20;
  s.resize(20);
  return s;
}

Bytes memory_reserved1() {
  Bytes s = memory(0, 0, 2 * kGiB);
  s[6] = 0x5A;
  return s;
}

Bytes memory_zero_length_field() {
  Bytes s = memory(0, 0, 2 * kGiB);
  s[1] = 0;
  return s;
}

Bytes truncated_srat() {
  Bytes t = good_srat();
  t.resize(40);
  write_le(t, 4, 4, 40);
  numaplan::test::set_checksum(t);
  return t;
}

Tables srat_plus(Bytes other) { return {good_srat(), std::move(other)}; }

// arm64: SRAT GICC and GIC ITS Affinity, MADT GICC and GIC ITS.
Bytes gicc_affinity(std::uint32_t pxm, std::uint32_t uid) {
  return record(18, {{0, 1, 3}, {1, 1, 18}, {2, 4, pxm}, {6, 4, uid}, {10, 4, 1}});
}
Bytes its_affinity(std::uint32_t pxm, std::uint32_t its_id) {
  return record(12, {{0, 1, 4}, {1, 1, 12}, {2, 4, pxm}, {8, 4, its_id}});
}
Bytes madt_gicc(std::uint32_t uid, std::uint64_t mpidr) {
  return record(80, {{0, 1, 0xB}, {1, 1, 80}, {8, 4, uid}, {12, 4, 1}, {68, 8, mpidr}});
}
Bytes madt_its(std::uint32_t translation_id) {
  return record(20, {{0, 1, 0xF}, {1, 1, 20}, {4, 4, translation_id}, {8, 8, 0x8080000}});
}
// Two GICCs (UIDs 0, 1) on PXMs 0 and 1 with a GiB each, then ITS Affinity
// `its` (at offset 164); the MADT's one ITS has Translation ID 0.
Tables arm64_machine(const Bytes& its, std::initializer_list<Bytes> madt_giccs = {}) {
  Bytes giccs = madt_giccs.size() == 0 ? join({madt_gicc(0, 0), madt_gicc(1, 1)}) : Bytes{};
  for (const Bytes& g : madt_giccs) giccs.insert(giccs.end(), g.begin(), g.end());
  return {srat({gicc_affinity(0, 0), gicc_affinity(1, 1), memory(0, 0, kGiB), memory(1, kGiB, kGiB), its}),
          madt({giccs, madt_its(0)}, 5)};
}
Bytes cedt_window(Cfmws w) { return cedt({chbs(7), cfmws(w)}); }

const std::map<std::string, RuleCase>& cases() {
  static const std::map<std::string, RuleCase> table = {
      // ACPI: every table.
      {"ACPI.Checksum", {[] { return Tables{with_checksum_off()}; },
                         [] { return Tables{good_srat()}; }, 9, "Checksum"}},
      {"ACPI.TableLength", {[] { return Tables{truncated_srat()}; }, [] { return Tables{good_srat()}; }, 40,
                            "Table Length"}},
      {"ACPI.SubtableType",
       {[] { return Tables{srat({lapic(0, 0), record(8, {{0, 1, 9}, {1, 1, 8}}), memory(0, 0, kGiB)})}; },
        [] { return Tables{srat({lapic(0, 0), memory(0, 0, kGiB)})}; }, 64, "Subtable Type"}},
      {"ACPI.SubtableLength", {[] { return Tables{srat({lapic(0, 0), memory_zero_length_field()})}; },
                               [] { return Tables{srat({lapic(0, 0), memory(0, 0, 2 * kGiB)})}; }, 65, "Length"}},
      {"ACPI.Decode", {[] { return srat_plus(hmat({hmat_locality(0, 100, 40)})); },
                       [] { return srat_plus(hmat({hmat_locality()})); }, 76, "Target Proximity Domain List"}},
      {"ACPI.ReservedNonZero",
       {[] { return Tables{srat({lapic(0, 0), lapic(1, 1), memory_reserved1(), memory(1, 4 * kGiB, kGiB)})}; },
        [] { return Tables{good_srat()}; }, 86, "Reserved1"}},
      {"ACPI.ReservedBits",
       {[] { return Tables{srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB, 0x11), memory(1, 4 * kGiB, kGiB)})}; },
        [] { return Tables{srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB, 0xF), memory(1, 4 * kGiB, kGiB)})}; },
        108, "Flags"}},
      {"ACPI.Revision",
       {[] { return Tables{srat_rev(2, {lapic(0, 0), memory(0, 0, kGiB)})}; },
        [] { return Tables{srat_rev(3, {lapic(0, 0), memory(0, 0, kGiB)})}; }, 8, "Revision"}},
      {"ACPI.OemAscii", {[] { return Tables{with_byte(good_srat(), 10, 0x01)}; },
                         [] { return Tables{with_byte(good_srat(), 15, 0)}; }, 10, "Oem ID"}},
      {"ACPI.Input", {[] { return Tables{good_srat(), good_srat()}; }, [] { return Tables{good_srat()}; }, 0,
                      "Signature"}},
      // MADT against SRAT.
      {"MADT.DuplicateApicId", {[] { return Tables{good_srat(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(1)})}; },
                                [] { return Tables{good_srat(), good_madt()}; }, 63, "Local Apic ID"}},
      {"MADT.CpuWithoutAffinity",
       {[] { return Tables{good_srat(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(2)})}; },
        [] { return Tables{good_srat(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(2, 0)})}; }, 63,
        "Local Apic ID"}},
      {"SRAT.CpuNotInMadt", {[] { return Tables{good_srat(), madt({madt_lapic(0)})}; },
                             [] { return Tables{good_srat(), good_madt()}; }, 67, "Apic ID"}},
      // SRAT.
      {"SRAT.TableRevision", {[] { return Tables{srat_rev(3, {lapic(0, 0), memory(0, 0, kGiB)}, 2)}; },
                              [] { return Tables{good_srat()}; }, 36, "Table Revision"}},
      {"SRAT.StructureLength", {[] { return Tables{srat({lapic_20(), memory(0, 0, kGiB)})}; },
                                [] { return Tables{srat({lapic(0, 0), memory(0, 0, kGiB)})}; }, 49, "Length"}},
      {"SRAT.DeviceHandleType",
       {[] { return Tables{srat({initiator(2, 1, 2), lapic(0, 0), memory(0, 0, kGiB)})}; },
        [] { return Tables{srat({initiator(2, 1, 1), lapic(0, 0), memory(0, 0, kGiB)})}; }, 51,
        "Device Handle Type"}},
      {"SRAT.PxmTooLarge",
       {[] { return Tables{srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(1024, 4 * kGiB, kGiB)})}; },
        [] { return Tables{srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(1023, 4 * kGiB, kGiB)})}; },
        122, "Proximity Domain"}},
      {"SRAT.TooManyNodes",
       {[] {
          return Tables{srat({lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB), memory(1, 4 * kGiB, kGiB),
                              memory(2, 8 * kGiB, kGiB)})};
        },
        [] { return Tables{good_srat()}; }, 162, "Proximity Domain", 1}},
      {"SRAT.MemoryOverlap",
       {[] { return Tables{srat({lapic(0, 0), lapic(1, 1), memory(0, 0, 2 * kGiB), memory(1, kGiB, 2 * kGiB)})}; },
        [] { return Tables{good_srat()}; }, 128, "Base Address"}},
      {"SRAT.GiStopsCpus",
       {[] { return Tables{srat({initiator(2, 0), lapic(0, 0), lapic(1, 1), memory(0, 0, kGiB)})}; },
        [] { return Tables{srat({lapic(0, 0), lapic(1, 1), initiator(2, 0), memory(0, 0, kGiB)})}; }, 72, "Flags"}},
      {"SRAT.PxmHighIgnored",
       {[] { return Tables{srat_rev(1, {lapic(0, 0), memory(0, 0, kGiB), memory(0x101, 4 * kGiB, kGiB)})}; },
        [] { return Tables{srat_rev(1, {lapic(0, 0), memory(0, 0, kGiB), memory(0x1, 4 * kGiB, kGiB)})}; }, 106,
        "Proximity Domain"}},
      {"SRAT.TooManyMemblks",
       {[] {
          return Tables{srat({lapic(0, 0), memory(0, 0, kGiB), memory(0, kGiB, kGiB), memory(0, 2 * kGiB, kGiB),
                              memory(1, 4 * kGiB, kGiB), memory(1, 5 * kGiB, kGiB)})};
        },
        [] {
          return Tables{srat({lapic(0, 0), memory(0, 0, kGiB), memory(0, kGiB, kGiB), memory(0, 2 * kGiB, kGiB),
                              memory(1, 4 * kGiB, kGiB)})};
        },
        226, "Proximity Domain", 1}},
      {"SRAT.MemoryWraps",
       {[] { return Tables{srat({lapic(0, 0), memory(0, 0, kGiB), memory(1, 0xFFFFFFFF00000000, 0x100000000000)})}; },
        [] { return Tables{srat({lapic(0, 0), memory(0, 0, kGiB), memory(1, 0xFFFFFFFF00000000, 0x80000000)})}; },
        120, "Address Length"}},
      {"SRAT.RamNotCovered",
       {[] { return Tables{srat({lapic(0, 0), memory(0, 0, kGiB), memory(1, 0x60000000, kGiB / 2)})}; },
        [] { return Tables{srat({lapic(0, 0), memory(0, 0, 0x60000000), memory(1, 0x60000000, kGiB / 2)})}; }, 80,
        "Address Length"}},
      {"SRAT.RamWithoutNode",
       {[] { return Tables{srat({lapic(0, 0), memory(0, 0x100000, kGiB - 0x100000), memory(1, kGiB, kGiB)})}; },
        [] { return Tables{srat({lapic(0, 0), memory(0, 0, kGiB), memory(1, kGiB, kGiB)})}; }, 72, "Base Address"}},
      {"SRAT.NoMemory", {[] { return Tables{srat({lapic(0, 0), lapic(1, 1)})}; },
                         [] { return Tables{good_srat()}; }, 48, "Subtable Type"}},
      // SLIT.
      {"SLIT.TooManyLocalities", {[] { return Tables{slit(3, {10, 21, 21, 10})}; },
                                  [] { return Tables{good_slit()}; }, 36, "Localities"}},
      {"SLIT.CornerEntry", {[] { return Tables{slit(2, {10, 21, 21, 11})}; }, [] { return Tables{good_slit()}; }, 47,
                            "Entry[1][1]"}},
      {"SLIT.EntryReserved", {[] { return Tables{slit(2, {10, 9, 21, 10})}; }, [] { return Tables{good_slit()}; },
                              45, "Entry[0][1]"}},
      {"SLIT.Invalid", {[] { return Tables{slit(2, {10, 10, 10, 10})}; }, [] { return Tables{good_slit()}; }, 45,
                        "Entry[0][1]"}},
      {"SLIT.NotCoveringPxm", {[] { return srat_plus(slit(1, {10})); }, [] { return srat_plus(good_slit()); }, 36,
                               "Localities"}},
      {"SLIT.Asymmetric", {[] { return Tables{slit(2, {10, 21, 31, 10})}; }, [] { return Tables{good_slit()}; }, 46,
                           "Entry[1][0]"}},
      {"SLIT.TrailingBytes",
       {[] { return Tables{numaplan::test::acpi_table("SLIT", 1, join({record(8, {{0, 8, 1}}), Bytes{10}, Bytes(63)}))}; },
        [] { return Tables{slit(1, {10})}; }, 45, "Table Length"}},
      // MSCT.
      {"MSCT.ProximityOffset", {[] { return Tables{msct(1, 16 * kGiB, {msct_domain(0, 1)}, 0x30)}; },
                                [] { return Tables{good_msct()}; }, 36, "Proximity Offset"}},
      {"MSCT.TableLength", {[] { return Tables{msct(0, 16 * kGiB, {msct_domain(0, 0), msct_domain(1, 1)})}; },
                            [] { return Tables{msct(1, 16 * kGiB, {msct_domain(0, 0), msct_domain(1, 1)})}; }, 4,
                            "Table Length"}},
      {"MSCT.ProximityDomains", {[] { return Tables{msct(0, 16 * kGiB, {msct_domain(0, 0), msct_domain(1, 1)})}; },
                                 [] { return Tables{msct(1, 16 * kGiB, {msct_domain(0, 0), msct_domain(1, 1)})}; },
                                 40, "Max Proximity Domains"}},
      {"MSCT.MaxDomainsBelowSrat", {[] { return srat_plus(msct(0, 16 * kGiB, {msct_domain(0, 0)})); },
                                    [] { return srat_plus(good_msct()); }, 40, "Max Proximity Domains"}},
      {"MSCT.MaxAddressBelowRange", {[] { return srat_plus(msct(1, 4 * kGiB, {msct_domain(0, 1)})); },
                                     [] { return srat_plus(good_msct()); }, 48, "Max Physical Address"}},
      {"MSCT.RangeBackwards", {[] { return Tables{msct(1, 16 * kGiB, {msct_domain(1, 0)})}; },
                               [] { return Tables{good_msct()}; }, 58, "Domain Range Start"}},
      {"MSCT.RangeOverlap", {[] { return Tables{msct(1, 16 * kGiB, {msct_domain(0, 1), msct_domain(1, 1)})}; },
                             [] { return Tables{msct(1, 16 * kGiB, {msct_domain(0, 0), msct_domain(1, 1)})}; }, 80,
                             "Domain Range Start"}},
      // HMAT.
      {"HMAT.StructureLength", {[] { return srat_plus(hmat({hmat_domain(0, 0, 1, 44)})); },
                                [] { return srat_plus(hmat({hmat_domain(0, 0, 1, 40)})); }, 44, "Length"}},
      {"HMAT.DataType", {[] { return srat_plus(hmat({hmat_locality(6)})); },
                         [] { return srat_plus(hmat({hmat_locality(5)})); }, 49, "Data Type"}},
      {"HMAT.LocalityLength", {[] { return srat_plus(hmat({hmat_locality(0, 100, 56)})); },
                               [] { return srat_plus(good_hmat()); }, 44, "Length"}},
      {"HMAT.BaseUnit", {[] { return srat_plus(hmat({hmat_locality(0, 0)})); },
                         [] { return srat_plus(hmat({hmat_locality(0, 1)})); }, 64, "Entry Base Unit"}},
      {"HMAT.CacheAttributes", {[] { return srat_plus(hmat({hmat_cache(0x00401114)})); },
                                [] { return srat_plus(hmat({hmat_cache(0x00402213)})); }, 64, "Cache Attributes"}},
      {"HMAT.SmbiosCount", {[] { return srat_plus(hmat({hmat_cache(0x00401111, 1, 32)})); },
                            [] { return srat_plus(hmat({hmat_cache(0x00401111, 1, 34)})); }, 70, "SMBIOS Handle #"}},
      {"HMAT.KernelIgnores", {[] { return srat_plus(hmat({hmat_domain(0, 0), hmat_domain(0, 5)})); },
                              [] { return srat_plus(good_hmat()); }, 96, "Memory Proximity Domain"}},
      // CEDT.
      {"CEDT.ChbsLength", {[] { return Tables{cedt({chbs(7, 1, 0x2000), cfmws({})})}; },
                           [] { return Tables{cedt({chbs(7, 0, 0x2000), cfmws({})})}; }, 60, "Register length"}},
      {"CEDT.CxlVersion", {[] { return Tables{cedt({chbs(7, 2), cfmws({})})}; }, [] { return Tables{good_cedt()}; },
                           44, "Specification version"}},
      {"CEDT.InterleaveArithmetic", {[] { return Tables{cedt_window({.arithmetic = 2})}; },
                                     [] { return Tables{good_cedt()}; }, 93, "Interleave Arithmetic"}},
      {"CEDT.ProtocolType", {[] { return Tables{cedt({chbs(7), cfmws({}), rdpas(2)})}; },
                             [] { return Tables{cedt({chbs(7), cfmws({}), rdpas(1)})}; }, 116, "Protocol Type"}},
      {"CEDT.CfmwsAlignment", {[] { return Tables{cedt_window({.base = 8 * kGiB + (1 << 20)})}; },
                               [] { return Tables{cedt_window({.base = 8 * kGiB + (256 << 20)})}; }, 76,
                               "Window base address"}},
      {"CEDT.CfmwsEniw", {[] { return Tables{cedt_window({.eniw = 5})}; }, [] { return Tables{good_cedt()}; }, 92,
                          "Interleave Members"}},
      {"CEDT.CfmwsHbig", {[] { return Tables{cedt_window({.hbig = 7})}; },
                          [] { return Tables{cedt_window({.hbig = 6})}; }, 96, "Granularity"}},
      {"CEDT.CfmwsLength", {[] { return Tables{cedt_window({.eniw = 1})}; },
                            [] { return Tables{cedt_window({.eniw = 1, .targets = {7, 7}})}; }, 70, "Length"}},
      {"CEDT.CfmwsXorNeedsCxims", {[] { return Tables{cedt_window({.arithmetic = 1})}; },
                                   [] { return Tables{cedt({chbs(7), cfmws({.arithmetic = 1}), cxims(0)})}; }, 93,
                                   "Interleave Arithmetic"}},
      {"CEDT.CfmwsTargetNoChbs", {[] { return Tables{cedt_window({.targets = {8}})}; },
                                  [] { return Tables{good_cedt()}; }, 104, "Interleave Target 0"}},
      {"CEDT.CfmwsOverlap",
       {[] { return Tables{cedt({chbs(7), cfmws({}), cfmws({.base = 8 * kGiB, .size = 2 * kGiB})})}; },
        [] { return Tables{cedt({chbs(7), cfmws({}), cfmws({.base = 9 * kGiB, .size = 2 * kGiB})})}; }, 116,
        "Window base address"}},
      {"CEDT.CfmwsNode", {[] { return srat_plus(good_cedt()); }, [] { return srat_plus(cedt({chbs(7)})); }, 76,
                          "Window base address"}},
      // arm64: the GICv3 ITS driver's reading of SRAT.
      {"SRAT.ItsWithoutNode", {[] { return arm64_machine(its_affinity(9, 0)); },
                               [] { return arm64_machine(its_affinity(1, 0)); }, 166, "Proximity Domain",
                               kernel::kDefaultNodesShift, kernel::Arch::arm64}},
      {"SRAT.ItsNotInMadt", {[] { return arm64_machine(its_affinity(1, 5)); },
                             [] { return arm64_machine(its_affinity(1, 0)); }, 172, "ITS ID",
                             kernel::kDefaultNodesShift, kernel::Arch::arm64}},
      {"CEDT.CfmwsKernelsDiffer",
       {[] { return srat_plus(cedt_window({.base = 3 * kGiB, .size = 2 * kGiB})); },
        [] { return srat_plus(cedt_window({.base = 4 * kGiB, .size = 2 * kGiB})); }, 76, "Window base address"}},
  };
  return table;
}

std::vector<const Finding*> of_rule(const Findings& findings, std::string_view id) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    if (f.rule->id == id) out.push_back(&f);
  }
  return out;
}

class EveryRule : public ::testing::TestWithParam<const Rule*> {};

// Every SRAT structure type (GIC ITS Affinity has no Flags field: reading
// it aborted validate before).
TEST(Validate, EverySratStructureType) {
  const std::vector<std::string> file = {std::string(NUMAPLAN_FIXTURE_DIR) + "/fixtures/srat-all-types.aml"};
  source::Inputs inputs = source::load(file);
  const auto findings = validate(acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics)), Options{});
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->size(), 1U);
  EXPECT_EQ(findings->front().rule->id, "SRAT.PxmTooLarge");
  EXPECT_EQ(findings->front().offset, 0x32U);
}

// Options the kernel model cannot run come back as its error, not as findings.
TEST(Validate, ReturnsTheModelsErrorForOptionsItCannotRun) {
  Options options;
  options.nodes_shift = 0;
  const auto findings = validate(decode({good_srat()}), options);
  ASSERT_FALSE(findings.ok());
  EXPECT_EQ(findings.error().kind, ErrorKind::usage);
  EXPECT_EQ(findings.error().field, "nodes_shift");
  EXPECT_EQ(findings.error().message, "0 is outside 1..16");
}

TEST_P(EveryRule, HasATriggerAndACloseMachineThatDoesNotTrigger) {
  const Rule& rule = *GetParam();
  const auto found = cases().find(std::string(rule.id));
  ASSERT_NE(found, cases().end()) << rule.id << " has no trigger/no-trigger pair in rules_test.cpp";
  const RuleCase& c = found->second;
  Options options;
  options.nodes_shift = c.nodes_shift;
  options.ram = ram_for(rule.id);
  options.arch = c.arch;

  const Findings triggered = validate_bytes(c.trigger(), options);
  const auto hits = of_rule(triggered, rule.id);
  ASSERT_FALSE(hits.empty()) << rule.id << " did not fire";
  EXPECT_EQ(hits.front()->offset, c.offset);
  EXPECT_EQ(hits.front()->field, c.field);
  EXPECT_FALSE(hits.front()->message.empty());

  const Findings clean = validate_bytes(c.clean(), options);
  const auto misses = of_rule(clean, rule.id);
  EXPECT_TRUE(misses.empty()) << rule.id << " fired on the clean machine: " << misses.front()->message;
}

std::string rule_name(const ::testing::TestParamInfo<const Rule*>& info) {
  std::string name(info.param->id);
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryRule, ::testing::ValuesIn(all_rules().begin(), all_rules().end()), rule_name);

TEST(Registry, EveryCaseNamesARegisteredRule) {
  for (const auto& [id, c] : cases()) EXPECT_NE(find_rule(id), nullptr) << id;
}

TEST(Registry, IdsAreUniqueAndNameTheirTable) {
  std::vector<std::string_view> ids;
  for (const Rule* rule : all_rules()) {
    ids.push_back(rule->id);
    const std::string_view table = rule->id.substr(0, rule->id.find('.'));
    EXPECT_TRUE(table == "ACPI" || table == "SRAT" || table == "SLIT" || table == "MSCT" || table == "HMAT" ||
                table == "CEDT" || table == "MADT")
        << rule->id;
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

// The messages of the MADT rules: what the kernel makes of each CPU.
TEST(Validate, MadtRuleMessages) {
  const auto messages = [](const Tables& tables) {
    std::vector<std::string> out;
    for (const Finding& f : validate_bytes(tables)) out.push_back(std::string(f.rule->id) + ": " + f.message);
    return out;
  };
  EXPECT_EQ(messages({good_srat(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(1), madt_lapic(2)})}),
            (std::vector<std::string>{
                "MADT.DuplicateApicId: APIC id 1 is listed again (first at offset 0x34): the kernel gives both "
                "structures one logical CPU, so one CPU fewer comes up than the MADT lists",
                "MADT.CpuWithoutAffinity: APIC id 2 has no SRAT Processor Affinity entry though SRAT has them for "
                "other CPUs: the kernel (profile mainline) brings it up as CPU 2 on node 0, which is rarely where the "
                "firmware meant it; add an entry for it"}));
  Options six_one;
  six_one.profile = *kernel::find_profile("6.1");
  std::vector<std::string> old_kernel;
  for (const Finding& f : validate_bytes({good_srat(), madt({madt_lapic(0), madt_lapic(1), madt_lapic(1)})}, six_one)) {
    if (f.rule->id == std::string_view("MADT.DuplicateApicId")) old_kernel.push_back(f.message);
  }
  EXPECT_EQ(old_kernel, (std::vector<std::string>{
                            "APIC id 1 is listed again (first at offset 0x34): the kernel gives both structures one "
                            "logical CPU, so one CPU fewer comes up than the MADT lists; the kernel (profile 6.1) "
                            "still counts it: one more possible CPU that never comes up"}));
  EXPECT_EQ(messages({good_srat(), madt({madt_lapic(1)})}),
            (std::vector<std::string>{"SRAT.CpuNotInMadt: APIC id 0 has PXM 0 here but the MADT lists no such "
                                      "processor: no CPU comes up for it, and its node has none unless another "
                                      "entry gives it one"}));
  // SRAT without CPU entries: nothing says where CPUs go, so no CPU lacks an affinity it should have.
  EXPECT_EQ(messages({srat({memory(0, 0, 2 * kGiB)}), good_madt()}), std::vector<std::string>{});
}

// arm64: GICCs and SRAT's GICC Affinity entries meet by ACPI processor UID;
// ITS Affinity entries are read by the ITS driver after NUMA set-up.
TEST(Validate, Arm64RuleMessages) {
  Options arm64;
  arm64.arch = kernel::Arch::arm64;
  const auto messages = [&](const Tables& tables) {
    std::vector<std::string> out;
    for (const Finding& f : validate_bytes(tables, arm64)) out.push_back(std::string(f.rule->id) + ": " + f.message);
    return out;
  };
  EXPECT_EQ(messages(arm64_machine(its_affinity(1, 0))), std::vector<std::string>{});
  EXPECT_EQ(messages(arm64_machine(its_affinity(1, 0), {madt_gicc(0, 0), madt_gicc(2, 1)})),
            (std::vector<std::string>{
                "SRAT.CpuNotInMadt: GICC UID 1 has PXM 1 here but the MADT lists no such processor: no CPU comes up "
                "for it, and its node has none unless another entry gives it one (get_cpu_for_acpi_id() finds no CPU; "
                "the entry is skipped silently)",
                "MADT.CpuWithoutAffinity: GICC UID 2 has no SRAT GICC Affinity entry though SRAT has them for other "
                "CPUs: the kernel (profile mainline) brings it up as CPU 1 on node 0, which is rarely where the "
                "firmware meant it; add an entry for it"}));
  EXPECT_EQ(messages(arm64_machine(its_affinity(1, 7))),
            (std::vector<std::string>{
                "SRAT.ItsNotInMadt: ITS 7 (PXM 1, node 1) is no MADT GIC ITS's Translation ID: the kernel prints "
                "\"SRAT: PXM 1 -> ITS 7 -> Node 1\" but no ITS looks the entry up"}));
  EXPECT_EQ(messages(arm64_machine(its_affinity(9, 0))),
            (std::vector<std::string>{
                "SRAT.ItsWithoutNode: ITS affinity names PXM 9, which no CPU, memory or initiator entry gives a node: "
                "\"SRAT: Invalid NUMA node -1 in ITS affinity\"; the ITS allocates its tables on no particular node"}));
  // The same tables read as x86's: GICC and ITS entries are another architecture's, no CPU rule compares them.
  EXPECT_EQ(validate_bytes(arm64_machine(its_affinity(9, 7))).size(), validate_bytes(arm64_machine(its_affinity(1, 0))).size());
}

// riscv64: RINTCs and SRAT's RINTC Affinity entries meet by ACPI processor UID, as on arm64.
TEST(Validate, RiscvRuleMessages) {
  Options riscv;
  riscv.arch = kernel::Arch::riscv64;
  const auto rintc_affinity = [](std::uint32_t pxm, std::uint32_t uid) {
    return record(20, {{0, 1, 7}, {1, 1, 20}, {4, 4, pxm}, {8, 4, uid}, {12, 4, 1}});
  };
  const auto madt_rintc = [](std::uint32_t uid, std::uint64_t hart) {
    return record(36, {{0, 1, 0x18}, {1, 1, 36}, {2, 1, 1}, {4, 4, 1}, {8, 8, hart}, {16, 4, uid}});
  };
  const auto messages = [&](std::initializer_list<Bytes> rintcs) {
    const Tables tables = {srat({rintc_affinity(0, 0), rintc_affinity(1, 1), memory(0, 0, kGiB), memory(1, kGiB, kGiB)}),
                           madt(rintcs, 6)};
    std::vector<std::string> out;
    for (const Finding& f : validate_bytes(tables, riscv)) out.push_back(std::string(f.rule->id) + ": " + f.message);
    return out;
  };
  EXPECT_EQ(messages({madt_rintc(0, 0), madt_rintc(1, 1)}), std::vector<std::string>{});
  EXPECT_EQ(messages({madt_rintc(0, 0), madt_rintc(2, 1)}),
            (std::vector<std::string>{
                "SRAT.CpuNotInMadt: RINTC UID 1 has PXM 1 here but the MADT lists no such processor: no CPU comes "
                "up for it, and its node has none unless another entry gives it one (get_cpu_for_acpi_id() finds no "
                "CPU; the entry is skipped silently)",
                "MADT.CpuWithoutAffinity: RINTC UID 2 has no SRAT RINTC Affinity entry though SRAT has them for "
                "other CPUs: the kernel (profile mainline) brings it up as CPU 1 on node 0, which is rarely where the "
                "firmware meant it; add an entry for it"}));
}

// The clean machine of the fixtures: nothing but the note about its CFMWS window.
TEST(Validate, CleanMachineHasOnlyTheCfmwsNote) {
  const Findings findings =
      validate_bytes({good_srat(), good_slit(), good_msct(), srat_plus(good_hmat())[1], good_cedt()});
  ASSERT_EQ(findings.size(), 1U) << findings.front().rule->id << ": " << findings.front().message;
  EXPECT_EQ(findings[0].rule->id, "CEDT.CfmwsNode");
  EXPECT_EQ(findings[0].severity, Severity::note);
  EXPECT_EQ(findings[0].message,
            "window [0x200000000, 0x240000000) has no SRAT memory: Linux gives it fake PXM 2 and node 2 of its own "
            "(possible, offline until the CXL driver adds the memory)");
}

}  // namespace
}  // namespace numaplan::check::test
