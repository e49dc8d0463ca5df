#include "numaplan/emit/findings.h"

#include <array>

#include "numaplan/kernel/limits.h"
#include "numaplan/support/format.h"
#include "numaplan/support/json_writer.h"
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
Counts count_severities(const check::Findings& findings) {
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
  const Counts c = count_severities(findings);
  out += (out.empty() ? "" : "\n") + std::to_string(c.error) + " errors, " + std::to_string(c.warning) +
         " warnings, " + std::to_string(c.info) + " info\n";
  return out;
}

// Written as a stream (keys sorted, nlohmann's dump(2) layout): a path or
// value that is not UTF-8 becomes U+FFFD where nlohmann's dump() threw.
void write_findings_json(const check::Findings& findings, const check::Options& options, std::ostream& sink) {
  JsonWriter w(&sink);
  const auto count = [&](std::int64_t n) { w.value(n); };
  w.begin_object();
  w.key("findings");
  w.begin_array();
  for (const Finding& f : findings) {
    w.begin_object();
    w.key("field");
    w.value(f.field);
    w.key("fwts");
    w.value(f.fwts);
    w.key("message");
    w.value(f.message);
    w.key("offset");
    w.value(f.offset);
    w.key("origin");
    w.value(f.origin);
    w.key("rule");
    w.value(f.rule->id);
    w.key("severity");
    w.value(check::severity_name(f.severity));
    w.key("table");
    w.value(f.table);
    w.key("value");
    w.value(f.value);
    w.end_object();
  }
  w.end_array();
  const int max_nodes = kernel::max_numnodes(options.nodes_shift);
  w.key("kernel");
  w.begin_object();
  w.key("max_numnodes");
  count(max_nodes);
  w.key("max_pxm_domains");
  count(kernel::max_pxm_domains(max_nodes));
  w.key("profile");
  w.value(options.profile.name);
  w.end_object();
  w.key("numaplan_version");
  w.value(kVersion);
  w.key("schema");
  w.value("numaplan.findings/2");
  const Counts c = count_severities(findings);
  w.key("summary");
  w.begin_object();
  w.key("errors");
  count(c.error);
  w.key("info");
  count(c.info);
  w.key("warnings");
  count(c.warning);
  w.end_object();
  w.end_object();
  w.finish();
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
