#include "support/run_cli.h"

#include <sys/wait.h>

#include <cstdlib>

#include "support/table_bytes.h"

namespace numaplan::test {

namespace {

std::string quoted(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

CliResult run_numaplan(const std::vector<std::string>& args) {
  const TempDir dir;
  std::string command = quoted(NUMAPLAN_BINARY);
  for (const std::string& arg : args) command += " " + quoted(arg);
  command += " > " + quoted((dir.path() / "out").string()) + " 2> " + quoted((dir.path() / "err").string());
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(dir.path() / "out");
  result.err = read_text(dir.path() / "err");
  return result;
}

}  // namespace numaplan::test
