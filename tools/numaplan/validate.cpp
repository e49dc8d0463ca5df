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
  std::string arch;  // --arch; empty: x86_64
  check::Options check;
  std::string kernel;  // empty: the default
  std::optional<int> nodes_shift;  // nullopt: --kconfig's, else the default
  std::string kconfig;
  std::string memmap;
  std::string format = "text";
  bool list_rules = false;
  source::LoadOptions load;
  bool each = false;
  std::vector<std::string> paths;
};

int run_validate(const ValidateOptions& options, const std::vector<std::string>& paths, const std::string& format,
                 std::ostream& out, Tally& tally) {
  check::Options check = options.check;
  check.profile = resolve_kernel_option(options.kernel).profile;
  if (auto code = read_kconfig_option(options.kconfig, check.kconfig)) return *code;
  if (!read_memmap_option(options.memmap, check.ram, check.soft_reserved)) return kExitUnreadable;
  source::Inputs inputs = source::load(paths, options.load);
  // A path that cannot be read is a problem with the command, not a finding
  // about tables: it goes to stderr, naming the file, like every command's.
  Diagnostics about_tables;
  for (Diagnostic& d : inputs.diagnostics) {
    if (d.severity == Severity::error) {
      log(d);
    } else {
      about_tables.push_back(std::move(d));
    }
  }
  const acpi::TableSet set = acpi::decode_all(std::move(inputs.tables), std::move(about_tables));
  if (set.tables.empty()) {
    log(set.diagnostics);
    if (!inputs.unreadable && !has_errors(set.diagnostics)) log(no_numa_table());
    return kExitUnreadable;
  }
  const std::optional<kernel::Arch> arch = resolve_arch_option(options.arch, set, check.profile);
  if (!arch) return kExitUsage;
  check.arch = *arch;
  check.nodes_shift = check.kconfig.nodes_shift || options.nodes_shift
                          ? source::nodes_shift_of(check.kconfig, options.nodes_shift)
                          : debian_nodes_shift(*arch);
  const auto validated = check::validate(set, check);
  if (!validated) {
    log_library_error(validated.error());
    return exit_code(validated.error());
  }
  const check::Findings& findings = *validated;
  for (const check::Finding& finding : findings) {
    tally.errors += finding.severity == Severity::error;
    tally.warnings += finding.severity == Severity::warning;
  }
  if (format == "json") {
    emit::write_findings_json(findings, check, out);
    out << "\n";
  } else {
    out << emit::findings_text(findings);
  }
  if (inputs.unreadable) return kExitUnreadable;
  return check::has_errors(findings) ? kExitFindings : kExitOk;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Check tables: every fwts rule, and what Linux will do with them");
  add_kernel_option(*cmd, options->kernel);
  add_arch_option(*cmd, options->arch);
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
  cmd->add_option("--format", options->format, "text, json or junit (a JUnit report: one test case a machine)")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_flag("--list-rules", options->list_rules, "Print every rule (Markdown table) and exit");
  add_each_option(*cmd, options->each);
  add_no_recurse_option(*cmd, options->load);
  cmd->add_option("PATH", options->paths, "Raw tables, acpidump text or directories (with their subdirectories)");
  return {cmd, [options] {
            if (options->list_rules) {
              std::cout << emit::rules_markdown();
              return kExitOk;
            }
            if (options->paths.empty()) {
              log(Diagnostic{Severity::error, "", "", 0, "",
                             "validate: give the tables to check (PATH...), or --list-rules"});
              return kExitUsage;
            }
            return run_machines("validate", options->paths, options->each, options->format,
                                [options](const std::vector<std::string>& paths, const std::string& format,
                                          std::ostream& out, Tally& tally) {
                                  return run_validate(*options, paths, format, out, tally);
                                });
          }};
}

}  // namespace numaplan::cli
