// CEDT: every structure type, CFMWS encodings (ways, granularity), both RDPAS
// layouts chosen by Record Length, and target lists cut short.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fixture.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"

namespace numaplan::acpi {
namespace {

using test::decode_fixture;
using test::elements;

const std::string kRdpas17Note =
    "note Length @224: RDPAS Record Length below 20: decoded with the 17-byte layout of the CXL specification, "
    "fwts and Linux (Protocol Type at +8, Base Address at +9)";
const std::string kRdpas20Note =
    "note Length @241: RDPAS Record Length 20 or more: decoded with the 20-byte layout of ACPICA 2026 (Base "
    "Address at +8, Protocol Type at +16, 3 reserved bytes)";

TEST(Cedt, EncodedWaysAndGranularity) {
  const std::vector<std::optional<std::uint64_t>> ways = {1, 2, 4, 8, 16, std::nullopt, std::nullopt, std::nullopt,
                                                          3, 6, 12, std::nullopt};
  for (std::uint64_t eniw = 0; eniw < ways.size(); ++eniw) EXPECT_EQ(cedt::interleave_ways(eniw), ways[eniw]) << eniw;
  EXPECT_EQ(cedt::interleave_ways(0xFF), std::nullopt);
  EXPECT_EQ(cedt::interleave_granularity(0), 256U);
  EXPECT_EQ(cedt::interleave_granularity(6), 16384U);
  EXPECT_EQ(cedt::interleave_granularity(7), std::nullopt);
  EXPECT_EQ(cedt::interleave_granularity(0xFFFFFFFF), std::nullopt);
}

TEST(Cedt, EveryStructureTypeInTableOrder) {
  const Table table = decode_fixture("cedt-all-types.txt");
  EXPECT_EQ(table.desc, &cedt_table);
  EXPECT_TRUE(table.checksum_valid);
  EXPECT_EQ(test::diagnostic_lines(table), (std::vector<std::string>{kRdpas17Note, kRdpas20Note}));
  const std::vector<const StructDesc*> descs = {&cedt::chbs,  &cedt::chbs,     &cedt::cfmws,    &cedt::cfmws,
                                                &cedt::cxims, &cedt::rdpas_17, &cedt::rdpas_20, &cedt::csds};
  const std::vector<std::uint32_t> offsets = {36, 68, 100, 152, 200, 224, 241, 261};
  const std::vector<std::uint32_t> lengths = {32, 32, 52, 48, 24, 17, 20, 8};
  ASSERT_EQ(table.subtables.size(), descs.size());
  for (std::size_t i = 0; i < descs.size(); ++i) {
    EXPECT_EQ(table.subtables[i].desc, descs[i]) << i;
    EXPECT_EQ(table.subtables[i].offset, offsets[i]) << i;
    EXPECT_EQ(table.subtables[i].length, lengths[i]) << i;
  }
}

TEST(Cedt, HostBridges) {
  const nlohmann::json subtables = emit::dump_json(decode_fixture("cedt-all-types.txt"))["subtables"];
  EXPECT_EQ(subtables[0]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 0, "subtable_type_name": "CXL Host Bridge Structure", "reserved": 0, "subtable_length": 32,
      "uid": 7, "cxl_version": 1, "cxl_version_name": "CXL 2.0 or later", "reserved2": 0,
      "base": "0x10370400000", "length": "0x10000"})"));
  EXPECT_EQ(subtables[1]["fields"]["cxl_version_name"], "CXL 1.1 (RCH)");
  EXPECT_EQ(subtables[1]["fields"]["length"], "0x2000");
}

TEST(Cedt, FixedMemoryWindows) {
  const Table table = decode_fixture("cedt-all-types.txt");
  const nlohmann::json subtables = emit::dump_json(table)["subtables"];
  EXPECT_EQ(subtables[2]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 1, "subtable_type_name": "CXL Fixed Memory Window Structure", "reserved": 0,
      "subtable_length": 52, "reserved2": 0, "base_hpa": "0x1000000000", "window_size": "0x100000000",
      "interleave_ways": 2, "ways": 4, "interleave_arithmetic": 0, "interleave_arithmetic_name": "Modulo",
      "reserved3": 0, "granularity": 1, "granularity_bytes": 512,
      "restrictions": {"value": 6, "type2": false, "type3": true, "volatile": true, "persistent": false,
                       "fixed_config": false, "back_invalidate": false, "reserved_bits": 0},
      "qtg_id": 1, "interleave_targets": [7, 8, 9, 10]})"));
  const nlohmann::json xor_window = subtables[3]["fields"];
  EXPECT_EQ(xor_window["interleave_ways"], 8);
  EXPECT_EQ(xor_window["ways"], 3);
  EXPECT_EQ(xor_window["interleave_arithmetic_name"], "XOR");
  EXPECT_EQ(xor_window["granularity_bytes"], 256);
  EXPECT_EQ(xor_window["restrictions"], nlohmann::json::parse(R"({"value": 42, "type2": false, "type3": true,
      "volatile": false, "persistent": true, "fixed_config": false, "back_invalidate": true, "reserved_bits": 0})"));
  EXPECT_EQ(elements(table.view(table.subtables[3]), 0), (std::vector<std::uint64_t>{7, 8, 9}));
}

// iasl's names: "First Target" then "Next Target", "First Xormap" then "Next Xormap".
TEST(Cedt, ListElementsAfterTheFirstAreNext) {
  const std::string text = emit::dump_text(decode_fixture("cedt-all-types.txt"));
  EXPECT_NE(text.find("[088h 0136   4]                 First Target : 00000007\n"
                      "[08Ch 0140   4]                  Next Target : 00000008\n"
                      "[090h 0144   4]                  Next Target : 00000009\n"
                      "[094h 0148   4]                  Next Target : 0000000A\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[0D0h 0208   8]                 First Xormap : 0000000000404100\n"
                      "[0D8h 0216   8]                  Next Xormap : 0000000000808200\n"),
            std::string::npos)
      << text;
}

TEST(Cedt, XorInterleaveMath) {
  const Table table = decode_fixture("cedt-all-types.txt");
  const StructView cxims = table.view(table.subtables[4]);
  EXPECT_EQ(cxims.get(cedt::cxims_fields::granularity).value(), 2U);
  EXPECT_EQ(cxims.get(cedt::cxims_fields::xormap_count).value(), 2U);
  ASSERT_EQ(cxims.arrays().size(), 1U);
  EXPECT_EQ(cxims.arrays()[0].offset, 208U);
  EXPECT_EQ(elements(cxims, 0), (std::vector<std::uint64_t>{0x404100, 0x808200}));
  const nlohmann::json fields = emit::dump_json(table)["subtables"][4]["fields"];
  EXPECT_EQ(fields["granularity_bytes"], 1024);
  EXPECT_EQ(fields["xormaps"], nlohmann::json::parse("[4210944, 8421888]"));  // 0x404100, 0x808200
}

TEST(Cedt, RdpasLayoutFollowsRecordLength) {
  const nlohmann::json subtables = emit::dump_json(decode_fixture("cedt-all-types.txt"))["subtables"];
  EXPECT_EQ(subtables[5]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 3, "subtable_type_name": "RCEC Downstream Port Association Structure", "reserved": 0,
      "subtable_length": 17, "segment": 0, "bdf": 16, "protocol": 1, "protocol_name": "CXL.cachemem",
      "base_address": "0xFED20000"})"));
  EXPECT_EQ(subtables[6]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 3, "subtable_type_name": "RCEC Downstream Port Association Structure", "reserved": 0,
      "subtable_length": 20, "segment": 1, "bdf": 776, "base_address": "0xFED30000", "protocol": 0,
      "protocol_name": "CXL.io", "reserved2": 0})"));
}

TEST(Cedt, SystemDescription) {
  const nlohmann::json fields = emit::dump_json(decode_fixture("cedt-all-types.txt"))["subtables"][7]["fields"];
  EXPECT_EQ(fields["capabilities"], nlohmann::json::parse(R"({"value": 5, "cmp_m": true,
      "no_clean_writeback": false, "viral_policy": true, "reserved_bits": 0})"));
  EXPECT_EQ(fields["reserved2"], 0);
}

TEST(Cedt, InvalidEncodingsGiveNoTargets) {
  const Table table = decode_fixture("cedt-invalid-cfmws.txt");
  ASSERT_EQ(table.subtables.size(), 2U);
  const StructView window = table.view(table.subtables[0]);
  ASSERT_EQ(window.arrays().size(), 1U);
  EXPECT_EQ(window.arrays()[0].wanted, 0U);
  const nlohmann::json fields = emit::dump_json(table)["subtables"][0]["fields"];
  EXPECT_EQ(fields["interleave_ways"], 5);
  EXPECT_TRUE(fields["ways"].is_null());
  EXPECT_EQ(fields["granularity"], 7);
  EXPECT_TRUE(fields["granularity_bytes"].is_null());
  EXPECT_EQ(fields["interleave_targets"], nlohmann::json::array());
}

TEST(Cedt, TargetListShorterThanTheWaysIsAnError) {
  const Table table = decode_fixture("cedt-invalid-cfmws.txt");
  const StructView window = table.view(table.subtables[1]);
  ASSERT_EQ(window.arrays().size(), 1U);
  EXPECT_EQ(window.arrays()[0].wanted, 2U);
  EXPECT_EQ(window.arrays()[0].count, 1U);
  EXPECT_EQ(elements(window, 0), std::vector<std::uint64_t>{7});
  EXPECT_EQ(test::diagnostic_lines(table),
            std::vector<std::string>{"error First Target @108: CXL Fixed Memory Window Structure needs 2 elements "
                                     "of 4 bytes each, only 1 fit in the record"});
}

}  // namespace
}  // namespace numaplan::acpi
