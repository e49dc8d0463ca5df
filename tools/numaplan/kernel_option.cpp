// --kernel, --x2apic and --kconfig: one option definition each (and one
// resolution of --kernel and of --kconfig) for map, validate and plan.
#include "numaplan/kernel/dmesg_filter.h"
#include "numaplan/source/text_file.h"
#include "numaplan/support/log.h"
#include "commands.h"

namespace numaplan::cli {

namespace {

// The newest kernel line a boot proves: what --kernel means when not given.
std::string default_kernel() { return std::string(kernel::booted_profiles().back().name); }

// linux_banner, as start_kernel() prints it: "Linux version <release> (<builder>) ...".
constexpr std::string_view kVersionLine = "Linux version ";

void log_warning(const std::string& warning) {
  if (!warning.empty()) log(Diagnostic{Severity::warning, "", "", 0, "--kernel", warning});
}

}  // namespace

void add_kernel_option(CLI::App& cmd, std::string& kernel) {
  std::string booted;
  for (const kernel::BootedProfile& profile : kernel::booted_profiles()) {
    booted += (booted.empty() ? "" : ", ") + std::string(profile.name);
  }
  cmd.add_option("--kernel", kernel,
                  "Kernel profile: a Debian kernel proven by boots (" + booted +
                      "), mainline (= the newest) or any version X.Y (default: " + default_kernel() + ")")
      ->check([](const std::string& value) {
        auto resolved = kernel::resolve_profile(value);
        return resolved ? std::string() : resolved.error().message;
      });
}

void add_x2apic_option(CLI::App& cmd, std::optional<bool>& x2apic) {
  cmd.add_option_function<std::string>(
         "--x2apic", [&x2apic](const std::string& value) { x2apic = value == "on"; },
         "Whether the firmware hands over in x2APIC mode (SRAT and MADT x2APIC ids above 0xFE count only then): "
         "on or off (default: decided from the MADT, said in the output)")
      ->check(CLI::IsMember({"on", "off"}));
}

kernel::ResolvedProfile resolve_kernel_option(const std::string& kernel) {
  // The option's check has accepted the value, so it resolves.
  kernel::ResolvedProfile resolved = kernel::resolve_profile(kernel.empty() ? default_kernel() : kernel).value();
  log_warning(resolved.warning);
  return resolved;
}

kernel::ResolvedProfile profile_of_log(std::string_view log_text, const std::string& log_name) {
  for (const kernel::LogMessage& message : kernel::first_boot(log_text).messages) {
    if (!message.text.starts_with(kVersionLine)) continue;
    const std::string_view line = message.text.substr(0, message.text.find(' ', kVersionLine.size()));
    const auto version = kernel::parse_kernel_version(line.substr(kVersionLine.size()));
    if (!version) break;
    kernel::ResolvedProfile resolved = kernel::resolve_profile(kernel::to_string(*version)).value();
    std::string why = "'" + std::string(line) + "': compared with profile " + resolved.profile.name;
    if (resolved.nearest_proven != resolved.profile.name) why += " (nearest proven profile " + resolved.nearest_proven + ")";
    log(Diagnostic{Severity::note, "", log_name + ":" + std::to_string(message.line), 0, "",
                   why + "; --kernel chooses another"});
    log_warning(resolved.warning);
    return resolved;
  }
  log(Diagnostic{Severity::note, "", log_name, 0, "",
                 "no 'Linux version X.Y' line in the log's first boot: compared with profile " + default_kernel() +
                     ", the default; --kernel chooses another"});
  return resolve_kernel_option("");
}

void add_arch_option(CLI::App& cmd, std::string& arch) {
  cmd.add_option("--arch", arch,
                 "Whose kernel reads the tables: x86_64, arm64, riscv64 or loongarch64 (loongarch64 from kernel 7.3 "
                 "on) (default: x86_64; a note says when the tables' CPUs belong to another architecture)")
      ->check(CLI::IsMember({"x86_64", "arm64", "riscv64", "loongarch64"}));
}

std::optional<kernel::Arch> resolve_arch_option(const std::string& arch, const acpi::TableSet& tables,
                                                const kernel::Profile& profile) {
  const kernel::Arch chosen = arch.empty() ? kernel::Arch::x86_64 : *kernel::parse_arch(arch);
  std::string reason;
  const std::vector<kernel::Arch> seen = kernel::tables_arch(tables, reason);
  if (!seen.empty() && std::find(seen.begin(), seen.end(), chosen) == seen.end()) {
    std::string looks, flags;
    for (const kernel::Arch a : seen) {
      looks += std::string(looks.empty() ? "" : " or ") + std::string(kernel::to_string(a)) + "'s";
      flags += std::string(flags.empty() ? "" : " or ") + "--arch " + std::string(kernel::to_string(a));
    }
    log(Diagnostic{Severity::note, "", "", 0, "--arch",
                   reason + ": the tables look like " + looks + ", not " + std::string(kernel::to_string(chosen)) +
                       "'s; give " + flags});
  }
  if (const std::string why = kernel::arch_not_modelled(chosen, profile); !why.empty()) {
    log(Diagnostic{Severity::error, "", "", 0, "--arch", why});
    return std::nullopt;
  }
  return chosen;
}

// CONFIG_NODES_SHIFT of Debian's kernels: arm64 4, riscv64 2 (6.12.118+deb13
// config), loong64 6 (7.2.12+deb14 config), amd64 the default.
int debian_nodes_shift(kernel::Arch arch) {
  switch (arch) {
    case kernel::Arch::arm64: return 4;
    case kernel::Arch::riscv64: return 2;
    case kernel::Arch::loongarch64: return 6;
    case kernel::Arch::x86_64: break;
  }
  return kernel::kDefaultNodesShift;
}

std::string option_of(std::string_view field) {
  if (field == "nodes_shift") return "--nodes-shift";
  if (field == "arch") return "--arch";
  return std::string(field);
}

void log_library_error(Diagnostic error) {
  error.field = option_of(error.field);
  log(error);
}

void explain_x2apic_option(kernel::Layout& layout, const std::optional<bool>& x2apic) {
  if (layout.x2apic_reason.empty()) return;  // not x86: no APIC mode to explain
  if (x2apic) {
    layout.x2apic_reason += " (--x2apic)";
  } else if (!layout.x2apic_mode) {
    layout.x2apic_reason += "; --x2apic on if the firmware enables x2APIC";
  }
}

void add_kconfig_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--kconfig", path,
                  "Kernel .config or fragment: NODES_SHIFT (--nodes-shift wins), MEMORY_HOTPLUG, CXL_ACPI (plan also "
                  "reads ACPI_NUMA_STANDBY_NODES, ACPI_NUMA_ADD_CFMWS_NODES)");
}

std::optional<int> read_kconfig_option(const std::string& path, source::KernelConfig& kconfig) {
  if (path.empty()) return std::nullopt;
  auto text = source::read_text_file(path);
  if (!text) {
    log(text.error());
    return kExitUnreadable;
  }
  auto parsed = source::parse_kconfig(*text, path);
  if (!parsed) {
    log(parsed.error());
    return kExitUsage;
  }
  kconfig = *parsed;
  return std::nullopt;
}

}  // namespace numaplan::cli
