// `numaplan validate` output: text grouped by table, JSON numaplan.findings/1
// (DESIGN §6), and the rule list as a Markdown table (--list-rules).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "numaplan/check/findings.h"

namespace numaplan::emit {

std::string findings_text(const check::Findings& findings);
nlohmann::json findings_json(const check::Findings& findings, const check::Options& options);
std::string rules_markdown();

}  // namespace numaplan::emit
