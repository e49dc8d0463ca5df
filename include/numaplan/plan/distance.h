// Distances for every node pair of a plan, each with where it came from.
//
// Pairs of nodes the firmware described (SRAT nodes) keep the kernel's
// distance (SLIT, else 10/20) unless an explicit spec names them. A pair
// with a CFMWS or reserved node takes, in this order of preference:
//   1. an explicit spec (--distance);
//   2. generic_port: the SLIT row of the PXM that a Generic Port (SRAT
//      type 6, ACPI handle) gives the window's host bridge (a CFMWS target
//      with a CEDT CHBS of that UID);
//   3. hmat: HMAT latency from an initiator node to the node's memory (its
//      own PXM, or its host bridge's Generic Port PXM), relative to the
//      initiator's local memory: round(10 * latency / local latency);
//   4. slit: the SLIT entry of the two PXMs, when the SLIT is valid and
//      covers them;
//   5. kernel_default: 20 (REMOTE_DISTANCE).
// A node's distance to itself is 10 ("local").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/support/expected.h"

namespace numaplan::plan {

enum class DistanceOrigin { local, spec, generic_port, hmat, slit, kernel_default };
std::string_view origin_name(DistanceOrigin origin);

// `A:B=V` sets both directions between nodes A and B; `A>B=V` only A to B.
// A and B may be ranges (`4-7:0-1=30`): every pair of a node of the first
// and a distinct node of the second.
struct DistanceSpec {
  int from = 0;
  int to = 0;
  int value = 0;
  bool both_directions = true;
  int from_last = -1;  // the range's last node; -1: `from` alone
  int to_last = -1;    // the range's last node; -1: `to` alone
};
// Values must be 11..255 (the kernel's slit_valid rule for distinct nodes).
Expected<DistanceSpec> parse_distance_spec(std::string_view text);


struct Distance {
  int value = 0;
  DistanceOrigin origin = DistanceOrigin::kernel_default;
};

struct DistanceTable {
  std::vector<int> nodes;                      // row/column order
  std::vector<std::vector<Distance>> matrix;
};

// `layout` holds every node (SRAT, CFMWS, reserved); nodes of origin "srat"
// or "dummy" are the described ones; `window_of` maps a node to the CFMWS window it belongs to (Layout::cfmws
// index). A spec naming a node that does not exist is an error.
Expected<DistanceTable> plan_distances(const kernel::Layout& layout, const acpi::TableSet& tables,
                                       const std::vector<DistanceSpec>& specs, const std::map<int, int>& window_of);

// When a firmware node and a CFMWS or reserved node took the default 20 while two
// firmware-described nodes are further apart (a SLIT of 10/21 between
// sockets), the default makes that memory look nearer than a remote socket:
// a warning saying so and how to set it, else nullopt.
std::optional<std::string> default_nearer_than_remote(const DistanceTable& table, const kernel::Layout& layout);

}  // namespace numaplan::plan
