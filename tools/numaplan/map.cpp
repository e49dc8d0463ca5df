// numaplan map: which NUMA nodes Linux builds from the tables (text, JSON,
// the kernel's log lines, numactl --hardware), or how a real boot log differs.
#include <iostream>
#include <memory>
#include <optional>

#include "numaplan/emit/map.h"
#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/kernel/model.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/source/text_file.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

constexpr const char* kSysfsTables = "/sys/firmware/acpi/tables";

struct MapOptions {
  std::string kernel;  // empty: the default, or with --compare-dmesg the log's version
  std::string arch;    // empty: x86_64
  std::optional<bool> x2apic;  // nullopt: decided from the MADT
  std::optional<int> nodes_shift;  // nullopt: --kconfig's, else the default
  std::string kconfig;
  std::string memmap;
  std::string cmdline;
  std::string format = "text";
  std::string numactl_version = "2.0.16";
  std::string compare_dmesg;
  bool strict = false;
  source::LoadOptions load;
  bool each = false;
  std::vector<std::string> paths;
};

void note(const std::string& origin, std::string message) {
  log(Diagnostic{Severity::note, "", origin, 0, "", std::move(message)});
}

// The model's configuration from the options and the profile; nullopt (after
// logging why) when --kconfig or --memmap cannot be read (kExitUnreadable) or
// --kconfig or --cmdline is bad (kExitUsage).
std::optional<kernel::Config> make_config(const MapOptions& options, kernel::Profile profile, kernel::Arch arch,
                                          int& exit_code) {
  kernel::Config config;
  config.profile = std::move(profile);
  config.arch = arch;
  source::KernelConfig kconfig;
  if (auto code = read_kconfig_option(options.kconfig, kconfig)) {
    exit_code = *code;
    return std::nullopt;
  }
  std::optional<int> nodes_shift = options.nodes_shift;
  if (!nodes_shift && !kconfig.nodes_shift) nodes_shift = debian_nodes_shift(arch);
  source::apply_kconfig(kconfig, nodes_shift, config);
  config.x2apic_mode = options.x2apic;
  if (!read_memmap_option(options.memmap, config.ram, config.soft_reserved)) {
    exit_code = kExitUnreadable;
    return std::nullopt;
  }
  auto cmdline = source::parse_cmdline(options.cmdline);
  if (!cmdline) {
    log(cmdline.error());
    exit_code = kExitUsage;
    return std::nullopt;
  }
  config.numa_off = cmdline->numa_off;
  config.numa_noacpi = cmdline->numa_noacpi;
  for (const std::string& word : cmdline->ignored) note("--cmdline", "\"" + word + "\": the kernel ignores this value");
  if (!cmdline->standby.empty()) note("--cmdline", "numa=standby= is read by `numaplan plan`, not by map");
  return config;
}

void print_layout(const MapOptions& options, const std::string& format, const kernel::Layout& layout,
                  std::ostream& out) {
  if (format == "text") {
    out << emit::map_text(layout);
    return;
  }
  // The text format prints these itself.
  for (const std::string& text : layout.notes) note("", text);
  if (!layout.crash.empty()) log(Diagnostic{Severity::warning, "", "", 0, "", "the kernel crashes: " + layout.crash});
  if (format == "json") {
    emit::write_map_json(layout, out);
    out << "\n";
  } else if (format == "dmesg") {
    out << emit::map_dmesg(layout);
  } else {
    const auto version = options.numactl_version == "2.0.19" ? emit::NumactlFormat::v2_0_19 : emit::NumactlFormat::v2_0_16;
    out << emit::map_numactl(layout, version);
  }
}

// --compare-dmesg: the unified diff on stdout, a summary on stderr;
// kExitFindings when a line differs.
int compare_with_log(const MapOptions& options, const kernel::Layout& layout, std::string_view log_text,
                     std::ostream& out) {
  const emit::DmesgComparison comparison = emit::compare_dmesg(layout, log_text);
  const std::string& name = options.compare_dmesg;
  if (!comparison.kernel_release.empty() && !emit::release_matches_profile(comparison.kernel_release, layout.profile)) {
    log(Diagnostic{Severity::warning, "", name, 0, "",
                   "written by Linux " + comparison.kernel_release + ", compared with profile " + layout.profile +
                       " (choose another with --kernel)"});
  }
  if (comparison.next_boot_line != 0) {
    note(name, "only the first boot is compared; another copy or boot starts at line " +
                   std::to_string(comparison.next_boot_line));
  }
  out << emit::dmesg_diff(comparison, "numaplan map --kernel " + layout.profile, name);
  note(name, emit::comparison_summary(comparison));
  return comparison.differences() == 0 ? kExitOk : kExitFindings;
}

// --strict: say on stderr why the kernel rejects the tables (kernel::rejection()).
bool rejected(const kernel::Layout& layout) {
  const std::string why = kernel::rejection(layout);
  if (why.empty()) return false;
  log(Diagnostic{Severity::error, "", "", 0, "", "--strict: the kernel rejects the tables: " + why});
  return true;
}

int run_map(const MapOptions& options, const std::vector<std::string>& given_paths, const std::string& format,
            std::ostream& out) {
  const bool from_sysfs = given_paths.empty();
  const std::vector<std::string> paths = from_sysfs ? std::vector<std::string>{kSysfsTables} : given_paths;
  // This machine's own tables: sysfs's data/ and dynamic/ hold no NUMA table.
  LoadedTables loaded = load_tables(paths, from_sysfs ? source::LoadOptions{.recurse = false} : options.load);
  if (loaded.unreadable) {
    if (from_sysfs) {
      log(Diagnostic{Severity::error, "", kSysfsTables, 0, "",
                     "no PATH given and this machine's tables cannot be read here: run as root, or pass "
                     "`acpidump` output"});
    }
    return kExitUnreadable;
  }
  std::optional<std::string> log_text;
  if (!options.compare_dmesg.empty()) {
    auto text = source::read_text_file(options.compare_dmesg);
    if (!text) {
      log(text.error());
      return kExitUnreadable;
    }
    // Anything else would compare as "every predicted line missing" (exit 1).
    if (!kernel::is_kernel_log(kernel::first_boot(*text))) {
      log(Diagnostic{Severity::error, "", options.compare_dmesg, 0, "",
                     "not a kernel log: no 'Linux version' line, no dmesg, journalctl or syslog line prefix and no "
                     "NUMA set-up line; give `dmesg` or `journalctl -k` output"});
      return kExitUnreadable;
    }
    log_text = std::move(*text);
  }
  kernel::ResolvedProfile profile = log_text && options.kernel.empty()
                                        ? profile_of_log(*log_text, options.compare_dmesg)
                                        : resolve_kernel_option(options.kernel);
  const std::optional<kernel::Arch> arch = resolve_arch_option(options.arch, loaded.set, profile.profile);
  if (!arch) return kExitUsage;
  int exit_code = kExitOk;
  const std::optional<kernel::Config> config = make_config(options, std::move(profile.profile), *arch, exit_code);
  if (!config) return exit_code;
  auto mapped = kernel::map_numa(loaded.set, *config);
  if (!mapped) {
    log_library_error(mapped.error());
    return cli::exit_code(mapped.error());
  }
  explain_x2apic_option(*mapped, options.x2apic);
  const kernel::Layout& layout = *mapped;
  if (log_text) {
    exit_code = compare_with_log(options, layout, *log_text, out);
  } else {
    print_layout(options, format, layout, out);
  }
  return options.strict && rejected(layout) ? kExitFindings : exit_code;
}

}  // namespace

Command add_map_command(CLI::App& app) {
  auto options = std::make_shared<MapOptions>();
  CLI::App* cmd = app.add_subcommand("map", "Which NUMA nodes Linux builds from the tables");
  add_kernel_option(*cmd, options->kernel);
  add_arch_option(*cmd, options->arch);
  add_x2apic_option(*cmd, options->x2apic);
  cmd->add_option("--nodes-shift", options->nodes_shift,
                  "CONFIG_NODES_SHIFT: MAX_NUMNODES = 1 << N (1..10, the Kconfig range; default: --kconfig's, "
                  "else Debian's: 10 on x86_64, 4 on arm64)")
      ->check(CLI::Range(1, kernel::kMaxNodesShift));
  add_kconfig_option(*cmd, options->kconfig);
  cmd->add_option("--memmap", options->memmap,
                  "The machine's RAM: a kernel log (BIOS-e820 lines), /proc/iomem or /sys/firmware/memmap");
  cmd->add_option("--cmdline", options->cmdline, "Kernel command-line words: numa=off, numa=noacpi");
  cmd->add_option("--format", options->format,
                  "text, json, dmesg, numactl or junit (a JUnit report: one test case a machine)")
      ->check(CLI::IsMember({"text", "json", "dmesg", "numactl", "junit"}))
      ->capture_default_str();
  cmd->add_option("--numactl-version", options->numactl_version, "numactl --hardware layout: 2.0.16 or 2.0.19")
      ->check(CLI::IsMember({"2.0.16", "2.0.19"}))
      ->capture_default_str();
  cmd->add_option("--compare-dmesg", options->compare_dmesg,
                  "Compare the prediction with a real boot log: differences as a unified diff, exit 1 if any; "
                  "without --kernel, the profile is the log's kernel version");
  cmd->add_flag("--strict", options->strict,
                "Exit 1 when the kernel rejects the tables: SRAT present but NUMA falls back to one dummy node, or "
                "the boot crashes");
  add_each_option(*cmd, options->each);
  add_no_recurse_option(*cmd, options->load);
  cmd->add_option("PATH", options->paths,
                  "Raw tables, acpidump text or directories with their subdirectories (default: " +
                      std::string(kSysfsTables) + ")");
  return {cmd, [options] {
            if (options->each && options->paths.empty()) {
              log(Diagnostic{Severity::error, "", "", 0, "--each", "give the machines' PATHs"});
              return kExitUsage;
            }
            return run_machines("map", options->paths, options->each, options->format,
                                [options](const std::vector<std::string>& paths, const std::string& format,
                                          std::ostream& out, Tally&) { return run_map(*options, paths, format, out); });
          }};
}

}  // namespace numaplan::cli
