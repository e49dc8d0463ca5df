#include "numaplan/plan/distance.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "numaplan/plan/table_facts.h"

namespace numaplan::plan {

namespace {

constexpr int kLocal = 10, kRemote = 20, kMaxDistance = 255, kMaxReachable = 254;

// A distance spec is a value the caller gives (the CLI's --distance).
Diagnostic spec_error(std::string message) { return make_error(ErrorKind::usage, "distance", std::move(message)); }

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

bool described(const kernel::Node& node) { return node.origin == "srat" || node.origin == "dummy"; }
bool initiator(const kernel::Node& node) { return !node.cpus.empty() || node.generic_initiator; }

// Everything the origins read from the tables, read once.
class Sources {
 public:
  Sources(const kernel::Layout& layout, const acpi::TableSet& tables, const std::map<int, int>& window_of)
      : layout_(layout),
        slit_(facts::read_slit(tables)),
        latencies_(facts::hmat_latencies(tables)),
        window_of_(window_of) {
    const auto ports = facts::generic_ports(tables);
    const auto bridges = facts::host_bridges(tables);
    const auto windows = facts::cfmws_targets(tables);
    // A window's host bridge: its first interleave target that is a CHBS with a Generic Port.
    for (std::size_t w = 0; w < windows.size(); ++w) {
      for (std::uint32_t uid : windows[w]) {
        const auto port = ports.find(uid);
        if (bridges.count(uid) != 0 && port != ports.end()) {
          port_pxm_of_window_[static_cast<int>(w)] = port->second;
          break;
        }
      }
    }
  }

  // The kernel's own distance between two described nodes (possible nodes of
  // the layout, so __node_distance() knows them).
  Distance kernel_distance(const kernel::Node& a, const kernel::Node& b) const {
    const int value = layout_.distance(a.node, b.node);
    const bool from_slit = slit_.at(a.pxm, b.pxm).has_value();
    return {value, from_slit ? DistanceOrigin::slit : DistanceOrigin::kernel_default};
  }

  // A pair with at least one node the firmware did not describe.
  Distance planned_distance(const kernel::Node& a, const kernel::Node& b) const {
    if (auto d = generic_port(a, b)) return {*d, DistanceOrigin::generic_port};
    if (auto d = hmat(a, b)) return {*d, DistanceOrigin::hmat};
    if (auto d = slit_.at(a.pxm, b.pxm)) return {*d, DistanceOrigin::slit};
    return {kRemote, DistanceOrigin::kernel_default};
  }

 private:
  std::optional<std::uint32_t> port_pxm(const kernel::Node& node) const {
    const auto window = window_of_.find(node.node);
    if (window == window_of_.end()) return std::nullopt;
    const auto port = port_pxm_of_window_.find(window->second);
    if (port == port_pxm_of_window_.end()) return std::nullopt;
    return port->second;
  }

  // The SLIT row (and column) of the host bridge's Generic Port PXM stands
  // for the window's nodes.
  std::optional<int> generic_port(const kernel::Node& a, const kernel::Node& b) const {
    const auto port_a = port_pxm(a), port_b = port_pxm(b);
    if (!port_a && !port_b) return std::nullopt;
    const auto value = slit_.at(port_a.value_or(a.pxm), port_b.value_or(b.pxm));
    if (!value || *value == kLocal) return std::nullopt;  // one port for both: the SLIT has no distance between them
    return value;
  }

  // The memory PXM HMAT describes a node's memory by.
  std::uint32_t target_pxm(const kernel::Node& node) const { return port_pxm(node).value_or(node.pxm); }

  std::optional<std::uint64_t> latency(std::uint32_t initiator_pxm, std::uint32_t target) const {
    const auto found = latencies_.find({initiator_pxm, target});
    if (found == latencies_.end()) return std::nullopt;
    return found->second;
  }

  // The initiator's local memory: its own PXM as a target, else the
  // nearest target that is a described node's PXM.
  std::optional<std::uint64_t> local_latency(const kernel::Node& initiator_node) const {
    if (auto own = latency(initiator_node.pxm, initiator_node.pxm)) return own;
    std::optional<std::uint64_t> best;
    for (const kernel::Node& node : layout_.nodes) {
      if (!described(node) || node.memory.empty()) continue;
      if (auto l = latency(initiator_node.pxm, node.pxm)) best = std::min(best.value_or(*l), *l);
    }
    return best;
  }

  std::optional<int> hmat(const kernel::Node& a, const kernel::Node& b) const {
    const kernel::Node* from = nullptr;
    const kernel::Node* to = nullptr;
    if (initiator(a) && !described(b)) {
      from = &a, to = &b;
    } else if (initiator(b) && !described(a)) {
      from = &b, to = &a;  // the same latency both ways
    } else {
      return std::nullopt;
    }
    const auto remote = latency(from->pxm, target_pxm(*to));
    const auto local = local_latency(*from);
    if (!remote || !local) return std::nullopt;
    const auto scaled = static_cast<int>(std::lround(10.0 * static_cast<double>(*remote) / static_cast<double>(*local)));
    return std::clamp(scaled, kLocal + 1, kMaxReachable);
  }

  const kernel::Layout& layout_;
  facts::Slit slit_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> latencies_;
  const std::map<int, int>& window_of_;
  std::map<int, std::uint32_t> port_pxm_of_window_;
};

}  // namespace

std::string_view origin_name(DistanceOrigin origin) {
  switch (origin) {
    case DistanceOrigin::local: return "local";
    case DistanceOrigin::spec: return "spec";
    case DistanceOrigin::generic_port: return "generic_port";
    case DistanceOrigin::hmat: return "hmat";
    case DistanceOrigin::slit: return "slit";
    case DistanceOrigin::kernel_default: return "kernel_default";
  }
  return "?";
}

namespace {

// "N" or "N-M" (N <= M): the first and last node, last -1 for a single node.
std::optional<std::pair<int, int>> parse_nodes(std::string_view text) {
  const std::size_t dash = text.find('-');
  const auto first = parse_int(text.substr(0, dash));
  if (!first || *first < 0) return std::nullopt;
  if (dash == std::string_view::npos) return std::pair{*first, -1};
  const auto last = parse_int(text.substr(dash + 1));
  if (!last || *last < *first) return std::nullopt;
  return std::pair{*first, *last};
}

}  // namespace

Expected<DistanceSpec> parse_distance_spec(std::string_view text) {
  const std::string usage = "\"" + std::string(text) +
                            "\": expected A:B=V (both directions) or A>B=V (A to B only), A and B a node or a range N-M";
  const std::size_t equals = text.find('=');
  const std::size_t separator = text.find_first_of(":>");
  if (equals == std::string_view::npos || separator == std::string_view::npos || separator > equals) {
    return spec_error(usage);
  }
  const auto from = parse_nodes(text.substr(0, separator));
  const auto to = parse_nodes(text.substr(separator + 1, equals - separator - 1));
  const auto value = parse_int(text.substr(equals + 1));
  if (!from || !to || !value) return spec_error(usage);
  if (from->first == to->first && from->second < 0 && to->second < 0) {
    return spec_error("\"" + std::string(text) + "\": a node's distance to itself is always 10");
  }
  if (*value <= kLocal || *value > kMaxDistance) {
    return spec_error("\"" + std::string(text) + "\": distance " + std::to_string(*value) +
                      " is outside 11..255 (the kernel's slit_valid rejects it)");
  }
  return DistanceSpec{from->first, to->first, *value, text[separator] == ':', from->second, to->second};
}

namespace {

// "4-7": a mask's lowest to highest node, for a --distance example.
std::string span(const kernel::NodeMask& mask) {
  const std::vector<int> nodes = mask.nodes();
  if (nodes.empty()) return "";
  return nodes.front() == nodes.back() ? std::to_string(nodes.front())
                                       : std::to_string(nodes.front()) + "-" + std::to_string(nodes.back());
}

}  // namespace

std::optional<std::string> default_nearer_than_remote(const DistanceTable& table, const kernel::Layout& layout) {
  const auto node_at = [&](std::size_t i) -> const kernel::Node* {
    for (const kernel::Node& node : layout.nodes) {
      if (node.node == table.nodes[i]) return &node;
    }
    return nullptr;
  };
  int remote = 0;
  std::size_t defaults = 0;
  kernel::NodeMask firmware, planned;  // the example's ranges
  for (std::size_t i = 0; i < table.nodes.size(); ++i) {
    for (std::size_t j = 0; j < table.nodes.size(); ++j) {
      const kernel::Node* a = node_at(i);
      const kernel::Node* b = node_at(j);
      if (a == nullptr || b == nullptr || i == j) continue;
      const Distance& d = table.matrix[i][j];
      (described(*a) ? firmware : planned).set(a->node);
      if (described(*a) && described(*b)) {
        remote = std::max(remote, d.value);
      } else if (described(*a) != described(*b) && d.origin == DistanceOrigin::kernel_default) {
        ++defaults;  // a firmware node's memory against a planned node's
      }
    }
  }
  if (defaults == 0 || remote <= kRemote) return std::nullopt;
  return std::to_string(defaults) + " distances between firmware nodes and CFMWS or reserved nodes take the default " +
         std::to_string(kRemote) + ", nearer than the machine's remote nodes (" + std::to_string(remote) +
         " between firmware-described nodes): allocations would prefer that memory to a remote socket's; give the real "
         "distance with --distance (ranges allowed, e.g. --distance " +
         span(planned) + ":" + span(firmware) + "=" + std::to_string(remote + 10) + ")";
}

Expected<DistanceTable> plan_distances(const kernel::Layout& layout, const acpi::TableSet& tables,
                                       const std::vector<DistanceSpec>& specs, const std::map<int, int>& window_of) {
  std::map<std::pair<int, int>, int> explicit_values;
  const auto exists = [&](int node) {
    return std::any_of(layout.nodes.begin(), layout.nodes.end(), [&](const kernel::Node& n) { return n.node == node; });
  };
  for (const DistanceSpec& spec : specs) {
    const int from_last = spec.from_last < 0 ? spec.from : spec.from_last;
    const int to_last = spec.to_last < 0 ? spec.to : spec.to_last;
    for (int from = spec.from; from <= from_last; ++from) {
      for (int to = spec.to; to <= to_last; ++to) {
        if (!exists(from) || !exists(to)) {
          return spec_error("node " + std::to_string(exists(from) ? to : from) +
                            " is not in the plan (possible nodes: " + layout.possible.to_list() + ")");
        }
        if (from == to) continue;  // ranges that overlap: a node's own distance stays 10
        explicit_values[{from, to}] = spec.value;
        if (spec.both_directions) explicit_values[{to, from}] = spec.value;
      }
    }
  }

  const Sources sources(layout, tables, window_of);
  DistanceTable table;
  for (const kernel::Node& node : layout.nodes) table.nodes.push_back(node.node);
  for (const kernel::Node& a : layout.nodes) {
    std::vector<Distance> row;
    for (const kernel::Node& b : layout.nodes) {
      if (a.node == b.node) {
        row.push_back({kLocal, DistanceOrigin::local});
      } else if (const auto spec = explicit_values.find({a.node, b.node}); spec != explicit_values.end()) {
        row.push_back({spec->second, DistanceOrigin::spec});
      } else if (described(a) && described(b)) {
        row.push_back(sources.kernel_distance(a, b));
      } else {
        row.push_back(sources.planned_distance(a, b));
      }
    }
    table.matrix.push_back(std::move(row));
  }
  return table;
}

}  // namespace numaplan::plan
