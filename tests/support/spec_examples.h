// The topology specs of tables/examples/, parsed; a bad one throws with the
// spec parser's message.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "numaplan/spec/topology.h"

namespace numaplan::test {

// The names of tables/examples/*.json, for the tests that go through each.
inline const std::vector<std::string> kExampleTopologies = {"2socket-cxl", "4socket-memonly", "accelerator-gi",
                                                              "cxl-generic-port-hmat"};

// A test suite parameterised by example name: "2socket-cxl" shows as 2socket_cxl.
std::string example_test_name(const testing::TestParamInfo<std::string>& param_info);

// tables/examples/<name>.json
spec::Topology example_topology(const std::string& name);

}  // namespace numaplan::test
