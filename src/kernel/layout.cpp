#include "numaplan/kernel/layout.h"

#include "kernel.h"

#include "numaplan/kernel/limits.h"

#include <algorithm>

namespace numaplan::kernel {

Expected<NodeDistances> NodeDistances::from_table(int table_nodes, std::vector<std::uint8_t> table) {
  if (table_nodes < 0 || table.size() != static_cast<std::size_t>(table_nodes) * static_cast<std::size_t>(table_nodes)) {
    return make_error(ErrorKind::internal, "numa_distance",
                      "a distance table of " + std::to_string(table_nodes) + " nodes holds " +
                          std::to_string(table.size()) + " entries");
  }
  return NodeDistances(table_nodes, std::move(table));
}

Expected<NodeDistances> NodeDistances::from_rows(std::initializer_list<std::initializer_list<int>> rows) {
  std::vector<std::uint8_t> table;
  std::size_t row_number = 0;
  for (const auto& row : rows) {
    if (row.size() != rows.size()) {
      return make_error(ErrorKind::usage, "numa_distance",
                        "row " + std::to_string(row_number) + " holds " + std::to_string(row.size()) +
                            " distances, expected " + std::to_string(rows.size()) + " (a square table)");
    }
    for (int value : row) table.push_back(static_cast<std::uint8_t>(value));
    ++row_number;
  }
  return NodeDistances(static_cast<int>(rows.size()), std::move(table));
}

std::uint64_t ram_bytes(const Node& node) {
  std::uint64_t total = 0;
  for (const MemRange& r : node.ram) total += r.end - r.start;
  return total;
}

NodeMask cpus_on(const Layout& layout, int node) {
  NodeMask cpus;
  for (std::size_t cpu = 0; cpu < layout.cpu_to_node.size() && cpu < static_cast<std::size_t>(layout.present_cpus);
       ++cpu) {
    if (layout.cpu_to_node[cpu] == node) cpus.set(static_cast<int>(cpu));
  }
  return cpus;
}

std::vector<std::uint32_t> srat_pxms(const Layout& layout) {
  std::vector<std::uint32_t> pxms;
  for (const Event& e : layout.events) {
    const bool took_node = e.outcome == Event::Outcome::mapped || e.outcome == Event::Outcome::apic_ignored;
    if (e.table == "SRAT" && took_node && e.node >= 0 && e.pxm >= 0) pxms.push_back(static_cast<std::uint32_t>(e.pxm));
  }
  std::sort(pxms.begin(), pxms.end());
  pxms.erase(std::unique(pxms.begin(), pxms.end()), pxms.end());
  return pxms;
}

namespace detail {

// __node_distance() (arch/x86/mm/numa.c, all versions): nodes outside the
// table are 10 / 20.
int node_distance(int table_nodes, std::span<const std::uint8_t> table, int from, int to) {
  const auto index = static_cast<std::size_t>(from) * static_cast<std::size_t>(table_nodes) + static_cast<std::size_t>(to);
  if (from < 0 || to < 0 || from >= table_nodes || to >= table_nodes || index >= table.size()) {
    return from == to ? kLocalDistance : kRemoteDistance;
  }
  return table[index];
}

}  // namespace detail

int NodeDistances::operator()(int from, int to) const { return detail::node_distance(nodes_, table_, from, to); }

void NodeMask::set(int node) {
  if (node < 0) return;
  if (bits_.size() <= static_cast<std::size_t>(node)) bits_.resize(static_cast<std::size_t>(node) + 1, false);
  bits_[static_cast<std::size_t>(node)] = true;
}

void NodeMask::clear(int node) {
  if (!test(node)) return;
  bits_[static_cast<std::size_t>(node)] = false;
  while (!bits_.empty() && !bits_.back()) bits_.pop_back();  // empty() stays "no node set"
}

bool NodeMask::test(int node) const {
  return node >= 0 && static_cast<std::size_t>(node) < bits_.size() && bits_[static_cast<std::size_t>(node)];
}

int NodeMask::weight() const { return static_cast<int>(std::count(bits_.begin(), bits_.end(), true)); }

std::vector<int> NodeMask::nodes() const {
  std::vector<int> out;
  for (std::size_t i = 0; i < bits_.size(); ++i) {
    if (bits_[i]) out.push_back(static_cast<int>(i));
  }
  return out;
}

// The kernel's bitmap list format (%*pbl): runs as "a-b", singles as "a".
std::string NodeMask::to_list() const {
  std::string out;
  const std::vector<int> ids = nodes();
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(ids[i]);
    if (j > i) out += "-" + std::to_string(ids[j]);
    i = j + 1;
  }
  return out;
}

const char* fallback_name(Fallback fallback) {
  switch (fallback) {
    case Fallback::none: return "none";
    case Fallback::numa_off: return "numa_off";
    case Fallback::noacpi: return "noacpi";
    case Fallback::no_srat: return "no_srat";
    case Fallback::bad_srat: return "bad_srat";
    case Fallback::walk_error: return "walk_error";
    case Fallback::no_memory: return "no_memory";
    case Fallback::overlap: return "overlap";
    case Fallback::not_covered: return "not_covered";
    case Fallback::no_acpi_numa: return "no_acpi_numa";
  }
  return "?";
}

std::string fallback_reason(const Layout& layout) {
  std::string why;
  switch (layout.fallback) {
    case Fallback::none: return "";
    case Fallback::numa_off: return "numa=off on the command line";
    case Fallback::noacpi: return "numa=noacpi on the command line";
    case Fallback::no_srat: return "no SRAT among the inputs";
    case Fallback::bad_srat: why = "the kernel refuses an SRAT entry or limit (bad_srat)"; break;
    case Fallback::walk_error: why = "a zero-length SRAT entry ends the memory walk with an error"; break;
    case Fallback::no_memory: why = "SRAT gives no usable memory range"; break;
    case Fallback::overlap: why = "memory of two nodes overlaps"; break;
    case Fallback::not_covered: why = "SRAT's nodes leave RAM without a node"; break;
    case Fallback::no_acpi_numa: return "this kernel line reads no SRAT on this architecture";
  }
  if (!layout.fallback_line.empty()) why += " (\"" + layout.fallback_line + "\")";
  return why;
}

std::string rejection(const Layout& layout) {
  switch (layout.fallback) {
    case Fallback::none: return layout.crash.empty() ? "" : "the boot crashes: " + layout.crash;
    case Fallback::numa_off:
    case Fallback::noacpi:
    case Fallback::no_srat:
    case Fallback::no_acpi_numa: return "";
    default: return fallback_reason(layout) + ": NUMA is off, one dummy node";
  }
}

}  // namespace numaplan::kernel
