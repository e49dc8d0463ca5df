#include "numaplan/emit/plan.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "numaplan/acpi/encode.h"
#include "numaplan/acpi/tables.h"
#include "numaplan/emit/dump.h"
#include "numaplan/emit/map.h"
#include "numaplan/kernel/model.h"
#include "numaplan/plan/table_facts.h"
#include "numaplan/support/json_writer.h"

namespace numaplan::emit {

namespace {

using nlohmann::json;

std::string hex(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string or_none(const kernel::NodeMask& mask) { return mask.empty() ? "none" : mask.to_list(); }

// One letter per origin in the text matrix.
char origin_letter(plan::DistanceOrigin origin) {
  switch (origin) {
    case plan::DistanceOrigin::local: return 'L';
    case plan::DistanceOrigin::spec: return 'E';
    case plan::DistanceOrigin::generic_port: return 'G';
    case plan::DistanceOrigin::hmat: return 'H';
    case plan::DistanceOrigin::slit: return 'S';
    case plan::DistanceOrigin::kernel_default: return 'D';
  }
  return '?';
}

std::string reserved_text(const plan::Plan& plan) {
  std::string out;
  for (const plan::Reserved& r : plan.reserved) {
    char line[200];
    const std::string pxm = r.kernel_pxm ? "pxm " + std::to_string(r.pxm) : "pxm none (tables: " + std::to_string(r.pxm) + ")";
    std::snprintf(line, sizeof line, "  node %d  %s  hotplug [mem %s-%s]", r.node, pxm.c_str(), hex(r.start).c_str(),
                  hex(r.end - 1).c_str());
    out += line;
    if (r.cfmws >= 0) out += "  for CFMWS " + std::to_string(r.cfmws);
    if (r.capacity_from) {
      out += "  MSCT PXM " + std::to_string(r.capacity_from->pxm) + " capacity " +
             hex(r.capacity_from->memory_capacity);
    }
    out += "\n";
  }
  return out;
}

std::string origins_text(const plan::DistanceTable& table) {
  std::string out = "distance origins (L local, E --distance, G generic port, H HMAT, S SLIT, D default 20):\n";
  char cell[16];
  out += "node ";
  for (int node : table.nodes) {
    std::snprintf(cell, sizeof cell, "% 4d", node);
    out += cell;
  }
  out += "\n";
  for (std::size_t i = 0; i < table.nodes.size(); ++i) {
    std::snprintf(cell, sizeof cell, "% 4d:", table.nodes[i]);
    out += cell;
    for (const plan::Distance& d : table.matrix[i]) out += std::string("   ") + origin_letter(d.origin);
    out += "\n";
  }
  return out;
}

std::string guardrail_text(const plan::Guardrails& guardrails) {
  std::size_t width = 4;
  for (const auto& row : guardrails.rows) width = std::max(width, row.path.size());
  std::string out = "guardrails (nodes an allocation may land on; " + guardrails.heading + "):\n";
  for (const auto& row : guardrails.rows) {
    out += "  " + row.path + std::string(width - row.path.size() + 2, ' ');
    for (std::size_t c = 0; c < guardrails.columns.size(); ++c) {
      out += guardrails.columns[c] + " " + or_none(row.lands[c]) + "  ";
    }
    out += "(" + row.description + ")\n";
  }
  return out;
}

// The recommended distances, value and origin letter per pair.
std::string recommended_text(const plan::DistanceTable& table) {
  std::string out = "recommended distances (L local, E --distance, G generic port, H HMAT, S SLIT, D default 20):\n";
  char cell[16];
  out += "node ";
  for (int node : table.nodes) {
    std::snprintf(cell, sizeof cell, "% 6d", node);
    out += cell;
  }
  out += "\n";
  for (std::size_t i = 0; i < table.nodes.size(); ++i) {
    std::snprintf(cell, sizeof cell, "% 4d:", table.nodes[i]);
    out += cell;
    for (const plan::Distance& d : table.matrix[i]) {
      std::snprintf(cell, sizeof cell, " % 4d%c", d.value, origin_letter(d.origin));
      out += cell;
    }
    out += "\n";
  }
  return out;
}

// Whether the planned layout's boot fallback order (the node table's
// fallback column) lets default allocations on system RAM reach a reserved node.
std::string fallback_text(const plan::Plan& plan) {
  std::string out = "fallback order at boot (build_all_zonelists(); the fallback column above): ";
  if (plan.reserved_in_fallback.empty()) {
    return out + (plan.spm.empty() ? "no reserved node\n"
                                   : "no system-RAM node's list names a reserved node (" + or_none(plan.spm) +
                                         "; a node without memory is in no list)\n");
  }
  for (std::size_t i = 0; i < plan.reserved_in_fallback.size(); ++i) {
    const plan::FallbackReach& reach = plan.reserved_in_fallback[i];
    out += (i == 0 ? "" : "; ") + std::string("reserved node ") + std::to_string(reach.node) +
           " is in the list of system-RAM node" + (reach.sysram.weight() == 1 ? " " : "s ") + reach.sysram.to_list();
  }
  return out + "\n";
}

// ---- tables ----

std::string hex_upper(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llX", static_cast<unsigned long long>(value));
  return buffer;
}

Expected<PlannedFile> encode(std::string name, const json& table) {
  auto bytes = acpi::encode_table(table);
  if (!bytes) return std::move(bytes).error();
  return PlannedFile{std::move(name), std::move(*bytes)};
}

json memory_affinity(std::uint32_t pxm, std::uint64_t start, std::uint64_t end) {
  return {{"type", 1},
          {"fields",
           {{"proximity_domain", pxm},
            {"base_address", hex_upper(start)},
            {"length", hex_upper(end - start)},
            {"flags", {{"enabled", true}, {"hot_pluggable", true}}}}}};
}

// The header fields of a table numaplan writes. Built when a plan asks for
// it, not at start-up: a global json made every process (dump, --version)
// run, and so keep resident, nlohmann's object-building code.
json plan_header() {
  return {{"oem_id", "NUMAPL"}, {"oem_table_id", "PLAN"}, {"oem_revision", 1}, {"asl_compiler_id", "NUMA"},
          {"asl_compiler_revision", 1}};
}

// The PXM a node has in the emitted tables: a standby-rfc1 node has none in
// the kernel, so the tables give it the reserved entry's.
std::uint32_t tables_pxm(const plan::Plan& plan, const kernel::Node& node) {
  for (const plan::Reserved& r : plan.reserved) {
    if (r.node == node.node) return r.pxm;
  }
  return node.pxm;
}

// The planned SRAT as dump-form JSON (planned_srat encodes it as srat.dat,
// qemu_table_upgrade as QEMU's table's replacement).
Expected<json> planned_srat_json(const plan::Plan& plan, const acpi::Table& srat) {
  json table = dump_json(srat);
  json& subtables = table["subtables"];
  for (const kernel::Node& node : plan.layout.nodes) {
    const bool cfmws = node.origin == "cfmws";
    if (!cfmws && node.origin != "standby") continue;
    if (kernel::memory_affinity_pxm(srat.revision, tables_pxm(plan, node)) != tables_pxm(plan, node)) {
      return make_error(ErrorKind::finding, "SRAT",
                        "revision " + std::to_string(srat.revision) + " holds 8-bit memory PXMs; node " +
                            std::to_string(node.node) + " needs PXM " + std::to_string(tables_pxm(plan, node)));
    }
    if (cfmws) {
      for (const kernel::CfmwsWindow& window : plan.layout.cfmws) {
        if (window.node == node.node && !window.absorbed) subtables.push_back(memory_affinity(node.pxm, window.start, window.end));
      }
    } else {
      for (const plan::Reserved& r : plan.reserved) {
        if (r.node == node.node) subtables.push_back(memory_affinity(r.pxm, r.start, r.end));
      }
    }
  }
  return table;
}

Expected<PlannedFile> planned_srat(const plan::Plan& plan, const acpi::Table& srat) {
  auto table = planned_srat_json(plan, srat);
  if (!table) return std::move(table).error();
  return encode("srat.dat", *table);
}

// One entry of a "newc" cpio archive (the initramfs format the kernel's
// find_cpio_data() reads, lib/earlycpio.c): a 110-byte ASCII header, the name
// and the data, each padded to 4 bytes. mtime 0: the same plan, the same bytes.
void append_newc(std::vector<std::uint8_t>& out, std::uint32_t inode, std::uint32_t mode, const std::string& name,
                 const std::vector<std::uint8_t>& data) {
  char header[111];
  std::snprintf(header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X", inode, mode, 0U, 0U,
                (mode & 0170000) == 0040000 ? 2U : 1U, 0U, static_cast<unsigned>(data.size()), 0U, 0U, 0U, 0U,
                name.size() + 1, 0U);
  out.insert(out.end(), header, header + 110);
  out.insert(out.end(), name.begin(), name.end());
  out.push_back(0);
  while (out.size() % 4 != 0) out.push_back(0);
  out.insert(out.end(), data.begin(), data.end());
  while (out.size() % 4 != 0) out.push_back(0);
}

// acpi-upgrade.cpio: the planned SRAT as a replacement for the SRAT that
// QEMU builds once it has -numa nodes (and that Linux, reading the first
// SRAT, would use instead of the -acpitable one). The kernel's table upgrade
// from the initrd (CONFIG_ACPI_TABLE_UPGRADE, drivers/acpi/tables.c
// acpi_table_initrd_override(), 5.10 to 7.3) replaces a table whose
// signature, OEM ID and OEM Table ID match (QEMU 7.2: "BOCHS ", "BXPC    ",
// OEM Revision 1) by one of a higher OEM Revision found under
// kernel/firmware/acpi/ in an uncompressed cpio placed before the initramfs.
Expected<PlannedFile> qemu_table_upgrade(const plan::Plan& plan, const acpi::Table& srat) {
  auto table = planned_srat_json(plan, srat);
  if (!table) return std::move(table).error();
  (*table)["header"]["oem_id"] = "BOCHS ";
  (*table)["header"]["oem_table_id"] = "BXPC    ";
  (*table)["header"]["oem_revision"] = 2;
  auto bytes = acpi::encode_table(*table);
  if (!bytes) return std::move(bytes).error();
  std::vector<std::uint8_t> archive;
  append_newc(archive, 1, 0040755, "kernel", {});
  append_newc(archive, 2, 0040755, "kernel/firmware", {});
  append_newc(archive, 3, 0040755, "kernel/firmware/acpi", {});
  append_newc(archive, 4, 0100644, "kernel/firmware/acpi/srat.aml", *bytes);
  append_newc(archive, 0, 0, "TRAILER!!!", {});
  return PlannedFile{"acpi-upgrade.cpio", std::move(archive)};
}

std::uint32_t highest_pxm(const plan::Plan& plan) {
  std::uint32_t highest = 0;
  for (const kernel::Node& node : plan.layout.nodes) highest = std::max(highest, tables_pxm(plan, node));
  return highest;
}

Expected<PlannedFile> planned_slit(const plan::Plan& plan, const acpi::TableSet& tables) {
  const plan::facts::Slit machine = plan::facts::read_slit(tables);
  const std::uint32_t count = highest_pxm(plan) + 1;
  std::map<std::uint32_t, std::size_t> index_of_pxm;
  for (std::size_t i = 0; i < plan.distances.nodes.size(); ++i) {
    for (const kernel::Node& node : plan.layout.nodes) {
      if (node.node == plan.distances.nodes[i]) index_of_pxm[tables_pxm(plan, node)] = i;
    }
  }
  json rows = json::array();
  for (std::uint32_t from = 0; from < count; ++from) {
    json row = json::array();
    for (std::uint32_t to = 0; to < count; ++to) {
      const auto a = index_of_pxm.find(from), b = index_of_pxm.find(to);
      if (a != index_of_pxm.end() && b != index_of_pxm.end()) {
        row.push_back(plan.distances.matrix[a->second][b->second].value);
      } else {
        row.push_back(machine.at(from, to).value_or(from == to ? 10 : 20));
      }
    }
    rows.push_back(std::move(row));
  }
  json header = plan_header();
  header["locality_count"] = count;
  header["entries"] = std::move(rows);
  return encode("slit.dat", {{"signature", "SLIT"}, {"revision", 1}, {"header", std::move(header)}});
}

json msct_domain(std::uint32_t pxm, std::uint64_t processors, std::uint64_t memory) {
  return {{"type", 0},
          {"fields",
           {{"revision", 1},
            {"length", 22},
            {"range_start", pxm},
            {"range_end", pxm},
            {"processor_capacity", processors},
            {"memory_capacity", hex_upper(memory)}}}};
}

// What each planned PXM may hold: its CPUs; its SRAT memory, a CFMWS
// node's window or a reserved node's range (the entries' ranges as the
// kernel read them, not the profile-dependent cleaned-up ranges).
std::map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>> capacities(const plan::Plan& plan) {
  std::map<std::uint32_t, std::pair<std::uint64_t, std::uint64_t>> out;
  for (const kernel::Node& node : plan.layout.nodes) out[tables_pxm(plan, node)].first += node.cpus.size();
  for (const kernel::Event& e : plan.layout.events) {  // SRAT memory ranges the kernel gave a node
    const bool memory = e.table == "SRAT" && e.outcome == kernel::Event::Outcome::mapped && e.end != e.start;
    const auto pxm = static_cast<std::uint32_t>(e.pxm);
    if (memory && out.count(pxm) != 0) out[pxm].second += e.end - e.start;
  }
  for (const kernel::CfmwsWindow& window : plan.layout.cfmws) {
    if (window.node >= 0 && !window.absorbed) out[window.pxm].second += window.end - window.start;
  }
  for (const plan::Reserved& r : plan.reserved) out[r.pxm].second += r.end - r.start;
  return out;
}

std::uint64_t highest_address(const plan::Plan& plan) {
  std::uint64_t highest = 0;
  for (const plan::Reserved& r : plan.reserved) highest = std::max(highest, r.end);
  for (const kernel::CfmwsWindow& window : plan.layout.cfmws) highest = std::max(highest, window.end);
  for (const kernel::Node& node : plan.layout.nodes) {
    for (const kernel::NodeMemory& m : node.memory) highest = std::max(highest, m.end);
  }
  return highest;
}

// A firmware limit the plan raises is said (`warnings`), never changed silently.
Expected<PlannedFile> planned_msct(const plan::Plan& plan, const acpi::TableSet& tables, std::vector<std::string>& warnings) {
  const std::uint32_t top = highest_pxm(plan);
  const auto per_pxm = capacities(plan);
  json table;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  const acpi::Table* msct = tables.first("MSCT");
  if (msct != nullptr) {
    table = dump_json(*msct);
    for (const acpi::Record& record : msct->subtables) {
      if (record.desc == nullptr) continue;
      const acpi::StructView view = msct->view(record);
      namespace f = acpi::msct::proximity_domain_fields;
      ranges.emplace_back(view.get_or(f::range_start, 1), view.get_or(f::range_end, 0));
    }
    json& header = table["header"];
    const std::uint64_t old_top = msct->header_view().get_or(acpi::msct::header_fields::max_proximity_domains, 0);
    if (top > old_top) {
      warnings.push_back("msct.dat: Maximum Proximity Domains raised from " + std::to_string(old_top) + " to " +
                         std::to_string(top) + " (the planned PXMs go up to " + std::to_string(top) + ")");
    }
    header["max_proximity_domains"] = std::max<std::uint64_t>(old_top, top);
    header.erase("max_proximity_domains_count");  // derived; the encoder reads the field
  } else {
    json header = plan_header();
    header["proximity_offset"] = 56;
    header["max_proximity_domains"] = top;
    header["max_clock_domains"] = 0;
    table = {{"signature", "MSCT"}, {"revision", 1}, {"header", std::move(header)}, {"subtables", json::array()}};
  }
  const std::uint64_t wanted_max = highest_address(plan) - 1;
  const std::uint64_t old_max = msct == nullptr ? 0 : msct->header_view().get_or(acpi::msct::header_fields::max_address, 0);
  if (msct != nullptr && wanted_max > old_max) {
    warnings.push_back("msct.dat: Maximum Physical Address raised from " + hex_upper(old_max) + " to " +
                       hex_upper(wanted_max) + " (the machine's own ranges or windows pass it)");
  }
  table["header"]["max_address"] = hex_upper(std::max(old_max, wanted_max));
  const auto covered = [&](std::uint32_t pxm) {
    return std::any_of(ranges.begin(), ranges.end(), [&](const auto& r) { return r.first <= pxm && pxm <= r.second; });
  };
  for (const auto& [pxm, capacity] : per_pxm) {
    if (!covered(pxm)) table["subtables"].push_back(msct_domain(pxm, capacity.first, capacity.second));
  }
  return encode("msct.dat", table);
}

// One System Locality Latency and Bandwidth structure: `value` from every
// initiator of the plan (a node with CPUs or a Generic Initiator) to each
// node `values` names, by their PXMs in the emitted tables.
json locality(const plan::Plan& plan, const std::vector<plan::NodeValue>& values, std::uint64_t data_type,
              std::uint64_t base_unit) {
  json initiators = json::array(), targets = json::array(), entries = json::array();
  std::vector<std::uint64_t> target_values;
  for (const kernel::Node& node : plan.layout.nodes) {
    if (!node.cpus.empty() || node.generic_initiator) initiators.push_back(tables_pxm(plan, node));
    for (const plan::NodeValue& v : values) {
      if (v.first <= node.node && node.node <= v.last) {
        targets.push_back(tables_pxm(plan, node));
        target_values.push_back(v.value);
        break;
      }
    }
  }
  for (std::size_t i = 0; i < initiators.size(); ++i) {
    for (std::uint64_t value : target_values) entries.push_back(value);
  }
  return {{"type", 1},
          {"fields",
           {{"structure_type", 1},
            {"data_type", data_type},
            {"initiator_count", initiators.size()},
            {"target_count", targets.size()},
            {"entry_base_unit", base_unit},
            {"initiator_pds", std::move(initiators)},
            {"target_pds", std::move(targets)},
            {"entries", std::move(entries)}}}};
}

// hmat.dat: the machine's HMAT bytes unchanged, or, with --latency or
// --bandwidth, the machine's (else a new revision 2 HMAT) plus an access
// latency (base unit 1000 ps: entries in ns) and an access bandwidth (base
// unit 1: MB/s) structure for the named nodes. nullopt: nothing to write.
Expected<std::optional<PlannedFile>> planned_hmat(const plan::Plan& plan, const acpi::TableSet& tables) {
  const acpi::Table* machine = tables.first("HMAT");
  if (plan.latencies.empty() && plan.bandwidths.empty()) {
    if (machine == nullptr) return std::optional<PlannedFile>{};
    return std::optional<PlannedFile>{PlannedFile{"hmat.dat", machine->bytes}};
  }
  json table = machine != nullptr
                   ? dump_json(*machine)
                   : json{{"signature", "HMAT"}, {"revision", 2}, {"header", plan_header()}, {"subtables", json::array()}};
  constexpr std::uint64_t kAccessLatency = 0, kAccessBandwidth = 3;
  if (!plan.latencies.empty()) table["subtables"].push_back(locality(plan, plan.latencies, kAccessLatency, 1000));
  if (!plan.bandwidths.empty()) table["subtables"].push_back(locality(plan, plan.bandwidths, kAccessBandwidth, 1));
  auto file = encode("hmat.dat", table);
  if (!file) return std::move(file).error();
  return std::optional<PlannedFile>{std::move(*file)};
}

constexpr std::uint64_t kMiB = 1ULL << 20, kGiB = 1ULL << 30;

// -m: the boot RAM (not hot-pluggable, not specific-purpose), in MiB rounded up.
std::string memory_size(const plan::Plan& plan) { return std::to_string((plan.boot_ram + kMiB - 1) / kMiB) + "M"; }

// -smp N numbers the APIC ids 0..N-1 (QEMU's default topology): the
// planned CPUs boot as the tables place them only when their ids are those.
std::string smp_option(const plan::Plan& plan, std::vector<std::string>& warnings) {
  std::vector<std::uint32_t> ids;
  for (const kernel::Node& node : plan.layout.nodes) {
    for (const kernel::Cpu& cpu : node.cpus) ids.push_back(cpu.id);
  }
  std::sort(ids.begin(), ids.end());
  const std::size_t count = std::max<std::size_t>(ids.size(), 1);
  if (!ids.empty() && ids.back() != ids.size() - 1) {
    warnings.push_back("QEMU numbers the APIC ids of -smp " + std::to_string(count) + " from 0 to " +
                       std::to_string(count - 1) + ", but the tables' CPUs have ids " + std::to_string(ids.front()) +
                       " to " + std::to_string(ids.back()) + ": CPUs without an SRAT entry stay on node 0");
  }
  return "-smp " + std::to_string(count);
}

// -m SIZE,slots=N,maxmem=M for QEMU's memory hot-plug (hw/i386/pc.c
// pc_memory_init, QEMU 7.2): the DIMM region starts at 4 GiB + the RAM above
// 4 GiB, rounded up to 1 GiB, and holds maxmem - SIZE plus 1 GiB per slot;
// maxmem reaches the last reserved range so each can be plugged at its own
// address (pc-dimm addr=). One slot per reserved range.
std::string hotplug_memory_option(const plan::Plan& plan) {
  std::uint64_t last = 0;
  std::size_t slots = 0;
  for (const plan::Reserved& r : plan.reserved) {
    if (r.end <= r.start) continue;
    last = std::max(last, r.end);
    ++slots;
  }
  const std::uint64_t size = (plan.boot_ram + kMiB - 1) / kMiB * kMiB;
  if (slots == 0) return "-m " + memory_size(plan);
  const std::uint64_t above_4g = size >= 0xB0000000ULL ? size - 2 * kGiB : 0;
  const std::uint64_t base = (4 * kGiB + above_4g + kGiB - 1) / kGiB * kGiB;
  const std::uint64_t room = last > base ? last - base : 0;
  return "-m " + memory_size(plan) + ",slots=" + std::to_string(slots) + ",maxmem=" +
         std::to_string((size + std::max(room, kGiB)) / kMiB) + "M";
}

// The oracle's qemu-args (run-case.sh injects every *.dat itself).
std::string oracle_qemu_args(const plan::Plan& plan) {
  std::vector<std::string> warnings;
  const std::string smp = smp_option(plan, warnings);
  return "# numaplan plan --emit-tables: boots the planned tables (*.dat beside this file) on an unmodified kernel.\n"
         "# No -numa: QEMU then adds no SRAT or SLIT of its own; no cxl=on: no CEDT of its own.\n"
         "-M q35 -m " + memory_size(plan) + " " + smp + "\n";
}

// QEMU 7.2's node ids end below MAX_NODES (include/sysemu/numa.h).
constexpr std::uint32_t kQemuMaxNodes = 128;

// qemu.args in `numaplan generate`'s form: one option a line, warnings as
// comments, one -acpitable per table written to `dir` but the SRAT. A DIMM's
// node= must name one of QEMU's -numa nodes and becomes the DIMM's _PXM,
// which Linux's ACPI memory hot-plug prefers to the SRAT ranges
// (acpi_memory_enable_device(): acpi_get_node()); so there is a -numa node
// per planned PXM. QEMU then builds an SRAT of its own, first in its XSDT,
// and Linux reads the first SRAT: the planned one comes as
// acpi-upgrade.cpio, which replaces QEMU's (qemu_table_upgrade). The boot
// RAM is node 0's memdev (QEMU's SRAT is replaced, so which node is moot).
std::string generate_qemu_args(const plan::Plan& plan, const std::vector<PlannedFile>& files, const std::string& dir,
                               std::vector<std::string>& warnings) {
  const std::size_t first = warnings.size();
  const std::string size = memory_size(plan);
  std::string options = "-M q35\n" + hotplug_memory_option(plan) + "\n" + smp_option(plan, warnings) + "\n" +
                        "-object memory-backend-ram,id=boot-ram,size=" + size + "\n";
  const std::uint32_t nodes = highest_pxm(plan) + 1;
  if (nodes > kQemuMaxNodes) {
    warnings.push_back("QEMU 7.2 has at most " + std::to_string(kQemuMaxNodes) + " -numa nodes, the tables use PXMs 0 to " +
                       std::to_string(nodes - 1) + ": QEMU refuses node ids from " + std::to_string(kQemuMaxNodes) + " on");
  }
  for (std::uint32_t pxm = 0; pxm < nodes; ++pxm) {
    options += "-numa node,nodeid=" + std::to_string(pxm) + (pxm == 0 ? ",memdev=boot-ram" : "") + "\n";
  }
  const std::filesystem::path base(dir);
  for (const PlannedFile& file : files) {
    if (file.name.ends_with(".dat") && file.name != "srat.dat") {
      options += "-acpitable file=" + (base / file.name).string() + "\n";
    }
  }
  std::string out =
      "# numaplan plan --emit-tables: QEMU q35 options that boot the planned tables on an unmodified kernel, each\n"
      "# reserved range a DIMM on its planned node. The -numa nodes (one per PXM: a DIMM's node= is its _PXM) make\n"
      "# QEMU build an SRAT of its own, which Linux reads first; the planned SRAT replaces it through the kernel's ACPI\n"
      "# table upgrade (CONFIG_ACPI_TABLE_UPGRADE) from acpi-upgrade.cpio, placed before the initramfs. No cxl=on.\n"
      "# Use: cat " + (base / "acpi-upgrade.cpio").string() + " INITRD > initrd.img\n"
      "#      qemu-system-x86_64 $(grep -v '^#' " + (base / "qemu.args").string() +
      ") -kernel VMLINUZ -initrd initrd.img -append 'console=ttyS0 memhp_default_state=online' ...\n"
      "# (memhp_default_state=online: Debian's 5.10 and 6.1 leave added memory offline)\n";
  for (const plan::Reserved& r : plan.reserved) {
    if (r.end <= r.start) continue;
    const std::string id = std::to_string(r.node);
    const std::string backend = "memory-backend-ram,id=standby" + id + ",size=" + std::to_string((r.end - r.start) / kMiB) + "M";
    const std::string dimm = "pc-dimm,id=dimm" + id + ",memdev=standby" + id + ",node=" + std::to_string(r.pxm) +
                             ",addr=" + hex(r.start);
    out += "# Node " + id + "'s range [mem " + hex(r.start) + "-" + hex(r.end - 1) +
           "] at boot (Linux adds it through ACPI memory hot-plug):\n#   -object " + backend + " -device " + dimm +
           "\n#   or later, from the QEMU monitor: object_add " + backend + "; device_add " + dimm + "\n";
  }
  for (std::size_t i = first; i < warnings.size(); ++i) out += "# warning: " + warnings[i] + "\n";
  return out + options;
}

}  // namespace

std::string plan_text(const plan::Plan& plan) {
  const plan::Proposal& proposal = plan::proposal(plan.proposal);
  const bool rfc1 = plan.proposal == plan::ProposalId::standby_rfc1;
  std::string out = "proposal " + std::string(proposal.name) + ": " + std::string(proposal.title) + " (" +
                    std::string(proposal.posted) + ")\n" + map_text(plan.layout);
  out += "\n" + std::string(rfc1 ? "standby" : "spm") + ": source " + std::string(plan::source_name(plan.count.source)) +
         ", " + std::to_string(plan.reserved.size()) + " reserved node" + (plan.reserved.size() == 1 ? "" : "s") + "\n";
  if (rfc1 && plan.layout.standby) {
    const kernel::StandbyReport& s = *plan.layout.standby;
    out += "  count " + std::to_string(s.cmdline + s.acpi) + ": numa=standby=" + std::to_string(s.cmdline) +
           ", CONFIG_ACPI_NUMA_STANDBY_NODES " + std::to_string(s.kconfig) + ", CONFIG_ACPI_NUMA_ADD_CFMWS_NODES over " +
           std::to_string(s.cfmws_windows) + " CFMWS window" + (s.cfmws_windows == 1 ? "" : "s") + " " +
           std::to_string(s.cfmws) + "\n";
  }
  out += reserved_text(plan);
  out += "masks: possible " + or_none(plan.layout.possible) + ", online " + or_none(plan.layout.online) + ", memory " +
         or_none(plan.layout.memory) + ", cpu " + or_none(plan.layout.cpu) + ", generic initiator " +
         or_none(plan.layout.generic_initiator) + ", " + (rfc1 ? "standby pool " : "spm ") + or_none(plan.spm) +
         ", sysram " + or_none(plan.sysram) + "\n\n";
  out += rfc1 ? recommended_text(plan.distances) : origins_text(plan.distances);
  out += "\n" + fallback_text(plan) + "\n";
  out += guardrail_text(plan.guardrail);
  if (!plan.log.empty()) {
    out += "\nlog (* numaplan's wording; the proposal prints no line for it):\n";
    for (const plan::LogLine& line : plan.log) out += (line.numaplan_wording ? "* " : "  ") + line.text + "\n";
  }
  return out;
}

namespace {

// The tables an unmodified kernel boots for the plan: the planned ones
// (srat.dat, slit.dat, msct.dat, cedt.dat, hmat.dat) in place of the
// machine's of the same signature, the machine's others (MADT, DMAR) as they are.
Expected<acpi::TableSet> booted_tables(const plan::Plan& plan, const acpi::TableSet& tables) {
  auto planned = planned_tables(plan, tables, "");
  if (!planned) return std::move(planned).error();
  std::vector<acpi::RawTable> raw;
  std::vector<std::string> planned_signatures;
  for (const PlannedFile& file : planned->files) {
    if (!file.name.ends_with(".dat")) continue;
    raw.push_back({"planned " + file.name, file.bytes});
    if (file.bytes.size() >= 4) planned_signatures.emplace_back(file.bytes.begin(), file.bytes.begin() + 4);
  }
  for (const acpi::Table& table : tables.tables) {
    if (std::find(planned_signatures.begin(), planned_signatures.end(), table.signature) != planned_signatures.end()) continue;
    if (&table != tables.first(table.signature)) continue;  // the kernel reads the first of each
    raw.push_back({table.origin, table.bytes});
  }
  return acpi::decode_all(std::move(raw), {});
}

}  // namespace

Expected<std::string> plan_dmesg(const plan::Plan& plan, const acpi::TableSet& tables, const kernel::Config& config) {
  if (plan.proposal == plan::ProposalId::standby_rfc1) return map_dmesg(plan.layout);
  std::string out;
  if (plan.layout.numa_from_srat && tables.first("SRAT") != nullptr) {
    auto booted = booted_tables(plan, tables);
    if (!booted) return std::move(booted).error();
    auto layout = kernel::map_numa(*booted, config);
    if (!layout) return std::move(layout).error();
    out = map_dmesg(*layout);
  } else {
    out = map_dmesg(plan.layout);  // no SRAT to plan in (NUMA fell back): the machine's lines
  }
  for (const plan::LogLine& line : plan.log) {
    if (!line.numaplan_wording) out += line.text + "\n";
  }
  return out;
}

namespace {

// The plan's own members, written among the map document's in sorted order
// (the keys of each object sorted, as nlohmann's objects hold them).
class PlanWriter {
 public:
  PlanWriter(JsonWriter& w, const plan::Plan& plan) : w_(w), plan_(plan) {}

  void before(std::string_view next_key) {
    if (next_key == "schema") proposal();
    if (next_key.empty()) {
      spm();
      w_.key("warnings");
      strings(plan_.warnings);
    }
  }

 private:
  void integer(std::int64_t value) { w_.value(value); }
  void strings(const std::vector<std::string>& values) {
    w_.begin_array();
    for (const std::string& v : values) w_.value(v);
    w_.end_array();
  }

  void proposal() {
    const plan::Proposal& proposal = plan::proposal(plan_.proposal);
    w_.key("proposal");
    w_.begin_object();
    w_.key("name");
    w_.value(proposal.name);
    w_.key("posted");
    w_.value(proposal.posted);
    w_.key("title");
    w_.value(proposal.title);
    w_.end_object();
  }

  void count() {
    const plan::Count& count = plan_.count;
    w_.begin_object();
    w_.key("cfmws_windows");
    integer(count.cfmws_windows);
    w_.key("cpu_nodes");
    integer(count.cpu_nodes);
    w_.key("msct");
    if (count.msct) {
      // A count: dump's max_proximity_domains is the table's count - 1.
      w_.begin_object();
      w_.key("max_proximity_domains_count");
      w_.value(count.msct->max_domains);
      w_.key("spare");
      w_.value(count.msct->spare);
      w_.key("srat_pxms");
      w_.begin_array();
      for (std::uint32_t pxm : count.msct->srat_pxms) w_.value(std::uint64_t{pxm});
      w_.end_array();
      w_.end_object();
    } else {
      w_.null();
    }
    w_.key("per_cfmws");
    integer(count.per_cfmws);
    w_.key("per_cpu_node");
    integer(count.per_cpu_node);
    w_.end_object();
  }

  // The recommended matrix's values or origins, {"matrix": [...], "nodes": [...]}.
  void matrix(bool origins) {
    w_.begin_object();
    w_.key("matrix");
    w_.begin_array();
    for (const auto& row : plan_.distances.matrix) {
      w_.begin_array();
      for (const plan::Distance& d : row) origins ? w_.value(plan::origin_name(d.origin)) : integer(d.value);
      w_.end_array();
    }
    w_.end_array();
    w_.key("nodes");
    w_.begin_array();
    for (int node : plan_.distances.nodes) integer(node);
    w_.end_array();
    w_.end_object();
  }

  void fallback_order() {
    w_.begin_object();
    w_.key("reserved_in_sysram_lists");
    w_.begin_array();
    for (const plan::FallbackReach& reach : plan_.reserved_in_fallback) {
      w_.begin_object();
      w_.key("node");
      integer(reach.node);
      w_.key("sysram_nodes");
      w_.value(reach.sysram.to_list());
      w_.end_object();
    }
    w_.end_array();
    w_.end_object();
  }

  // One row per allocation path: "path", "description" and a member per
  // column (the mechanism's rules), all sorted together.
  void guardrails() {
    const plan::Guardrails& g = plan_.guardrail;
    w_.begin_array();
    for (const plan::GuardrailRow& row : g.rows) {
      std::map<std::string, std::string> members = {{"path", row.path}, {"description", row.description}};
      for (std::size_t c = 0; c < g.columns.size() && c < row.lands.size(); ++c) {
        members[g.columns[c]] = row.lands[c].to_list();
      }
      w_.begin_object();
      for (const auto& [key, value] : members) {
        w_.key(key);
        w_.value(value);
      }
      w_.end_object();
    }
    w_.end_array();
  }

  void log() {
    w_.begin_array();
    for (const plan::LogLine& line : plan_.log) {
      w_.begin_object();
      w_.key("line");
      w_.value(line.text);
      w_.key("wording");
      w_.value(line.numaplan_wording ? "numaplan" : "proposal");
      w_.end_object();
    }
    w_.end_array();
  }

  void reserved(const plan::Reserved& r) {
    w_.begin_object();
    w_.key("capacity");
    if (r.capacity_from) {
      w_.begin_object();
      w_.key("memory_capacity");  // MSCT's field names and forms (dump's)
      w_.value(hex(r.capacity_from->memory_capacity));
      w_.key("msct_pxm");
      w_.value(std::uint64_t{r.capacity_from->pxm});
      w_.key("processor_capacity");
      w_.value(std::uint64_t{r.capacity_from->processor_capacity});
      w_.end_object();
    } else {
      w_.null();
    }
    w_.key("cfmws_window");  // an index into CEDT's windows (standby's "cfmws" is a count)
    r.cfmws >= 0 ? integer(r.cfmws) : w_.null();
    w_.key("hotplug_range");  // not map's "hotplug", a flag
    w_.begin_object();
    w_.key("end");
    w_.value(hex(r.end));
    w_.key("start");
    w_.value(hex(r.start));
    w_.end_object();
    w_.key("node");
    integer(r.node);
    w_.key("pxm");
    r.kernel_pxm ? w_.value(std::uint64_t{r.pxm}) : w_.null();
    w_.key("tables_pxm");
    w_.value(std::uint64_t{r.pxm});
    w_.end_object();
  }

  void standby(const kernel::StandbyReport& s) {
    w_.begin_object();
    w_.key("acpi");
    integer(s.acpi);
    w_.key("candidates");
    w_.value(s.candidates.to_list());
    w_.key("cfmws");
    integer(s.cfmws);
    w_.key("cfmws_windows");
    integer(s.cfmws_windows);
    w_.key("cmdline");
    integer(s.cmdline);
    w_.key("kconfig");
    integer(s.kconfig);
    w_.key("pool");
    w_.value(s.pool.to_list());
    w_.end_object();
  }

  void spm() {
    w_.key("spm");
    w_.begin_object();
    w_.key("count");
    count();
    w_.key("distance_origin");
    matrix(true);
    w_.key("fallback_order");
    fallback_order();
    w_.key("guardrail_mechanism");
    w_.value(plan_.guardrail.heading);
    w_.key("guardrails");
    guardrails();
    w_.key("kernel_cmdline");
    strings(plan_.kernel_cmdline);
    w_.key("kernel_config");
    strings(plan_.kernel_config);
    w_.key("log");
    log();
    w_.key("mask");
    w_.value(plan_.spm.to_list());
    w_.key("nodes");
    w_.begin_array();
    for (const plan::Reserved& r : plan_.reserved) reserved(r);
    w_.end_array();
    w_.key("recommended_distance");
    matrix(false);
    w_.key("source");
    w_.value(plan::source_name(plan_.count.source));
    if (plan_.layout.standby) {
      w_.key("standby");
      standby(*plan_.layout.standby);
    }
    w_.key("sysram");
    w_.value(plan_.sysram.to_list());
    w_.end_object();
  }

  JsonWriter& w_;
  const plan::Plan& plan_;
};

}  // namespace

void write_plan_json(const plan::Plan& plan, std::ostream& sink) {
  JsonWriter w(&sink);
  PlanWriter members(w, plan);
  w.begin_object();
  write_map_members(w, plan.layout, "numaplan.plan/2", [&](std::string_view next_key) { members.before(next_key); });
  w.end_object();
  w.finish();
}

Expected<PlannedTables> planned_tables(const plan::Plan& plan, const acpi::TableSet& tables, const std::string& dir) {
  const acpi::Table* srat = tables.first("SRAT");
  if (srat == nullptr || !plan.layout.numa_from_srat) {
    return make_error(ErrorKind::finding, "SRAT", "the kernel would not use the SRAT, so there is no plan to boot");
  }
  PlannedTables out;
  std::vector<PlannedFile>& files = out.files;
  for (auto file : {planned_srat(plan, *srat), planned_slit(plan, tables), planned_msct(plan, tables, out.warnings)}) {
    if (!file) return std::move(file).error();
    files.push_back(std::move(*file));
  }
  if (const acpi::Table* cedt = tables.first("CEDT")) files.push_back({"cedt.dat", cedt->bytes});
  // The machine's HMAT (its PXMs keep their nodes in the planned SRAT), extended by --latency and --bandwidth.
  if (auto hmat = planned_hmat(plan, tables); !hmat) {
    return std::move(hmat).error();
  } else if (*hmat) {
    files.push_back(std::move(**hmat));
  }
  std::string cmdline;
  for (const std::string& word : plan.kernel_cmdline) cmdline += (cmdline.empty() ? "" : " ") + word;
  cmdline += "\n";
  files.push_back({"cmdline", std::vector<std::uint8_t>(cmdline.begin(), cmdline.end())});
  std::string config = "# numaplan plan --proposal " + std::string(plan::proposal(plan.proposal).name) +
                       ": the same layout on a kernel carrying the proposal\n";
  for (const std::string& line : plan.kernel_config) config += line + "\n";
  files.push_back({"config-fragment", std::vector<std::uint8_t>(config.begin(), config.end())});
  auto upgrade = qemu_table_upgrade(plan, *srat);
  if (!upgrade) return std::move(upgrade).error();
  files.push_back(std::move(*upgrade));
  const std::string generated = generate_qemu_args(plan, files, dir, out.warnings);
  const std::string args = oracle_qemu_args(plan);
  files.push_back({"qemu-args", std::vector<std::uint8_t>(args.begin(), args.end())});
  files.push_back({"qemu.args", std::vector<std::uint8_t>(generated.begin(), generated.end())});
  return out;
}

}  // namespace numaplan::emit
