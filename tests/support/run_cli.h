// Runs the built numaplan binary (NUMAPLAN_BINARY) as a user would, to check
// exit codes and the diagnostics on stderr.
#pragma once

#include <string>
#include <vector>

namespace numaplan::test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// numaplan ARGS...; each argument is passed as is (quoted for the shell).
CliResult run_numaplan(const std::vector<std::string>& args);

}  // namespace numaplan::test
