// numaplan plan: SPM / standby nodes reserved on top of the kernel's layout.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <tuple>

#include "numaplan/emit/plan.h"
#include "numaplan/kernel/limits.h"
#include "numaplan/kernel/model.h"
#include "numaplan/plan/plan.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

struct PlanOptions {
  std::string arch;  // --arch; empty: x86_64
  std::string format = "text";
  std::string proposal = "standby-rfc1";
  bool list_proposals = false;
  std::string kernel;  // empty: the default
  std::optional<bool> x2apic;  // nullopt: decided from the MADT
  std::optional<int> nodes_shift;
  std::string kconfig;
  std::string cmdline;
  std::optional<int> standby;
  std::optional<int> phys_bits;
  bool from_msct = false;
  std::vector<std::string> distances;
  std::vector<std::string> latencies, bandwidths;
  std::string memmap;
  std::string emit_tables;
  bool force = false;
  bool qemu_args = false;
  source::LoadOptions load;
  std::vector<std::string> paths;
};

// Settings from --kconfig, --cmdline, --standby, --from-msct, --distance;
// an unreadable --kconfig or --memmap file is kExitUnreadable, a malformed
// one (or a bad --cmdline or --distance) kExitUsage.
std::optional<int> read_settings(const PlanOptions& options, plan::Settings& settings) {
  if (!options.kconfig.empty()) {
    settings.kconfig.emplace();
    if (auto code = read_kconfig_option(options.kconfig, *settings.kconfig)) return code;
  }
  if (!options.cmdline.empty()) {
    auto cmdline = source::parse_cmdline(options.cmdline);
    if (!cmdline) {
      log(cmdline.error());
      return kExitUsage;
    }
    settings.cmdline = *cmdline;
  }
  for (const std::string& text : options.distances) {
    auto spec = plan::parse_distance_spec(text);
    if (!spec) {
      log_option_error(spec.error(), "--distance");
      return exit_code(spec.error());
    }
    settings.distances.push_back(*spec);
  }
  for (const auto& [option, texts, out] : {std::tuple{"--latency", &options.latencies, &settings.latencies},
                                           std::tuple{"--bandwidth", &options.bandwidths, &settings.bandwidths}}) {
    for (const std::string& text : *texts) {
      auto value = plan::parse_node_value(option, text);
      if (!value) {
        log(value.error());
        return kExitUsage;
      }
      out->push_back(*value);
    }
  }
  settings.standby = options.standby;
  settings.from_msct = options.from_msct;
  settings.phys_bits = options.phys_bits;
  settings.proposal = plan::find_proposal(options.proposal)->id;
  return std::nullopt;
}

// The kernel model's configuration: --kernel, then --kconfig's build switches
// (--nodes-shift wins), numa=off/noacpi.
std::optional<int> model_config(const PlanOptions& options, const plan::Settings& settings,
                                const acpi::TableSet& tables, kernel::Config& config) {
  config.profile = resolve_kernel_option(options.kernel).profile;
  const std::optional<kernel::Arch> arch = resolve_arch_option(options.arch, tables, config.profile);
  if (!arch) return kExitUsage;
  config.arch = *arch;
  const source::KernelConfig kconfig = settings.kconfig.value_or(source::KernelConfig{});
  std::optional<int> nodes_shift = options.nodes_shift;
  if (!nodes_shift && !kconfig.nodes_shift) nodes_shift = debian_nodes_shift(*arch);
  source::apply_kconfig(kconfig, nodes_shift, config);
  config.x2apic_mode = options.x2apic;
  if (settings.cmdline) {
    config.numa_off = settings.cmdline->numa_off;
    config.numa_noacpi = settings.cmdline->numa_noacpi;
  }
  if (!read_memmap_option(options.memmap, config.ram, config.soft_reserved)) return kExitUnreadable;
  return std::nullopt;
}

// Refuses a directory that holds anything unless `force` (the plan would
// mix with, or silently replace, other files); creates it otherwise.
int write_tables(const std::vector<emit::PlannedFile>& files, const std::string& dir, bool force) {
  std::error_code error;
  if (!force && std::filesystem::is_directory(dir, error) && !std::filesystem::is_empty(dir, error)) {
    log(Diagnostic{Severity::error, "", dir, 0, "--emit-tables",
                   "the directory is not empty; give --force to write the plan's files into it"});
    return kExitUsage;
  }
  std::filesystem::create_directories(dir, error);
  for (const emit::PlannedFile& file : files) {
    const std::filesystem::path path = std::filesystem::path(dir) / file.name;
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(file.bytes.data()), static_cast<std::streamsize>(file.bytes.size()));
    if (!out) {
      log(Diagnostic{Severity::error, "", path.string(), 0, "", "cannot write the file"});
      return kExitUnreadable;
    }
  }
  return kExitOk;
}

// --list-proposals: each proposal, its rules and where each comes from.
int list_proposals() {
  for (const plan::Proposal& p : plan::proposals()) {
    std::cout << p.name << (p.id == plan::ProposalId::standby_rfc1 ? " (default)" : "") << ": " << p.title << ", "
              << p.posted << "\n";
    for (const plan::Rule& rule : p.rules) {
      std::cout << "  " << rule.function << ": " << rule.rule << "\n    [" << rule.source
                << (rule.from_summary ? "; from the issue's summary, patch text not found" : "") << "]\n";
    }
  }
  return kExitOk;
}

int run_plan(const PlanOptions& options) {
  if (options.list_proposals) return list_proposals();
  if (options.qemu_args && options.emit_tables.empty()) {
    log(Diagnostic{Severity::error, "", "", 0, "--qemu-args", "needs --emit-tables DIR (the tables it boots)"});
    return kExitUsage;
  }
  plan::Settings settings;
  if (auto code = read_settings(options, settings)) return *code;
  const std::vector<std::string> paths =
      options.paths.empty() ? std::vector<std::string>{"/sys/firmware/acpi/tables"} : options.paths;
  // This machine's own tables: sysfs's data/ and dynamic/ hold no NUMA table.
  LoadedTables loaded =
      load_tables(paths, options.paths.empty() ? source::LoadOptions{.recurse = false} : options.load);
  if (loaded.unreadable) return kExitUnreadable;
  kernel::Config config;
  if (auto code = model_config(options, settings, loaded.set, config)) return *code;
  auto layout = kernel::map_numa(loaded.set, config);
  if (layout && settings.proposal == plan::ProposalId::standby_rfc1) {
    // The unpatched model gives --from-msct the PXMs SRAT uses; then the kernel carrying the RFC.
    auto request = plan::standby_rfc1_request(settings, *layout, loaded.set);
    if (!request) {
      log(request.error());
      return exit_code(request.error());
    }
    config.standby_rfc1 = request->patch;
    layout = kernel::map_numa(loaded.set, config);
  }
  if (!layout) {
    log_library_error(layout.error());
    return exit_code(layout.error());
  }
  explain_x2apic_option(*layout, options.x2apic);
  auto planned = plan::make_plan(*layout, loaded.set, settings);
  if (!planned) {
    log(planned.error());
    return exit_code(planned.error());
  }
  for (const std::string& warning : planned->warnings) log(Diagnostic{Severity::warning, "", "", 0, "distances", warning});
  if (!options.emit_tables.empty()) {
    auto planned_files = emit::planned_tables(*planned, loaded.set, options.emit_tables);
    if (!planned_files) {
      log_option_error(planned_files.error(), "--emit-tables");
      return exit_code(planned_files.error());
    }
    const std::vector<emit::PlannedFile>& files = planned_files->files;
    if (int code = write_tables(files, options.emit_tables, options.force)) return code;
    for (const std::string& warning : planned_files->warnings) {
      log(Diagnostic{Severity::warning, "", "", 0, "qemu.args", warning});
    }
    if (options.qemu_args) {
      std::cout << std::string(files.back().bytes.begin(), files.back().bytes.end());
      return kExitOk;
    }
    // The files written, one a line, as generate lists them (on stderr: stdout is the plan).
    for (const emit::PlannedFile& file : files) {
      std::cerr << "numaplan: wrote " << (std::filesystem::path(options.emit_tables) / file.name).string() << "\n";
    }
  }
  if (options.format == "json") {
    emit::write_plan_json(*planned, std::cout);
    std::cout << "\n";
  } else if (options.format == "dmesg") {
    auto lines = emit::plan_dmesg(*planned, loaded.set, config);
    if (!lines) {
      log(lines.error());
      return exit_code(lines.error());
    }
    std::cout << *lines;
  } else {
    std::cout << emit::plan_text(*planned);
  }
  return kExitOk;
}

}  // namespace

Command add_plan_command(CLI::App& app) {
  auto options = std::make_shared<PlanOptions>();
  CLI::App* cmd = app.add_subcommand("plan", "Reserve SPM / standby nodes after the SRAT and CFMWS nodes");
  cmd->add_option("--format", options->format, "text, json or dmesg (the kernel's lines)")
      ->check(CLI::IsMember({"text", "json", "dmesg"}));
  cmd->add_option("--proposal", options->proposal, "standby-rfc1 (default), spm-rfc2 or prototype (--list-proposals)")
      ->check(CLI::IsMember({"standby-rfc1", "spm-rfc2", "prototype"}));
  cmd->add_flag("--list-proposals", options->list_proposals, "Print each proposal's rules and sources, then exit");
  add_kernel_option(*cmd, options->kernel);
  add_arch_option(*cmd, options->arch);
  add_x2apic_option(*cmd, options->x2apic);
  cmd->add_option("--nodes-shift", options->nodes_shift, "CONFIG_NODES_SHIFT, 1..10 (MAX_NUMNODES = 1 << N; default: "
                                                           "--kconfig's, else 10)")
      ->check(CLI::Range(1, kernel::kMaxNodesShift));
  add_kconfig_option(*cmd, options->kconfig);
  cmd->add_option("--cmdline", options->cmdline, "Kernel command-line words (numa=standby=N, numa=off, numa=noacpi)");
  cmd->add_option("--standby", options->standby, "Reserve exactly N standby nodes (beats every other source)")
      ->check(CLI::Range(0, 1 << 16));
  cmd->add_option("--phys-bits", options->phys_bits,
                  "The CPU's physical address width (CPUID 0x80000008 EAX[7:0]): planned ranges stay below 2^N")
      ->check(CLI::Range(32, 52));
  cmd->add_flag("--from-msct", options->from_msct, "Count from MSCT: Maximum Proximity Domains + 1 - PXMs in SRAT");
  cmd->add_option("--distance", options->distances, "A:B=V (both ways) or A>B=V (A to B), node ids; repeatable")
      ->allow_extra_args(false);  // one spec per --distance: paths may follow
  cmd->add_option("--latency", options->latencies,
                  "NODES=NS: with --emit-tables, HMAT access latency from every initiator to planned nodes (N or N-M)")
      ->allow_extra_args(false);
  cmd->add_option("--bandwidth", options->bandwidths,
                  "NODES=MBPS: with --emit-tables, HMAT access bandwidth from every initiator to planned nodes")
      ->allow_extra_args(false);
  cmd->add_option("--memmap", options->memmap, "The machine's RAM: kernel log, /proc/iomem or /sys/firmware/memmap");
  cmd->add_option("--emit-tables", options->emit_tables,
                  "Write srat.dat, slit.dat, msct.dat, cedt.dat, hmat.dat, cmdline, config-fragment, "
                  "acpi-upgrade.cpio, qemu-args, qemu.args to DIR (empty or new)");
  cmd->add_flag("--force", options->force, "With --emit-tables: write into a directory that is not empty");
  cmd->add_flag("--qemu-args", options->qemu_args, "With --emit-tables: print qemu.args (the QEMU arguments that boot them)");
  add_no_recurse_option(*cmd, options->load);
  cmd->add_option("PATH", options->paths, "Raw tables, acpidump text or directories (default /sys/firmware/acpi/tables)");
  return {cmd, [options] { return run_plan(*options); }};
}

}  // namespace numaplan::cli
