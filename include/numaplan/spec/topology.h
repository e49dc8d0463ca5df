// A machine's NUMA topology as a user writes it (`numaplan generate --spec`):
// which CPUs, memory, devices and CXL windows sit in which proximity domain,
// and how far apart the domains are. The JSON form is documented by
// schemas/topology.schema.json; `parse_topology` checks everything the
// schema states and the cross-references it cannot (PXMs, host-bridge UIDs).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "numaplan/support/expected.h"

namespace numaplan::spec {

// A processor: SRAT type 0 (APIC ids 0..254) or type 2 (x2APIC).
struct Initiator {
  enum class Kind : std::uint8_t { apic, x2apic };
  Kind kind = Kind::apic;
  std::uint32_t id = 0;  // APIC or x2APIC id
  std::uint32_t pxm = 0;
  bool enabled = true;
};

// SRAT type 1.
struct MemoryRange {
  std::uint32_t pxm = 0;
  std::uint64_t base = 0;
  std::uint64_t length = 0;
  bool enabled = true;
  bool hotplug = false;
  bool non_volatile = false;
  bool specific_purpose = false;
};

// The device a Generic Initiator or Generic Port names.
struct DeviceHandle {
  enum class Kind : std::uint8_t { acpi, pci };
  Kind kind = Kind::acpi;
  std::string hid;         // ACPI: _HID, up to 8 characters
  std::uint32_t uid = 0;   // ACPI: _UID
  std::uint16_t segment = 0;  // PCI
  std::uint16_t bdf = 0;      // PCI: bus << 8 | device << 3 | function
};

// SRAT type 5 (Generic Initiator) or type 6 (Generic Port).
struct GenericAffinity {
  std::uint32_t pxm = 0;
  DeviceHandle device;
  bool enabled = true;
  bool architectural_transactions = false;
};

// CEDT type 0.
struct HostBridge {
  std::uint32_t uid = 0;
  std::uint32_t cxl_version = 1;  // 0: CXL 1.1 (RCH), 1: CXL 2.0 or later
  std::uint64_t base = 0;
  std::uint64_t length = 0;
};

// CEDT type 1; the number of ways is the number of targets.
struct Window {
  std::uint64_t base = 0;
  std::uint64_t size = 0;
  std::uint64_t granularity = 256;  // bytes
  std::uint8_t eniw = 0;            // the encodings of ways and granularity
  std::uint8_t hbig = 0;
  bool xor_arithmetic = false;
  std::uint16_t restrictions = 0;   // CFMWS Window Restrictions bits
  std::uint16_t qtg_id = 0;
  std::vector<std::uint32_t> targets;  // host-bridge UIDs
};

// SLIT over PXMs 0..matrix.size()-1.
struct Distances {
  std::vector<std::vector<std::uint8_t>> matrix;
};

// HMAT type 0: a memory PXM and, optionally, the initiator PXM attached to it.
struct MemoryAttributes {
  std::uint32_t memory_pxm = 0;
  std::optional<std::uint32_t> initiator_pxm;
};

// HMAT type 1.
struct Locality {
  std::uint8_t data_type = 0;   // 0 access latency .. 5 write bandwidth
  std::uint8_t hierarchy = 0;   // 0 memory, 1..3 memory-side cache level
  std::uint64_t base_unit = 1;
  std::vector<std::uint32_t> initiators;  // PXMs
  std::vector<std::uint32_t> targets;     // PXMs
  std::vector<std::vector<std::uint16_t>> entries;  // [initiator][target]
};

// HMAT type 2.
struct MemorySideCache {
  std::uint32_t pxm = 0;
  std::uint64_t size = 0;
  std::uint8_t total_levels = 1;
  std::uint8_t level = 1;
  std::uint8_t associativity = 0;  // 0 none, 1 direct mapped, 2 complex
  std::uint8_t write_policy = 0;   // 0 none, 1 write-back, 2 write-through
  std::uint16_t line_size = 0;
};

struct Hmat {
  std::vector<MemoryAttributes> attributes;
  std::vector<Locality> localities;
  std::vector<MemorySideCache> caches;
};

// MSCT proximity domain information.
struct DomainRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  std::uint32_t processor_capacity = 0;
  std::uint64_t memory_capacity = 0;
};

struct Msct {
  std::uint32_t max_proximity_domains = 0;  // a count, written as count - 1
  std::uint32_t max_clock_domains = 1;
  std::uint64_t max_address = 0;
  std::vector<DomainRange> domains;
};

// The common-header identity every generated table carries.
struct Oem {
  std::string id = "NUMAPL";
  std::string table_id = "NUMAPLAN";
  std::uint32_t revision = 1;
  std::string creator_id = "NPLN";
  std::uint32_t creator_revision = 1;
};

struct Topology {
  Oem oem;
  std::vector<Initiator> initiators;
  std::vector<MemoryRange> memory;
  std::vector<GenericAffinity> generic_initiators;
  std::vector<GenericAffinity> generic_ports;
  std::vector<HostBridge> host_bridges;
  std::vector<Window> windows;
  std::optional<Distances> distances;
  std::optional<Hmat> hmat;
  std::optional<Msct> msct;
};

// The first problem found: Diagnostic::field is the JSON pointer of the
// offending value ("/memory/2/pxm"), Diagnostic::message what was expected.
Expected<Topology> parse_topology(const nlohmann::json& spec);

// The JSON document in a spec file; a file that cannot be read or is not JSON
// is reported with its name (and the JSON parser's position).
Expected<nlohmann::json> read_spec_file(const std::string& path);

// The PXMs that SRAT gives an enabled CPU, Generic Initiator, Generic Port or
// memory range, in increasing order.
std::vector<std::uint32_t> used_pxms(const Topology& topology);

}  // namespace numaplan::spec
