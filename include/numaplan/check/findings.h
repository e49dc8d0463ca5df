// `numaplan validate`: findings about a machine's NUMA tables. Every rule is
// one entry of a registry (id, fwts label, default severity, one-line doc) so
// the README table, --list-rules and the tests are all driven from it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "numaplan/acpi/table_set.h"
#include "numaplan/kernel/layout.h"
#include "numaplan/kernel/limits.h"
#include "numaplan/kernel/profile.h"
#include "numaplan/source/kernel_settings.h"
#include "numaplan/support/diagnostic.h"
#include "numaplan/support/expected.h"

namespace numaplan::check {

// Severity::note is shown as "info".
const char* severity_name(Severity severity);

struct Rule {
  std::string_view id;        // "TABLE.Rule", e.g. "SRAT.PxmTooLarge"; "ACPI.*" applies to every table
  std::string_view fwts;      // the fwts label with the same meaning, "" for numaplan's own rules;
                              // "<SIG>" stands for the table signature ("<SIG>TooShort")
  Severity severity;          // default; a finding may be milder (see Finding::severity)
  std::string_view doc;       // one line, for --list-rules and the README
};

struct Finding {
  const Rule* rule = nullptr;
  Severity severity = Severity::error;
  std::string fwts;     // the rule's label with <SIG> filled in (or a more specific fwts label)
  std::string table;    // signature; "" for input-level findings
  std::string origin;   // file (and instance) the table came from
  std::uint64_t offset = 0;
  std::string field;    // as iasl prints it
  std::string value;    // the offending value as found, e.g. "0x400"
  std::string message;  // one line: what is wrong, what Linux does, and the fix
};
using Findings = std::vector<Finding>;

struct Options {
  // Whose behaviour the kernel rules describe: any resolved profile (the CLI's
  // --kernel, kernel::resolve_profile()), booted or an X.Y version.
  kernel::Profile profile = *kernel::find_profile("mainline");
  int nodes_shift = kernel::kDefaultNodesShift;  // CONFIG_NODES_SHIFT: MAX_NUMNODES = 1 << nodes_shift
  // validate --kconfig: CONFIG_MEMORY_HOTPLUG and CONFIG_CXL_ACPI for the
  // kernel model (nodes_shift above is already resolved against it).
  source::KernelConfig kconfig;
  bool werror = false;               // warnings become errors
  // The machine's RAM (validate --memmap): the kernel model then also says
  // what the RAM brings (SRAT.RamNotCovered, SRAT.RamWithoutNode).
  std::optional<std::vector<kernel::MemRange>> ram;
  std::vector<kernel::MemRange> soft_reserved;  // the memory map's Soft Reserved ranges (kernel::Config)
  std::optional<bool> x2apic_mode;  // validate --x2apic (kernel::Config::x2apic_mode)
  kernel::Arch arch = kernel::Arch::x86_64;  // validate --arch (kernel::Config::arch)
};

// Every rule, grouped by table (ACPI, SRAT, SLIT, MSCT, HMAT, CEDT).
std::span<const Rule* const> all_rules();
const Rule* find_rule(std::string_view id);

// The findings for one machine's tables: decode diagnostics, reserved fields,
// every rule; sorted by table (input order), then offset. The error of
// kernel::map_numa() for options the kernel model cannot run.
Expected<Findings> validate(const acpi::TableSet& tables, const Options& options);

bool has_errors(const Findings& findings);

}  // namespace numaplan::check
