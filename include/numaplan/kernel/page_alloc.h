// The page allocator's fallback order: for each node, the nodes whose memory
// default allocations on it take, in order (mm/page_alloc.c
// build_all_zonelists(), which prints "Fallback order for Node N: ..." at
// boot). map_numa() fills Node::fallback with it; the planner asks it about
// a planned layout.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/profile.h"

namespace numaplan::kernel {

// The node state build_all_zonelists() reads.
struct ZonelistState {
  int max_numnodes = 0;
  NodeMask possible;  // node_possible_map
  NodeMask online;    // node_online_map
  NodeMask memory;    // node_states[N_MEMORY]
  // Nodes whose cpumask_of_node() is not empty when the zonelists are built:
  // at boot none on x86 (numa_add_cpu() runs from identify_cpu(), after
  // build_all_zonelists() in start_kernel(); oracle case 02 shows no CPU
  // penalty), so map_numa() leaves it empty.
  NodeMask cpu;
  std::function<int(int, int)> distance;  // node_distance()
};

struct NodeFallback {
  int node = -1;
  std::vector<int> order;  // the zonelist's nodes; may be empty (no node has memory)
};

// build_all_zonelists(NULL) at boot: one entry per node that gets a
// zonelist, in the order the kernel builds (and prints) them.
std::vector<NodeFallback> fallback_order(const Profile& profile, const ZonelistState& state);

// The state a layout describes: its masks and distances, no CPU penalty (as
// at boot). For a layout changed after map_numa() (the planner's reserved
// nodes and planned distances); `layout` must outlive the state.
ZonelistState zonelist_state(const Layout& layout);

// Node::fallback of every node of `layout` from fallback_order() over
// zonelist_state(layout); nullopt for a node that gets no zonelist.
void set_fallback_orders(Layout& layout, const Profile& profile);

// "Fallback order for Node 1: 2 0 " as build_zonelists() prints it (pr_cont
// leaves a blank after every node).
std::string fallback_order_line(const NodeFallback& fallback);

}  // namespace numaplan::kernel
