#include "numaplan/spec/topology.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/spec_examples.h"

namespace numaplan::spec {
namespace {

using json = nlohmann::json;

// A small valid spec that the error cases below change one thing in.
json base_spec() {
  return json::parse(R"({
    "initiators": [{"apic": 0, "pxm": 0}, {"x2apic": 300, "pxm": 1}],
    "memory": [{"pxm": 0, "base": 0, "length": "2G"},
               {"pxm": 1, "base": "0x100000000", "length": "1G", "hotplug": true}],
    "generic_initiators": [{"pxm": 2, "pci": {"bus": 1, "device": 2, "function": 3}}],
    "generic_ports": [{"pxm": 3, "acpi": {"hid": "ACPI0016", "uid": 7}}],
    "cxl": {"host_bridges": [{"uid": 7, "base": "0xfed00000"}, {"uid": 8, "base": "0xfed10000", "version": 0}],
            "windows": [{"base": "0x400000000", "size": "1G", "targets": [7, 8], "granularity": 1024,
                         "restrictions": ["type3", "volatile"], "qtg_id": 2}]},
    "distances": {"remote": 21, "overrides": [{"from": 0, "to": 2, "distance": 15}]},
    "hmat": {"attributes": [{"memory_pxm": 1, "initiator_pxm": 0}],
             "locality": [{"data_type": "read_bandwidth", "base_unit": 100, "initiators": [0, 2],
                           "targets": [0, 1], "entries": [[10, 20], [30, 40]]}],
             "caches": [{"pxm": 0, "size": "16M", "total_levels": 2, "level": 2,
                         "associativity": "complex", "write_policy": "write_through", "line_size": 128}]},
    "msct": {"max_proximity_domains_count": 6, "domains": [{"first": 0, "last": 5, "processor_capacity": 2,
                                                       "memory_capacity": "8G"}]}
  })");
}

TEST(Topology, ParsesEverySection) {
  auto t = parse_topology(base_spec());
  ASSERT_TRUE(t.ok()) << t.error().format();
  ASSERT_EQ(t->initiators.size(), 2U);
  EXPECT_EQ(t->initiators[1].kind, Initiator::Kind::x2apic);
  EXPECT_EQ(t->initiators[1].id, 300U);
  EXPECT_EQ(t->initiators[1].pxm, 1U);
  ASSERT_EQ(t->memory.size(), 2U);
  EXPECT_EQ(t->memory[0].length, 2ULL << 30);
  EXPECT_EQ(t->memory[1].base, 0x100000000ULL);
  EXPECT_TRUE(t->memory[1].hotplug);
  EXPECT_FALSE(t->memory[0].hotplug);
  ASSERT_EQ(t->generic_initiators.size(), 1U);
  EXPECT_EQ(t->generic_initiators[0].device.kind, DeviceHandle::Kind::pci);
  EXPECT_EQ(t->generic_initiators[0].device.bdf, (1 << 8) | (2 << 3) | 3);
  ASSERT_EQ(t->generic_ports.size(), 1U);
  EXPECT_EQ(t->generic_ports[0].device.hid, "ACPI0016");
  EXPECT_EQ(t->generic_ports[0].device.uid, 7U);
  ASSERT_EQ(t->host_bridges.size(), 2U);
  EXPECT_EQ(t->host_bridges[0].length, 0x10000U);
  EXPECT_EQ(t->host_bridges[1].length, 0x2000U);
  ASSERT_EQ(t->windows.size(), 1U);
  EXPECT_EQ(t->windows[0].eniw, 1U);  // 2 ways
  EXPECT_EQ(t->windows[0].hbig, 2U);  // 1024 bytes
  EXPECT_EQ(t->windows[0].restrictions, 0x06U);
  EXPECT_EQ(t->windows[0].qtg_id, 2U);
  ASSERT_TRUE(t->distances.has_value());
  const std::vector<std::vector<std::uint8_t>> matrix = {
      {10, 21, 15, 21}, {21, 10, 21, 21}, {15, 21, 10, 21}, {21, 21, 21, 10}};
  EXPECT_EQ(t->distances->matrix, matrix);
  ASSERT_TRUE(t->hmat.has_value());
  ASSERT_EQ(t->hmat->attributes.size(), 1U);
  EXPECT_EQ(t->hmat->attributes[0].initiator_pxm, std::optional<std::uint32_t>(0));
  ASSERT_EQ(t->hmat->localities.size(), 1U);
  EXPECT_EQ(t->hmat->localities[0].data_type, 4U);
  EXPECT_EQ(t->hmat->localities[0].entries[1][0], 30U);
  ASSERT_EQ(t->hmat->caches.size(), 1U);
  EXPECT_EQ(t->hmat->caches[0].associativity, 2U);
  EXPECT_EQ(t->hmat->caches[0].write_policy, 2U);
  ASSERT_TRUE(t->msct.has_value());
  EXPECT_EQ(t->msct->max_proximity_domains, 6U);
  EXPECT_EQ(t->msct->max_address, 0x43FFFFFFFULL);  // the window's last byte
  EXPECT_EQ(used_pxms(*t), (std::vector<std::uint32_t>{0, 1, 2, 3}));
}

TEST(Topology, ParsesTheExamples) {
  for (const std::string& name : test::kExampleTopologies) {
    SCOPED_TRACE(name);
    auto document = read_spec_file(std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/" + name + ".json");
    ASSERT_TRUE(document.ok()) << document.error().format();
    auto t = parse_topology(*document);
    EXPECT_TRUE(t.ok()) << t.error().format();
  }
}

struct BadSpec {
  const char* pointer;  // JSON pointer of the value to replace, or to remove when `value` is null
  const char* value;    // JSON text
  const char* field;    // expected Diagnostic::field
  const char* message;  // expected Diagnostic::message
};

void PrintTo(const BadSpec& bad, std::ostream* os) { *os << bad.pointer << " = " << (bad.value ? bad.value : "(removed)"); }

class TopologyError : public testing::TestWithParam<BadSpec> {};

TEST_P(TopologyError, NamesThePathAndTheProblem) {
  const BadSpec& bad = GetParam();
  json spec = base_spec();
  const json::json_pointer pointer(bad.pointer);
  if (bad.value == nullptr) {
    spec[pointer.parent_pointer()].erase(pointer.back());
  } else {
    spec[pointer] = json::parse(bad.value);
  }
  auto t = parse_topology(spec);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, bad.field);
  EXPECT_EQ(t.error().message, bad.message);
}

// Each rule the parser checks, broken once.
const BadSpec kBadSpecs[] = {
    {"/extra", R"(1)", "/extra", "unknown key, expected one of $schema, description, oem, initiators, memory, generic_initiators, generic_ports, cxl, distances, hmat, msct"},
    {"/oem", R"({"id": "TOOLONGID"})", "/oem/id", "expected printable ASCII of at most 6 characters, got \"TOOLONGID\""},
    {"/oem", R"({"table_id": "caf\u00e9"})", "/oem/table_id", "expected printable ASCII of at most 8 characters, got \"caf\xC3\xA9\""},
    {"/initiators/0", R"({"pxm": 0})", "/initiators/0", "expected exactly one of \"apic\" and \"x2apic\""},
    {"/initiators/0", R"({"apic": 1, "x2apic": 1, "pxm": 0})", "/initiators/0", "expected exactly one of \"apic\" and \"x2apic\""},
    {"/initiators/0/apic", R"(255)", "/initiators/0/apic", "expected an integer 0..254, got 255"},
    {"/initiators/0/pxm", R"(-1)", "/initiators/0/pxm", "expected an integer 0..4294967295, got -1"},
    {"/initiators/0/pxm", R"("0x1_0")", "/initiators/0/pxm", "expected an integer 0..4294967295, got \"0x1_0\""},
    {"/initiators/0/enabled", R"("yes")", "/initiators/0/enabled", "expected true or false, got \"yes\""},
    {"/initiators/1/x2apic", R"(0)", "/initiators/1/x2apic", "APIC id 0 is already used by /initiators/0/apic"},
    {"/initiators/0/speed", R"(3)", "/initiators/0/speed", "unknown key, expected one of apic, x2apic, pxm, enabled"},
    {"/initiators", R"({})", "/initiators", "expected a list, got {}"},
    {"/memory", nullptr, "/memory", "missing, expected a list"},
    {"/memory", R"([{"pxm": 0, "base": 0, "length": 4096, "enabled": false}])", "/memory", "expected at least one enabled range: Linux ignores a SRAT without memory"},
    {"/memory/0/length", R"(0)", "/memory/0/length", "expected an integer 1..18446744073709551615, got 0"},
    {"/memory/0/length", R"("0x1800")", "/memory/0/length", "0x1800 is not a multiple of 4096 (memory ranges are whole 4 KiB pages)"},
    {"/memory/1/base", R"("0x100000800")", "/memory/1/base", "0x100000800 is not a multiple of 4096 (memory ranges are whole 4 KiB pages)"},
    {"/memory/1/base", R"("0x40000000")", "/memory/1/base", "0x40000000-0x7FFFFFFF overlaps /memory/0 (0x0-0x7FFFFFFF); Linux rejects NUMA when ranges overlap"},
    {"/memory/0/base", R"("18446744073709551615")", "/memory/0/length", "expected an integer 1..1, got \"2G\""},
    {"/memory/0/length", R"("99999999999T")", "/memory/0/length", "expected an integer 1..18446744073709551615, got \"99999999999T\""},
    {"/generic_initiators/0", R"({"pxm": 2})", "/generic_initiators/0", "expected exactly one of \"acpi\" and \"pci\""},
    {"/generic_initiators/0/pci/device", R"(32)", "/generic_initiators/0/pci/device", "expected an integer 0..31, got 32"},
    {"/generic_initiators/0/pci/function", R"(8)", "/generic_initiators/0/pci/function", "expected an integer 0..7, got 8"},
    {"/generic_ports/0/acpi/hid", R"("acpi0016")", "/generic_ports/0/acpi/hid", "expected an 8-character ACPI _HID such as \"ACPI0016\", got \"acpi0016\""},
    {"/generic_ports/0/acpi/uid", nullptr, "/generic_ports/0/acpi/uid", "missing, expected an integer 0..4294967295"},
    {"/cxl/host_bridges/1/uid", R"(7)", "/cxl/host_bridges/1/uid", "host-bridge UID 7 is already used by /cxl/host_bridges/0/uid"},
    {"/cxl/host_bridges/0/version", R"(2)", "/cxl/host_bridges/0/version", "expected an integer 0..1, got 2"},
    {"/cxl/host_bridges/0/length", R"("0x2000")", "/cxl/host_bridges/0/length", "expected 0x10000 (the register block of a CXL 2.0 host bridge), got 0x2000"},
    {"/cxl/windows/0/targets", R"([])", "/cxl/windows/0/targets", "expected at least one host-bridge UID"},
    {"/cxl/windows/0/targets", R"([7, 9])", "/cxl/windows/0/targets/1", "no host bridge in /cxl/host_bridges has UID 9"},
    {"/cxl/windows/0/targets", R"([7, 8, 7, 8, 7])", "/cxl/windows/0/targets", "5 targets: a CFMWS interleaves 1, 2, 3, 4, 6, 8, 12 or 16 ways"},
    {"/cxl/windows/0/ways", R"(4)", "/cxl/windows/0/ways", "is 4 but 2 targets are listed"},
    {"/cxl/windows/0/granularity", R"(128)", "/cxl/windows/0/granularity", "expected 256, 512, 1024, 2048, 4096, 8192 or 16384 bytes, got 128"},
    {"/cxl/windows/0/base", R"("0x400100000")", "/cxl/windows/0/base", "0x400100000 is not a multiple of 256 MiB, which the CXL driver requires"},
    {"/cxl/windows/0/size", R"("0x1000")", "/cxl/windows/0/size", "0x1000 is not a multiple of 256 MiB, which the CXL driver requires"},
    {"/cxl/windows/0/arithmetic", R"("add")", "/cxl/windows/0/arithmetic", "expected one of modulo, xor, got \"add\""},
    {"/cxl/windows/0/restrictions", R"(["type3", "cached"])", "/cxl/windows/0/restrictions/1", "expected one of type2, type3, volatile, persistent, fixed_config, back_invalidate, got \"cached\""},
    {"/cxl/windows/1", R"({"base": "0x420000000", "size": "1G", "targets": [7]})", "/cxl/windows/1/base", "0x420000000-0x45FFFFFFF overlaps /cxl/windows/0 (0x400000000-0x43FFFFFFF)"},
    {"/distances", R"({"remote": 21, "matrix": [[10]]})", "/distances/remote", "unknown key, expected one of matrix"},
    {"/distances/remote", R"(10)", "/distances/remote", "expected an integer 11..255, got 10"},
    {"/distances/local", R"(11)", "/distances/local", "expected an integer 10..10, got 11"},
    {"/distances/overrides/0/to", R"(0)", "/distances/overrides/0/to", "equals \"from\": a PXM's distance to itself is always 10"},
    {"/distances/overrides/0/to", R"(4)", "/distances/overrides/0/to", "expected an integer 0..3, got 4"},
    {"/distances", R"({"matrix": [[10, 20], [20, 10]]})", "/distances/matrix", "has 2 rows, expected at least 4 (PXM 0 to 3, the highest PXM)"},
    {"/distances", R"({"matrix": [[10, 20, 20, 20], [20, 10, 20], [20, 20, 10, 20], [20, 20, 20, 10]]})", "/distances/matrix/1", "has 3 entries, expected 4"},
    {"/distances", R"({"matrix": [[11, 20, 20, 20], [20, 10, 20, 20], [20, 20, 10, 20], [20, 20, 20, 10]]})", "/distances/matrix/0/0", "expected 10 (a PXM's distance to itself), got 11"},
    {"/distances", R"({"matrix": [[10, 20, 20, 20], [20, 10, 20, 20], [20, 20, 10, 256], [20, 20, 20, 10]]})", "/distances/matrix/2/3", "expected an integer 11..255, got 256"},
    {"/hmat/attributes/0/memory_pxm", R"(2)", "/hmat/attributes/0/memory_pxm", "PXM 2 has no enabled memory range"},
    {"/hmat/attributes/0/initiator_pxm", R"(3)", "/hmat/attributes/0/initiator_pxm", "PXM 3 has no enabled initiator (CPU or Generic Initiator)"},
    {"/hmat/locality/0/data_type", R"("latency")", "/hmat/locality/0/data_type", "expected one of access_latency, read_latency, write_latency, access_bandwidth, read_bandwidth, write_bandwidth, got \"latency\""},
    {"/hmat/locality/0/data_type", nullptr, "/hmat/locality/0/data_type", "missing, expected one of access_latency, read_latency, write_latency, access_bandwidth, read_bandwidth, write_bandwidth"},
    {"/hmat/locality/0/hierarchy", R"("cache4")", "/hmat/locality/0/hierarchy", "expected one of memory, cache1, cache2, cache3, got \"cache4\""},
    {"/hmat/locality/0/base_unit", R"(0)", "/hmat/locality/0/base_unit", "expected an integer 1..18446744073709551615, got 0"},
    {"/hmat/locality/0/initiators", R"([0, 3])", "/hmat/locality/0/initiators/1", "PXM 3 has no enabled initiator (CPU or Generic Initiator)"},
    {"/hmat/locality/0/targets", R"([0, 2])", "/hmat/locality/0/targets/1", "PXM 2 has no enabled memory range or Generic Port"},
    {"/hmat/locality/0/entries", R"([[1, 2]])", "/hmat/locality/0/entries", "has 1 rows, expected one per initiator (2)"},
    {"/hmat/locality/0/entries", R"([[1, 2], [3]])", "/hmat/locality/0/entries/1", "expected a list of 2 values, one per target"},
    {"/hmat/locality/0/entries", R"([[1, 2], [3, 65536]])", "/hmat/locality/0/entries/1/1", "expected an integer 0..65535, got 65536"},
    {"/hmat/caches/0/pxm", R"(3)", "/hmat/caches/0/pxm", "PXM 3 has no enabled memory range"},
    {"/hmat/caches/0/level", R"(3)", "/hmat/caches/0/level", "expected an integer 1..2, got 3"},
    {"/hmat/caches/0/size", R"(0)", "/hmat/caches/0/size", "expected an integer 1..18446744073709551615, got 0"},
    {"/hmat/caches/0/associativity", R"("4way")", "/hmat/caches/0/associativity", "expected one of none, direct, complex, got \"4way\""},
    {"/msct/max_proximity_domains_count", R"(3)", "/msct/max_proximity_domains_count", "expected an integer 4..4294967295, got 3"},
    {"/msct/max_address", R"("0x1000")", "/msct/max_address", "expected an integer 18253611007..18446744073709551615, got \"0x1000\""},
    {"/msct/domains/0/last", R"(6)", "/msct/domains/0/last", "expected an integer 0..5, got 6"},
    {"/msct/domains/0/first", R"(6)", "/msct/domains/0/first", "expected an integer 0..5, got 6"},
    {"/msct/max_clock_domains_count", R"(0)", "/msct/max_clock_domains_count", "expected an integer 1..4294967295, got 0"},
};

INSTANTIATE_TEST_SUITE_P(Spec, TopologyError, testing::ValuesIn(kBadSpecs));

// A DOM built in C++ may hold a string that is not UTF-8: the error quotes it
// with U+FFFD (nlohmann's dump() threw type_error 316 out of parse_topology).
TEST(Topology, ErrorQuotesAStringThatIsNotUtf8) {
  json spec = base_spec();
  spec["initiators"][0]["pxm"] = std::string("\xff");
  auto t = parse_topology(spec);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "/initiators/0/pxm");
  EXPECT_EQ(t.error().message, "expected an integer 0..4294967295, got \"\xEF\xBF\xBD\"");
}

// A Generic Port's PXM may be a locality target (the host-side latency of a
// CXL link), not a memory-attributes or cache PXM.
TEST(Topology, GenericPortPxmIsALocalityTarget) {
  json spec = base_spec();
  spec["hmat"]["locality"][0]["targets"] = json::parse("[0, 3]");
  auto t = parse_topology(spec);
  ASSERT_TRUE(t.ok()) << t.error().format();
  EXPECT_EQ(t->hmat->localities[0].targets, (std::vector<std::uint32_t>{0, 3}));
  spec = base_spec();
  spec["hmat"]["attributes"][0]["memory_pxm"] = 3;
  t = parse_topology(spec);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "PXM 3 has no enabled memory range");
}

TEST(Topology, RootMustBeAnObject) {
  auto t = parse_topology(json::array());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "/");
  EXPECT_EQ(t.error().message, "expected an object");
}

TEST(Topology, ReadSpecFileReportsUnreadableAndNonJson) {
  auto missing = read_spec_file("/nonexistent/spec.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().format(), "error: /nonexistent/spec.json: cannot read the spec file");
  const std::string path = testing::TempDir() + "numaplan-not-json.json";
  std::ofstream(path) << "{\"memory\": [}";
  auto broken = read_spec_file(path);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().origin, path);
  EXPECT_TRUE(broken.error().message.starts_with("not JSON: [json.exception.parse_error.101] parse error at line 1, column 13"))
      << broken.error().message;
}

}  // namespace
}  // namespace numaplan::spec
