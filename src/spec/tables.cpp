// Topology -> dump-form JSON per table -> acpi::encode_table. Field keys are
// the descriptions' keys (src/acpi/tables/*.cpp); lengths, counts written by
// the encoder and checksums are left to it.
#include "numaplan/spec/tables.h"

#include "numaplan/acpi/encode.h"
#include "numaplan/support/format.h"

namespace numaplan::spec {

namespace {

using json = nlohmann::json;

std::string hex_string(std::uint64_t value) { return "0x" + lower_hex(value); }

json table(const Oem& oem, std::string_view signature, int revision, json header, json subtables) {
  header["oem_id"] = oem.id;
  header["oem_table_id"] = oem.table_id;
  header["oem_revision"] = oem.revision;
  header["asl_compiler_id"] = oem.creator_id;
  header["asl_compiler_revision"] = oem.creator_revision;
  return {{"signature", signature}, {"revision", revision}, {"header", std::move(header)},
          {"subtables", std::move(subtables)}};
}

json record(int type, json fields) { return {{"type", type}, {"fields", std::move(fields)}}; }

// SRAT type 0 splits the PXM into a low byte and three high bytes; type 2
// (x2APIC) holds it whole.
json srat_cpu(const Initiator& cpu) {
  const json flags = {{"enabled", cpu.enabled}};
  if (cpu.kind == Initiator::Kind::apic) {
    return record(0, {{"proximity_domain_lo", cpu.pxm & 0xFF}, {"apic_id", cpu.id}, {"flags", flags},
                      {"proximity_domain_hi", cpu.pxm >> 8}});
  }
  return record(2, {{"proximity_domain", cpu.pxm}, {"x2apic_id", cpu.id}, {"flags", flags}});
}

json srat_generic(int type, const GenericAffinity& g) {
  json fields = {{"proximity_domain", g.pxm},
                 {"flags", {{"enabled", g.enabled}, {"architectural_transactions", g.architectural_transactions}}}};
  if (g.device.kind == DeviceHandle::Kind::acpi) {
    fields["device_handle_type"] = 0;
    fields["acpi_hid"] = g.device.hid;
    fields["acpi_uid"] = g.device.uid;
  } else {
    fields["device_handle_type"] = 1;
    fields["pci_segment"] = g.device.segment;
    fields["pci_bdf"] = g.device.bdf;
  }
  return record(type, std::move(fields));
}

json srat_memory(const MemoryRange& m) {
  return record(1, {{"proximity_domain", m.pxm},
                    {"base_address", hex_string(m.base)},
                    {"length", hex_string(m.length)},
                    {"flags",
                     {{"enabled", m.enabled},
                      {"hot_pluggable", m.hotplug},
                      {"non_volatile", m.non_volatile},
                      {"specific_purpose", m.specific_purpose}}}});
}

// Revision 3 (ACPI 3.0+: 32-bit proximity domains everywhere), Table Revision 1.
json srat(const Topology& t) {
  json subtables = json::array();
  for (const Initiator& cpu : t.initiators) subtables.push_back(srat_cpu(cpu));
  for (const GenericAffinity& g : t.generic_initiators) subtables.push_back(srat_generic(5, g));
  for (const GenericAffinity& g : t.generic_ports) subtables.push_back(srat_generic(6, g));
  for (const MemoryRange& m : t.memory) subtables.push_back(srat_memory(m));
  return table(t.oem, "SRAT", 3, {{"table_revision", 1}}, std::move(subtables));
}

json slit(const Topology& t, const Distances& d) {
  return table(t.oem, "SLIT", 1, {{"locality_count", d.matrix.size()}, {"entries", d.matrix}}, json::array());
}

json cedt(const Topology& t) {
  json subtables = json::array();
  for (const HostBridge& hb : t.host_bridges) {
    subtables.push_back(record(0, {{"uid", hb.uid},
                                   {"cxl_version", hb.cxl_version},
                                   {"base", hex_string(hb.base)},
                                   {"length", hex_string(hb.length)}}));
  }
  for (const Window& w : t.windows) {
    subtables.push_back(record(1, {{"base_hpa", hex_string(w.base)},
                                   {"window_size", hex_string(w.size)},
                                   {"interleave_ways", w.eniw},
                                   {"interleave_arithmetic", w.xor_arithmetic ? 1 : 0},
                                   {"granularity", w.hbig},
                                   {"restrictions", {{"value", w.restrictions}}},
                                   {"qtg_id", w.qtg_id},
                                   {"interleave_targets", w.targets}}));
  }
  return table(t.oem, "CEDT", 1, json::object(), std::move(subtables));
}

json hmat(const Topology& t, const Hmat& h) {
  json subtables = json::array();
  for (const MemoryAttributes& a : h.attributes) {
    subtables.push_back(record(0, {{"flags", {{"processor_pd_valid", a.initiator_pxm.has_value()}}},
                                   {"attached_initiator_pd", a.initiator_pxm.value_or(0)},
                                   {"memory_pd", a.memory_pxm}}));
  }
  for (const Locality& l : h.localities) {
    subtables.push_back(record(1, {{"flags", {{"memory_hierarchy", l.hierarchy}}},
                                   {"data_type", l.data_type},
                                   {"initiator_count", l.initiators.size()},
                                   {"target_count", l.targets.size()},
                                   {"entry_base_unit", l.base_unit},
                                   {"initiator_pds", l.initiators},
                                   {"target_pds", l.targets},
                                   {"entries", l.entries}}));
  }
  for (const MemorySideCache& c : h.caches) {
    subtables.push_back(record(2, {{"memory_pd", c.pxm},
                                   {"cache_size", hex_string(c.size)},
                                   {"cache_attributes",
                                    {{"total_levels", c.total_levels},
                                     {"level", c.level},
                                     {"associativity", c.associativity},
                                     {"write_policy", c.write_policy},
                                     {"line_size", c.line_size}}}}));
  }
  return table(t.oem, "HMAT", 2, json::object(), std::move(subtables));
}

// The two maximum counts are stored minus one (ACPI 6.6 §5.2.19).
json msct(const Topology& t, const Msct& m) {
  json subtables = json::array();
  for (const DomainRange& r : m.domains) {
    subtables.push_back(record(0, {{"revision", 1},
                                   {"range_start", r.first},
                                   {"range_end", r.last},
                                   {"processor_capacity", r.processor_capacity},
                                   {"memory_capacity", hex_string(r.memory_capacity)}}));
  }
  return table(t.oem, "MSCT", 1,
               {{"max_proximity_domains", m.max_proximity_domains - 1},
                {"max_clock_domains", m.max_clock_domains - 1},
                {"max_address", hex_string(m.max_address)}},
               std::move(subtables));
}

}  // namespace

std::vector<json> table_json(const Topology& topology) {
  std::vector<json> out = {srat(topology)};
  if (topology.distances) out.push_back(slit(topology, *topology.distances));
  if (!topology.host_bridges.empty() || !topology.windows.empty()) out.push_back(cedt(topology));
  if (topology.hmat) out.push_back(hmat(topology, *topology.hmat));
  if (topology.msct) out.push_back(msct(topology, *topology.msct));
  return out;
}

Expected<std::vector<GeneratedTable>> build_tables(const Topology& topology) {
  std::vector<GeneratedTable> out;
  for (const json& description : table_json(topology)) {
    auto bytes = acpi::encode_table(description);
    if (!bytes.ok()) {
      Diagnostic error = bytes.error();
      error.table = description["signature"].get<std::string>();
      return error;
    }
    out.push_back({description["signature"].get<std::string>(), std::move(*bytes)});
  }
  return out;
}

}  // namespace numaplan::spec
