// `numaplan validate` output: text grouped by table, JSON numaplan.findings/2
// (DESIGN §6), and the rule list as a Markdown table (--list-rules).
#pragma once

#include <ostream>
#include <string>

#include "numaplan/check/findings.h"

namespace numaplan::emit {

std::string findings_text(const check::Findings& findings);
// The numaplan.findings/2 document, written to `sink` as it is made (laid
// out as nlohmann's dump(2), no newline after it).
void write_findings_json(const check::Findings& findings, const check::Options& options, std::ostream& sink);
std::string rules_markdown();

}  // namespace numaplan::emit
