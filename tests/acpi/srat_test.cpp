// SRAT: one structure of every type (0-5 compiled by iasl, 6-7 from
// tools/mkfixture.py), and both Generic Initiator device-handle forms.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fixture.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"

namespace numaplan::acpi {
namespace {

using test::decode_fixture;

TEST(Srat, EveryTypeIasl20200925Compiles) {
  const Table table = decode_fixture("srat-all-types.aml");
  EXPECT_EQ(table.desc, &srat_table);
  EXPECT_TRUE(table.diagnostics.empty());
  EXPECT_EQ(table.revision, 3U);
  EXPECT_EQ(table.header_view().get(srat::header_fields::table_revision).value(), 1U);
  const std::vector<const StructDesc*> descs = {&srat::local_apic, &srat::memory, &srat::x2apic,
                                                &srat::gicc,       &srat::gic_its, &srat::generic_initiator,
                                                &srat::generic_initiator};
  const std::vector<std::uint32_t> offsets = {48, 64, 104, 128, 146, 158, 190};
  ASSERT_EQ(table.subtables.size(), descs.size());
  for (std::size_t i = 0; i < descs.size(); ++i) {
    EXPECT_EQ(table.subtables[i].desc, descs[i]) << i;
    EXPECT_EQ(table.subtables[i].offset, offsets[i]) << i;
    EXPECT_EQ(table.subtables[i].length, descs[i]->size) << i;
  }
}

TEST(Srat, ProcessorAndMemoryFields) {
  const nlohmann::json subtables = emit::dump_json(decode_fixture("srat-all-types.aml"))["subtables"];
  EXPECT_EQ(subtables[0]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 0, "subtable_type_name": "Processor Local APIC/SAPIC Affinity", "subtable_length": 16,
      "proximity_domain_lo": 1, "apic_id": 2, "flags": {"value": 1, "enabled": true, "reserved_bits": 0},
      "local_sapic_eid": 3, "proximity_domain_hi": 4, "clock_domain": 5})"));
  EXPECT_EQ(subtables[1]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 1, "subtable_type_name": "Memory Affinity", "subtable_length": 40,
      "proximity_domain": 1, "reserved1": 0, "base_address": "0x100000000", "length": "0x40000000",
      "reserved2": 0, "flags": {"value": 7, "enabled": true, "hot_pluggable": true, "non_volatile": true,
                                "specific_purpose": false, "reserved_bits": 0},
      "reserved3": 0})"));
  EXPECT_EQ(subtables[2]["fields"]["proximity_domain"], 2);
  EXPECT_EQ(subtables[2]["fields"]["x2apic_id"], 0x100);
  EXPECT_EQ(subtables[2]["fields"]["clock_domain"], 6);
  EXPECT_EQ(subtables[3]["fields"]["proximity_domain"], 3);
  EXPECT_EQ(subtables[3]["fields"]["acpi_processor_uid"], 7);
  EXPECT_EQ(subtables[3]["fields"]["clock_domain"], 8);
  EXPECT_EQ(subtables[4]["fields"]["proximity_domain"], 4);
  EXPECT_EQ(subtables[4]["fields"]["its_id"], 9);
}

TEST(Srat, GenericInitiatorHandleForms) {
  const Table table = decode_fixture("srat-all-types.aml");
  const StructView acpi = table.view(table.subtables[5]);
  const StructView pci = table.view(table.subtables[6]);
  EXPECT_EQ(acpi.get(srat::initiator_fields::proximity_domain).value(), 5U);
  EXPECT_EQ(acpi.get(srat::initiator_fields::acpi_uid).value(), 0x0AU);
  EXPECT_FALSE(acpi.present(srat::initiator_fields::pci_segment));
  EXPECT_EQ(pci.get(srat::initiator_fields::proximity_domain).value(), 6U);
  EXPECT_EQ(pci.get(srat::initiator_fields::pci_segment).value(), 1U);
  EXPECT_EQ(pci.get(srat::initiator_fields::pci_bdf).value(), 0x0310U);
  EXPECT_FALSE(pci.present(srat::initiator_fields::acpi_uid));
  const nlohmann::json subtables = emit::dump_json(table)["subtables"];
  EXPECT_EQ(subtables[5]["fields"]["acpi_hid"], "ACPI0016");
  EXPECT_EQ(subtables[5]["fields"]["device_handle_type_name"], "ACPI");
  EXPECT_EQ(subtables[6]["fields"]["device_handle_type_name"], "PCI");
}

TEST(Srat, GenericPortAndRintc) {
  const Table table = decode_fixture("srat-gp-rintc.txt");
  EXPECT_TRUE(table.diagnostics.empty());
  ASSERT_EQ(table.subtables.size(), 2U);
  EXPECT_EQ(table.subtables[0].desc, &srat::generic_port);
  EXPECT_EQ(table.subtables[0].offset, 48U);
  EXPECT_EQ(table.subtables[1].desc, &srat::rintc);
  EXPECT_EQ(table.subtables[1].offset, 80U);
  const nlohmann::json subtables = emit::dump_json(table)["subtables"];
  const nlohmann::json& port = subtables[0]["fields"];
  EXPECT_EQ(port["proximity_domain"], 2);
  EXPECT_EQ(port["acpi_hid"], "ACPI0016");
  EXPECT_EQ(port["acpi_uid"], 0x0C);
  EXPECT_EQ(port["flags"]["enabled"], true);
  EXPECT_EQ(subtables[1]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 7, "subtable_type_name": "RINTC Affinity", "subtable_length": 20, "reserved": 0,
      "proximity_domain": 3, "acpi_processor_uid": 4, "flags": {"value": 1, "enabled": true, "reserved_bits": 0},
      "clock_domain": 5})"));
}

}  // namespace
}  // namespace numaplan::acpi
