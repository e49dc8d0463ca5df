// MADT ("APIC"): the x86 structures, arm64's GIC ones, LoongArch's CORE_PIC
// and RISC-V's RINTC decoded field by field (types 0-5, 9, 0xA-0xF, 0x11,
// 0x18), the others (SAPIC, platform interrupt sources) by type and length;
// QEMU's own MADT as the oracle guest saw it.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fixture.h"
#include "numaplan/check/reserved.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"

namespace numaplan::acpi {
namespace {

using test::decode_fixture;

TEST(Madt, EveryTypeIasl20200925Compiles) {
  const Table table = decode_fixture("madt-all-types.aml");
  EXPECT_EQ(table.desc, &madt_table);
  EXPECT_EQ(test::diagnostic_lines(table),
            (std::vector<std::string>{
                "note Subtable Type @108: subtable type 6 (0x06) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 16",
                "note Subtable Type @124: subtable type 7 (0x07) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 22",
                "note Subtable Type @146: subtable type 8 (0x08) is defined but not decoded by numaplan; shown raw "
                "and skipped by its length 16"}));
  const std::vector<const StructDesc*> descs = {
      &madt::local_apic,     &madt::local_apic, &madt::io_apic,          &madt::interrupt_override,
      &madt::nmi_source,     &madt::local_apic_nmi, &madt::address_override, nullptr,
      nullptr,               nullptr,           &madt::x2apic,           &madt::x2apic_nmi,
      &madt::gicc};
  const std::vector<std::uint32_t> offsets = {44, 52, 60, 72, 82, 90, 96, 108, 124, 146, 162, 178, 190};
  const std::vector<std::uint64_t> types = {0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  ASSERT_EQ(table.subtables.size(), descs.size());
  for (std::size_t i = 0; i < descs.size(); ++i) {
    EXPECT_EQ(table.subtables[i].desc, descs[i]) << i;
    EXPECT_EQ(table.subtables[i].offset, offsets[i]) << i;
    EXPECT_EQ(table.type(table.subtables[i]), types[i]) << i;
  }
}

TEST(Madt, HeaderAndProcessorFields) {
  const nlohmann::json json = emit::dump_json(decode_fixture("madt-all-types.aml"));
  EXPECT_EQ(json["header"]["local_apic_address"], 0xFEE00000U);
  EXPECT_EQ(json["header"]["flags"], nlohmann::json::parse(R"({"value": 1, "pcat_compat": true, "reserved_bits": 0})"));
  const nlohmann::json& subtables = json["subtables"];
  EXPECT_EQ(subtables[0]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 0, "subtable_type_name": "Processor Local APIC", "subtable_length": 8,
      "processor_id": 0, "apic_id": 0,
      "flags": {"value": 1, "enabled": true, "online_capable": false, "reserved_bits": 0}})"));
  EXPECT_EQ(subtables[1]["fields"]["apic_id"], 2);
  EXPECT_EQ(subtables[1]["fields"]["flags"],
            nlohmann::json::parse(R"({"value": 2, "enabled": false, "online_capable": true, "reserved_bits": 0})"));
  EXPECT_EQ(subtables[10]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 9, "subtable_type_name": "Processor Local x2APIC", "subtable_length": 16,
      "reserved": 0, "x2apic_id": 256, "uid": 5,
      "flags": {"value": 1, "enabled": true, "online_capable": false, "reserved_bits": 0}})"));
}

TEST(Madt, InterruptStructures) {
  const nlohmann::json subtables = emit::dump_json(decode_fixture("madt-all-types.aml"))["subtables"];
  EXPECT_EQ(subtables[2]["fields"]["io_apic_id"], 1);
  EXPECT_EQ(subtables[3]["fields"]["inti_flags"],
            nlohmann::json::parse(R"({"value": 0, "polarity": 0, "trigger_mode": 0, "reserved_bits": 0})"));
  EXPECT_EQ(subtables[4]["fields"]["inti_flags"],
            nlohmann::json::parse(R"({"value": 13, "polarity": 1, "trigger_mode": 3, "reserved_bits": 0})"));
  EXPECT_EQ(subtables[4]["fields"]["global_irq"], 1);
  EXPECT_EQ(subtables[5]["fields"]["lint"], 1);
  EXPECT_EQ(subtables[6]["fields"]["address"], "0xFEE00000");
  EXPECT_EQ(subtables[11]["fields"]["inti_flags"]["trigger_mode"], 1);
}

// The dump names the x86 structures and shows the others by type and length.
TEST(Madt, TextDump) {
  const std::string text = emit::dump_text(decode_fixture("madt-all-types.aml"));
  EXPECT_NE(text.find("[0A6h 0166   4]          Processor x2Apic ID : 00000100\n"), std::string::npos) << text;
  EXPECT_NE(text.find("                      Runtime Online Capable : 1\n"), std::string::npos) << text;
}

// QEMU 7.2 q35 -smp 2, as the oracle guest dumped it: two enabled Local
// APICs, then the I/O APIC, five overrides and a Local APIC NMI.
TEST(Madt, QemuGuestTable) {
  const std::vector<std::string> paths = {std::string(NUMAPLAN_SOURCE_DIR) +
                                          "/tests/kernel/cases/24-x2apic/out/5.10.0-32-amd64/guest-APIC.dat"};
  source::Inputs inputs = source::load(paths);
  ASSERT_EQ(inputs.tables.size(), 1U);
  const Table table = test::decode_raw(std::move(inputs.tables.front()));
  EXPECT_EQ(table.desc, &madt_table);
  EXPECT_TRUE(table.diagnostics.empty());
  std::vector<std::uint64_t> types;
  for (const Record& record : table.subtables) types.push_back(table.type(record));
  EXPECT_EQ(types, (std::vector<std::uint64_t>{0, 0, 1, 2, 2, 2, 2, 2, 4}));
  EXPECT_EQ(table.view(table.subtables[1]).get(madt::local_apic_fields::apic_id).value(), 1U);
  EXPECT_EQ(table.view(table.subtables[1]).get(madt::local_apic_fields::flags).value(), 1U);
}

// QEMU 7.2 virt (GICv3) with the GICC list of arm64 oracle case 04 as the
// guest saw it: GICD, four GICCs (MPIDR 3/UID 10, 1/11, 0/12, 2/13), GICR, ITS.
TEST(Madt, Arm64GuestTable) {
  const std::vector<std::string> paths = {std::string(NUMAPLAN_SOURCE_DIR) +
                                          "/tests/kernel/arm64-cases/04-madt-order-uids/out/6.1.0-57-arm64/guest-APIC.dat"};
  source::Inputs inputs = source::load(paths);
  ASSERT_EQ(inputs.tables.size(), 1U);
  const Table table = test::decode_raw(std::move(inputs.tables.front()));
  EXPECT_EQ(table.desc, &madt_table);
  EXPECT_TRUE(table.diagnostics.empty());
  std::vector<const StructDesc*> descs;
  for (const Record& record : table.subtables) descs.push_back(record.desc);
  EXPECT_EQ(descs, (std::vector<const StructDesc*>{&madt::gicd, &madt::gicc, &madt::gicc, &madt::gicc, &madt::gicc,
                                                   &madt::gicr, &madt::gic_its}));
  std::vector<std::uint64_t> uids, mpidrs;
  for (const Record& record : table.subtables) {
    if (record.desc != &madt::gicc) continue;
    uids.push_back(table.view(record).get(madt::gicc_fields::uid).value());
    mpidrs.push_back(table.view(record).get(madt::gicc_fields::arm_mpidr).value());
  }
  EXPECT_EQ(uids, (std::vector<std::uint64_t>{10, 11, 12, 13}));
  EXPECT_EQ(mpidrs, (std::vector<std::uint64_t>{3, 1, 0, 2}));
  const nlohmann::json gicc = emit::dump_json(table)["subtables"][1]["fields"];
  EXPECT_EQ(gicc["performance_interrupt"], 0x17);
  EXPECT_EQ(gicc["flags"], nlohmann::json::parse(R"({"value": 1, "enabled": true,
      "performance_interrupt_trigger_mode": false, "vgic_interrupt_trigger_mode": false, "online_capable": false,
      "gicr_non_coherent": false, "reserved_bits": 0})"));
}

// GICv3's other structures (tables/fixtures/madt-gic.dsl): the distributor,
// an MSI frame, a redistributor range and an ITS, field by field.
TEST(Madt, GicStructures) {
  const Table table = decode_fixture("madt-gic.aml");
  EXPECT_TRUE(table.diagnostics.empty());
  const nlohmann::json subtables = emit::dump_json(table)["subtables"];
  ASSERT_EQ(subtables.size(), 6U);
  EXPECT_EQ(subtables[0]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 12, "subtable_type_name": "Generic Interrupt Distributor", "subtable_length": 24,
      "reserved": 0, "gic_id": 0, "base_address": "0x8000000", "global_irq_base": 0, "version": 3, "reserved2": 0})"));
  EXPECT_EQ(subtables[3]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 13, "subtable_type_name": "Generic MSI Frame", "subtable_length": 24,
      "reserved": 0, "msi_frame_id": 2, "base_address": "0x8020000",
      "flags": {"value": 1, "select_spi": true, "reserved_bits": 0}, "spi_count": 64, "spi_base": 80})"));
  EXPECT_EQ(subtables[4]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 14, "subtable_type_name": "Generic Interrupt Redistributor", "subtable_length": 16,
      "flags": {"value": 0, "gicr_non_coherent": false, "reserved_bits": 0}, "reserved": 0,
      "base_address": "0x80A0000", "discovery_range_length": 16121856})"));
  EXPECT_EQ(subtables[5]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 15, "subtable_type_name": "Generic Interrupt Translator", "subtable_length": 20,
      "flags": {"value": 0, "its_non_coherent": false, "reserved_bits": 0}, "reserved": 0, "translation_id": 3,
      "base_address": "0x8080000", "reserved2": 0})"));
}

// RINTC and CORE_PIC (tables/fixtures/madt-riscv-loongarch.txt, compiled by
// iasl 20250404): an enabled RINTC (hart 2, UID 10), a disabled Online
// Capable one (hart 0x100000000, UID 11), an enabled and a disabled CORE_PIC.
TEST(Madt, RintcAndCorePic) {
  const Table table = decode_fixture("madt-riscv-loongarch.txt");
  EXPECT_EQ(table.desc, &madt_table);
  EXPECT_TRUE(table.diagnostics.empty()) << test::diagnostic_lines(table).front();
  const std::vector<const StructDesc*> descs = {&madt::rintc, &madt::rintc, &madt::core_pic, &madt::core_pic};
  const std::vector<std::uint32_t> offsets = {44, 80, 116, 131};
  ASSERT_EQ(table.subtables.size(), descs.size());
  for (std::size_t i = 0; i < descs.size(); ++i) {
    EXPECT_EQ(table.subtables[i].desc, descs[i]) << i;
    EXPECT_EQ(table.subtables[i].offset, offsets[i]) << i;
  }
  const nlohmann::json subtables = emit::dump_json(table)["subtables"];
  EXPECT_EQ(subtables[0]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 24, "subtable_type_name": "RISC-V Interrupt Controller", "subtable_length": 36,
      "version": 1, "reserved": 0,
      "flags": {"value": 1, "enabled": true, "online_capable": false, "reserved_bits": 0},
      "hart_id": 2, "uid": 10, "ext_intc_id": 0, "imsic_address": "0x28000000", "imsic_size": 4096})"));
  EXPECT_EQ(subtables[1]["fields"]["hart_id"], 0x100000000ULL);
  EXPECT_EQ(subtables[1]["fields"]["ext_intc_id"], 0x1000000);
  EXPECT_EQ(subtables[1]["fields"]["flags"],
            nlohmann::json::parse(R"({"value": 2, "enabled": false, "online_capable": true, "reserved_bits": 0})"));
  EXPECT_EQ(subtables[2]["fields"], nlohmann::json::parse(R"({
      "subtable_type": 17, "subtable_type_name": "CPU Core Interrupt Controller", "subtable_length": 15,
      "version": 1, "processor_id": 1, "core_id": 3,
      "flags": {"value": 1, "enabled": true, "reserved_bits": 0}})"));
  EXPECT_EQ(subtables[3]["fields"]["core_id"], 4);
  EXPECT_EQ(subtables[3]["fields"]["flags"]["enabled"], false);
  const std::string text = emit::dump_text(table);
  EXPECT_NE(text.find("[034h 0052   8]                       HartId : 0000000000000002\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[08Ah 0138   4]                       CoreId : 00000004\n"), std::string::npos) << text;
}

// A RINTC's reserved byte and a CORE_PIC flag bit past Enabled are warned about.
TEST(Madt, RintcAndCorePicReservedChecks) {
  RawTable raw = test::fixture_raw("madt-riscv-loongarch.txt");
  raw.bytes[44 + 3] = 0x5A;     // RINTC Reserved
  raw.bytes[116 + 11] |= 0x04;  // CORE_PIC Flags bit 2
  raw.bytes[9] = static_cast<std::uint8_t>(raw.bytes[9] - 0x5A - 0x04);  // the checksum stays right
  const Table table = test::decode_raw(std::move(raw));
  EXPECT_TRUE(table.diagnostics.empty());
  std::vector<std::string> found;
  for (const Diagnostic& d : check::check_reserved(table)) {
    found.push_back(d.field + " @" + std::to_string(d.offset) + ": " + d.message);
  }
  EXPECT_EQ(found, (std::vector<std::string>{
                       "Reserved @47: reserved field is not zero in RISC-V Interrupt Controller, expected 0",
                       "Flags @127: reserved bits 0x4 are set in CPU Core Interrupt Controller, expected only 0x1"}));
}

}  // namespace
}  // namespace numaplan::acpi
