// Planner test inputs: tables encoded from dump-form JSON (the encoder the
// product uses), and hand-made kernel Layouts standing for the model's result.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "numaplan/acpi/encode.h"
#include "numaplan/acpi/table_set.h"
#include "numaplan/emit/plan.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/model.h"

namespace numaplan::plan::test {

using nlohmann::json;

// The numaplan.plan/2 document as written, parsed for the assertions.
inline json plan_document(const Plan& plan) {
  std::ostringstream out;
  emit::write_plan_json(plan, out);
  return json::parse(out.str());
}

inline acpi::TableSet table_set(const std::vector<json>& specs) {
  std::vector<acpi::RawTable> raw;
  for (const json& spec : specs) {
    auto bytes = acpi::encode_table(spec);
    EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().format());
    if (bytes.ok()) raw.push_back({spec.value("signature", std::string("?")) + ".json", *bytes});
  }
  return acpi::decode_all(std::move(raw), {});
}

inline json srat_spec(std::vector<json> subtables, int revision = 3) {
  return {{"signature", "SRAT"}, {"revision", revision}, {"header", {{"table_revision", 1}}}, {"subtables", subtables}};
}
inline json lapic(int pxm, int apic, bool enabled = true) {
  return {{"type", 0}, {"fields", {{"proximity_domain_lo", pxm}, {"apic_id", apic}, {"flags", {{"enabled", enabled}}}}}};
}
inline json memory(std::uint32_t pxm, std::uint64_t base, std::uint64_t length, bool hotplug = false, bool enabled = true) {
  return {{"type", 1},
          {"fields",
           {{"proximity_domain", pxm},
            {"base_address", base},
            {"length", length},
            {"flags", {{"enabled", enabled}, {"hot_pluggable", hotplug}}}}}};
}
inline json generic_port(std::uint32_t pxm, std::uint32_t uid) {
  return {{"type", 6},
          {"fields",
           {{"device_handle_type", 0},
            {"proximity_domain", pxm},
            {"acpi_hid", "ACPI0016"},
            {"acpi_uid", uid},
            {"flags", {{"enabled", true}}}}}};
}
inline json generic_initiator(std::uint32_t pxm) {
  return {{"type", 5},
          {"fields",
           {{"device_handle_type", 0}, {"proximity_domain", pxm}, {"acpi_hid", "ACPI0017"}, {"acpi_uid", 1},
            {"flags", {{"enabled", true}}}}}};
}
inline json slit_spec(const std::vector<std::vector<int>>& rows) {
  return {{"signature", "SLIT"}, {"revision", 1}, {"header", {{"locality_count", rows.size()}, {"entries", rows}}}};
}
// SLIT[i][j] = 20 + 2i + j off the diagonal: every entry tells its PXMs apart.
inline json telling_slit(int localities) {
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(localities));
  for (int i = 0; i < localities; ++i) {
    for (int j = 0; j < localities; ++j) rows[static_cast<std::size_t>(i)].push_back(i == j ? 10 : 20 + 2 * i + j);
  }
  return slit_spec(rows);
}
inline json cedt_spec(std::vector<json> subtables) {
  return {{"signature", "CEDT"}, {"revision", 1}, {"subtables", subtables}};
}
inline json chbs(std::uint32_t uid) {
  return {{"type", 0}, {"fields", {{"uid", uid}, {"cxl_version", 1}, {"base", 0x10000000ULL}, {"length", 0x10000}}}};
}
inline json cfmws(std::uint64_t base, std::uint64_t size, std::uint32_t target) {
  return {{"type", 1},
          {"fields",
           {{"base_hpa", base},
            {"window_size", size},
            {"interleave_ways", 0},
            {"restrictions", {{"value", 15}}},
            {"interleave_targets", {target}}}}};
}
inline json hmat_latency(std::vector<std::uint32_t> initiators, std::vector<std::uint32_t> targets,
                         std::vector<int> entries, int data_type = 0) {
  return {{"signature", "HMAT"},
          {"revision", 2},
          {"subtables",
           {{{"type", 1},
             {"fields",
              {{"flags", {{"value", 0}}},
               {"data_type", data_type},
               {"initiator_count", initiators.size()},
               {"target_count", targets.size()},
               {"entry_base_unit", 1000},
               {"initiator_pds", initiators},
               {"target_pds", targets},
               {"entries", entries}}}}}}};
}
inline json msct_spec(int max_domains_field, std::vector<json> domains) {
  return {{"signature", "MSCT"},
          {"revision", 1},
          {"header", {{"proximity_offset", 56}, {"max_proximity_domains", max_domains_field}, {"max_address", "0xFFFFFFFFFF"}}},
          {"subtables", domains}};
}
inline json msct_domain(std::uint32_t low, std::uint32_t high, std::uint32_t processors, std::uint64_t memory) {
  return {{"type", 0},
          {"fields",
           {{"revision", 1}, {"length", 22}, {"range_start", low}, {"range_end", high},
            {"processor_capacity", processors}, {"memory_capacity", memory}}}};
}

inline kernel::Node node(int id, std::uint32_t pxm, std::string origin, int cpus = 0, std::uint64_t start = 0,
                         std::uint64_t end = 0) {
  kernel::Node n;
  n.node = id;
  n.pxm = pxm;
  n.origin = std::move(origin);
  for (int i = 0; i < cpus; ++i) n.cpus.push_back({kernel::Cpu::Kind::apic, static_cast<std::uint32_t>(id * 8 + i)});
  if (end > start) n.memory.push_back({start, end, false, false, "srat"});
  return n;
}

// The kernel model's layout for `tables` (profile 6.12).
inline kernel::Layout model_layout(const acpi::TableSet& tables) {
  kernel::Config config;
  config.profile = *kernel::find_profile("6.12");
  return *kernel::map_numa(tables, config);
}

inline json cxl_srat();
inline json cxl_cedt();

// The layout the kernel builds for cxl_machine(): nodes 0-1 from SRAT (one
// CPU and memory each), CFMWS windows 0 and 1 as nodes 2 and 3 (fake PXMs 2, 3);
// its events and the nodes' RAM are the model's for cxl_srat() and cxl_cedt().
inline kernel::Layout cxl_layout() {
  kernel::Layout layout;
  layout.profile = "6.12";
  layout.max_numnodes = 1024;
  layout.max_pxm_domains = 1024;
  layout.numa_from_srat = true;
  layout.nodes = {node(0, 0, "srat", 1, 0, 0x80000000ULL), node(1, 1, "srat", 1, 0x100000000ULL, 0x180000000ULL),
                  node(2, 2, "cfmws"), node(3, 3, "cfmws")};
  for (int n : {0, 1, 2, 3}) layout.possible.set(n);
  for (int n : {0, 1}) {
    layout.online.set(n);
    layout.memory.set(n);
    layout.cpu.set(n);
  }
  layout.distance_nodes = {0, 1, 2, 3};
  layout.distance = *kernel::NodeDistances::from_rows({{10, 21, 20, 20}, {22, 10, 20, 20}, {20, 20, 10, 20}, {20, 20, 20, 10}});
  layout.distance_table_nodes = 2;
  layout.cfmws = {{0x200000000ULL, 0x300000000ULL, 2, 2, false}, {0x300000000ULL, 0x400000000ULL, 3, 3, false}};
  const kernel::Layout model = model_layout(table_set({cxl_srat(), cxl_cedt()}));
  layout.events = model.events;
  for (int n : {0, 1}) layout.nodes[static_cast<std::size_t>(n)].ram = model.nodes[static_cast<std::size_t>(n)].ram;
  return layout;
}

// SRAT for cxl_layout(), with a Generic Port (PXM 6) for host bridge 12;
// CEDT: CHBS 12 and 13, window 0 on bridge 12, window 1 on bridge 13.
inline json cxl_srat() {
  return srat_spec({lapic(0, 0), lapic(1, 1), memory(0, 0, 0x80000000ULL), memory(1, 0x100000000ULL, 0x80000000ULL),
                    generic_port(6, 12)});
}
inline json cxl_cedt() {
  return cedt_spec({chbs(12), chbs(13), cfmws(0x200000000ULL, 0x100000000ULL, 12),
                    cfmws(0x300000000ULL, 0x100000000ULL, 13)});
}

}  // namespace numaplan::plan::test
