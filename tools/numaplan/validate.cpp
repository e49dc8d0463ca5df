// numaplan validate: findings about the tables (every fwts check, the kernel's
// view, the CXL driver's rules); exit 1 if any error.
#include <iostream>
#include <memory>

#include "numaplan/check/findings.h"
#include "numaplan/emit/findings.h"
#include "numaplan/kernel/limits.h"
#include "numaplan/kernel/profile.h"
#include "numaplan/source/load.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

struct ValidateOptions {
  check::Options check;
  std::string kernel;  // empty: the default
  std::optional<int> nodes_shift;  // nullopt: --kconfig's, else the default
  std::string kconfig;
  std::string memmap;
  std::string format = "text";
  bool list_rules = false;
  std::vector<std::string> paths;
};

int run_validate(const ValidateOptions& options) {
  if (options.list_rules) {
    std::cout << emit::rules_markdown();
    return kExitOk;
  }
  if (options.paths.empty()) {
    std::cerr << "numaplan validate: give the tables to check (PATHS), or --list-rules\n";
    return kExitUsage;
  }
  check::Options check = options.check;
  check.profile = resolve_kernel_option(options.kernel).profile;
  if (auto code = read_kconfig_option(options.kconfig, check.kconfig)) return *code;
  check.nodes_shift = source::nodes_shift_of(check.kconfig, options.nodes_shift);
  if (!read_memmap_option(options.memmap, check.ram, check.soft_reserved)) return kExitUnreadable;
  source::Inputs inputs = source::load(options.paths);
  const acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), std::move(inputs.diagnostics));
  const check::Findings findings = check::validate(set, check);
  if (options.format == "json") {
    std::cout << emit::findings_json(findings, check).dump(2) << "\n";
  } else {
    std::cout << emit::findings_text(findings);
  }
  if (inputs.unreadable || set.tables.empty()) return kExitUnreadable;
  return check::has_errors(findings) ? kExitFindings : kExitOk;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Check tables: every fwts rule, and what Linux will do with them");
  add_kernel_option(*cmd, options->kernel);
  add_x2apic_option(*cmd, options->check.x2apic_mode);
  cmd->add_option("--nodes-shift", options->nodes_shift,
                  "CONFIG_NODES_SHIFT: MAX_NUMNODES = 1 << N (1..10, x86's Kconfig range; default: --kconfig's, "
                  "else 10)")
      ->check(CLI::Range(1, kernel::kMaxNodesShift));
  add_kconfig_option(*cmd, options->kconfig);
  cmd->add_option("--memmap", options->memmap,
                  "The machine's RAM (a kernel log's BIOS-e820 lines, /proc/iomem or /sys/firmware/memmap): "
                  "adds what the kernel does with RAM that SRAT leaves without a node");
  cmd->add_flag("--werror", options->check.werror, "Treat warnings as errors");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--list-rules", options->list_rules, "Print every rule (Markdown table) and exit");
  cmd->add_option("paths", options->paths, "Raw tables, acpidump text or directories");
  return {cmd, [options] { return run_validate(*options); }};
}

}  // namespace numaplan::cli
