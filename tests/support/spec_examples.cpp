#include "support/spec_examples.h"

#include <algorithm>
#include <stdexcept>

namespace numaplan::test {

spec::Topology example_topology(const std::string& name) {
  auto document = spec::read_spec_file(std::string(NUMAPLAN_SOURCE_DIR) + "/tables/examples/" + name + ".json");
  if (!document.ok()) throw std::runtime_error(document.error().format());
  auto topology = spec::parse_topology(*document);
  if (!topology.ok()) throw std::runtime_error(topology.error().format());
  return *topology;
}

std::string example_test_name(const testing::TestParamInfo<std::string>& param_info) {
  std::string id = param_info.param;
  std::replace(id.begin(), id.end(), '-', '_');
  return id;
}

}  // namespace numaplan::test
