// Kernel settings that change NUMA set-up: a .config fragment and the
// command line, read as the kernel (and the SPM / standby-node proposals) do.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/kernel/model.h"
#include "numaplan/support/expected.h"

namespace numaplan::source {

// The Kconfig symbols the model and the planner read. In a fragment an absent
// symbol keeps the kernel's default (NODES_SHIFT 10 as Debian builds it, no
// standby nodes, MEMORY_HOTPLUG and CXL_ACPI on as in every Debian build). A
// whole .config, as `make` writes it ("# Automatically generated file; DO NOT
// EDIT."), lists every visible symbol and leaves out those whose dependencies
// are off (CXL_ACPI without CXL_BUS), which IS_ENABLED() reads as off: there
// an absent MEMORY_HOTPLUG or CXL_ACPI is n.
struct KernelConfig {
  std::optional<int> nodes_shift;              // CONFIG_NODES_SHIFT (1..kernel::kMaxNodesShift)
  std::optional<int> standby_per_cpu_node;     // CONFIG_ACPI_NUMA_STANDBY_NODES (0..16)
  std::optional<int> standby_per_cfmws;        // CONFIG_ACPI_NUMA_ADD_CFMWS_NODES (0..4)
  std::optional<bool> memory_hotplug;          // CONFIG_MEMORY_HOTPLUG
  std::optional<bool> cxl_acpi;                // CONFIG_CXL_ACPI (y or m)
};

// `.config` syntax: `CONFIG_X=value`, `# CONFIG_X is not set`, comments and
// blank lines. Symbols nobody reads are ignored; a malformed line, a control
// byte (binary data) or an out-of-range value is an error naming
// `origin:line`.
Expected<KernelConfig> parse_kconfig(std::string_view text, std::string_view origin);

// CONFIG_NODES_SHIFT as the model takes it: `nodes_shift` when given (an
// explicit --nodes-shift wins over the file), else the file's, else
// kernel::kDefaultNodesShift.
int nodes_shift_of(const KernelConfig& kconfig, std::optional<int> nodes_shift);

// The model's build switches from a .config: nodes_shift_of(), and
// memory_hotplug and cxl_acpi where the file sets them (y and m are on, as
// IS_ENABLED() reads them), else as `config` has them.
void apply_kconfig(const KernelConfig& kconfig, std::optional<int> nodes_shift, kernel::Config& config);

// The kernel command-line words that change NUMA set-up.
struct CommandLine {
  bool numa_off = false;                    // numa=off
  bool numa_noacpi = false;                 // numa=noacpi
  std::vector<std::string> standby;         // the N of every numa=standby=N, in order, unparsed: the
                                            // proposals parse it (the standby RFC as kstrtoint does)
  std::vector<std::string> ignored;         // numa= values the kernel ignores
};

// Words are separated by blanks; later words win, as the kernel parses them.
// Like x86 numa_setup(), values are matched by prefix ("numa=offline" is
// numa=off) and unknown values are ignored (listed in `ignored`).
Expected<CommandLine> parse_cmdline(std::string_view text);

}  // namespace numaplan::source
