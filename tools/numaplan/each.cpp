// --each: every PATH its own machine, for a fleet's dumps; a summary table,
// a numaplan.each/1 JSON document or a JUnit report for CI.
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "numaplan/support/format.h"
#include "numaplan/version.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

struct Machine {
  std::string path;
  int exit_code = 0;
  Tally tally;
  std::string out;          // the command's results (json, junit: captured)
  std::string diagnostics;  // what it logged, one message a line
};

// Runs `run` on one PATH; the results go to `out` (stdout for text).
Machine run_one(const std::string& path, const std::string& format, std::ostream& out, const MachineRun& run) {
  LogCapture capture;
  Machine machine{path, 0, {}, {}, {}};
  machine.exit_code = run({path}, format, out, machine.tally);
  machine.tally.errors += capture.errors();
  machine.tally.warnings += capture.warnings();
  machine.diagnostics = capture.take_text();
  return machine;
}

const char* meaning(int exit_code) {
  switch (exit_code) {
    case kExitOk: return "ok";
    case kExitFindings: return "errors";
    case kExitUsage: return "usage";
    default: return "unreadable";
  }
}

int worst(const std::vector<Machine>& machines) {
  int code = kExitOk;
  for (const Machine& m : machines) code = std::max(code, m.exit_code);
  return code;
}

std::string summary_table(const std::vector<Machine>& machines) {
  std::size_t width = std::string_view("machine").size();
  for (const Machine& m : machines) width = std::max(width, printable_ascii(m.path).size());
  std::string out = "machine";
  out.resize(width, ' ');
  out += "  exit  result      errors  warnings\n";
  std::size_t counts[4] = {};
  for (const Machine& m : machines) {
    std::string line = printable_ascii(m.path);
    line.resize(width, ' ');
    line += "  ";
    append_decimal(line, static_cast<std::uint64_t>(m.exit_code), 4);
    std::string result = meaning(m.exit_code);
    result.resize(10, ' ');
    line += "  " + result;
    append_decimal(line, m.tally.errors, 8);
    append_decimal(line, m.tally.warnings, 10);
    out += line + "\n";
    ++counts[std::min(m.exit_code, kExitUnreadable)];
  }
  out += std::to_string(machines.size()) + (machines.size() == 1 ? " machine: " : " machines: ") +
         std::to_string(counts[kExitOk]) + " ok, " + std::to_string(counts[kExitFindings]) + " with errors, " +
         std::to_string(counts[kExitUnreadable]) + " unreadable";
  if (counts[kExitUsage] != 0) out += ", " + std::to_string(counts[kExitUsage]) + " usage errors";
  return out + "; exit " + std::to_string(worst(machines)) + "\n";
}

nlohmann::json each_json(const std::string& command, const std::vector<Machine>& machines) {
  nlohmann::json list = nlohmann::json::array();
  for (const Machine& m : machines) {
    nlohmann::json diagnostics = nlohmann::json::array();
    for (std::size_t start = 0; start < m.diagnostics.size();) {
      const std::size_t end = m.diagnostics.find('\n', start);
      diagnostics.push_back(m.diagnostics.substr(start, end - start));
      start = end + 1;
    }
    nlohmann::json entry = {{"path", printable_ascii(m.path)},
                            {"exit_code", m.exit_code},
                            {"errors", m.tally.errors},
                            {"warnings", m.tally.warnings},
                            {"diagnostics", std::move(diagnostics)}};
    // The command's own document; map --compare-dmesg writes a diff, kept as text.
    nlohmann::json result = nlohmann::json::parse(m.out, nullptr, false);
    if (!result.is_discarded()) {
      entry["result"] = std::move(result);
    } else if (!m.out.empty()) {
      entry["output"] = m.out;  // lines as they are, as every document's strings (not UTF-8: U+FFFD below)
    }
    list.push_back(std::move(entry));
  }
  return {{"schema", "numaplan.each/1"},
          {"numaplan_version", kVersion},
          {"command", command},
          {"exit_code", worst(machines)},
          {"machines", std::move(list)}};
}

// Text for XML: markup characters as entities, bytes XML 1.0 cannot carry
// (and any byte above ASCII, which need not be UTF-8) as "\xNN".
std::string xml(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n':
      case '\t': out += c; break;
      default: out += printable_ascii(std::string_view(&c, 1));
    }
  }
  return out;
}

// One <testsuite> of one <testcase> per machine: exit 1 a <failure>, any
// other exit but 0 an <error>, holding the diagnostics then the results; a
// machine that passes has them in <system-err> and <system-out>.
std::string junit(const std::string& command, const std::vector<Machine>& machines) {
  std::size_t failures = 0, errors = 0;
  for (const Machine& m : machines) {
    failures += m.exit_code == kExitFindings;
    errors += m.exit_code != kExitOk && m.exit_code != kExitFindings;
  }
  const std::string counts = "tests=\"" + std::to_string(machines.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"numaplan " + command + "\" " +
                    counts + ">\n  <testsuite name=\"numaplan " + command + "\" " + counts + ">\n";
  for (const Machine& m : machines) {
    out += "    <testcase classname=\"numaplan." + command + "\" name=\"" + xml(m.path) + "\">\n";
    if (m.exit_code != kExitOk) {
      const char* element = m.exit_code == kExitFindings ? "failure" : "error";
      out += std::string("      <") + element + " type=\"exit " + std::to_string(m.exit_code) + "\" message=\"" +
             meaning(m.exit_code) + ": " + std::to_string(m.tally.errors) + " errors, " +
             std::to_string(m.tally.warnings) + " warnings\">" + xml(m.diagnostics + m.out) + "</" + element + ">\n";
    } else {
      if (!m.out.empty()) out += "      <system-out>" + xml(m.out) + "</system-out>\n";
      if (!m.diagnostics.empty()) out += "      <system-err>" + xml(m.diagnostics) + "</system-err>\n";
    }
    out += "    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

}  // namespace

void add_each_option(CLI::App& cmd, bool& each) {
  cmd.add_flag("--each", each,
               "Every PATH (file or directory) is its own machine: results one machine after another, then a "
               "summary table (--format json: one numaplan.each/1 document; --format junit: a JUnit report); the exit "
               "code is the worst machine's");
}

int run_machines(const std::string& command, const std::vector<std::string>& paths, bool each,
                 const std::string& format, const MachineRun& run) {
  if (!each && format != "junit") {
    Tally tally;
    return run(paths, format, std::cout, tally);
  }
  std::vector<Machine> machines;
  if (format != "json" && format != "junit") {
    for (const std::string& path : paths) {
      std::cout << (machines.empty() ? "" : "\n") << "== " << printable_ascii(path) << "\n" << std::flush;
      machines.push_back(run_one(path, format, std::cout, run));
    }
    std::cout << "\n" << summary_table(machines);
    return worst(machines);
  }
  const std::string inner = format == "junit" ? "text" : format;
  const auto capture = [&](const std::vector<std::string>& group, const std::string& name) {
    std::ostringstream out;
    Machine machine = run_one(name, inner, out, [&](const std::vector<std::string>&, const std::string& f,
                                                     std::ostream& o, Tally& t) { return run(group, f, o, t); });
    machine.out = std::move(out).str();
    machines.push_back(std::move(machine));
  };
  if (each) {
    for (const std::string& path : paths) capture({path}, path);
  } else {
    // Without --each a JUnit report has one test case: all PATHs, one machine.
    std::string name;
    for (const std::string& path : paths) name += (name.empty() ? "" : " ") + path;
    capture(paths, name);
  }
  if (format == "junit") {
    std::cout << junit(command, machines);
  } else {
    std::cout << each_json(command, machines).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return worst(machines);
}

}  // namespace numaplan::cli
