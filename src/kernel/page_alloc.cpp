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
  std::vector<int> memory_nodes;        // for_each_node_state(n, N_MEMORY)
  std::int64_t nr_online_nodes = 0;
  std::vector<std::int64_t> node_load;  // static int node_load[MAX_NUMNODES]
};

// find_next_best_node()'s value of N_MEMORY node n for `node` (5.10, 6.1,
// 6.12, 7.3): the distance, +1 below the node, +1 with CPUs, scaled so that
// node_load[] only breaks ties (5.10 scales by nr_online_nodes * MAX_NUMNODES).
std::int64_t node_value(const Zonelists& z, int node, int n) {
  std::int64_t val = z.state.distance(node, n);
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
  std::vector<int> node_order;
  if (!z.profile.memoryless_local_node_skipped || z.state.memory.test(local_node)) node_order.push_back(local_node);
  // While one list is built only the node just listed gets load, and it is
  // used from then on: the values of the others stay as they were, so the
  // kernel's repeated minimum search lists them by (value, id).
  std::vector<std::pair<std::int64_t, int>> candidates;
  for (int n : z.memory_nodes) {
    if (n != local_node) candidates.emplace_back(node_value(z, local_node, n), n);
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& [value, n] : candidates) node_order.push_back(n);

  std::int64_t load = z.nr_online_nodes;
  int prev_node = local_node;
  for (int node : node_order) {
    if (z.state.distance(local_node, node) != z.state.distance(local_node, prev_node)) {
      auto& node_load = z.node_load[static_cast<std::size_t>(node)];
      node_load = z.profile.node_load_accumulated ? node_load + 1 : load;
    }
    prev_node = node;
    --load;
  }
  return node_order;
}

}  // namespace

// __build_all_zonelists(NULL): node_load[] cleared once, then every possible
// node (5.17+, for_each_node) or every online node (5.10, for_each_online_node).
std::vector<NodeFallback> fallback_order(const Profile& profile, const ZonelistState& state) {
  Zonelists z{profile, state, state.memory.nodes(), state.online.weight(),
              std::vector<std::int64_t>(static_cast<std::size_t>(state.max_numnodes), 0)};
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
