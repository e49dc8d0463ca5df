// Mirrors the zonelist part of mm/page_alloc.c: __build_all_zonelists(),
// build_zonelists() and find_next_best_node() (CONFIG_NUMA), per profile.
#include "numaplan/kernel/page_alloc.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace numaplan::kernel {

namespace {

// include/linux/topology.h
constexpr std::int64_t PENALTY_FOR_NODE_WITH_CPUS = 1;

struct Zonelists {
  const Profile& profile;
  const ZonelistState& state;
  std::vector<int> memory_nodes;        // for_each_node_state(n, N_MEMORY), ascending
  std::int64_t nr_online_nodes = 0;
  std::vector<std::int64_t> node_load;  // static int node_load[MAX_NUMNODES]
  std::vector<int> row;                 // node_distance(local_node, memory_nodes[i]) of the list being built
  std::vector<std::int64_t> keys;       // the list's sort keys (build_zonelists())
};

// find_next_best_node()'s value of N_MEMORY node n, at `distance` from
// `node` (5.10, 6.1, 6.12, 7.3): the distance, +1 below the node, +1 with
// CPUs, scaled so that node_load[] only breaks ties (5.10 scales by
// nr_online_nodes * MAX_NUMNODES).
std::int64_t node_value(const Zonelists& z, int node, int n, int distance) {
  std::int64_t val = distance;
  val += n < node ? 1 : 0;
  if (z.state.cpu.test(n)) val += PENALTY_FOR_NODE_WITH_CPUS;
  val *= z.profile.node_load_accumulated ? z.state.max_numnodes : z.nr_online_nodes * z.state.max_numnodes;
  return val + z.node_load[static_cast<std::size_t>(n)];
}

// build_zonelists() (CONFIG_NUMA) with its find_next_best_node() calls: the
// local node first (6.12 and 7.3: only if it has memory), then the unused
// N_MEMORY node of the lowest value, the lowest id among equals. The first
// node of each new distance group gets load, so that the next node's list
// starts that group elsewhere (round robin): 6.1+ node_load[node] += 1;
// 5.10 node_load[node] = load, the online nodes not yet listed.
std::vector<int> build_zonelists(Zonelists& z, int local_node) {
  const std::size_t count = z.memory_nodes.size();
  z.row.resize(count);
  for (std::size_t i = 0; i < count; ++i) z.row[i] = z.state.distance(local_node, z.memory_nodes[i]);
  // While one list is built only the node just listed gets load, and it is
  // used from then on: the values of the others stay as they were, so the
  // kernel's repeated minimum search lists them by (value, id). One integer
  // key per node, value * count + its index in memory_nodes (ids ascend),
  // sorts in that order: below 2^57 (value < 2^41 with 2^16 nodes, count <= 2^16).
  const auto width = static_cast<std::int64_t>(count);
  z.keys.clear();
  for (std::size_t i = 0; i < count; ++i) {
    const int n = z.memory_nodes[i];
    if (n != local_node) z.keys.push_back(node_value(z, local_node, n, z.row[i]) * width + static_cast<std::int64_t>(i));
  }
  std::sort(z.keys.begin(), z.keys.end());

  std::vector<int> node_order;
  std::vector<int> distances;  // node_distance(local_node, node_order[j])
  node_order.reserve(z.keys.size() + 1);
  distances.reserve(z.keys.size() + 1);
  const int local_distance = z.state.distance(local_node, local_node);
  if (!z.profile.memoryless_local_node_skipped || z.state.memory.test(local_node)) {
    node_order.push_back(local_node);
    distances.push_back(local_distance);
  }
  for (const std::int64_t key : z.keys) {
    const auto i = static_cast<std::size_t>(key % width);
    node_order.push_back(z.memory_nodes[i]);
    distances.push_back(z.row[i]);
  }

  std::int64_t load = z.nr_online_nodes;
  int prev_distance = local_distance;
  for (std::size_t j = 0; j < node_order.size(); ++j) {
    if (distances[j] != prev_distance) {
      auto& node_load = z.node_load[static_cast<std::size_t>(node_order[j])];
      node_load = z.profile.node_load_accumulated ? node_load + 1 : load;
    }
    prev_distance = distances[j];
    --load;
  }
  return node_order;
}

}  // namespace

// __build_all_zonelists(NULL): node_load[] cleared once, then every possible
// node (5.17+, for_each_node) or every online node (5.10, for_each_online_node).
std::vector<NodeFallback> fallback_order(const Profile& profile, const ZonelistState& state) {
  Zonelists z{profile, state, state.memory.nodes(), state.online.weight(),
              std::vector<std::int64_t>(static_cast<std::size_t>(state.max_numnodes), 0), {}, {}};
  std::vector<NodeFallback> out;
  const NodeMask& nodes = profile.pgdat_for_possible_nodes ? state.possible : state.online;
  for (int nid : nodes.nodes()) out.push_back({nid, build_zonelists(z, nid)});
  return out;
}

ZonelistState zonelist_state(const Layout& layout) {
  ZonelistState state;
  state.max_numnodes = layout.max_numnodes;
  state.possible = layout.possible;
  state.online = layout.online;
  state.memory = layout.memory;
  state.distance = [&layout](int from, int to) { return layout.distance(from, to); };
  return state;
}

void set_fallback_orders(Layout& layout, const Profile& profile) {
  const std::vector<NodeFallback> orders = fallback_order(profile, zonelist_state(layout));
  for (Node& node : layout.nodes) {
    const auto it = std::find_if(orders.begin(), orders.end(), [&](const NodeFallback& f) { return f.node == node.node; });
    node.fallback = it == orders.end() ? std::nullopt : std::optional<std::vector<int>>(it->order);
  }
}

std::string fallback_order_line(const NodeFallback& fallback) {
  std::string line = "Fallback order for Node " + std::to_string(fallback.node) + ": ";
  for (int node : fallback.order) line += std::to_string(node) + " ";
  return line;
}

}  // namespace numaplan::kernel
