#include "numaplan/emit/map.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "numaplan/acpi/tables.h"
#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/support/format.h"
#include "numaplan/version.h"
#include "numaplan/support/json_writer.h"

namespace numaplan::emit {

namespace {

using kernel::Cpu;
using kernel::Layout;
using kernel::Node;
using kernel::NodeMemory;

std::string printf_string(const char* format, auto... args) {
  char buffer[128];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}

// JSON addresses: "0x" and lower-case hex, as DESIGN §6 shows them.
std::string json_address(std::uint64_t value) {
  return printf_string("0x%llx", static_cast<unsigned long long>(value));
}

// The kernel's "[mem %#010Lx-%#010Lx]", end inclusive.
std::string mem_range(std::uint64_t start, std::uint64_t end) {
  return printf_string("[mem 0x%08llx-0x%08llx]", static_cast<unsigned long long>(start),
                       static_cast<unsigned long long>(end - 1));
}

const char* kind_name(Cpu::Kind kind) {
  switch (kind) {
    case Cpu::Kind::apic: return "apic";
    case Cpu::Kind::x2apic: return "x2apic";
    case Cpu::Kind::gicc: return "gicc";
    case Cpu::Kind::rintc: return "rintc";
    case Cpu::Kind::core_pic: return "core_pic";
  }
  return "apic";
}

// APIC ids as the kernel prints them ("APIC 0x%02x", x2APIC "0x%04x");
// GICC and RINTC entries are named by ACPI processor UID, CORE_PIC ones by
// Core ID (the physical CPU id).
std::string cpu_id(const Cpu& cpu) {
  switch (cpu.kind) {
    case Cpu::Kind::apic: return printf_string("0x%02x", cpu.id);
    case Cpu::Kind::x2apic: return printf_string("0x%04x", cpu.id);
    default: return std::to_string(cpu.id);
  }
}

// "apic 0x00 0x01 x2apic 0x0100": the kind named once per run.
std::string cpu_list(const Node& node) {
  std::string out;
  for (std::size_t i = 0; i < node.cpus.size(); ++i) {
    if (i > 0) out += ' ';
    if (i == 0 || node.cpus[i].kind != node.cpus[i - 1].kind) out += std::string(kind_name(node.cpus[i].kind)) + " ";
    out += cpu_id(node.cpus[i]);
  }
  if (node.generic_initiator) out += out.empty() ? "generic initiator" : " generic initiator";
  return out.empty() ? "-" : out;
}

std::string mask_or_none(const kernel::NodeMask& mask) { return mask.empty() ? "none" : mask.to_list(); }

// Logical CPUs first..last-1 in the kernel's list syntax.
std::string cpu_range(int first, int last) {
  kernel::NodeMask cpus;
  for (int cpu = first; cpu < last; ++cpu) cpus.set(cpu);
  return cpus.to_list();
}

// Where the CPUs came from, for the text's "cpus:" line.
std::string cpu_source_text(const std::string& source) {
  if (source == "madt") return "the MADT";
  if (source == "config") return "the given APIC ids";
  return "SRAT's CPU entries in SRAT order: no MADT, whose order numbers them";
}

// numactl's print_distances(): "node" + "% 3d " headers and "% 3d: " rows
// up to 2.0.18; one more space and "% 4d" since 2.0.19.
std::string distance_matrix(const Layout& layout, const std::vector<int>& nodes, NumactlFormat format) {
  const int width = format == NumactlFormat::v2_0_16 ? 3 : 4;
  std::string out = format == NumactlFormat::v2_0_16 ? "node " : "node  ";
  for (int node : nodes) out += printf_string("% *d ", width, node);
  out += "\n";
  for (int from : nodes) {
    out += printf_string("% *d: ", width, from);
    for (int to : nodes) out += printf_string("% *d ", width, layout.distance(from, to));
    out += "\n";
  }
  return out;
}

// Rows of cells: each column as wide as its widest cell, two blanks between
// columns, no trailing blanks.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  return out;
}

// "no RAM": a block in numa_reserved_meminfo (hotplug, CXL, beyond the
// memory map), which the node holds but has no pages for at boot.
std::string memory_text(const NodeMemory& memory) {
  std::string out = memory.source + " " + mem_range(memory.start, memory.end);
  if (memory.hotplug) out += " hotplug";
  if (memory.non_volatile) out += " non-volatile";
  if (memory.specific_purpose) out += " specific-purpose";
  if (memory.reserved) out += " (no RAM)";
  return out;
}

// The node's RAM at boot in MiB, rounded down as numactl's "size" is: "-" for none.
std::string ram_text(const Node& node) {
  const std::uint64_t bytes = kernel::ram_bytes(node);
  return bytes == 0 ? "-" : std::to_string(bytes >> 20) + " MB";
}

// Where soft-reserved memory went, one line per range.
std::string specific_purpose_text(const kernel::SpecificPurpose& sp) {
  std::string out = mem_range(sp.start, sp.end) +
                    (sp.source == "srat" ? " (SRAT Specific-Purpose, taken as Soft Reserved)" : " (memory map: Soft Reserved)") +
                    ": not system RAM; ";
  if (sp.node < 0) return out + "no node holds it, hmem gives its device-dax region NUMA_NO_NODE";
  return out + "hmem makes it a device-dax region of node " + std::to_string(sp.node) +
         " (daxctl or dax_kmem may hot-add it as RAM later)";
}

// One line per CEDT CFMWS window: the node it made, the SRAT nodes it
// extended, or why it made none.
std::string cfmws_text(const kernel::CfmwsWindow& window) {
  const std::string range = mem_range(window.start, window.end);
  if (window.absorbed) return range + " -> SRAT memory extended over it (numa_fill_memblks), no node of its own";
  if (window.node < 0) return range + " -> no node (the CEDT walk stopped or no node id was left)";
  return range + " -> node " + std::to_string(window.node) + " (fake PXM " + std::to_string(window.pxm) + ")";
}

// The node's fallback order ("0 1 2"), "none" for an empty zonelist, "-"
// for a node the kernel builds none for.
std::string fallback_text(const Node& node) {
  if (!node.fallback) return "-";
  if (node.fallback->empty()) return "none";
  std::string out;
  for (int n : *node.fallback) out += (out.empty() ? "" : " ") + std::to_string(n);
  return out;
}

}  // namespace

std::string map_text(const Layout& layout) {
  std::string out = "kernel " + layout.profile + ": MAX_NUMNODES " + std::to_string(layout.max_numnodes) +
                    ", MAX_PXM_DOMAINS " + std::to_string(layout.max_pxm_domains) + "\n";
  out += layout.numa_from_srat ? "numa: srat\n" : "numa: dummy (one node): " + kernel::fallback_reason(layout) + "\n";
  if (!layout.crash.empty()) out += "crash: " + layout.crash + "\n";
  out += "nodes: possible " + mask_or_none(layout.possible) + ", online " + mask_or_none(layout.online) + ", memory " +
         mask_or_none(layout.memory) + ", cpu " + mask_or_none(layout.cpu) + ", generic initiator " +
         mask_or_none(layout.generic_initiator) + "\n";
  const int possible_cpus = static_cast<int>(layout.cpu_to_node.size());
  out += "cpus: possible " + (possible_cpus == 0 ? "none" : cpu_range(0, possible_cpus)) + ", present and online " +
         (layout.present_cpus == 0 ? "none" : cpu_range(0, layout.present_cpus)) + ", from " +
         cpu_source_text(layout.cpu_source) + "\n";
  // x86 only: arm64's GIC has no such mode.
  if (!layout.x2apic_reason.empty()) out += "apic: " + layout.x2apic_reason + "\n";
  out += "\n";

  std::vector<std::vector<std::string>> rows = {
      {"node", "pxm", "origin", "memory", "ram", "cpus", "apic ids", "fallback"}};
  for (const Node& node : layout.nodes) {
    const std::string first_memory = node.memory.empty() ? "-" : memory_text(node.memory.front());
    const kernel::NodeMask cpus = kernel::cpus_on(layout, node.node);
    rows.push_back({std::to_string(node.node), node.has_pxm ? std::to_string(node.pxm) : "-", node.origin, first_memory,
                    ram_text(node), cpus.empty() ? "-" : cpus.to_list(), cpu_list(node), fallback_text(node)});
    for (std::size_t i = 1; i < node.memory.size(); ++i) rows.push_back({"", "", "", memory_text(node.memory[i])});
  }
  out += table(rows);
  if (!layout.cfmws.empty()) {
    out += "\ncfmws windows:\n";
    for (const kernel::CfmwsWindow& window : layout.cfmws) out += "  " + cfmws_text(window) + "\n";
  }
  if (!layout.specific_purpose.empty()) {
    out += "\nspecific-purpose memory:\n";
    for (const kernel::SpecificPurpose& sp : layout.specific_purpose) out += "  " + specific_purpose_text(sp) + "\n";
  }

  out += "\ndistances:\n" + distance_matrix(layout, layout.distance_nodes, NumactlFormat::v2_0_19);
  if (!layout.notes.empty()) {
    out += "\nnotes:\n";
    for (const std::string& note : layout.notes) out += "  " + note + "\n";
  }
  return out;
}

// Written as a stream, keys sorted as nlohmann's objects hold them: the dense
// distance matrix over 3,072 possible nodes is 9.4 M values, which as a DOM
// took most of map's time and memory.
void write_map_members(JsonWriter& w, const Layout& layout, std::string_view schema,
                       const std::function<void(std::string_view next_key)>& extra) {
  const auto signed_value = [&](std::int64_t v) { w.value(v); };
  const auto member = [&](std::string_view key) {
    if (extra) extra(key);
    w.key(key);
  };
  member("cpus");
  w.begin_object();
  w.key("possible");
  w.value(std::uint64_t{layout.cpu_to_node.size()});
  w.key("present");
  signed_value(layout.present_cpus);
  w.key("source");
  w.value(layout.cpu_source);
  w.key("x2apic_mode");
  w.value(layout.x2apic_mode);
  w.key("x2apic_reason");
  w.value(layout.x2apic_reason);
  w.end_object();
  member("distance");
  w.begin_object();
  w.key("matrix");
  w.begin_array();  // the dense matrix over the possible nodes, row by row
  for (int from : layout.distance_nodes) {
    w.begin_array();
    for (int to : layout.distance_nodes) signed_value(layout.distance(from, to));
    w.end_array();
  }
  w.end_array();
  w.key("nodes");
  w.begin_array();
  for (int node : layout.distance_nodes) signed_value(node);
  w.end_array();
  w.end_object();
  member("fallback");
  w.value(kernel::fallback_name(layout.fallback));
  member("fallback_reason");
  w.value(kernel::fallback_reason(layout));
  member("kernel");
  w.begin_object();
  w.key("max_numnodes");
  signed_value(layout.max_numnodes);
  w.key("max_pxm_domains");
  signed_value(layout.max_pxm_domains);
  w.key("profile");
  w.value(layout.profile);
  w.end_object();
  member("log");
  w.begin_array();
  for (const std::string& line : layout.log) w.value(line);
  w.end_array();
  member("nodemasks");
  w.begin_object();
  w.key("cpu");
  w.value(layout.cpu.to_list());
  w.key("generic_initiator");
  w.value(layout.generic_initiator.to_list());
  w.key("memory");
  w.value(layout.memory.to_list());
  w.key("online");
  w.value(layout.online.to_list());
  w.key("possible");
  w.value(layout.possible.to_list());
  w.end_object();
  member("nodes");
  w.begin_array();
  for (const Node& node : layout.nodes) {
    w.begin_object();
    w.key("cpulist");
    w.value(kernel::cpus_on(layout, node.node).to_list());
    w.key("cpus");
    w.begin_array();
    for (const Cpu& cpu : node.cpus) {
      w.begin_object();
      w.key("id");
      w.value(std::uint64_t{cpu.id});
      w.key("kind");
      w.value(kind_name(cpu.kind));
      w.end_object();
    }
    w.end_array();
    w.key("fallback_order");  // the node's fallback order; null where the kernel builds none
    if (node.fallback) {
      w.begin_array();
      for (int n : *node.fallback) signed_value(n);
      w.end_array();
    } else {
      w.null();
    }
    w.key("generic_initiator");
    w.value(node.generic_initiator);
    w.key("memory");
    w.begin_array();
    for (const NodeMemory& m : node.memory) {
      w.begin_object();
      w.key("end");
      w.value(json_address(m.end));
      w.key("hotplug");
      w.value(m.hotplug);
      w.key("non_volatile");
      w.value(m.non_volatile);
      w.key("reserved");
      w.value(m.reserved);
      w.key("source");
      w.value(m.source);
      w.key("specific_purpose");
      w.value(m.specific_purpose);
      w.key("start");
      w.value(json_address(m.start));
      w.end_object();
    }
    w.end_array();
    w.key("node");
    signed_value(node.node);
    w.key("origin");
    w.value(node.origin);
    w.key("pxm");
    node.has_pxm ? signed_value(node.pxm) : w.null();
    w.key("ram");  // what memblock gives the node
    w.begin_array();
    for (const kernel::MemRange& r : node.ram) {
      w.begin_object();
      w.key("end");
      w.value(json_address(r.end));
      w.key("start");
      w.value(json_address(r.start));
      w.end_object();
    }
    w.end_array();
    w.key("ram_bytes");
    w.value(kernel::ram_bytes(node));
    w.end_object();
  }
  w.end_array();
  member("notes");
  w.begin_array();
  for (const std::string& note : layout.notes) w.value(note);
  w.end_array();
  member("numa");
  w.value(layout.numa_from_srat ? "srat" : "dummy");
  member("numaplan_version");
  w.value(kVersion);
  member("schema");
  w.value(schema);
  member("specific_purpose");
  w.begin_array();
  for (const kernel::SpecificPurpose& sp : layout.specific_purpose) {
    w.begin_object();
    w.key("end");
    w.value(json_address(sp.end));
    w.key("node");
    sp.node >= 0 ? signed_value(sp.node) : w.null();
    w.key("source");
    w.value(sp.source);
    w.key("start");
    w.value(json_address(sp.start));
    w.key("text");
    w.value(specific_purpose_text(sp));
    w.end_object();
  }
  w.end_array();
  if (extra) extra("");
}

void write_map_json(const Layout& layout, std::ostream& sink) {
  JsonWriter w(&sink);
  w.begin_object();
  write_map_members(w, layout, "numaplan.map/2", {});
  w.end_object();
  w.finish();
}

nlohmann::json map_json(const Layout& layout) {
  std::ostringstream out;
  write_map_json(layout, out);
  return nlohmann::json::parse(out.str());
}

std::string map_dmesg(const Layout& layout) {
  std::string out;
  for (const std::string& line : layout.log) out += line + "\n";
  return out;
}

std::string map_numactl(const Layout& layout, NumactlFormat format) {
  const std::vector<int> online = layout.online.nodes();
  std::string out = "available: " + std::to_string(online.size()) + " nodes (" + layout.online.to_list() + ")\n";
  for (const Node& node : layout.nodes) {
    if (!layout.online.test(node.node)) continue;
    out += "node " + std::to_string(node.node) + " cpus:";
    for (int cpu : kernel::cpus_on(layout, node.node).nodes()) out += " " + std::to_string(cpu);
    out += "\nnode " + std::to_string(node.node) + " size: " + std::to_string(kernel::ram_bytes(node) >> 20) + " MB\n";
    out += "node " + std::to_string(node.node) + " free: <not available>\n";
  }
  return out + "node distances:\n" + distance_matrix(layout, online, format);
}

std::size_t DmesgComparison::differences() const {
  return static_cast<std::size_t>(
      std::count_if(lines.begin(), lines.end(), [](const DmesgLine& line) { return line.kind != DmesgLine::Kind::same; }));
}

namespace {

std::uint32_t family_bit(kernel::DmesgFamily family) { return std::uint32_t{1} << static_cast<unsigned>(family); }

}  // namespace

DmesgComparison compare_dmesg(const Layout& layout, std::string_view log) {
  const kernel::BootLog boot = kernel::first_boot(log);
  // The families after NUMA init are compared only when the log has them
  // (dmesg_filter.h): a console log lacks the KERN_DEBUG distance-table line,
  // a grep of NUMA lines the memory and fallback-order lines. setup_percpu's
  // line and the CPU lines need the CPU count, unknown without a MADT (SRAT's
  // CPU entries stand in).
  // The families compared, a bit each (a std::set was an allocation per family).
  std::uint32_t compared = family_bit(kernel::DmesgFamily::numa_init);
  std::vector<std::pair<kernel::LogMessage, kernel::DmesgFamily>> classified;  // each line's family, found once
  classified.reserve(boot.messages.size());
  for (const kernel::LogMessage& message : boot.messages) {
    const kernel::DmesgFamily family = kernel::dmesg_family(message.text);
    if (family == kernel::DmesgFamily::none) continue;
    classified.emplace_back(message, family);
    compared |= family_bit(family);
  }
  if (layout.cpu_source == "srat") {
    compared &= ~(family_bit(kernel::DmesgFamily::percpu) | family_bit(kernel::DmesgFamily::cpus));
  }
  const auto is_compared = [&](kernel::DmesgFamily family) { return (compared & family_bit(family)) != 0; };
  std::vector<kernel::LogMessage> actual;
  actual.reserve(classified.size());
  for (const auto& [message, family] : classified) {
    if (is_compared(family)) actual.push_back(message);
  }
  std::vector<std::string_view> predicted;  // views of layout.log, as the result's missing lines are
  predicted.reserve(layout.log.size());
  for (const std::string& line : layout.log) {
    if (is_compared(kernel::dmesg_family(line))) predicted.push_back(line);
  }
  DmesgComparison result;
  result.next_boot_line = boot.next_boot_line;
  result.kernel_release = std::string(boot.release);
  // Every line of both sides once at most: one allocation, not a doubling per power of two.
  result.lines.reserve(predicted.size() + actual.size());
  auto same = [&](std::size_t i, std::size_t j) { return predicted[i] == actual[j].text; };
  auto add = [&](DmesgLine::Kind kind, std::size_t i, std::size_t j) {
    if (kind == DmesgLine::Kind::missing) {
      result.lines.push_back({kind, predicted[i], 0});
    } else {
      result.lines.push_back({kind, actual[j].text, actual[j].line});
    }
  };

  // Equal ends are matched directly; the middle by longest common
  // subsequence, or, past kMaxCells (a log unlike the prediction), listed as
  // all missing then all extra so a huge log cannot exhaust memory.
  constexpr std::size_t kMaxCells = std::size_t{1} << 22;
  std::size_t head = 0;
  while (head < predicted.size() && head < actual.size() && same(head, head)) ++head;
  std::size_t tail = 0;
  while (tail < predicted.size() - head && tail < actual.size() - head &&
         same(predicted.size() - 1 - tail, actual.size() - 1 - tail)) {
    ++tail;
  }
  const std::size_t n = predicted.size() - head - tail;
  const std::size_t m = actual.size() - head - tail;
  for (std::size_t k = 0; k < head; ++k) add(DmesgLine::Kind::same, k, k);
  if (n * m > kMaxCells) {
    for (std::size_t i = head; i < head + n; ++i) add(DmesgLine::Kind::missing, i, 0);
    for (std::size_t j = head; j < head + m; ++j) add(DmesgLine::Kind::extra, 0, j);
  } else {
    // common(i, j): LCS length of the middle's suffixes from i and j, in
    // one allocation (a vector per row was n + 2).
    std::vector<std::uint32_t> cells((n + 1) * (m + 1), 0);
    const auto common = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return cells[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        common(i, j) = same(head + i, head + j) ? common(i + 1, j + 1) + 1 : std::max(common(i + 1, j), common(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && same(head + i, head + j)) {
        add(DmesgLine::Kind::same, head + i++, head + j++);
      } else if (j == m || (i < n && common(i + 1, j) >= common(i, j + 1))) {
        add(DmesgLine::Kind::missing, head + i++, 0);
      } else {
        add(DmesgLine::Kind::extra, 0, head + j++);
      }
    }
  }
  for (std::size_t k = tail; k > 0; --k) add(DmesgLine::Kind::same, predicted.size() - k, actual.size() - k);
  return result;
}

std::string comparison_summary(const DmesgComparison& comparison) {
  std::size_t count[3] = {0, 0, 0};
  for (const DmesgLine& line : comparison.lines) ++count[static_cast<int>(line.kind)];
  const std::size_t in_log = count[0] + count[2];
  const std::size_t predicted = count[0] + count[1];
  // concat(): one allocation, where operator+ made one a piece (compare_fuzz
  // writes the summary of every log).
  if (count[1] + count[2] == 0) return concat({"all ", in_log, " NUMA set-up lines of the log match the prediction"});
  return concat({in_log, " NUMA set-up lines in the log, ", predicted, " predicted: ", count[0], " equal, ", count[1],
                 " missing, ", count[2], " extra",
                 in_log == 0 ? " (no NUMA set-up line at all: is this the kernel log of a boot, as dmesg prints it?)"
                             : ""});
}

bool release_matches_profile(std::string_view release, std::string_view profile) {
  if (profile == "mainline") return true;
  return release.starts_with(profile) && release.size() > profile.size() &&
         (release[profile.size()] == '.' || release[profile.size()] == '-' || release[profile.size()] == '+');
}

namespace {

// "a,b" of a hunk header: the first line (from 1) and the count; an empty
// range names the line before it, as diff -u does.
std::string hunk_range(std::size_t first, std::size_t count) {
  return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
}

}  // namespace

std::string dmesg_diff(const DmesgComparison& comparison, std::string_view predicted_name, std::string_view log_name,
                       std::size_t context) {
  const std::vector<DmesgLine>& lines = comparison.lines;
  if (comparison.differences() == 0) return "";
  std::string out = "--- " + std::string(predicted_name) + "\n+++ " + std::string(log_name) + "\n";
  // Line numbers before each entry, counted on both sides.
  std::vector<std::size_t> before_predicted(lines.size() + 1, 0);
  std::vector<std::size_t> before_log(lines.size() + 1, 0);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    before_predicted[k + 1] = before_predicted[k] + (lines[k].kind != DmesgLine::Kind::extra ? 1 : 0);
    before_log[k + 1] = before_log[k] + (lines[k].kind != DmesgLine::Kind::missing ? 1 : 0);
  }
  auto changed = [&](std::size_t k) { return lines[k].kind != DmesgLine::Kind::same; };
  for (std::size_t k = 0; k < lines.size();) {
    if (!changed(k)) {
      ++k;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines
    // after the last change that is at most 2*context equal lines further.
    const std::size_t begin = k >= context ? k - context : 0;
    std::size_t last = k;
    for (std::size_t next = k + 1; next < lines.size() && next <= last + 2 * context + 1; ++next) {
      if (changed(next)) last = next;
    }
    const std::size_t end = std::min(lines.size(), last + context + 1);
    const auto first_log = std::find_if(lines.begin() + static_cast<std::ptrdiff_t>(begin),
                                        lines.begin() + static_cast<std::ptrdiff_t>(end),
                                        [](const DmesgLine& line) { return line.log_line != 0; });
    out += "@@ -" + hunk_range(before_predicted[begin], before_predicted[end] - before_predicted[begin]) + " +" +
           hunk_range(before_log[begin], before_log[end] - before_log[begin]) + " @@";
    if (first_log != lines.begin() + static_cast<std::ptrdiff_t>(end)) {
      out += " " + std::string(log_name) + ":" + std::to_string(first_log->log_line);
    }
    out += "\n";
    for (std::size_t h = begin; h < end; ++h) {
      const char mark = lines[h].kind == DmesgLine::Kind::same ? ' ' : lines[h].kind == DmesgLine::Kind::missing ? '-' : '+';
      out += mark;
      out += lines[h].text;
      out += '\n';
    }
    k = end;
  }
  return out;
}

}  // namespace numaplan::emit
