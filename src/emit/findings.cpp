#include "numaplan/emit/findings.h"

#include <array>

#include "numaplan/kernel/limits.h"
#include "numaplan/support/format.h"
#include "numaplan/version.h"

namespace numaplan::emit {

namespace {

using check::Finding;

std::string where(const Finding& f) {
  if (f.table.empty()) return "input";
  return f.table + (f.origin.empty() ? "" : " (" + f.origin + ")");
}

std::string one_line(const Finding& f) {
  std::string line = "  " + std::string(check::severity_name(f.severity));
  line.resize(10, ' ');
  if (!f.table.empty()) line += "@0x" + hex(f.offset, 3) + " ";
  // An input-level finding has no table to group it under: it names its file.
  if (f.table.empty() && !f.origin.empty()) line += f.origin + ": ";
  if (!f.field.empty()) line += f.field + (f.value.empty() ? "" : " = " + f.value) + ": ";
  line += f.message + " [" + std::string(f.rule->id) + (f.fwts.empty() ? "" : ", fwts " + f.fwts) + "]";
  return printable_ascii(line);
}

struct Counts {
  int error = 0, warning = 0, info = 0;
};
Counts count(const check::Findings& findings) {
  Counts c;
  for (const Finding& f : findings) {
    (f.severity == Severity::error ? c.error : f.severity == Severity::warning ? c.warning : c.info)++;
  }
  return c;
}

}  // namespace

std::string findings_text(const check::Findings& findings) {
  std::string out, group;
  for (const Finding& f : findings) {
    if (where(f) != group) {
      group = where(f);
      out += (out.empty() ? "" : "\n") + printable_ascii(group) + "\n";
    }
    out += one_line(f) + "\n";
  }
  const Counts c = count(findings);
  out += (out.empty() ? "" : "\n") + std::to_string(c.error) + " errors, " + std::to_string(c.warning) +
         " warnings, " + std::to_string(c.info) + " info\n";
  return out;
}

nlohmann::json findings_json(const check::Findings& findings, const check::Options& options) {
  nlohmann::json list = nlohmann::json::array();
  for (const Finding& f : findings) {
    list.push_back({{"rule", f.rule->id},
                    {"fwts", f.fwts},
                    {"severity", check::severity_name(f.severity)},
                    {"table", f.table},
                    {"origin", f.origin},
                    {"offset", f.offset},
                    {"field", f.field},
                    {"value", f.value},
                    {"message", f.message}});
  }
  const int max_nodes = kernel::max_numnodes(options.nodes_shift);
  const Counts c = count(findings);
  return {{"schema", "numaplan.findings/1"},
          {"numaplan_version", kVersion},
          {"kernel",
           {{"profile", options.profile.name},
            {"max_numnodes", max_nodes},
            {"max_pxm_domains", kernel::max_pxm_domains(max_nodes)}}},
          {"findings", list},
          {"summary", {{"error", c.error}, {"warning", c.warning}, {"info", c.info}}}};
}

std::string rules_markdown() {
  std::string out = "| Rule | Severity | fwts label | What it means |\n|---|---|---|---|\n";
  for (const check::Rule* rule : check::all_rules()) {
    out += "| `" + std::string(rule->id) + "` | " + check::severity_name(rule->severity) + " | " +
           (rule->fwts.empty() ? "(numaplan)" : "`" + std::string(rule->fwts) + "`") + " | " +
           std::string(rule->doc) + " |\n";
  }
  return out;
}

}  // namespace numaplan::emit
