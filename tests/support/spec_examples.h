// The topology specs of tables/examples/, parsed; a bad one throws with the
// spec parser's message.
#pragma once

#include <string>

#include "numaplan/spec/topology.h"

namespace numaplan::test {

// tables/examples/<name>.json
spec::Topology example_topology(const std::string& name);

}  // namespace numaplan::test
