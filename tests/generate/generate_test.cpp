// numaplan generate: the tables decode back to the spec, iasl and acpixtract
// read the output, and the oracle's boots of the examples (golden data in
// tests/generate/cases/, made by make-cases.sh) saw exactly these tables and
// built the nodes the spec implies.
#include "numaplan/emit/generate.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <sys/wait.h>

#include "numaplan/acpi/table_set.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/source/load.h"
#include "support/spec_examples.h"
#include "support/table_bytes.h"

namespace numaplan::emit {
namespace {

namespace fs = std::filesystem;
using acpi::StructView;
using acpi::Table;

std::map<std::string, Table> decoded(const std::vector<spec::GeneratedTable>& tables) {
  std::map<std::string, Table> out;
  for (const spec::GeneratedTable& t : tables) {
    auto table = acpi::decode_table({t.signature, t.bytes});
    EXPECT_TRUE(table.ok());
    EXPECT_TRUE(table->checksum_valid) << t.signature;
    EXPECT_TRUE(table->diagnostics.empty()) << t.signature << ": " << table->diagnostics.front().format();
    out.emplace(t.signature, std::move(*table));
  }
  return out;
}

std::vector<StructView> records(const Table& table, std::uint64_t type) {
  std::vector<StructView> out;
  for (const acpi::Record& r : table.subtables) {
    if (table.type(r) == type) out.push_back(table.view(r));
  }
  return out;
}

std::vector<std::uint64_t> elements(const StructView& view, std::size_t index) {
  const auto arrays = view.arrays();
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 0; i < arrays[index].count; ++i) out.push_back(view.element(arrays[index], i).value());
  return out;
}

void expect_srat_matches(const Table& srat, const spec::Topology& t) {
  EXPECT_EQ(srat.revision, 3);
  std::size_t apic = 0, x2apic = 0;
  const auto lapics = records(srat, 0), x2apics = records(srat, 2);
  for (const spec::Initiator& cpu : t.initiators) {
    const bool is_apic = cpu.kind == spec::Initiator::Kind::apic;
    const StructView& v = is_apic ? lapics.at(apic++) : x2apics.at(x2apic++);
    namespace lapic = acpi::srat::local_apic_fields;
    namespace x2apic = acpi::srat::x2apic_fields;
    const std::uint64_t pxm = is_apic ? v.get(lapic::proximity_domain_lo).value() | v.get(lapic::proximity_domain_hi).value() << 8
                                      : v.get(x2apic::proximity_domain).value();
    EXPECT_EQ(pxm, cpu.pxm);
    EXPECT_EQ(v.get(is_apic ? lapic::apic_id : x2apic::x2apic_id).value(), cpu.id);
    EXPECT_EQ(v.get(is_apic ? lapic::flags : x2apic::flags).value(), cpu.enabled ? 1U : 0U);
  }
  EXPECT_EQ(apic, lapics.size());
  EXPECT_EQ(x2apic, x2apics.size());
  const auto memory = records(srat, 1);
  ASSERT_EQ(memory.size(), t.memory.size());
  for (std::size_t i = 0; i < memory.size(); ++i) {
    const spec::MemoryRange& m = t.memory[i];
    EXPECT_EQ(memory[i].get(acpi::srat::memory_fields::proximity_domain).value(), m.pxm);
    EXPECT_EQ(memory[i].get(acpi::srat::memory_fields::base_address).value(), m.base);
    EXPECT_EQ(memory[i].get(acpi::srat::memory_fields::length).value(), m.length);
    EXPECT_EQ(memory[i].get(acpi::srat::memory_fields::flags).value(), (m.enabled ? 1U : 0U) | (m.hotplug ? 2U : 0U) |
                                                  (m.non_volatile ? 4U : 0U) | (m.specific_purpose ? 8U : 0U));
  }
  namespace initiator = acpi::srat::initiator_fields;
  for (const auto& [type, list] : {std::pair{5, &t.generic_initiators}, std::pair{6, &t.generic_ports}}) {
    const auto views = records(srat, static_cast<std::uint64_t>(type));
    ASSERT_EQ(views.size(), list->size());
    for (std::size_t i = 0; i < views.size(); ++i) {
      const spec::GenericAffinity& g = (*list)[i];
      EXPECT_EQ(views[i].get(initiator::proximity_domain).value(), g.pxm);
      if (g.device.kind == spec::DeviceHandle::Kind::pci) {
        EXPECT_EQ(views[i].get(initiator::device_handle_type).value(), 1U);
        EXPECT_EQ(views[i].get(initiator::pci_segment).value(), g.device.segment);
        EXPECT_EQ(views[i].get(initiator::pci_bdf).value(), g.device.bdf);
      } else {
        EXPECT_EQ(views[i].get(initiator::device_handle_type).value(), 0U);
        const auto hid = views[i].bytes(*initiator::acpi_hid).value();
        EXPECT_EQ(std::string(hid.begin(), hid.end()), g.device.hid);
        EXPECT_EQ(views[i].get(initiator::acpi_uid).value(), g.device.uid);
      }
    }
  }
}

void expect_cedt_matches(const Table& cedt, const spec::Topology& t) {
  const auto bridges = records(cedt, 0);
  ASSERT_EQ(bridges.size(), t.host_bridges.size());
  for (std::size_t i = 0; i < bridges.size(); ++i) {
    EXPECT_EQ(bridges[i].get(acpi::cedt::chbs_fields::uid).value(), t.host_bridges[i].uid);
    EXPECT_EQ(bridges[i].get(acpi::cedt::chbs_fields::cxl_version).value(), t.host_bridges[i].cxl_version);
    EXPECT_EQ(bridges[i].get(acpi::cedt::chbs_fields::base).value(), t.host_bridges[i].base);
    EXPECT_EQ(bridges[i].get(acpi::cedt::chbs_fields::length).value(), t.host_bridges[i].length);
  }
  const auto windows = records(cedt, 1);
  ASSERT_EQ(windows.size(), t.windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const spec::Window& w = t.windows[i];
    EXPECT_EQ(windows[i].get(acpi::cedt::cfmws_fields::base_hpa).value(), w.base);
    EXPECT_EQ(windows[i].get(acpi::cedt::cfmws_fields::window_size).value(), w.size);
    EXPECT_EQ(acpi::cedt::interleave_ways(windows[i].get(acpi::cedt::cfmws_fields::interleave_ways).value()), w.targets.size());
    EXPECT_EQ(acpi::cedt::interleave_granularity(windows[i].get(acpi::cedt::cfmws_fields::granularity).value()), w.granularity);
    EXPECT_EQ(windows[i].get(acpi::cedt::cfmws_fields::restrictions).value(), w.restrictions);
    const std::vector<std::uint64_t> targets(w.targets.begin(), w.targets.end());
    EXPECT_EQ(elements(windows[i], 0), targets);
  }
}

void expect_hmat_matches(const Table& hmat, const spec::Hmat& h) {
  EXPECT_EQ(hmat.revision, 2);
  const auto attributes = records(hmat, 0);
  ASSERT_EQ(attributes.size(), h.attributes.size());
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    EXPECT_EQ(attributes[i].get(acpi::hmat::memory_domain_fields::memory_pd).value(), h.attributes[i].memory_pxm);
    EXPECT_EQ(attributes[i].get(acpi::hmat::memory_domain_fields::flags).value(), h.attributes[i].initiator_pxm ? 1U : 0U);
    EXPECT_EQ(attributes[i].get(acpi::hmat::memory_domain_fields::attached_initiator_pd).value(), h.attributes[i].initiator_pxm.value_or(0));
  }
  const auto localities = records(hmat, 1);
  ASSERT_EQ(localities.size(), h.localities.size());
  for (std::size_t i = 0; i < localities.size(); ++i) {
    const spec::Locality& l = h.localities[i];
    EXPECT_EQ(localities[i].get(acpi::hmat::locality_fields::data_type).value(), l.data_type);
    EXPECT_EQ(localities[i].get(acpi::hmat::locality_fields::entry_base_unit).value(), l.base_unit);
    EXPECT_EQ(elements(localities[i], 0), std::vector<std::uint64_t>(l.initiators.begin(), l.initiators.end()));
    EXPECT_EQ(elements(localities[i], 1), std::vector<std::uint64_t>(l.targets.begin(), l.targets.end()));
    std::vector<std::uint64_t> entries;
    for (const auto& row : l.entries) entries.insert(entries.end(), row.begin(), row.end());
    EXPECT_EQ(elements(localities[i], 2), entries);
  }
  const auto caches = records(hmat, 2);
  ASSERT_EQ(caches.size(), h.caches.size());
  for (std::size_t i = 0; i < caches.size(); ++i) {
    const spec::MemorySideCache& c = h.caches[i];
    EXPECT_EQ(caches[i].get(acpi::hmat::cache_fields::memory_pd).value(), c.pxm);
    EXPECT_EQ(caches[i].get(acpi::hmat::cache_fields::cache_size).value(), c.size);
    EXPECT_EQ(caches[i].get(acpi::hmat::cache_fields::cache_attributes).value(),
              c.total_levels | c.level << 4 | c.associativity << 8 | c.write_policy << 12 |
                  static_cast<std::uint64_t>(c.line_size) << 16);
  }
}

void expect_msct_matches(const Table& msct, const spec::Msct& m) {
  const StructView header = msct.header_view();
  EXPECT_EQ(header.get(acpi::msct::header_fields::proximity_offset).value(), 0x38U);
  EXPECT_EQ(header.get(acpi::msct::header_fields::max_proximity_domains).value(), m.max_proximity_domains - 1);
  EXPECT_EQ(header.get(acpi::msct::header_fields::max_clock_domains).value(), m.max_clock_domains - 1);
  EXPECT_EQ(header.get(acpi::msct::header_fields::max_address).value(), m.max_address);
  ASSERT_EQ(msct.subtables.size(), m.domains.size());
  for (std::size_t i = 0; i < m.domains.size(); ++i) {
    const StructView v = msct.view(msct.subtables[i]);
    EXPECT_EQ(v.get(acpi::msct::proximity_domain_fields::revision).value(), 1U);
    EXPECT_EQ(v.get(acpi::msct::proximity_domain_fields::length).value(), 22U);
    EXPECT_EQ(v.get(acpi::msct::proximity_domain_fields::range_start).value(), m.domains[i].first);
    EXPECT_EQ(v.get(acpi::msct::proximity_domain_fields::range_end).value(), m.domains[i].last);
    EXPECT_EQ(v.get(acpi::msct::proximity_domain_fields::processor_capacity).value(), m.domains[i].processor_capacity);
    EXPECT_EQ(v.get(acpi::msct::proximity_domain_fields::memory_capacity).value(), m.domains[i].memory_capacity);
  }
}

TEST(Generate, TablesDecodeBackToTheSpec) {
  for (const std::string& name : test::kExampleTopologies) {
    SCOPED_TRACE(name);
    const spec::Topology t = test::example_topology(name);
    auto built = spec::build_tables(t);
    ASSERT_TRUE(built.ok()) << built.error().format();
    const auto tables = decoded(*built);
    std::set<std::string> expected = {"SRAT"};
    if (t.distances) expected.insert("SLIT");
    if (!t.windows.empty()) expected.insert("CEDT");
    if (t.hmat) expected.insert("HMAT");
    if (t.msct) expected.insert("MSCT");
    std::set<std::string> got;
    for (const auto& [signature, table] : tables) got.insert(signature);
    ASSERT_EQ(got, expected);
    for (const auto& [signature, table] : tables) {
      EXPECT_EQ(std::string(table.bytes.begin() + 16, table.bytes.begin() + 24).substr(0, t.oem.table_id.size()),
                t.oem.table_id);
    }
    expect_srat_matches(tables.at("SRAT"), t);
    if (t.distances) {
      const Table& slit = tables.at("SLIT");
      const std::uint64_t n = t.distances->matrix.size();
      EXPECT_EQ(slit.header_view().get(acpi::slit::header_fields::locality_count).value(), n);
      std::vector<std::uint64_t> flat;
      for (const auto& row : t.distances->matrix) flat.insert(flat.end(), row.begin(), row.end());
      EXPECT_EQ(elements(slit.header_view(), 0), flat);
    }
    if (!t.windows.empty()) expect_cedt_matches(tables.at("CEDT"), t);
    if (t.hmat) expect_hmat_matches(tables.at("HMAT"), *t.hmat);
    if (t.msct) expect_msct_matches(tables.at("MSCT"), *t.msct);
  }
}

TEST(Generate, SlitRuleGivesTheMatrix) {
  const spec::Topology t = test::example_topology("4socket-memonly");
  const std::vector<std::vector<std::uint8_t>> expected = {
      {10, 21, 21, 21, 17, 21}, {21, 10, 21, 21, 17, 21}, {21, 21, 10, 21, 21, 17},
      {21, 21, 21, 10, 21, 17}, {17, 17, 21, 21, 10, 28}, {21, 21, 17, 17, 28, 10}};
  ASSERT_TRUE(t.distances.has_value());
  EXPECT_EQ(t.distances->matrix, expected);
}

TEST(Generate, WritesTablesAcpidumpAndQemuArgs) {
  const test::TempDir dir;
  const std::string out = (dir.path() / "out").string();
  auto generated = generate(test::example_topology("2socket-cxl"), out);
  ASSERT_TRUE(generated.ok()) << generated.error().format();
  EXPECT_TRUE(generated->notes.empty());
  std::vector<std::string> names;
  for (const fs::path& file : generated->files) names.push_back(file.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"srat.dat", "slit.dat", "cedt.dat", "tables.acpidump", "qemu.args"}));
  for (const spec::GeneratedTable& table : generated->tables) {
    EXPECT_EQ(test::read_bytes(fs::path(out) / table_file_name(table.signature)), table.bytes);
  }
  // numaplan's own loader reads the acpidump text back to the same tables.
  const std::vector<std::string> paths = {out + "/tables.acpidump"};
  source::Inputs inputs = source::load(paths);
  ASSERT_EQ(inputs.tables.size(), generated->tables.size());
  for (std::size_t i = 0; i < inputs.tables.size(); ++i) EXPECT_EQ(inputs.tables[i].bytes, generated->tables[i].bytes);
  EXPECT_EQ(test::read_text(fs::path(out) / "qemu.args"),
            "# numaplan generate: QEMU q35 options that boot this topology with exactly these tables.\n"
            "# No -numa options (QEMU then adds no SRAT or SLIT of its own) and no cxl=on (no CEDT of its own).\n"
            "# Use: qemu-system-x86_64 $(grep -v '^#' " + out + "/qemu.args) -kernel VMLINUZ -append 'console=ttyS0' ...\n"
            "-M q35\n-m 4G\n-smp 4\n"
            "-acpitable file=" + out + "/srat.dat\n"
            "-acpitable file=" + out + "/slit.dat\n"
            "-acpitable file=" + out + "/cedt.dat\n");
}

TEST(Generate, AcpidumpTextLayout) {
  std::vector<std::uint8_t> bytes(18);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(0x41 + i);
  bytes[17] = 0x00;
  EXPECT_EQ(acpidump_text("SLIT", bytes),
            "SLIT @ 0x0000000000000000\n"
            "    0000: 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50  ABCDEFGHIJKLMNOP\n"
            "    0010: 51 00                                            Q.\n"
            "\n");
}

TEST(Generate, WarnsWhenQemuCannotBootTheSpecAsWritten) {
  spec::Topology t = test::example_topology("4socket-memonly");
  t.memory[2].base = 0x300000000;  // PXM 2's RAM no longer follows 4 GiB directly
  t.initiators[3].id = 7;
  Diagnostics notes;
  const std::string args = qemu_args(t, {}, "dir", notes);
  ASSERT_EQ(notes.size(), 2U);
  EXPECT_EQ(notes[0].message,
            "QEMU q35 with -m 6G places RAM at 0x0-0x7FFFFFFF, 0x100000000-0x1FFFFFFFF, but the spec's boot RAM is "
            "0x0-0x7FFFFFFF, 0x140000000-0x1FFFFFFFF, 0x300000000-0x33FFFFFFF; Linux turns NUMA off when SRAT does "
            "not cover the e820 RAM");
  EXPECT_EQ(notes[1].message,
            "QEMU numbers the APIC ids of -smp 4 from 0 to 3, but the spec's enabled CPUs have ids 0 to 7");
  EXPECT_NE(args.find("# warning: QEMU numbers the APIC ids"), std::string::npos);
}

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(Generate, AcpixtractReadsTheAcpidumpText) {
  if (run("command -v acpixtract").status != 0) GTEST_SKIP() << "acpixtract (acpica-tools) is not installed";
  const test::TempDir dir;
  auto generated = generate(test::example_topology("accelerator-gi"), dir.path().string());
  ASSERT_TRUE(generated.ok());
  const CommandResult extract = run("cd '" + dir.path().string() + "/x' 2>/dev/null || mkdir '" + dir.path().string() +
                          "/x' && cd '" + dir.path().string() + "/x' && acpixtract -a ../tables.acpidump");
  ASSERT_EQ(extract.status, 0) << extract.output;
  for (const spec::GeneratedTable& table : generated->tables) {
    EXPECT_EQ(test::read_bytes(dir.path() / "x" / table_file_name(table.signature)), table.bytes) << table.signature;
  }
}

// iasl -d of one table file: the exit status and the disassembly.
CommandResult disassemble(const std::string& iasl, const fs::path& table) {
  CommandResult result = run("cd '" + table.parent_path().string() + "' && '" + iasl + "' -d '" + table.filename().string() + "'");
  fs::path dsl = table;
  dsl.replace_extension(".dsl");
  result.output += test::read_text(dsl);
  return result;
}

void expect_clean_disassembly(const std::string& iasl, const fs::path& table) {
  SCOPED_TRACE(table.string());
  const CommandResult result = disassemble(iasl, table);
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_EQ(result.output.find("****"), std::string::npos) << result.output;  // iasl's error marker
  EXPECT_EQ(result.output.find("Unknown"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("Raw Table Data"), std::string::npos) << result.output;
}

bool has_generic_ports(const spec::Topology& t) { return !t.generic_ports.empty(); }

TEST(Generate, Debian12IaslDisassemblesSratSlitMsctHmat) {
  const std::string iasl = NUMAPLAN_IASL;
  if (iasl.empty()) GTEST_SKIP() << "iasl (acpica-tools) is not installed";
  int checked = 0;
  for (const std::string& name : test::kExampleTopologies) {
    const spec::Topology t = test::example_topology(name);
    const test::TempDir dir;
    auto generated = generate(t, dir.path().string());
    ASSERT_TRUE(generated.ok());
    for (const spec::GeneratedTable& table : generated->tables) {
      // iasl 20200925 knows neither CEDT nor SRAT type 6 (Generic Port).
      if (table.signature == "CEDT" || (table.signature == "SRAT" && has_generic_ports(t))) continue;
      expect_clean_disassembly(iasl, dir.path() / table_file_name(table.signature));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8);  // SLIT x3, SRAT x2, MSCT, HMAT x2
}

TEST(Generate, Debian13IaslDisassemblesCedtAndGenericPorts) {
  const CommandResult provision = run(std::string(NUMAPLAN_SOURCE_DIR) + "/tools/provision-iasl.sh 2>/dev/null");
  const std::string iasl = provision.output.substr(0, provision.output.find('\n'));
  if (provision.status != 0 || iasl.empty()) GTEST_SKIP() << "Debian 13 iasl could not be provisioned";
  const test::TempDir dir;
  auto generated = generate(test::example_topology("2socket-cxl"), dir.path().string());
  ASSERT_TRUE(generated.ok());
  for (const spec::GeneratedTable& table : generated->tables) {
    expect_clean_disassembly(iasl, dir.path() / table_file_name(table.signature));
  }
}

TEST(GenerateCommand, ExitCodesAndMessages) {
  const test::TempDir dir;
  const std::string binary = NUMAPLAN_BINARY;
  const std::string out = (dir.path() / "out").string();
  const std::string example_spec = std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/4socket-memonly.json";
  CommandResult ok = run("'" + binary + "' generate --spec '" + example_spec + "' --out '" + out + "'");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_EQ(ok.output, out + "/srat.dat\n" + out + "/slit.dat\n" + out + "/msct.dat\n" + out +
                           "/tables.acpidump\n" + out + "/qemu.args\n");

  const std::string bad = dir.write("bad.json", std::string_view(R"({"memory": [{"pxm": 0, "base": 0, "length": 100}]})"))
                              .string();
  CommandResult invalid = run("'" + binary + "' generate --spec '" + bad + "' --out '" + out + "'");
  EXPECT_EQ(invalid.status, 1);
  EXPECT_EQ(invalid.output, "numaplan: error: " + bad +
                                ": /memory/0/length: 0x64 is not a multiple of 4096 (memory ranges are whole 4 KiB pages)\n");

  CommandResult missing = run("'" + binary + "' generate --spec '" + out + "/none.json' --out '" + out + "'");
  EXPECT_EQ(missing.status, 3);
  EXPECT_EQ(missing.output, "numaplan: error: " + out + "/none.json: cannot read the spec file\n");

  CommandResult usage = run("'" + binary + "' generate --spec '" + example_spec + "'");
  EXPECT_EQ(usage.status, 2);
}

}  // namespace
}  // namespace numaplan::emit
