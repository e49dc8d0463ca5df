// numaplan command line: one file per subcommand. Each add_*_command()
// registers its options on the app and returns how to run it; the work is
// done by the library.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/profile.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/source/load.h"
#include "numaplan/support/log.h"

namespace numaplan::cli {

// Exit codes (DESIGN §3).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // table decode errors, validate errors, a dmesg difference
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreadable = 3;

// The exit code for an error the library returned, by its kind: the library
// says what went wrong, never which option it came from.
inline int exit_code(const Diagnostic& error) {
  switch (error.kind) {
    case ErrorKind::usage: return kExitUsage;
    case ErrorKind::input: return kExitUnreadable;
    case ErrorKind::finding:
    case ErrorKind::internal: return kExitFindings;
  }
  return kExitFindings;
}

// `error` logged under the option whose value it is about (the library
// names what the value is, the command line knows where it came from).
inline void log_option_error(Diagnostic error, std::string_view option) {
  error.field = std::string(option);
  log(error);
}

// The option a library error's field came from ("nodes_shift":
// "--nodes-shift"), or the field itself when no option sets it.
std::string option_of(std::string_view field);
// `error` logged under option_of() its field.
void log_library_error(Diagnostic error);

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_dump_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_map_command(CLI::App& app);
Command add_generate_command(CLI::App& app);
Command add_plan_command(CLI::App& app);
Command add_help_command(CLI::App& app);
Command add_docs_command(CLI::App& app);

// Tables read from PATHS and decoded, with reserved-field warnings added and
// every diagnostic logged. `unreadable` is set when a path could not be read
// or no table was found: the caller then exits kExitUnreadable.
struct LoadedTables {
  acpi::TableSet set;
  bool unreadable = false;
};
LoadedTables load_tables(const std::vector<std::string>& paths, const source::LoadOptions& load);

// --no-recurse, for every command that reads PATHs: a directory's own files only.
void add_no_recurse_option(CLI::App& cmd, source::LoadOptions& load);

// dump, validate and map read machines: PATH... is one machine, or with
// --each every PATH is one. A run of the command on one machine writes its
// results to `out` in `format` and returns its exit code; `tally` counts
// what --each's summary shows (the logged errors and warnings are counted
// for it; validate adds its findings).
struct Tally {
  std::size_t errors = 0;
  std::size_t warnings = 0;
};
using MachineRun =
    std::function<int(const std::vector<std::string>& paths, const std::string& format, std::ostream& out, Tally& tally)>;
// --each, on the command; "junit" is one more --format value of the command.
void add_each_option(CLI::App& cmd, bool& each);
// Runs `run` once on all PATHs, or with `each` once per PATH with a summary
// table (text), one numaplan.each/1 document (json) or a JUnit report (junit);
// the exit code is the worst machine's.
int run_machines(const std::string& command, const std::vector<std::string>& paths, bool each,
                 const std::string& format, const MachineRun& run);
// The error for paths that were read but hold no table numaplan decodes.
Diagnostic no_numa_table();

// --kernel, the same option for map, validate and plan: a profile name or an
// X.Y version (kernel::resolve_profile()); any other value is a usage error
// that lists the profiles. Left empty when not given.
void add_kernel_option(CLI::App& cmd, std::string& kernel);
// --x2apic on|off, also shared by map, validate and plan: whether the
// firmware hands over in x2APIC mode. Left nullopt when not given: the model
// then decides from the MADT (kernel::decide_x2apic_mode()).
void add_x2apic_option(CLI::App& cmd, std::optional<bool>& x2apic);
// Layout::x2apic_reason with what --x2apic had to do with it: "(--x2apic)"
// when it was given, else for xAPIC mode decided from the tables the hint
// to give it.
void explain_x2apic_option(kernel::Layout& layout, const std::optional<bool>& x2apic);
// The profile --kernel names, the newest booted one when it is empty; a
// version outside what the model knows is logged as a warning.
kernel::ResolvedProfile resolve_kernel_option(const std::string& kernel);
// `map --compare-dmesg LOG` without --kernel: the profile of the log's
// "Linux version X.Y..." line (the default without one), said in a note.
kernel::ResolvedProfile profile_of_log(std::string_view log_text, const std::string& log_name);

// --arch x86_64|arm64|riscv64|loongarch64, shared by map, validate and plan.
// Left empty when not given.
void add_arch_option(CLI::App& cmd, std::string& arch);
// The architecture --arch names (x86_64 when empty). When the tables' CPU
// entries belong to another one, a note says which and suggests the flag.
// nullopt, after logging why, when the model has no handlers for the
// architecture's kernels of `profile` (kernel::arch_not_modelled()): the
// command exits kExitUsage.
std::optional<kernel::Arch> resolve_arch_option(const std::string& arch, const acpi::TableSet& tables,
                                                const kernel::Profile& profile);
// Debian's CONFIG_NODES_SHIFT of the architecture's kernels (x86_64 10, arm64 4):
// the model's default where neither --nodes-shift nor --kconfig gives one.
int debian_nodes_shift(kernel::Arch arch);

// --kconfig FILE, the same option for map, validate and plan: a .config (or a
// fragment) whose CONFIG_NODES_SHIFT, CONFIG_MEMORY_HOTPLUG and CONFIG_CXL_ACPI
// source::apply_kconfig() gives the model. Left empty when not given.
void add_kconfig_option(CLI::App& cmd, std::string& path);
// --kconfig PATH parsed into `kconfig` (left as it is when PATH is empty);
// after logging why, kExitUnreadable when it cannot be read, kExitUsage when a
// line is malformed.
std::optional<int> read_kconfig_option(const std::string& path, source::KernelConfig& kconfig);

// --memmap PATH read into `ram` and `soft_reserved` (left as they are when
// PATH is empty). False, after logging why, when it cannot be read: the
// command exits kExitUnreadable.
bool read_memmap_option(const std::string& path, std::optional<std::vector<kernel::MemRange>>& ram,
                        std::vector<kernel::MemRange>& soft_reserved);

}  // namespace numaplan::cli
